"""The SHACL contract: the bundled graph keeps it, broken copies are caught."""

from __future__ import annotations

import json

import pytest

from aireg import InputError, validate
from aireg.cli import main
from helpers import copy_data, data_files, drop_citations_of_consultation_duty, edit


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_bundled_graph_keeps_the_contract_without_warnings(engine):
    """Only Info results (optional enrichment): the gate passes, and SHACL's sh:conforms is false for them."""
    result = validate(engine=engine)
    assert result.count("Violation") == 0
    assert result.count("Warning") == 0
    assert not result.fails_at("warning") and not result.fails_at("violation")
    assert result.findings and {f.severity for f in result.findings} == {"Info"}
    assert result.conforms is False  # SHACL: any result, whatever its severity, means sh:conforms false


def _messages(result):
    return {(f.severity, f.focus.rsplit("/", 1)[-1], f.message) for f in result.findings}


def test_missing_source_is_a_violation(tmp_path):
    data = copy_data(tmp_path)
    drop_citations_of_consultation_duty(data)
    result = validate(data_files(data))
    assert not result.conforms
    assert ("Violation", "eo-14110-obl-commerce-consultation",
            "has no source: add aireg:citation [ a aireg:Citation ; oa:hasSource ... ]") in _messages(result)


def test_date_typed_as_string_is_a_violation(tmp_path):
    data = copy_data(tmp_path)
    edit(data / "eo-14110.ttl", 'eli:date_document "2023-10-30"^^xsd:date', 'eli:date_document "2023-10-30"')
    result = validate(data_files(data))
    assert not result.conforms
    assert ("Violation", "eo-14110", 'eli:date_document must be an xsd:date ("2023-10-30"^^xsd:date)') in _messages(result)


def test_threshold_typed_as_decimal_is_a_violation(tmp_path):
    data = copy_data(tmp_path)
    edit(data / "eo-14110.ttl", 'odrl:rightOperand "1.0E20"^^xsd:double', "odrl:rightOperand 100000000000000000000.0")
    result = validate(data_files(data))
    assert any(f.severity == "Violation" and f.focus.endswith("eo-14110-thr-cluster-1e20")
               and "xsd:double" in f.message for f in result.findings)


def test_unit_of_another_quantity_kind_is_a_violation(tmp_path):
    data = copy_data(tmp_path)
    edit(data / "eo-14110.ttl", "odrl:unit aireg:OperationPerSecond", "odrl:unit aireg:Operation")
    result = validate(data_files(data))
    assert any(f.focus.endswith("eo-14110-thr-cluster-1e20") and "never mix" in f.message for f in result.findings)


def test_revocation_dated_before_the_revoked_order_is_a_violation(tmp_path):
    data = copy_data(tmp_path)
    edit(data / "us-executive-orders.ttl", 'eli:date_document "2025-01-20"^^xsd:date', 'eli:date_document "2023-01-20"^^xsd:date')
    result = validate(data_files(data))
    assert any(f.severity == "Violation" and f.focus.endswith("eo-14148") and "dated after" in f.message
               for f in result.findings)


def test_missing_chinese_label_is_a_violation(tmp_path):
    data = copy_data(tmp_path)
    edit(data / "eo-14110.ttl", ' , "AI 行政命令（第 14110 號行政命令）"@zh-Hant ;', " ;")
    result = validate(data_files(data))
    assert ("Violation", "eo-14110", 'needs a Traditional Chinese label (rdfs:label "..."@zh-Hant)') in _messages(result)


def test_second_identifier_is_a_violation(tmp_path):
    data = copy_data(tmp_path)
    edit(data / "eo-14110.ttl", 'aireg:identifier "E.O. 14110" ;', 'aireg:identifier "E.O. 14110" , "EO14110" ;')
    result = validate(data_files(data))
    assert any(f.focus.endswith("/eo-14110") and "exactly one identifier" in f.message for f in result.findings)


def test_signatory_count_mismatch_is_only_a_warning(tmp_path):
    data = copy_data(tmp_path)
    edit(data / "bletchley-declaration.ttl", "id:state-kenya , ", "")
    result = validate(data_files(data))
    assert not result.conforms  # a Warning is a result: sh:conforms false, as SHACL says
    assert result.count("Warning") == 1 and result.count("Violation") == 0
    assert result.fails_at("warning") and not result.fails_at("violation")


def test_malformed_turtle_names_file_and_line(tmp_path):
    data = copy_data(tmp_path)
    edit(data / "terms.ttl", "id:term-ai-model a aireg:Term ;", "id:term-ai-model a aireg:Term ;;; ]")
    with pytest.raises(InputError) as err:
        validate(data_files(data))
    broken_line = 1 + (data / "terms.ttl").read_text(encoding="utf-8").split(";;; ]")[0].count("\n")
    assert err.value.path.endswith("terms.ttl")
    assert err.value.line == broken_line


