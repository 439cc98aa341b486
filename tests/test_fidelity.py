"""What the user wrote is what is checked: literals keep their lexical form and datatype."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from aireg.cli import main
from aireg.load import load_graph, respelled

XSD_NS = "http://www.w3.org/2001/XMLSchema#"
XSD_INT = URIRef(XSD_NS + "int")

SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:n ;
  sh:property [ sh:path ex:n ; sh:datatype xsd:int ] ;
  sh:property [ sh:path ex:d ; sh:in ( 1.0 ) ] ;
  sh:property [ sh:path ex:h ; sh:hasValue "+5"^^xsd:integer ] .
"""
DATA = """@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:n "12"^^xsd:int ; ex:d 1.0 ; ex:h "+5"^^xsd:integer .
"""


@pytest.fixture()
def files(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES, encoding="utf-8")
    data = tmp_path / "data.ttl"
    data.write_text(DATA, encoding="utf-8")
    return shapes, data


def test_the_store_respellings_are_known(files):
    _, data = files
    graph = load_graph([data])
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert respelled(graph) == {("12", "int"): ("12", xsd + "integer"), ("1.0", "decimal"): ("1", xsd + "decimal"),
                                ("+5", "integer"): ("5", xsd + "integer")}


def test_pyshacl_checks_the_terms_as_written(files, capsys):
    """aireg validate --shacl-engine pyshacl loads the data on rdflib's store, which keeps them."""
    shapes, data = files
    assert main(["validate", "--shacl-engine", "pyshacl", "--shapes-file", str(shapes), str(data)]) == 0
    capsys.readouterr()
    broken = data.with_name("broken.ttl")
    broken.write_text(DATA.replace('"12"^^xsd:int', '"12"^^xsd:integer').replace("1.0", "1.00"), encoding="utf-8")
    assert main(["validate", "--format", "json", "--shacl-engine", "pyshacl", "--shapes-file", str(shapes),
                 str(broken)]) == 1
    import json

    report = json.loads(capsys.readouterr().out)
    assert sorted(r["path"].rsplit("/", 1)[-1] for r in report["results"]) == ["d", "n"]


WHY = ('the data holds 3 literal(s) Oxigraph\'s store re-spells, e.g. "12"^^xsd:int; '
       "shapes that read literal values run on pySHACL over the data as written")


def test_the_fast_engine_checks_the_terms_as_written(files, capsys):
    shapes, data = files
    code = main(["validate", "--shacl-engine", "fast", "--shapes-file", str(shapes), str(data)])
    out = capsys.readouterr().out
    assert code == 0, out
    # the shape that reads literals ran on pySHACL over the data as written, and the report says so
    assert f"engine: pySHACL for all 1 shape(s) ({WHY})" in out or f"http://example.org/S ({WHY})" in out, out


def test_the_fast_engine_reports_the_same_findings_as_pyshacl(files, capsys):
    """Broken data: the same violations, values as written, on either engine; JSON names engine and reason."""
    import json

    shapes, data = files
    broken = data.with_name("broken.ttl")
    broken.write_text(DATA.replace('"12"^^xsd:int', '"12"^^xsd:integer').replace("1.0", "1.00"), encoding="utf-8")
    found = {}
    for engine in ("fast", "pyshacl"):
        assert main(["validate", "--format", "json", "--shacl-engine", engine, "--shapes-file", str(shapes),
                     str(broken)]) == 1
        report = json.loads(capsys.readouterr().out)
        found[engine] = sorted((r["path"].rsplit("/", 1)[-1], r["value"]) for r in report["results"])
        if engine == "fast":
            assert report["shapes"] == [{"shape": "http://example.org/S", "engine": "pyshacl",
                                         "reason": WHY.replace("3 literal", "2 literal").replace(
                                             '"12"^^xsd:int', '"+5"^^xsd:integer')}]
    assert found["fast"] == found["pyshacl"] == [("d", "1.00"), ("n", "12")]


def test_the_bundled_graph_runs_wholly_on_the_fast_engine():
    """Its re-spelled literals (1.0, "1.0E26"^^xsd:double) reach no constraint that can tell."""
    from aireg.validate import validate

    graph = load_graph()
    assert respelled(graph), "the bundled data holds literals the store re-spells: this test checks they cost nothing"
    result = validate(graph)
    assert result.engine == "fast" and result.note is None
    assert result.shapes and {r.engine for r in result.shapes} == {"fast"}


