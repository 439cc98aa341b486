"""`aireg validate` as a pipeline gate: exit codes, report formats, FILE:LINE, -o, --shapes."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Graph

from aireg.cli import main
from aireg.sourcemap import SourceMap
from helpers import copy_data, data_files, edit

SH = "http://www.w3.org/ns/shacl#"


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> list[Path]:
    """A copy of the data with violations on EO 14110 and one warning (Bletchley count).

    The date typed as a plain string also breaks the two chronology checks that
    compare it (EO 14110's end of force, EO 14148's revocation): 4 violations.
    """
    tmp = tmp_path_factory.mktemp("broken")
    data = copy_data(tmp)
    edit(data / "eo-14110.ttl", 'eli:date_document "2023-10-30"^^xsd:date', 'eli:date_document "2023-10-30"')
    edit(data / "eo-14110.ttl", ' , "AI 行政命令（第 14110 號行政命令）"@zh-Hant ;', " ;")
    edit(data / "bletchley-declaration.ttl", "id:state-kenya , ", "")
    return data_files(data)


@pytest.fixture(scope="module")
def warning_only(tmp_path_factory) -> list[Path]:
    tmp = tmp_path_factory.mktemp("warning")
    data = copy_data(tmp)
    edit(data / "bletchley-declaration.ttl", "id:state-kenya , ", "")
    return data_files(data)


def _line_of(path: Path, text: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(text):
            return n
    raise AssertionError(f"{text!r} not at a line start in {path}")


def _eo(files) -> Path:
    return next(f for f in files if f.name == "eo-14110.ttl")


# --- exit codes -----------------------------------------------------------------

def test_exit_codes_follow_severity(broken, warning_only, capsys):
    assert main(["validate"]) == 0
    assert main(["validate", *map(str, broken)]) == 1
    assert main(["validate", *map(str, warning_only)]) == 0
    assert main(["validate", "--severity", "warning", *map(str, warning_only)]) == 1
    assert main(["validate", "--severity", "violation", *map(str, warning_only)]) == 0
    capsys.readouterr()


def test_help_documents_the_exit_codes(capsys):
    with pytest.raises(SystemExit):
        main(["validate", "--help"])
    out = capsys.readouterr().out
    for needle in ("exit status", "0  nothing at or above --severity", "1  findings at or above --severity",
                   "2  an input could not be used", "junit", "--max-bytes", "--shapes"):
        assert needle in out


def test_bad_option_exits_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["validate", "--format", "yaml"])
    assert info.value.code == 2
    capsys.readouterr()


# --- text ---------------------------------------------------------------------------

def test_text_groups_by_focus_node_under_file_and_line(broken, capsys):
    assert main(["validate", *map(str, broken)]) == 1
    out = capsys.readouterr().out
    eo = _eo(broken)
    head = f"{eo}:{_line_of(eo, 'id:eo-14110 ')}: id:eo-14110"
    lines = out.splitlines()
    assert head in lines
    group = lines[lines.index(head) + 1: lines.index(head) + 4]
    assert all(line.startswith("  VIOLATION") for line in group)
    assert any("eli:date_document" in line for line in group)
    assert any("Traditional Chinese label" in line for line in group)
    bletchley = next(f for f in broken if f.name == "bletchley-declaration.ttl")
    assert any(line.startswith(f"{bletchley}:") and "WARNING" in lines[i + 1]
               for i, line in enumerate(lines[:-1]))
    assert "4 violation(s), 1 warning(s)" in out and "(sh:conforms false)" in out
    assert out.rstrip().splitlines()[-1].startswith("FAIL: exit 1")


def test_text_shows_info_only_when_asked(broken, capsys):
    main(["validate", *map(str, broken)])
    assert "INFO" not in capsys.readouterr().out
    main(["validate", "--show-info", *map(str, broken)])
    assert "  INFO" in capsys.readouterr().out


def test_blank_node_focus_points_at_its_parent(tmp_path, capsys):
    data = copy_data(tmp_path)
    # a citation without its source document: the focus is the citation's blank node
    eo = data / "eo-14110.ttl"
    text = eo.read_text(encoding="utf-8")
    start = text.index("id:eo-14110 a aireg:ExecutiveOrder")
    cite = text.index("oa:hasSource id:src-", start)
    end = text.index(";", cite)
    eo.write_text(text[:cite] + text[end + 1:], encoding="utf-8")
    assert main(["validate", "--format", "json", *map(str, data_files(data))]) == 1
    report = json.loads(capsys.readouterr().out)
    hits = [r for r in report["results"] if "exactly one source document" in r["message"]]
    assert hits
    assert hits[0]["file"].endswith("eo-14110.ttl")
    assert hits[0]["line"] == _line_of(eo, "id:eo-14110 ")
    assert hits[0]["note"] == "blank node under id:eo-14110"


def test_unknown_location_is_said(tmp_path, capsys):
    # the subject is written indented, so no block starts at column 0
    path = tmp_path / "odd.ttl"
    path.write_text("@prefix aireg: <https://w3id.org/aireg/ont#> .\n@prefix ex: <http://example.org/> .\n"
                    "   ex:x a aireg:ExecutiveOrder .\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "(line unknown): <http://example.org/x>" in out or "(line unknown): http://example.org/x" in out


# --- JSON ----------------------------------------------------------------------------

def test_json_has_file_line_counts_and_exit_code(broken, capsys):
    assert main(["validate", "--format", "json", *map(str, broken)]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["conforms"] is False and doc["fails"] is True and doc["exit_code"] == 1
    assert doc["severity"] == "violation"
    assert doc["counts"] == {"violation": 4, "warning": 1, "info": doc["counts"]["info"]}
    eo = _eo(broken)
    for r in doc["results"]:
        assert set(r) >= {"severity", "focus", "path", "value", "message", "shape", "constraint", "file", "line"}
    mine = [r for r in doc["results"] if r["focus"].endswith("/eo-14110")]
    assert {r["line"] for r in mine} == {_line_of(eo, "id:eo-14110 ")}
    assert all(Path(r["file"]).resolve() == eo.resolve() for r in mine)
    warning = next(r for r in doc["results"] if r["severity"] == "Warning")
    assert warning["fails"] is False


def test_json_exit_code_follows_severity(warning_only, capsys):
    assert main(["validate", "--format", "json", "--severity", "warning", *map(str, warning_only)]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["conforms"] is False and doc["counts"]["warning"] == 1
    assert doc["exit_code"] == 1 and doc["severity"] == "warning"
    # the same findings pass at --severity violation; SHACL's verdict does not change
    assert main(["validate", "--format", "json", *map(str, warning_only)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["conforms"] is False and doc["exit_code"] == 0 and doc["fails"] is False


def test_text_never_says_conforms_while_failing(warning_only, capsys):
    assert main(["validate", "--severity", "warning", *map(str, warning_only)]) == 1
    lines = capsys.readouterr().out.rstrip().splitlines()
    assert lines[-1].startswith("FAIL: exit 1")
    assert not any("conforms" in line and "sh:conforms false" not in line for line in lines)


def test_turtle_report_conforms_false_for_a_warning(warning_only, capsys):
    from rdflib import Literal, URIRef

    assert main(["validate", "--format", "turtle", *map(str, warning_only)]) == 0
    g = Graph().parse(data=capsys.readouterr().out, format="turtle")
    assert set(g.objects(None, URIRef(SH + "conforms"))) == {Literal(False)}


def test_a_custom_severity_fails_the_run_and_is_counted(tmp_path, capsys):
    from aireg import paths

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(paths.shapes_file().read_text(encoding="utf-8") + """
ash:CustomSeverityShape a sh:NodeShape ;
    sh:targetClass aireg:Instrument ;
    sh:severity <http://example.org/Blocker> ;
    sh:property [ sh:path aireg:noSuchProperty ; sh:minCount 1 ; sh:severity <http://example.org/Blocker> ;
                  sh:message "custom" ] .
