"""aireg query --all: every library query in one process, one file each, whole or not at all."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aireg import library, paths
from aireg.commands.query import write_all
from aireg.library import query_names
from helpers import run_cli

MINE_TTL = (
    "@prefix aireg: <https://w3id.org/aireg/ont#> . @prefix odrl: <http://www.w3.org/ns/odrl/2/> .\n"
    "@prefix eli: <http://data.europa.eu/eli/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix ex: <http://example.org/> .\n"
    'ex:law a aireg:Statute ; rdfs:label "Example law"@en ; eli:date_document "2025-01-01"^^xsd:date .\n'
    "ex:sec eli:is_part_of ex:law . ex:t a aireg:Threshold ; aireg:inProvision ex:sec ;\n"
    '  odrl:leftOperand aireg:TrainingCompute ; odrl:operator odrl:gt ; odrl:rightOperand "3e24"^^xsd:double ;\n'
    "  odrl:unit aireg:FloatingPointOperation .\n"
)


def assert_one_line_error(result, *fragments):
    code, out, err = result
    assert code == 2, (code, out, err)
    assert out == ""
    assert err.startswith("aireg query: error: ") and err.count("\n") == 1, err
    for fragment in fragments:
        assert fragment in err, err


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden temporary files included) with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def csv_run(tmp_path_factory):
    """One ``aireg query --all`` run on the bundled graph, default format, in a real process."""
    out = tmp_path_factory.mktemp("all") / "tables"
    proc = subprocess.run([sys.executable, "-m", "aireg.cli", "query", "--all", "-o", str(out)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert proc.stdout == f"wrote {len(query_names())} query files and index.md to {out}\n"
    return out


# --------------------------------------------------------------------------
# What it writes


def test_one_csv_per_library_query_and_an_index(csv_run):
    names = query_names()
    from aireg import paths
    assert len(names) == len(list(paths.queries_dir().glob("*.rq"))) >= 25
    assert sorted(p.name for p in csv_run.iterdir()) == sorted([f"{n}.csv" for n in names] + ["index.md"])


@pytest.mark.parametrize("name", query_names())
def test_each_file_is_what_the_single_query_prints(capsys, csv_run, name):
    code, out, err = run_cli(capsys, "query", name, "-f", "csv")
    assert code == 0 and err == ""
    assert (csv_run / f"{name}.csv").read_bytes() == out.encode("utf-8")


def test_real_answers_in_the_files(csv_run):
    rows = list(csv.reader(io.StringIO((csv_run / "thresholds.csv").read_text(encoding="utf-8"), newline="")))
    assert rows[0][:5] == ["document", "date", "quantity", "operator", "value"]
    assert sorted(r[4] for r in rows[1:]) == ["100", "1e20", "1e23", "1e25", "1e26", "1e26", "1e26", "500000000"]
    signatories = (csv_run / "bletchley-signatories.csv").read_text(encoding="utf-8").splitlines()
    assert len(signatories) == 1 + 29


def test_index_lists_name_title_rows_and_file(csv_run):
    lines = (csv_run / "index.md").read_text(encoding="utf-8").splitlines()
    assert lines[2] == "| name | title | rows | file |"
    body = [line for line in lines[4:] if line.startswith("| ")]
    assert [line.split(" | ")[0][2:] for line in body] == query_names()
    assert ("| thresholds | Compute and network thresholds across instruments and versions | 8 "
            "| [thresholds.csv](thresholds.csv) |") in lines
    assert any(line.startswith("| bletchley-signatories |") and "| 29 |" in line for line in lines)


def test_zh_labels_and_titles(capsys, tmp_path):
    out = tmp_path / "zh"
    code, _, err = run_cli(capsys, "query", "--all", "-o", str(out), "--lang", "zh", "-f", "markdown")
    assert code == 0 and err == ""
    assert "阿拉伯聯合大公國" in (out / "bletchley-signatories.md").read_text(encoding="utf-8")
    index = (out / "index.md").read_text(encoding="utf-8")
    assert "| 名稱 | 標題 | 列數 | 檔案 |" in index
    assert "| thresholds | 各規範文件與版本的運算與網路門檻 | 8 | [thresholds.md](thresholds.md) |" in index
    _, single, _ = run_cli(capsys, "query", "obligations-of-instrument", "--lang", "zh", "-f", "markdown")
    assert (out / "obligations-of-instrument.md").read_text(encoding="utf-8") == single


def test_construct_follows_the_single_query_command(capsys, tmp_path):
    out = tmp_path / "table"
    assert run_cli(capsys, "query", "--all", "-o", str(out), "-f", "table")[0] == 0
    # the aligned-table format prints a CONSTRUCT result as Turtle, so the file is .ttl
    turtle = (out / "instrument-neighbourhood.ttl").read_text(encoding="utf-8")
    assert "id:eo-14110 a aireg:ExecutiveOrder" in turtle
    assert (out / "thresholds.txt").read_text(encoding="utf-8").rstrip().endswith("(8 rows)")
    assert not (out / "instrument-neighbourhood.txt").exists()
    _, single, _ = run_cli(capsys, "query", "instrument-neighbourhood", "-f", "ttl")
    assert turtle == single
    out = tmp_path / "json"
    assert run_cli(capsys, "query", "--all", "-o", str(out), "-f", "json")[0] == 0
    assert (out / "instrument-neighbourhood.jsonld").is_file() and (out / "thresholds.json").is_file()


def test_on_your_own_data_files(capsys, tmp_path):
    mine = tmp_path / "mine.ttl"
    mine.write_text(MINE_TTL, encoding="utf-8")
    out = tmp_path / "mine-out"
    code, _, err = run_cli(capsys, "query", "--all", "-o", str(out), str(mine))
    assert code == 0 and err == ""
    assert [r[4] for r in csv.reader(io.StringIO((out / "thresholds.csv").read_text(encoding="utf-8")))][1:] == ["3e24"]
    assert "| thresholds | Compute and network thresholds across instruments and versions | 1 |" in (
        out / "index.md").read_text(encoding="utf-8")
    assert (out / "bletchley-signatories.csv").read_text(encoding="utf-8").count("\n") == 1  # header only


def test_on_a_real_endpoint_the_files_are_the_same(capsys, tmp_path, csv_run, oxigraph_server):
    out = tmp_path / "remote"
    code, _, err = run_cli(capsys, "query", "--all", "-o", str(out), "--endpoint", oxigraph_server.query_url)
    assert code == 0 and err == ""
    assert snapshot(out) == snapshot(csv_run)


def test_rerun_replaces_files_and_keeps_others(capsys, tmp_path):
    out = tmp_path / "again"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    (out / "thresholds.csv").write_text("stale\n", encoding="utf-8")
    assert run_cli(capsys, "query", "--all", "-o", str(out))[0] == 0
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert (out / "thresholds.csv").read_text(encoding="utf-8").startswith("document,date,")
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


# --------------------------------------------------------------------------
# Errors: one line, exit 2, nothing written


def test_all_needs_an_output_folder(capsys):
    assert_one_line_error(run_cli(capsys, "query", "--all"), "-o DIR")


def test_all_refuses_a_query_name(capsys, tmp_path):
    out = tmp_path / "out"
    assert_one_line_error(run_cli(capsys, "query", "--all", "thresholds", "-o", str(out)),
                          "drop the query name 'thresholds'")
    assert_one_line_error(run_cli(capsys, "query", "--all", "mine.rq", "-o", str(out)), "'mine.rq'")
    assert not out.exists()


def test_all_refuses_params_list_ttl_and_a_file_as_folder(capsys, tmp_path):
    out = tmp_path / "out"
    assert_one_line_error(run_cli(capsys, "query", "--all", "-o", str(out), "-p", "min=1e25"), "--param", "--all")
    assert_one_line_error(run_cli(capsys, "query", "--all", "--list"), "--list or --all")
    assert_one_line_error(run_cli(capsys, "query", "--all", "-o", str(out), "-f", "ttl"), "--format ttl")
    a_file = tmp_path / "file.csv"
    a_file.write_text("x\n", encoding="utf-8")
    assert_one_line_error(run_cli(capsys, "query", "--all", "-o", str(a_file)), "not a folder")
    assert a_file.read_text(encoding="utf-8") == "x\n"
    assert not out.exists()


def test_a_data_file_with_a_syntax_error_names_file_and_line(capsys, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b .\n", encoding="utf-8")
    out = tmp_path / "out"
    assert_one_line_error(run_cli(capsys, "query", "--all", "-o", str(out), str(bad)), f"{bad}:3:", "syntax error")
    assert not out.exists()


def test_a_failing_query_leaves_the_folder_as_it_was(capsys, tmp_path, csv_run, monkeypatch):
    queries = tmp_path / "queries"
    shutil.copytree(paths.queries_dir(), queries)
    (queries / "zz-broken.rq").write_text(
        "# title-en: Broken\n# title-zh: 壞\n# question-en: ?\n# question-zh: ?\n"
        "SELECT ?x WHERE { ?x ?p }\n", encoding="utf-8")
    monkeypatch.setattr(library, "library_dir", lambda: queries)
    out = tmp_path / "out"
    shutil.copytree(csv_run, out)
    (out / "thresholds.csv").write_text("an earlier run\n", encoding="utf-8")
    before = snapshot(out)
    assert_one_line_error(run_cli(capsys, "query", "--all", "-o", str(out)),
                          "query 'zz-broken' failed", "nothing written", "SPARQL syntax error")
    assert snapshot(out) == before
    fresh = tmp_path / "fresh"
    assert_one_line_error(run_cli(capsys, "query", "--all", "-o", str(fresh)), "zz-broken")
    assert not fresh.exists()


def test_an_unreachable_endpoint_writes_nothing(capsys, tmp_path):
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = tmp_path / "out"
    assert_one_line_error(run_cli(capsys, "query", "--all", "-o", str(out), "--endpoint",
                                  f"http://127.0.0.1:{port}/query"), "failed, nothing written", "cannot reach")
    assert not out.exists()


def test_a_write_error_leaves_no_file_behind(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.csv").write_text("old\n", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):  # the second text cannot be written as UTF-8
        write_all(out, [("a.csv", "new\n"), ("b.csv", "bad \ud800\n"), ("c.csv", "c\n")])
    assert snapshot(out) == {"a.csv": b"old\n"}
    write_all(out, [("a.csv", "new\n"), ("b.csv", "b\n")])
    assert snapshot(out) == {"a.csv": b"new\n", "b.csv": b"b\n"}
