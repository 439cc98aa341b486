"""The query path without rdflib (aireg.fastquery, aireg.snapshot, aireg.lightterms) against the reference path.

The contract is identical output: every library query, in every format, in
English and Chinese, renders byte for byte as the rdflib path renders it
(CONSTRUCT as JSON-LD is compared as data: rdflib's own JSON-LD order changes
from one process to the next). The process must not import rdflib or
oxrdflib, and a snapshot whose sources changed since ``aireg build`` must
never answer.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aireg import fastquery, paths, snapshot
from aireg.build import build
from aireg.commands.query import FORMATS
from aireg.library import Runner, lang_tag, list_queries
from aireg.lightterms import Blank, Iri, LightTerms, Lit, from_rdflib, rdflib_spelling, term_kind, to_rdflib
from aireg.tables import render_result
from helpers import run_cli

HEAVY = ("rdflib", "oxrdflib", "pyparsing", "SPARQLWrapper")
QUERIES = list_queries()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A folder holding out/, built from the bundled sources (the working folder of the CLI tests)."""
    work = tmp_path_factory.mktemp("fast")
    build(work / "out")
    (work / "adhoc.rq").write_text("SELECT ?p ?o WHERE { ?x ?p ?o } ORDER BY ?p ?o LIMIT 5\n", encoding="utf-8")
    (work / "bad.rq").write_text("SELECT ?s WHERE {\n  ?s ?p ?o\n  FILTER(\n}\n", encoding="utf-8")
    (work / "update.rq").write_text("INSERT DATA { <urn:a> <urn:b> <urn:c> }\n", encoding="utf-8")
    (work / "ask.rq").write_text("ASK { ?s a aireg:Threshold }\n", encoding="utf-8")
    shutil.copy(paths.data_dir() / "eo-14110.ttl", work / "mine.ttl")
    (work / "broken.ttl").write_text("@prefix id: <https://w3id.org/aireg/id/> .\n\nid:a id:b id:c ;\n  id:d .\n",
                                     encoding="utf-8")
    (work / "empty.ttl").write_text("", encoding="utf-8")
    return work


@pytest.fixture(scope="module")
def fast(built):
    data = snapshot._usable(built / "out")
    assert data is not None, "a fresh build must give a usable snapshot"
    return fastquery.FastRunner(data)


@pytest.fixture(scope="module")
def reference():
    return Runner(engine="oxigraph")


@pytest.fixture(scope="module")
def light_on_sources(reference):
    """The sources parsed as the reference path parses them, answers in light terms (aireg query DATA...)."""
    runner = Runner(engine="oxigraph", light=True)
    runner._graph = reference.graph()
    return runner


def rendered(result, query, fmt: str, lang: str) -> str:
    try:
        return render_result(result, fmt, lang=lang_tag(lang), title=query.title(lang),
                             headers=query.column_labels(lang))
    except Exception as err:  # the same refusal on both paths (--format ttl of a SELECT)
        return f"{type(err).__name__}: {err}"


