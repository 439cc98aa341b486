"""Data in named graphs (TriG, N-Quads, JSON-LD) is validated, built and diffed, never dropped;
and the three commands agree on what they can read."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from aireg.cli import main
from helpers import copy_data, data_files, edit

GRAPH = "https://example.org/graphs/eo"
FORMATS = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS, ".jsonld": ox.RdfFormat.JSON_LD}


@pytest.fixture(scope="module")
def broken_in_a_graph(tmp_path_factory):
    """The bundled data with EO 14110 moved into a named graph (one copy per syntax) and its date broken."""
    root = tmp_path_factory.mktemp("graphs")
    data = copy_data(root)
    edit(data / "eo-14110.ttl", 'eli:date_document "2023-10-30"^^xsd:date', 'eli:date_document "2023-10-30"')
    quads = [ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(GRAPH))
             for q in ox.parse(path=str(data / "eo-14110.ttl"), format=ox.RdfFormat.TURTLE)]
    (data / "eo-14110.ttl").unlink()
    others = data_files(data)
    sets = {}
    for suffix, fmt in FORMATS.items():
        path = root / f"eo-14110{suffix}"
        path.write_bytes(ox.serialize(quads, format=fmt))
        sets[suffix] = [*others, path]
    return sets


def _date_findings(report: dict) -> list[dict]:
    return [r for r in report["results"] if r["focus"].endswith("/eo-14110") and (r["path"] or "").endswith("date_document")]


@pytest.mark.slow
@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_a_broken_date_in_a_named_graph_fails_the_gate(broken_in_a_graph, capsys, suffix):
    files = broken_in_a_graph[suffix]
    assert main(["validate", "--format", "json", *map(str, files)]) == 1
    report = json.loads(capsys.readouterr().out)
    (finding,) = _date_findings(report)
    assert finding["severity"] == "Violation" and finding["graph"] is None


@pytest.mark.slow
def test_per_graph_names_the_graph_of_each_finding(broken_in_a_graph, capsys):
    files = broken_in_a_graph[".trig"]
    assert main(["validate", "--per-graph", "--format", "json", *map(str, files)]) == 1
    report = json.loads(capsys.readouterr().out)
    (finding,) = _date_findings(report)
    assert finding["graph"] == f"<{GRAPH}>"
    assert main(["validate", "--per-graph", *map(str, files)]) == 1
    assert f"[graph <{GRAPH}>]" in capsys.readouterr().out


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["json", "turtle", "text"])
def test_per_graph_conforms_is_shacls_verdict(tmp_path, capsys, fmt):
    """With --per-graph, a Warning-only run said sh:conforms true (SHACL: false on any result)."""
    shapes = tmp_path / "s.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n"
                      "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:b ;\n"
                      "  sh:property [ sh:path ex:b ; sh:minCount 2 ; sh:severity sh:Warning ] .\n", encoding="utf-8")
    data = tmp_path / "d.trig"
    data.write_text("@prefix ex: <http://example.org/> .\nex:g { ex:a ex:b 1 }\n", encoding="utf-8")
    assert main(["validate", "--per-graph", "--format", fmt, "--shapes-file", str(shapes), str(data)]) == 0
    out = capsys.readouterr().out
    if fmt == "json":
        doc = json.loads(out)
        assert doc["conforms"] is False and doc["counts"]["warning"] == 1 and doc["exit_code"] == 0
    elif fmt == "turtle":
        assert "sh:conforms false" in out and "sh:conforms true" not in out
    else:
        assert "(sh:conforms false)" in out and out.rstrip().splitlines()[-1].startswith("PASS: exit 0")


def test_build_keeps_the_named_graph_and_counts_its_triples(broken_in_a_graph, tmp_path, capsys):
    files = broken_in_a_graph[".nq"]
    out = tmp_path / "out"
    assert main(["build", "-o", str(out), *map(str, files)]) == 0
    printed = capsys.readouterr().out
    assert "1 named graph(s): kept in aireg.trig and aireg.nq" in printed
    in_graph = [line for line in (out / "aireg.nq").read_text(encoding="utf-8").splitlines()
                if line.endswith(f"<{GRAPH}> .")]
    expected = len(list(ox.parse(path=str(files[-1]), format=ox.RdfFormat.N_QUADS)))
    assert len(in_graph) == expected > 100
    assert '<https://w3id.org/aireg/id/eo-14110> <http://data.europa.eu/eli/ontology#date_document> "2023-10-30"' \
        in (out / "aireg.nt").read_text(encoding="utf-8")


DEEP = {
    "deep-250.ttl": "@prefix ex: <http://example.org/> .\nex:a ex:p " + "[ ex:p " * 250 + "1" + " ]" * 250 + " .\n",
    "deep-50000.ttl": "@prefix ex: <http://example.org/> .\nex:a ex:p " + "[ ex:p " * 50000 + "1" + " ]" * 50000 + " .\n",
    "deep-list.ttl": "@prefix ex: <http://example.org/> .\nex:a ex:p " + "( " * 20000 + "1" + " )" * 20000 + " .\n",
    "deep.jsonld": '{"@id": "http://example.org/a", "http://example.org/p": ' + "[" * 50000 + "1" + "]" * 50000 + "}",
    "long-term.nt": '<http://example.org/a> <http://example.org/p> "' + "x" * (17 * 1024 * 1024) + '" .\n',
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(DEEP))
def test_validate_build_and_diff_agree_on_the_same_file(tmp_path, capsys, name):
    path = tmp_path / name
    path.write_text(DEEP[name], encoding="utf-8")
    codes = {}
    for command in (["validate", "--max-bytes", "0"], ["build", "--max-bytes", "0", "-o", str(tmp_path / "out")],
                    ["diff", "--max-bytes", "0", str(path)]):
        codes[command[0]] = main([*command, str(path)])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        if codes[command[0]] == 2:
            assert len(captured.err.strip().splitlines()) == 1 and str(path) in captured.err
    readable = codes["build"] == 0
    assert codes == ({"validate": codes["validate"], "build": 0, "diff": 0} if readable
                     else {"validate": 2, "build": 2, "diff": 2}), codes
    assert codes["validate"] in ((0, 1) if readable else (2,))
    if name == "long-term.nt":
        assert not readable


def test_jsonld_iri_with_a_space_is_refused_not_dropped(tmp_path, capsys):
    path = tmp_path / "space.jsonld"
    path.write_text('{"@context": {"p": "http://example.org/p"},\n "@id": "http://example.org/a b",\n "p": "x"}\n',
                    encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:2:" in err and "space" in err and len(err.strip().splitlines()) == 1
    plain = tmp_path / "plain.jsonld"
    plain.write_text('{"@id": "http://example.org/a",\n "title": "x"}\n', encoding="utf-8")
    assert main(["validate", str(plain)]) == 2
    assert f"{plain}:2:" in capsys.readouterr().err


def test_no_local_path_reaches_the_graph(tmp_path):
    from aireg.load import load_graph

    path = tmp_path / "rel.ttl"
    path.write_text("<a> <b> <c> .\n", encoding="utf-8")
    graph = load_graph([path])
    assert all("file:" not in str(t) and str(tmp_path) not in str(t) for triple in graph for t in triple)
    assert Path(path).exists()


def test_per_graph_turtle_report_names_graphs_engines_and_keeps_terms(tmp_path, capsys):
    """The --per-graph Turtle report was rebuilt from text: no aireg:validatedBy, no graph, values as strings."""
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDF, XSD

    sh, aireg = Namespace("http://www.w3.org/ns/shacl#"), Namespace("https://w3id.org/aireg/ont#")
    shapes = tmp_path / "s.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n"
                      "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:b ; sh:property [ sh:path ex:b ; "
                      "sh:maxInclusive 1 ] .\n", encoding="utf-8")
    data = tmp_path / "d.trig"
    data.write_text("@prefix ex: <http://example.org/> .\nex:g { ex:a ex:b 5 }\nex:c ex:b 7 .\n", encoding="utf-8")
    assert main(["validate", "--per-graph", "--format", "turtle", "--shapes-file", str(shapes), str(data)]) == 1
    report = Graph().parse(data=capsys.readouterr().out, format="turtle")
    root = next(report.subjects(RDF.type, sh.ValidationReport))
    where = {report.value(r, sh.value): report.value(r, aireg.graph) for r in report.objects(root, sh.result)}
    assert where == {Literal("5", datatype=XSD.integer): URIRef("http://example.org/g"),
                     Literal("7", datatype=XSD.integer): Literal("default")}
    runs = list(report.objects(root, aireg.validatedBy))
    assert len(runs) == 1 and str(report.value(runs[0], aireg.shaclEngine)) == "fast"
    assert len(set(report.subjects(aireg.shaclEngine, None))) == 1  # no stray records of each graph's run
