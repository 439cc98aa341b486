"""A data file that holds no triples is said; a run with no data triples at all is refused.

Before: a file of prefixes and comments only (a failed export that wrote its header) validated
"conforms", exit 0, without a word, and ``build`` replaced out/ with an empty graph.
"""

from __future__ import annotations

import pytest

from aireg.cli import main

EMPTY = "@prefix ex: <http://example.org/> .\n# the export stopped here\n"
DATA = "@prefix ex: <http://example.org/> .\nex:a ex:b 1 .\n"
EMPTY_TRIG = "@prefix ex: <http://example.org/> .\nex:g { }\n"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text,name", [(EMPTY, "empty.ttl"), (EMPTY_TRIG, "empty.trig")])
@pytest.mark.parametrize("per_graph", [False, True])
def test_validate_refuses_a_run_with_no_data_triples(tmp_path, capsys, text, name, per_graph):
    empty = write(tmp_path, name, text)
    report = tmp_path / "report.json"
    code = main(["validate", *(["--per-graph"] if per_graph else []), "--format", "json", "-o", str(report),
                 str(empty)])
    captured = capsys.readouterr()
    assert code == 2, captured
    err = captured.err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert err.startswith(f"aireg validate: error: {empty}: holds no triples"), err
    assert "no data to check" in err
    assert not report.exists()


def test_validate_names_an_empty_file_among_data(tmp_path, capsys):
    empty, data = write(tmp_path, "empty.ttl", EMPTY), write(tmp_path, "data.ttl", DATA)
    assert main(["validate", str(empty), str(data)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"aireg validate: warning: {empty}: holds no triples (only prefixes, comments or nothing RDF "
                   "reads as data); nothing in it was checked"], err


def test_several_files_none_with_a_triple_are_refused(tmp_path, capsys):
    a, b = write(tmp_path, "a.ttl", EMPTY), write(tmp_path, "b.ttl", EMPTY)
    assert main(["validate", str(a), str(b)]) == 2
    err = capsys.readouterr().err.strip()
    assert "none of the 2 data files holds a triple" in err and str(a) in err, err


def test_build_refuses_no_triples_and_keeps_the_previous_out(tmp_path, capsys):
    data = write(tmp_path, "data.ttl", DATA)
    out = tmp_path / "out"
    assert main(["build", str(data), "-o", str(out)]) == 0
    before = (out / "aireg.nt").read_bytes()
    capsys.readouterr()
    empty = write(tmp_path, "empty.ttl", EMPTY)
    assert main(["build", str(empty), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"aireg build: error: {empty}: holds no triples") and "no data to build" in err, err
    assert (out / "aireg.nt").read_bytes() == before


def test_build_warns_of_an_empty_file_among_data(tmp_path, capsys):
    empty, data = write(tmp_path, "empty.ttl", EMPTY), write(tmp_path, "data.ttl", DATA)
    assert main(["build", str(empty), str(data), "-o", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert f"aireg build: warning: {empty}: holds no triples" in err, err
