"""``owl:imports`` in a shapes file is never silently ignored (both SHACL engines alike).

Before: neither engine followed the import and aireg said nothing, so a shapes file importing
the shapes that the data breaks answered "conforms", exit 0. Now an import the shapes files
given do not hold is refused with its file and line (exit 2), and giving the imported file as a
second ``--shapes-file`` applies its shapes.
"""

from __future__ import annotations

import pytest

from aireg.cli import main

PREFIXES = ("@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n"
            "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n")
DATA = PREFIXES + "ex:a ex:b 1 .\n"
MAIN = PREFIXES + ("<http://example.org/main> a owl:Ontology ;\n"
                   "  owl:imports <http://example.org/extra> .\n"
                   "ex:Passes a sh:NodeShape ; sh:targetSubjectsOf ex:b ;\n"
                   "  sh:property [ sh:path ex:b ; sh:minCount 1 ] .\n")
EXTRA = PREFIXES + ("<http://example.org/extra> a owl:Ontology .\n"
                    "ex:Fails a sh:NodeShape ; sh:targetSubjectsOf ex:b ;\n"
                    "  sh:property [ sh:path ex:b ; sh:minCount 2 ] .\n")


@pytest.fixture
def files(tmp_path):
    out = {}
    for name, text in (("data", DATA), ("main", MAIN), ("extra", EXTRA)):
        out[name] = tmp_path / f"{name}.ttl"
        out[name].write_text(text, encoding="utf-8")
    return out


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_an_import_not_given_is_refused_with_its_line(files, tmp_path, capsys, engine):
    report = tmp_path / "report.json"
    code = main(["validate", "--shacl-engine", engine, "--shapes-file", str(files["main"]), "--format", "json",
                 "-o", str(report), str(files["data"])])
    captured = capsys.readouterr()
    assert code == 2, captured
    err = captured.err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in captured.err, err
    assert err.startswith(f"aireg validate: error: {files['main']}:5: "), err
    assert "owl:imports <http://example.org/extra> is not followed" in err, err
    assert "--shapes-file" in err, err
    assert not report.exists()


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_the_imported_file_given_too_applies_its_shapes(files, capsys, engine):
    code = main(["validate", "--shacl-engine", engine, "--shapes-file", str(files["main"]),
                 "--shapes-file", str(files["extra"]), str(files["data"])])
    out = capsys.readouterr().out
    assert code == 1, out
    assert "Less than 2 values" in out, out  # the imported shape's sh:minCount 2


def test_shapes_check_refuses_an_unread_import_too(files, capsys):
    assert main(["validate", "--shapes", str(files["main"])]) == 2
    assert f"{files['main']}:5: " in capsys.readouterr().err


def test_importing_the_bundled_ontology_is_not_refused(files, tmp_path, capsys):
    shapes = tmp_path / "onto.ttl"
    shapes.write_text(MAIN.replace("http://example.org/extra", "https://w3id.org/aireg/ont"), encoding="utf-8")
    assert main(["validate", "--shapes-file", str(shapes), str(files["data"])]) == 0, capsys.readouterr()


def test_with_several_shapes_files_a_typo_is_named_in_its_own_file(files, tmp_path, capsys):
    typo = tmp_path / "typo.ttl"
    typo.write_text(EXTRA.replace("sh:minCount 2", "sh:minCont 2"), encoding="utf-8")
    assert main(["validate", "--shapes-file", str(files["main"]), "--shapes-file", str(typo), str(files["data"])]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"aireg validate: error: {typo}:6: shapes graph error: sh:minCont"), err


def test_an_import_in_the_data_is_said_not_silently_skipped(tmp_path, capsys):
    data = tmp_path / "data.ttl"
    data.write_text(PREFIXES + "<http://example.org/d> a owl:Ontology ;\n  owl:imports <http://example.org/vocab> .\n"
                    "ex:a ex:b 1 .\n", encoding="utf-8")
    assert main(["validate", str(data)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"aireg validate: warning: {data}:5: owl:imports <http://example.org/vocab> is not followed "
                   "(aireg reads only the files it is given); give the imported file as data if its axioms matter"], err


def test_the_bundled_graph_validates_without_a_warning(capsys):
    assert main(["validate"]) == 0
    assert capsys.readouterr().err == ""