def unordered(value):
    """JSON with every list sorted: JSON-LD lists a node's values in no fixed order."""
    if isinstance(value, list):
        return sorted((unordered(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    if isinstance(value, dict):
        return {k: unordered(v) for k, v in value.items()}
    return value


def comparable(text: str, kind: str, fmt: str):
    if fmt == "json" and kind in ("CONSTRUCT", "DESCRIBE"):
        return unordered(json.loads(text))
    return text


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_every_library_query_renders_identically(query, fast, reference, light_on_sources):
    for lang in ("en", "zh"):
        expected = reference.run(query, query.bindings(None, lang))
        assert not any(isinstance(t, (Iri, Blank, Lit)) for row in expected.rows for t in row)
        for runner in (fast, light_on_sources):
            got = runner.run(query, query.light_bindings(None, lang))
            assert got.kind == expected.kind
            # light terms all through
            assert all(t is None or isinstance(t, (Iri, Blank, Lit)) for row in got.rows for t in row)
            assert all(isinstance(t, (Iri, Blank, Lit)) for triple in got.triples for t in triple)
            if got.kind in ("CONSTRUCT", "DESCRIBE"):
                assert set(got.graph) == set(expected.graph) and len(got.graph) == len(expected.graph)
            for fmt in FORMATS:
                a, b = rendered(expected, query, fmt, lang), rendered(got, query, fmt, lang)
                assert comparable(b, got.kind, fmt) == comparable(a, expected.kind, fmt), (query.name, lang, fmt)


# the CLI, parameters and options included: the same bytes on stdout and stderr, the same exit status
CLI_CASES = [
    ["thresholds"],
    ["thresholds", "--param", "min=1e25", "--format", "csv"],
    ["thresholds", "--param", "min=1.5e25", "--lang", "zh", "--format", "markdown"],
    ["thresholds", "--param", "min=1e400", "--format", "tsv"],  # a double rdflib spells itself
    ["thresholds", "--param", "min=7", "--format", "json"],
    ["thresholds", "--param", "min=1e26", "--sources"],
    ["definitions-table", "--lang", "zh", "--sources", "--format", "html"],
    ["in-force-on", "--param", "date=2025-06-01", "--format", "csv"],
    ["applies-on", "--param", "date=2025-09-01", "--lang", "zh"],
    ["obligations-of-instrument", "--param", "instrument=eo-14110", "--lang", "zh"],
    ["obligations-of-instrument", "--param", "instrument=id:eu-ai-act", "--format", "json"],
    ["sources-of-node", "--param", "node=id:eo-14110-thr-training-1e26"],
    ["succession", "--param", "instrument=id:omb-ai-guidance-2023", "--max-width", "0"],
    ["changelog", "--param", "from=2025-01-01", "--param", "to=2025-12-31", "--max-rows", "3"],
    ["instrument-neighbourhood", "--format", "ttl"],
    ["instrument-neighbourhood", "--format", "csv", "--lang", "zh"],
    ["thresholds", "--format", "ttl"],  # refused: a SELECT
    ["obligations-of-instrument", "--param", "instrument=id:eo-1411"],  # unknown id: the nearest ones
    ["in-force-on", "--param", "date=2025-02-30"],
    ["thresholds", "--param", "min=big"],
    ["thresholds", "--param", "nope=1"],
    ["adhoc.rq", "--param", "x=id:eo-14110", "--format", "tsv"],
    ["adhoc.rq", "--param", 'x="not an iri"'],
    ["ask.rq", "--format", "json"],
    ["bad.rq"],
    ["update.rq"],
    # DATA files: read by the same reader on both paths (the bundled ontology with them)
    ["thresholds", "mine.ttl", "--format", "csv"],
    ["obligations-of-instrument", "mine.ttl", "--lang", "zh", "--sources"],
    ["obligations-of-instrument", "mine.ttl", "--param", "instrument=id:eu-ai-act"],  # not in these files
    ["thresholds", "broken.ttl"],
    ["thresholds", "empty.ttl"],
    ["thresholds", "missing.ttl"],
]


@pytest.mark.parametrize("argv", CLI_CASES, ids=[" ".join(a) for a in CLI_CASES])
def test_cli_output_is_the_reference_output(argv, built, capsys, monkeypatch):
    monkeypatch.chdir(built)
    used = []
    real = fastquery.FastRunner.__init__

    def spy(self, *args, **kwargs):
        real(self, *args, **kwargs)
        used.append(self.from_snapshot)

    monkeypatch.setattr(fastquery.FastRunner, "__init__", spy)
    monkeypatch.setenv("AIREG_NO_SNAPSHOT", "1")
    expected = run_cli(capsys, "query", *argv)
    assert not used
    monkeypatch.delenv("AIREG_NO_SNAPSHOT")
    got = run_cli(capsys, "query", *argv)
    data = any(a.endswith(".ttl") for a in argv)
    assert used == [not data], "the path without rdflib was not taken (on the snapshot unless DATA is given)"
    assert got == expected


@pytest.mark.parametrize("options", [[], ["--format", "markdown", "--lang", "zh"], ["--format", "tsv"]])
def test_all_queries_write_the_reference_files(options, built, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(built)
    monkeypatch.setenv("AIREG_NO_SNAPSHOT", "1")
    assert run_cli(capsys, "query", "--all", "-o", str(tmp_path / "ref"), *options)[0] == 0
    monkeypatch.delenv("AIREG_NO_SNAPSHOT")
    used = []
    real = fastquery.runner_for


    def spy(**kw):
        used.append(real(**kw))
        return used[-1]

    monkeypatch.setattr(fastquery, "runner_for", spy)
    assert run_cli(capsys, "query", "--all", "-o", str(tmp_path / "fast"), *options)[0] == 0
    assert used and isinstance(used[0], fastquery.FastRunner) and used[0].from_snapshot
    ref = {p.name: p.read_bytes() for p in (tmp_path / "ref").iterdir()}
    got = {p.name: p.read_bytes() for p in (tmp_path / "fast").iterdir()}
    assert len(ref) == len(QUERIES) + 1 and got == ref


def test_the_query_process_imports_neither_rdflib_nor_oxrdflib(built, tmp_path):
    env = dict(os.environ)  # the session's aireg folder: the key that sealed the build, the verdicts
    env.pop("AIREG_NO_SNAPSHOT", None)
    argvs = [["query", "thresholds", "--param", "min=1e25", "--format", "csv"],
             ["query", "obligations-of-instrument", "--param", "instrument=eo-14110", "--lang", "zh"],
             ["query", "definitions-table", "--sources", "--format", "markdown"],
             ["query", "thresholds", "mine.ttl", "--format", "csv"]]  # DATA files: parsed, still no rdflib
    for argv in argvs:
        code = ("import sys\nfrom aireg.cli import main\n"
                f"code = main({argv!r})\n"
                f"print(sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n"
                "sys.exit(code)\n")
        # the first run checks each text with rdflib's parser and keeps the verdict; later runs read it
        first = subprocess.run([sys.executable, "-c", code], cwd=built, env=env, capture_output=True, text=True,
                               timeout=120)
        again = subprocess.run([sys.executable, "-c", code], cwd=built, env=env, capture_output=True, text=True,
                               timeout=120)
        assert first.returncode == again.returncode == 0, again.stderr
        assert again.stdout == first.stdout and again.stdout
        assert again.stderr.strip().splitlines()[-1] == "[]", (argv, again.stderr)


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A writable copy of ontology/, data/ and queries/ as AIREG_HOME, built into tmp_path/out."""
    root = tmp_path / "home"
    for name in ("ontology", "data", "queries"):
        shutil.copytree(paths.project_root() / name, root / name)
    monkeypatch.setenv("AIREG_HOME", str(root))
    monkeypatch.delenv("AIREG_NO_SNAPSHOT", raising=False)
    monkeypatch.chdir(tmp_path)
    build(tmp_path / "out")
    assert snapshot.current() is not None
    return root


def test_a_source_edited_after_the_build_is_seen(home, capsys):
    code, before, _ = run_cli(capsys, "query", "thresholds", "--format", "csv")
    assert code == 0 and "computing power used to train a model" in before
    ontology = home / "ontology" / "aireg.ttl"
    text = ontology.read_text(encoding="utf-8")
    # the same size and the same line count: only the content tells
    ontology.write_text(text.replace('"computing power used to train a model"@en',
                                     '"COMPUTING power used to train a model"@en', 1), encoding="utf-8")
    assert snapshot.current() is None
    assert not fastquery.runner_for().from_snapshot  # the sources are read instead, still without rdflib
    code, after, _ = run_cli(capsys, "query", "thresholds", "--format", "csv")
    assert code == 0
    assert "COMPUTING power used to train a model" in after
    assert "computing power used to train a model" not in after


def test_a_stale_snapshot_is_never_used(home, tmp_path):
    data = home / "data"
    extra = data / "extra.ttl"
    extra.write_text("<https://w3id.org/aireg/id/x> <https://w3id.org/aireg/ont#note> \"x\" .\n", encoding="utf-8")
    assert snapshot.current() is None, "a source added since the build"
    extra.unlink()
    assert snapshot.current() is not None
    moved = data / "actors.ttl"
    kept = moved.read_bytes()
    moved.unlink()
    assert snapshot.current() is None, "a source removed since the build"
    moved.write_bytes(kept)
    assert snapshot.current() is not None, "the same content again"
    nt = tmp_path / "out" / "aireg.nt"
    original = nt.read_bytes()
    nt.write_bytes(original.replace(b"computing power", b"COMPUTING power", 1))
    assert snapshot.current() is None, "aireg.nt changed after the build"
    nt.write_bytes(original)
    manifest = tmp_path / "out" / "manifest.json"
    doc = json.loads(manifest.read_text(encoding="utf-8"))
    doc["snapshot"]["pyoxigraph"] = "0.0.0"
    manifest.write_text(json.dumps(doc), encoding="utf-8")
    assert snapshot.current() is None, "written by another pyoxigraph"
    manifest.write_text("{", encoding="utf-8")
    assert snapshot.current() is None


def test_an_out_folder_from_elsewhere_is_not_loaded(home, tmp_path, monkeypatch):
    """A manifest that names the bundled files' (public) hashes and a matching aireg.nt, written by
    someone else, is not this user's build: it must not answer in place of the bundled graph."""
    out = tmp_path / "out"
    nt = out / "aireg.nt"
    forged = nt.read_bytes().replace(b"computing power", b"COMPUTING power", 1)
    nt.write_bytes(forged)
    manifest = out / "manifest.json"
    doc = json.loads(manifest.read_text(encoding="utf-8"))
    doc["files"]["aireg.nt"] = {"bytes": len(forged), "sha256": hashlib.sha256(forged).hexdigest()}
    manifest.write_text(json.dumps(doc), encoding="utf-8")
    assert snapshot.current() is None, "the seal no longer matches"
    build(out)
    assert snapshot.current() is not None
    monkeypatch.setenv("AIREG_CACHE_DIR", str(tmp_path / "another-user"))
    assert snapshot.current() is None, "sealed by another user's key"


def test_a_build_with_a_base_or_other_files_is_not_the_bundled_graph(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("AIREG_NO_SNAPSHOT", raising=False)
    build(tmp_path / "out", base="https://example.org/")
    assert snapshot._usable(tmp_path / "out") is None
    build(tmp_path / "out", files=paths.bundled_files()[:-1])
    assert snapshot._usable(tmp_path / "out") is None


# --------------------------------------------------------------------------
# The term layer


def test_light_terms_of_the_whole_graph_are_the_rdflib_terms(fast):
    """Every distinct term of the bundled graph converts as OxigraphTerms converts it."""
    from aireg.terms import OxigraphTerms

    store, options = fast.store()
    light, heavy = LightTerms(), OxigraphTerms()
    seen = 0
    for quad in store.quads_for_pattern(None, None, None, options["default_graph"]):
        for term in (quad.subject, quad.predicate, quad.object):
            got, want = light[term], from_rdflib(heavy[term])
            assert term_kind(got) == term_kind(want) and got == want, term
            if isinstance(got, Lit):
                assert (got.language, got.datatype) == (want.language, want.datatype)
            seen += 1
    assert seen > 20000


@pytest.mark.parametrize("datatype", ["integer", "decimal", "double", "boolean", "date"])
def test_rdflib_spelling_is_rdflib_s(datatype):
    from rdflib import Literal, URIRef

    iri = "http://www.w3.org/2001/XMLSchema#" + datatype
    values = ["0", "-0", "+0", "42", "042", "-7", "1e25", "1E25", "1e+25", "1.5e3", "1.0E26", "4.2e1", "-1e-5",
              "1e025", "4.2", "4.20", ".5", "5.", "-0.0", "+1.5", "100.0", "1e400", "1e-400", "9" * 40,
              "0." + "1234567890" * 4, "2024-01-01", "2024-02-30", "2024-02-29", "true", "false", "1", "abc",
              "1_000", " 4", "2.5E-3", "1e16", "123456789.123456789e5"]
    known = 0
    for value in values:
        spelled = rdflib_spelling(value, iri)
        if spelled is not None:
            known += 1
            assert spelled == str(Literal(value, datatype=URIRef(iri))), value
    assert known >= 2


@pytest.mark.parametrize("value", ["id:eo-14110", "<https://example.org/x>", "2024-01-01", "2024-01-01T09:30:00Z",
                                   "42", "042", "4.20", "1e25", "true", '"x"@zh-Hant', '"5"^^xsd:int',
                                   '"a\tb"', "plain text", "1e400"])
def test_parameters_are_bound_as_rdflib_terms_would_be(value):
    from aireg.sparql.binding import sparql_term
    from aireg.sparql.params import parse_param, read_value

    light = read_value(value, "p")
    heavy = parse_param(value, "p")
    assert to_rdflib(light) == heavy and type(to_rdflib(light)) is type(heavy)
    if getattr(light, "exact", True):
        assert sparql_term(light) == sparql_term(heavy)


def test_plain_prefixes_are_the_namespaces():
    from aireg.namespaces import PREFIXES
    from aireg.prefixes import PREFIX_IRIS

    assert {k: str(v) for k, v in PREFIXES.items()} == PREFIX_IRIS


def test_the_snapshot_key_is_made_once_whole_and_private(tmp_path, monkeypatch):
    """Written under a private name and linked into place: no reader sees an empty key, none is left over."""
    import stat

    from aireg import snapshot

    monkeypatch.setenv("AIREG_CACHE_DIR", str(tmp_path))
    key = snapshot._key(create=True)
    assert key is not None and len(key) == 32
    assert snapshot._key(create=True) == key == snapshot._key()
    path = tmp_path / snapshot.KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == [snapshot.KEY_FILE]