def test_cli_exit_codes_and_json(tmp_path, capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "0 violation(s), 0 warning(s)" in out and "(sh:conforms false)" in out  # Info results only
    assert out.rstrip().splitlines()[-1].startswith("PASS: exit 0")

    data = copy_data(tmp_path)
    edit(data / "eo-14110.ttl", 'eli:date_document "2023-10-30"^^xsd:date', 'eli:date_document "2023-10-30"')
    assert main(["validate", "--format", "json", *map(str, data_files(data))]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["conforms"] is False and report["counts"]["violation"] >= 1

    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b \"unterminated\n", encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:3:" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.slow
def test_cli_shacl_engine_choice_gives_the_same_report(tmp_path, capsys):
    data = copy_data(tmp_path)
    edit(data / "eo-14110.ttl", 'eli:date_document "2023-10-30"^^xsd:date', 'eli:date_document "2023-10-30"')
    reports = {}
    for engine in ("fast", "pyshacl"):
        assert main(["validate", "--shacl-engine", engine, "--format", "json", *map(str, data_files(data))]) == 1
        reports[engine] = json.loads(capsys.readouterr().out)
    def comparable(report):  # property shapes are blank nodes, named anew on every load; engines differ
        return [{k: v for k, v in r.items() if k not in ("shape", "engine")} for r in report["results"]]

    assert comparable(reports["fast"]) == comparable(reports["pyshacl"])
    assert any(r["focus"].endswith("/eo-14110") and "xsd:date" in r["message"] for r in reports["fast"]["results"])


def test_every_property_shape_of_a_milder_node_shape_states_its_own_severity():
    """SHACL gives a property shape sh:Violation unless it says otherwise, whatever its node shape says."""
    from rdflib.namespace import SH

    from aireg.validate import load_shapes

    shapes = load_shapes()
    silent = [(str(node), str(prop)) for node, severity in shapes.subject_objects(SH.severity)
              if severity != SH.Violation
              for prop in shapes.objects(node, SH.property) if shapes.value(prop, SH.severity) is None]
    assert silent == []


def test_an_uncited_actor_is_a_warning_and_the_graph_still_conforms(tmp_path, capsys):
    data = copy_data(tmp_path)
    text = (data / "actors.ttl").read_text(encoding="utf-8")
    (data / "actors.ttl").write_text(text + '\nid:new-agency a aireg:Actor ; rdfs:label "New agency"@en , "新機關"@zh-Hant .\n',
                                     encoding="utf-8")
    result = validate(data_files(data))
    assert ("Warning", "new-agency", "actor or role not cited to any source") in _messages(result)
    assert not result.conforms and result.count("Violation") == 0 and not result.fails_at("violation")
    assert main(["validate", "--format", "json", *map(str, data_files(data))]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["conforms"] is False and doc["fails"] is False and doc["exit_code"] == 0
    assert doc["counts"]["warning"] >= 1


@pytest.mark.parametrize("shacl_engine", ["fast", pytest.param("pyshacl", marks=pytest.mark.slow)])
def test_the_verdict_agrees_with_the_findings(shacl_engine):
    """A Violation under a Warning node shape breaks conformance, on both engines and in the report graph."""
    from rdflib import Literal
    from rdflib.namespace import SH

    from aireg.validate import load_shapes

    shapes = load_shapes()
    shapes.update("""
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        PREFIX aireg: <https://w3id.org/aireg/ont#>
        INSERT DATA { <urn:x:shape> a sh:NodeShape ; sh:targetClass aireg:Instrument ; sh:severity sh:Warning ;
            sh:property [ sh:path aireg:noSuchProperty ; sh:minCount 1 ] }""")
    result = validate(shapes=shapes, shacl_engine=shacl_engine)
    assert result.engine == shacl_engine and result.count("Violation") > 0
    assert not result.conforms
    assert Literal(False) in set(result.report_graph.objects(None, SH.conforms))
    assert Literal(True) not in set(result.report_graph.objects(None, SH.conforms))


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_the_text_report_prints_no_control_character_from_the_data(tmp_path, capsys, engine):
    """A value or message holding an ESC sequence or a line break stays on its own line, escaped: in a
    terminal or CI log it could erase lines or forge a "PASS: exit 0" under the real verdict."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text('@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n'
                      'ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:b ; sh:property [ sh:path ex:b ; '
                      'sh:maxLength 2 ; sh:message "too long:\\nPASS: exit 0" ] .\n', encoding="utf-8")
    data = tmp_path / "data.ttl"
    data.write_text('<http://example.org/a> <http://example.org/b> "ab\\u001b[2K\\u0007\\nPASS: exit 0" .\n',
                    encoding="utf-8")
    assert main(["validate", "--shacl-engine", engine, "--shapes-file", str(shapes), str(data)]) == 1
    out = capsys.readouterr().out
    assert not any(ch in out for ch in "\x1b\x07\r"), out
    lines = out.splitlines()
    assert lines[1] == "  VIOLATION http://example.org/b = ab\\u001b[2K\\u0007 PASS: exit 0: too long: PASS: exit 0"
    assert [line for line in lines if line.startswith("PASS")] == [] and lines[-1].startswith("FAIL: exit 1")


def test_the_report_graph_is_built_only_for_the_turtle_report(tmp_path, capsys, monkeypatch):
    """Every run built the rdflib report graph: 7 of 9 s for 50,000 findings, for a text report that never
    reads it. The text, JSON and JUnit reports now skip it; the Turtle report still has every result."""
    import sys

    v = sys.modules["aireg.validate"]  # the package's `validate` is the function
    data = tmp_path / "d.ttl"
    data.write_text("@prefix aireg: <https://w3id.org/aireg/ont#> .\n"
                    + "".join(f"<http://example.org/i{i}> a aireg:Instrument .\n" for i in range(50)), encoding="utf-8")
    built = []
    real = v.report_graph_from_fast
    monkeypatch.setattr(v, "report_graph_from_fast", lambda *a, **k: built.append(1) or real(*a, **k))
    for fmt in ("text", "json", "junit"):
        assert main(["validate", "--format", fmt, str(data)]) == 1
        capsys.readouterr()
    assert built == []
    assert main(["validate", "--format", "turtle", str(data)]) == 1
    from rdflib import Graph
    from rdflib.namespace import SH

    report = Graph().parse(data=capsys.readouterr().out, format="turtle")
    assert built == [1] and len(set(report.subjects(None, SH.ValidationResult))) >= 50
