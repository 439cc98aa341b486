"""The W3C RDF 1.1 syntax suites (Turtle, N-Triples, N-Quads, TriG, RDF/XML) through aireg's loader.

Each manifest entry is one test, run in this process through the function the
CLI reads files with (``load_graph`` / ``read_input``): a negative test must be
refused with one line naming FILE:LINE, a positive test must load, an eval test
must load isomorphic to its expected N-Triples/N-Quads, literals spelled as
written. A few negative tests also go through the real ``aireg`` command.

The suites live in ../shared/conformance/w3c-rdf-tests (``AIREG_SHARED`` names
another shared/ folder); without them every test here is skipped, saying why.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from aireg.errors import InputError
from aireg.load import load_graph, read_input

SHARED = Path(os.environ.get("AIREG_SHARED") or Path(__file__).resolve().parents[2] / "shared")
SUITES = SHARED / "conformance" / "w3c-rdf-tests" / "rdf" / "rdf11"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
ABSENT = f"the W3C RDF test suites are not at {SUITES} (clone ../shared beside the project, or set AIREG_SHARED)"


def _manifest_entries() -> list[tuple[str, str, str, str | None]]:
    """(folder, test type, action IRI, result IRI) of every entry of every manifest, in order."""
    import pyoxigraph as ox

    entries = []
    for manifest in sorted(SUITES.glob("*/manifest.ttl")):
        base = f"https://w3c.github.io/rdf-tests/rdf/rdf11/{manifest.parent.name}/"
        ds = ox.Dataset(ox.parse(path=str(manifest), base_iri=base))

        def value(subject, predicate, ds=ds):
            for quad in ds.quads_for_subject(subject):
                if quad.predicate.value == predicate:
                    return quad.object
            return None

        root = next(q.subject for q in ds if q.predicate.value == MF + "entries")
        node = value(root, MF + "entries")
        while node is not None and node.value != RDF + "nil":
            test = value(node, RDF + "first")
            kind = value(test, RDF + "type").value.rsplit("#", 1)[1]
            result = value(test, MF + "result")
            entries.append((manifest.parent.name, kind, value(test, MF + "action").value,
                            result.value if result is not None else None))
            node = value(node, RDF + "rest")
    return entries


ENTRIES = _manifest_entries() if SUITES.is_dir() else []


def _local(folder: str, iri: str) -> Path:
    return SUITES / folder / iri.split(f"/rdf11/{folder}/", 1)[1]


def _ids(kind: str) -> list:
    chosen = [e for e in ENTRIES if kind in e[1]]
    if not chosen:
        return [pytest.param(None, marks=pytest.mark.skip(reason=ABSENT))]
    return [pytest.param(e, id=str(_local(e[0], e[2]).relative_to(SUITES))) for e in chosen]


@pytest.mark.parametrize("entry", _ids("NegativeSyntax"))
def test_negative_syntax_is_refused_with_file_and_line(entry):
    folder, _, action, _ = entry
    path = _local(folder, action)
    with pytest.raises(InputError) as info:
        load_graph([path], base=action)
    err = info.value
    assert err.path == str(path) and isinstance(err.line, int) and err.line >= 1, str(err)
    text = str(err)
    assert "\n" not in text and text.startswith(f"{path}:{err.line}: ")
    assert "object is not an instance" not in text and "None:" not in text


@pytest.mark.parametrize("entry", _ids("PositiveSyntax"))
def test_positive_syntax_loads(entry):
    folder, _, action, _ = entry
    path = _local(folder, action)
    if not path.read_bytes().strip():
        # valid RDF with no triples, but aireg refuses empty files on purpose (a failed export, a
        # truncated copy): docs/pipeline.md lists these suite entries as the documented exception
        with pytest.raises(InputError, match="file is empty"):
            load_graph([path], base=action)
        return
    load_graph([path], base=action)


def _canonical_quads(graphs: dict) -> set:
    """{graph name: N-Triples bytes} -> the quads with blank nodes canonically named."""
    import pyoxigraph as ox

    ds = ox.Dataset()
    for name, nt in graphs.items():
        if name is None:
            g = ox.DefaultGraph()
        elif name.startswith("_:"):
            g = ox.BlankNode(name[2:])
        else:
            g = ox.NamedNode(name[1:-1])
        for triple in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES):
            ds.add(ox.Quad(triple.subject, triple.predicate, triple.object, g))
    ds.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(q) for q in ds}


def _expected(path: Path) -> set:
    import pyoxigraph as ox

    fmt = ox.RdfFormat.N_QUADS if path.suffix == ".nq" else ox.RdfFormat.N_TRIPLES
    ds = ox.Dataset(ox.parse(path=str(path), format=fmt))
    ds.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(q) for q in ds}


# Where aireg knowingly differs from the suites (each listed in docs/pipeline.md):
# Oxigraph writes rdf:parseType="Literal" content with the namespace declarations in scope instead of
# exclusive XML canonical form (a different lexical form of the same rdf:XMLLiteral)
XML_LITERAL_NOT_CANONICAL = {"rdf-xml/xml-canon/test001.rdf", "rdf-xml/xml-canon/test002.rdf",
                             "rdf-xml/rdfms-reification-required/test001.rdf"}


@pytest.mark.parametrize("entry", _ids("Eval"))
def test_eval_loads_isomorphic_to_the_expected_result(entry):
    folder, kind, action, result = entry
    path = _local(folder, action)
    expected_text = _local(folder, result).read_text(encoding="utf-8")
    if '"flargh"^^<http://www.w3.org/2001/XMLSchema#integer>' in expected_text:
        # an ill-typed literal is well-formed syntax, but aireg refuses ill-typed literals on purpose
        with pytest.raises(InputError, match="ill-typed literal"):
            read_input(path, base=action)
        return
    if str(path.relative_to(SUITES)) in XML_LITERAL_NOT_CANONICAL:
        pytest.xfail("Oxigraph does not write XML literals in exclusive canonical form")
    parsed = read_input(path, base=action)
    assert _canonical_quads(parsed.graphs) == _expected(_local(folder, result))


@pytest.mark.skipif(not ENTRIES, reason=ABSENT)
def test_suite_figures():
    """The figures docs/pipeline.md gives: every test of the five suites is run here."""
    kinds = {}
    for _, kind, _, _ in ENTRIES:
        kinds[kind] = kinds.get(kind, 0) + 1
    assert len(ENTRIES) == 992
    assert sum(n for k, n in kinds.items() if "Negative" in k) == 312


@pytest.mark.skipif(not ENTRIES, reason=ABSENT)
def test_decimals_keep_their_spelling_turtle_subm_26():
    """22 decimals, 22 distinct terms as the suite expects; Oxigraph's store keeps 19 values, rdflib's parser 21."""
    import pyoxigraph as ox

    from aireg.load import respelled

    path = SUITES / "rdf-turtle" / "turtle-subm-26.ttl"
    expected = (SUITES / "rdf-turtle" / "turtle-subm-26.nt").read_text(encoding="utf-8").splitlines()
    graph = load_graph([path], engine="rdflib")
    assert len(graph) == len(set(expected)) == 22
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    assert len(store) == 19
    assert respelled(graph)[("1.0", "decimal")] == ("1", "http://www.w3.org/2001/XMLSchema#decimal")


@pytest.mark.slow
@pytest.mark.skipif(not ENTRIES, reason=ABSENT)
@pytest.mark.parametrize("name", ["rdf-trig/trig-syntax-bad-struct-02.trig", "rdf-n-quads/nq-syntax-bad-quint-01.nq",
                                  "rdf-xml/rdfms-rdf-id/error001.rdf", "rdf-turtle/turtle-syntax-bad-struct-02.ttl"])
def test_negative_syntax_through_the_real_command(tmp_path, name):
    path = SUITES / name
    for command in (["validate"], ["build", "-o", str(tmp_path / "out")], ["diff", str(path)]):
        proc = subprocess.run([sys.executable, "-m", "aireg.cli", *command, str(path)], capture_output=True,
                              text=True, timeout=120)
        assert proc.returncode == 2, (command, proc.stderr)
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and f"{path}:" in lines[0] and "Traceback" not in proc.stderr, proc.stderr
    assert not (tmp_path / "out").exists()
