"""What the user wrote is what is checked: literals keep their lexical form and datatype."""

from __future__ import annotations

import pytest

from aireg.cli import main
from aireg.load import load_graph, respelled

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


@pytest.mark.xfail(strict=True, reason="the fast engine queries Oxigraph's store, which re-spells literals "
                   "(oxigraph#526); aireg.load.respelled() lists them for the engine to map back")
def test_the_fast_engine_checks_the_terms_as_written(files, capsys):
    shapes, data = files
    code = main(["validate", "--shacl-engine", "fast", "--shapes-file", str(shapes), str(data)])
    capsys.readouterr()
    assert code == 0