""", encoding="utf-8")
    assert main(["validate", "--shapes-file", str(shapes)]) == 1
    out = capsys.readouterr().out
    assert "of another severity (counted as violations) (sh:conforms false)" in out
    assert out.rstrip().splitlines()[-1].startswith("FAIL: exit 1")


# --- Turtle --------------------------------------------------------------------------

def test_turtle_is_the_shacl_report_graph(broken, capsys):
    assert main(["validate", "--format", "turtle", *map(str, broken)]) == 1
    g = Graph().parse(data=capsys.readouterr().out, format="turtle")
    from rdflib import URIRef
    from rdflib.namespace import RDF

    results = list(g.subjects(RDF.type, URIRef(SH + "ValidationResult")))
    assert len(results) >= 3
    violations = [r for r in results if (r, URIRef(SH + "resultSeverity"), URIRef(SH + "Violation")) in g]
    assert len(violations) == 4


# --- JUnit ---------------------------------------------------------------------------

def test_junit_is_valid_xml_with_a_testcase_per_shape(broken, tmp_path, capsys):
    report = tmp_path / "reports" / "shacl.xml"
    assert main(["validate", "--format", "junit", "-o", str(report), *map(str, broken)]) == 1
    summary = capsys.readouterr().out
    assert "wrote" in summary and "FAIL: exit 1" in summary
    root = ET.parse(report).getroot()
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    names = {c.get("name") for c in cases}
    assert {"ash:InstrumentShape", "ash:DateDocumentShape", "ash:BilingualLabelShape",
            "ash:UniqueIdentifierShape"} <= names
    failed = {c.get("name") for c in cases if c.find("failure") is not None}
    assert failed == {"ash:DateDocumentShape", "ash:BilingualLabelShape", "ash:InstrumentShape", "ash:RepealShape"}
    assert int(suite.get("tests")) == len(cases) and int(suite.get("failures")) == 4
    failure = next(c for c in cases if c.get("name") == "ash:DateDocumentShape").find("failure")
    assert "eo-14110.ttl:" in failure.text and failure.get("message")
    # the warning is reported but does not fail at --severity violation
    signatory = next(c for c in cases if c.get("name") == "ash:SignatoryCountShape")
    assert signatory.find("failure") is None and "WARNING" in signatory.find("system-out").text


def test_junit_fails_warnings_with_severity_warning(warning_only, capsys):
    assert main(["validate", "--format", "junit", "--severity", "warning", *map(str, warning_only)]) == 1
    root = ET.fromstring(capsys.readouterr().out)
    failed = [c.get("name") for c in root.iter("testcase") if c.find("failure") is not None]
    assert failed == ["ash:SignatoryCountShape"]


def test_junit_of_a_conforming_graph_has_no_failures(capsys):
    assert main(["validate", "--format", "junit"]) == 0
    root = ET.fromstring(capsys.readouterr().out)
    assert root.get("failures") == "0" and int(root.get("tests")) > 10


def test_junit_survives_control_characters_in_data(tmp_path, capsys):
    path = tmp_path / "ctl.ttl"
    path.write_text('@prefix aireg: <https://w3id.org/aireg/ont#> .\n@prefix ex: <http://example.org/> .\n'
                    'ex:x a aireg:ExecutiveOrder ; aireg:identifier "bad\\u0001id <&>" .\n', encoding="utf-8")
    assert main(["validate", "--format", "junit", str(path)]) == 1
    ET.fromstring(capsys.readouterr().out)


# --- -o -------------------------------------------------------------------------------

def test_output_file_is_written_whole(broken, tmp_path, capsys):
    report = tmp_path / "out" / "report.json"
    assert main(["validate", "--format", "json", "-o", str(report), *map(str, broken)]) == 1
    out = capsys.readouterr().out
    assert json.loads(report.read_text(encoding="utf-8"))["exit_code"] == 1
    assert not out.lstrip().startswith("{")
    assert [p.name for p in report.parent.iterdir()] == ["report.json"]


# --- --shapes ------------------------------------------------------------------------

def test_bundled_shapes_pass_shacl_shacl(capsys):
    assert main(["validate", "--shapes"]) == 0
    assert "conforms" in capsys.readouterr().out


@pytest.mark.slow
def test_broken_shapes_fail_with_file_and_line(tmp_path, capsys):
    from aireg import paths

    shapes = tmp_path / "shapes.ttl"
    text = paths.shapes_file().read_text(encoding="utf-8")
    shapes.write_text(text.replace("sh:minCount 1 ; sh:maxCount 1 ;", 'sh:minCount "one" ; sh:maxCount 1 ;', 1),
                      encoding="utf-8")
    bad_line = 1 + text[: text.index("sh:minCount 1 ; sh:maxCount 1 ;")].count("\n")
    assert main(["validate", "--shapes", str(shapes)]) == 1
    out = capsys.readouterr().out
    assert f"{shapes}:{bad_line}:" in out
    assert "sh:minCount = one" in out and "xsd:integer" in out

    assert main(["validate", "--shapes", str(shapes), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["counts"]["violation"] == 1 and doc["results"][0]["line"] == bad_line

    assert main(["validate", "--shapes", str(shapes), "--format", "junit"]) == 1
    ET.fromstring(capsys.readouterr().out)

    # used to judge data, broken shapes are bad input (exit 2), not a verdict on the data
    assert main(["validate", "--shapes-file", str(shapes)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and f"{shapes}:{bad_line}:" in err and "--shapes" in err


def test_shapes_check_refuses_data_files(capsys):
    assert main(["validate", "data.ttl", "--shapes"]) == 2
    assert "--shapes checks a shapes graph" in capsys.readouterr().err


# --- source map -------------------------------------------------------------------------

def test_sourcemap_finds_every_instrument_of_the_bundled_data():
    from aireg.load import bundled_files, load_graph

    smap = SourceMap.from_files(bundled_files())
    g = load_graph()
    q = ("SELECT DISTINCT ?i WHERE { ?i a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* "
         "<https://w3id.org/aireg/ont#Instrument> }")
    instruments = [row[0] for row in g.query(q)]
    assert len(instruments) >= 10
    for iri in instruments:
        loc = smap.where(str(iri))
        assert loc.path and loc.line, iri
        line = Path(loc.path).read_text(encoding="utf-8").splitlines()[loc.line - 1]
        assert line.startswith("id:" + str(iri).rsplit("/", 1)[-1] + " ")


def test_sourcemap_reads_ntriples_rdfxml_and_skips_long_strings(tmp_path):
    nt = tmp_path / "a.nt"
    nt.write_text('<http://example.org/a> <http://example.org/p> "x" .\n'
                  '<http://example.org/b> <http://example.org/p> "y" .\n', encoding="utf-8")
    ttl = tmp_path / "b.ttl"
    ttl.write_text('@prefix ex: <http://example.org/> .\nex:c ex:p """\nex:fake at line start\n""" .\n'
                   'ex:d ex:p 1 .\n', encoding="utf-8")
    smap = SourceMap.from_files([nt, ttl])
    assert smap.where("http://example.org/b").line == 2
    assert smap.where("http://example.org/c").line == 2
    assert smap.where("http://example.org/fake").path is None
    assert smap.where("http://example.org/d").line == 5


def test_sourcemap_finds_subjects_inside_trig_graph_blocks(tmp_path):
    """Subjects of a named graph are indented under `ex:g {`: they were all "(line unknown)"."""
    trig = tmp_path / "g.trig"
    trig.write_text('@prefix ex: <http://example.org/> .\nex:g1 { ex:a ex:p "x" }\nGRAPH ex:g2 {\n'
                    '  ex:b ex:p "x",\n    ex:later .\n  ex:c\n    ex:p "y" .\n}\nex:later ex:p 1 .\n',
                    encoding="utf-8")
    smap = SourceMap.from_files([trig])
    assert [smap.where(f"http://example.org/{n}").line for n in ("a", "b", "c", "later")] == [2, 4, 6, 9]


def test_sourcemap_keeps_hash_namespaces_and_reads_braces_only_in_trig(tmp_path):
    ttl = tmp_path / "s.ttl"
    ttl.write_text("@prefix ex: <https://w3id.org/aireg/shapes#> .\n\nex:S a ex:T .\n{\n  ex:N a ex:T .\n}\n",
                   encoding="utf-8")
    smap = SourceMap.from_files([ttl])
    assert smap.where("https://w3id.org/aireg/shapes#S").line == 3
    assert smap.where("https://w3id.org/aireg/shapes#N").path is None


def test_relative_iris_are_located_as_the_parser_resolved_them(tmp_path, capsys):
    """`<x>` is loaded as https://w3id.org/aireg/input/FILE-relative (or --base): the source map resolved it
    against the local path, so every finding on it said "(line unknown)"."""
    path = tmp_path / "rel.ttl"
    path.write_text("@prefix aireg: <https://w3id.org/aireg/ont#> .\n\n<x> a aireg:ExecutiveOrder .\n",
                    encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    assert f"{path}:3: https://w3id.org/aireg/input/x" in capsys.readouterr().out
    assert main(["validate", "--base", "http://example.org/data/", str(path)]) == 1
    assert f"{path}:3: http://example.org/data/x" in capsys.readouterr().out


def test_cli_as_a_subprocess_gives_the_documented_codes(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "aireg.cli", "validate", str(bad)], capture_output=True, text=True)
    assert run.returncode == 2 and run.stdout == ""
    assert len(run.stderr.strip().splitlines()) == 1 and f"{bad}:2" in run.stderr


# --- which engine ran which shape --------------------------------------------------------

@pytest.fixture(scope="module")
def mixed_shapes(tmp_path_factory) -> Path:
    """The contract plus one shape the fast engine does not compile (a SPARQL-based target)."""
    from aireg import paths

    path = tmp_path_factory.mktemp("mixed") / "shapes.ttl"
    path.write_text(paths.shapes_file().read_text(encoding="utf-8") + """