def _cli(tmp_path, capsys, shapes: str, data: str, *extra: str) -> tuple[int, str, str]:
    (tmp_path / "s.ttl").write_text(PREFIXES + shapes, encoding="utf-8")
    (tmp_path / "d.ttl").write_text(PREFIXES + data, encoding="utf-8")
    code = main(["validate", *extra, "--shapes-file", str(tmp_path / "s.ttl"), str(tmp_path / "d.ttl")])
    out, err = capsys.readouterr()
    return code, out, err


PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
"""


def test_int_under_datatype_int_conforms_through_the_cli(tmp_path, capsys):
    code, out, _ = _cli(tmp_path, capsys, 'ex:S sh:targetSubjectsOf ex:n ; sh:property [ sh:path ex:n ; '
                        "sh:datatype xsd:int ] .\n", 'ex:a ex:n "12"^^xsd:int .\n')
    assert code == 0, out
    assert "sh:conforms true" in out and "pySHACL for" in out and '"12"^^xsd:int' in out


def test_ill_typed_byte_is_refused(tmp_path, capsys):
    code, out, err = _cli(tmp_path, capsys, 'ex:S sh:targetSubjectsOf ex:n ; sh:property [ sh:path ex:n ; '
                          "sh:datatype xsd:byte ] .\n", 'ex:a ex:n "c"^^xsd:byte .\n')
    assert code == 2 and out == ""
    assert 'd.ttl:4: ill-typed literal "c"^^xsd:byte: not an integer' in err and "Traceback" not in err


def test_in_decimal_gives_no_false_violation(tmp_path, capsys):
    code, out, _ = _cli(tmp_path, capsys, "ex:S sh:targetSubjectsOf ex:d ; sh:property [ sh:path ex:d ; "
                        "sh:in ( 1.0 ) ] .\n", "ex:a ex:d 1.0 .\n", "--format", "junit")
    assert code == 0, out
    assert 'e.g. "1.0"^^xsd:decimal; shapes that read literal values run on pySHACL' in out


def test_value_comparisons_stay_fast_and_report_values_as_written(tmp_path, capsys):
    """A re-spelling within one datatype cannot change a range check: the fast engine runs it,
    and the value it reports is the one written, as pySHACL reports it."""
    shapes = "ex:S sh:targetSubjectsOf ex:n ; sh:property [ sh:path ex:n ; sh:minExclusive 0 ] .\n"
    data = 'ex:a ex:n -5.0 , "-1.0E2"^^xsd:double .\n'
    code, out, _ = _cli(tmp_path, capsys, shapes, data)
    assert code == 1 and "engine: fast for all 1 shape(s)" in out, out
    assert "ex:n = -5.0:" in out.replace("http://example.org/", "ex:") and "= -1.0E2:" in out
    code, ref, _ = _cli(tmp_path, capsys, shapes, data, "--shacl-engine", "pyshacl")
    assert sorted(line for line in out.splitlines() if "VIOLATION" in line) == \
        sorted(line for line in ref.splitlines() if "VIOLATION" in line)


def test_merged_spellings_send_counts_to_pyshacl(tmp_path, capsys):
    """2.0 and 2.00 are one term in the store: sh:maxCount 1 would pass there, and must not."""
    code, out, _ = _cli(tmp_path, capsys, "ex:S sh:targetSubjectsOf ex:m ; sh:property [ sh:path ex:m ; "
                        "sh:maxCount 1 ] .\n", "ex:a ex:m 2.0 , 2.00 .\n")
    assert code == 1 and "More than 1 values" in out and "pySHACL for" in out, out


def test_as_written_is_what_the_pyshacl_engine_loads(files):
    """The data pySHACL gets from the fast engine is the rdflib-store load of --shacl-engine pyshacl;
    a graph changed after loading has none (its store's terms are all there is)."""
    from aireg.load import as_written

    _, data = files
    graph = load_graph([data])
    assert set(as_written(graph)) == set(load_graph([data], engine="rdflib"))
    graph.update("INSERT DATA { <http://example.org/b> <http://example.org/n> 1 }")
    assert as_written(graph) is None


@pytest.mark.parametrize("change", [
    lambda g: g.update('DELETE { ?s <http://example.org/n> ?o } INSERT { ?s <http://example.org/n> "13"^^xsd:int } '
                       'WHERE { ?s <http://example.org/n> ?o }', initNs={"xsd": XSD_NS}),
    lambda g: g.set((URIRef("http://example.org/a"), URIRef("http://example.org/n"), Literal("13", datatype=XSD_INT))),
], ids=["delete-insert", "set"])
def test_a_change_that_keeps_the_count_has_no_as_written(files, change):
    """The graph has as many triples after the change as before: the files are still not the graph."""
    from aireg.load import as_written, triple_count

    _, data = files
    graph = load_graph([data])
    before = triple_count(graph)
    change(graph)
    assert triple_count(graph) == before
    assert as_written(graph) is None


def test_a_change_between_two_loads_has_no_as_written(files, tmp_path):
    from aireg.load import as_written, parse_into

    _, data = files
    more = tmp_path / "more.ttl"
    more.write_text('<http://example.org/c> <http://example.org/n> "7"^^<http://www.w3.org/2001/XMLSchema#int> .\n',
                    encoding="utf-8")
    graph = load_graph([data])
    graph.update("INSERT DATA { <http://example.org/b> <http://example.org/n> 1 }")
    parse_into(graph, more)
    assert as_written(graph) is None
    untouched = load_graph([data])
    parse_into(untouched, more)
    assert as_written(untouched) is not None


def test_the_fast_engine_sees_a_value_changed_after_loading(files):
    """A DELETE/INSERT of one literal keeps the count; the fast engine checked the files as first
    loaded and found nothing where pySHACL finds the new value's violation."""
    from rdflib import Graph

    from aireg.validate import validate

    _, data = files
    graph = load_graph([data])
    sg = Graph().parse(data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <http://example.org/S> a sh:NodeShape ; sh:targetSubjectsOf <http://example.org/n> ;
            sh:property [ sh:path <http://example.org/n> ; sh:datatype xsd:int ] .""", format="turtle")
    assert not validate(graph, sg, shacl_engine="fast").findings  # "12"^^xsd:int as written
    graph.update('DELETE { ?s <http://example.org/n> ?o } INSERT { ?s <http://example.org/n> "12"^^xsd:long } '
                 'WHERE { ?s <http://example.org/n> ?o }', initNs={"xsd": XSD_NS})
    fast = validate(graph, sg, shacl_engine="fast")
    reference = validate(graph, sg, shacl_engine="pyshacl")
    assert [f.constraint for f in fast.findings] == [f.constraint for f in reference.findings]
    assert any("datatype" in f.constraint.lower() for f in fast.findings), fast.findings


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_reported_values_are_the_literals_the_data_holds(tmp_path, capsys, engine):
    """The fast engine reported "INF"^^xsd:double as "inf" (no xsd:double; "NaN" as "nan") and
    "2020-01-01T00:00:00Z" as "2020-01-01T00:00:00+00:00": rdflib's spelling of terms read from the store."""
    import json

    from aireg.cli import main

    shapes = tmp_path / "s.ttl"
    shapes.write_text('@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n'
                      'ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:n ;\n'
                      '  sh:property [ sh:path ex:n ; sh:maxExclusive 4 ] ;\n'
                      '  sh:property [ sh:path ex:t ; sh:in ( "x" ) ] .\n', encoding="utf-8")
    data = tmp_path / "d.ttl"
    data.write_text('@prefix ex: <http://example.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
                    'ex:a ex:n "INF"^^xsd:double, "-INF"^^xsd:float ;\n'
                    '  ex:t "2020-01-01T00:00:00Z"^^xsd:dateTime .\n', encoding="utf-8")
    assert main(["validate", "--format", "json", "--shacl-engine", engine, "--shapes-file", str(shapes),
                 str(data)]) == 1
    values = sorted(r["value"] for r in json.loads(capsys.readouterr().out)["results"])
    assert values == ["2020-01-01T00:00:00Z", "INF"]