ash:SparqlTargetShape a sh:NodeShape ;
    sh:target [ a sh:SPARQLTarget ;
        sh:select "SELECT ?this WHERE { ?this a <https://w3id.org/aireg/ont#ExecutiveOrder> }" ] ;
    sh:property [ sh:path aireg:identifier ; sh:minCount 1 ; sh:severity sh:Warning ] .
""", encoding="utf-8")
    return path


@pytest.mark.slow
def test_every_report_says_which_engine_ran_which_shape(mixed_shapes, tmp_path, capsys):
    assert main(["validate", "--shapes-file", str(mixed_shapes)]) == 0
    out = capsys.readouterr().out
    assert any(line.startswith("engine: fast for ") and "pySHACL for 1: ash:SparqlTargetShape (" in line
               and "sh:target" in line for line in out.splitlines())

    assert main(["validate", "--format", "json", "--shapes-file", str(mixed_shapes)]) == 0
    doc = json.loads(capsys.readouterr().out)
    runs = {r["shape"]: r for r in doc["shapes"]}
    assert doc["engine"] == "fast+pyshacl"
    assert runs["https://w3id.org/aireg/shapes#SparqlTargetShape"]["engine"] == "pyshacl"
    assert "sh:target" in runs["https://w3id.org/aireg/shapes#SparqlTargetShape"]["reason"]
    assert runs["https://w3id.org/aireg/shapes#InstrumentShape"] == {
        "shape": "https://w3id.org/aireg/shapes#InstrumentShape", "engine": "fast", "reason": None}
    assert {r["engine"] for r in doc["results"]} == {"fast"}  # only Info results, all from compiled shapes

    assert main(["validate", "--format", "turtle", "--shapes-file", str(mixed_shapes)]) == 0
    from rdflib import Literal, URIRef

    g = Graph().parse(data=capsys.readouterr().out, format="turtle")
    aireg = "https://w3id.org/aireg/ont#"
    by_shape = {g.value(n, URIRef(aireg + "shape")): g.value(n, URIRef(aireg + "shaclEngine"))
                for n in g.objects(None, URIRef(aireg + "validatedBy"))}
    assert by_shape[URIRef("https://w3id.org/aireg/shapes#SparqlTargetShape")] == Literal("pyshacl")
    assert by_shape[URIRef("https://w3id.org/aireg/shapes#InstrumentShape")] == Literal("fast")

    assert main(["validate", "--format", "junit", "--shapes-file", str(mixed_shapes)]) == 0
    root = ET.fromstring(capsys.readouterr().out)
    case = next(c for c in root.iter("testcase") if c.get("name") == "ash:SparqlTargetShape")
    assert "engine: pyshacl (" in case.find("system-out").text
    case = next(c for c in root.iter("testcase") if c.get("name") == "ash:InstrumentShape")
    assert "engine: fast" in case.find("system-out").text


def test_junit_names_a_blank_node_shape_the_same_on_every_run(tmp_path, capsys):
    """A top-level shape written as [] was a testcase named by its random blank-node id (a new test per run)."""
    shapes = tmp_path / "s.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n"
                      "[] a sh:NodeShape ; sh:targetSubjectsOf ex:b ; sh:property [ sh:path ex:b ; sh:maxCount 0 ] .\n",
                      encoding="utf-8")
    data = tmp_path / "d.ttl"
    data.write_text("<http://example.org/a> <http://example.org/b> 1 .\n", encoding="utf-8")
    names = []
    for _ in range(2):
        assert main(["validate", "--format", "junit", "--shapes-file", str(shapes), str(data)]) == 1
        root = ET.fromstring(capsys.readouterr().out)
        names.append([c.get("name") for c in root.iter("testcase")])
    assert names[0] == names[1] == ["[ sh:targetSubjectsOf http://example.org/b ]"]
