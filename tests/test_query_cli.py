"""aireg query: output formats, the CLI contract (exit 2 and one line on stderr), safe parameters."""

from __future__ import annotations

import csv
import io
import json
import socket
import subprocess
import sys

import pytest
from rdflib.namespace import RDF

from aireg.library import query_names
from aireg.namespaces import AIREG
from aireg.tables import Table, display_width, render_aligned, render_csv, render_markdown, render_tsv
from helpers import run_cli


def assert_one_line_error(code, out, err, *fragments):
    assert code == 2
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("aireg query: error: ")
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, err


# --------------------------------------------------------------------------
# The contract: errors


def test_unknown_query_name(capsys):
    assert_one_line_error(*run_cli(capsys, "query", "thresholdz"), "unknown query 'thresholdz'", "thresholds")


def test_unknown_parameter(capsys):
    assert_one_line_error(*run_cli(capsys, "query", "thresholds", "--param", "minimum=1e25"),
                          "unknown parameter 'minimum'", "min, lang")


def test_malformed_parameter(capsys):
    assert_one_line_error(*run_cli(capsys, "query", "thresholds", "--param", "min"), "expected NAME=VALUE")
    assert_one_line_error(*run_cli(capsys, "query", "thresholds", "-p", "min=1", "-p", "min=2"), "given twice")


def test_bad_query_file(capsys, tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE { ?x ?p }\n", encoding="utf-8")
    # named as every other input error is: FILE:LINE (it said "line 1" without the file)
    assert_one_line_error(*run_cli(capsys, "query", str(bad)), f"{bad}:1: SPARQL syntax error (column 19)")
    header = tmp_path / "header.rq"
    header.write_text("# title: x\nPREFIX ex: <http://e/>\nSELECT * WHERE {\n  ?s ?p\n}\n", encoding="utf-8")
    assert_one_line_error(*run_cli(capsys, "query", str(header)), f"{header}:4: SPARQL syntax error (column 3)")
    for text, needle in (("", "empty query"), ("# title: x\nPREFIX ex: <http://e/>\n", "SPARQL syntax error")):
        bad.write_text(text, encoding="utf-8")
        assert_one_line_error(*run_cli(capsys, "query", str(bad)), f"{bad}: {needle}")


def test_a_query_file_with_a_byte_order_mark_runs(capsys, tmp_path):
    """Windows editors start UTF-8 files with a BOM: it was read as part of the first word (a syntax error)."""
    path = tmp_path / "bom.rq"
    path.write_bytes("\ufeffSELECT ?t WHERE { ?t a <https://w3id.org/aireg/ont#Threshold> }\n".encode())
    code, out, err = run_cli(capsys, "query", str(path), "--format", "csv")
    assert code == 0 and err == "" and out.startswith("t\r\n") and out.count("\n") > 5, (out, err)


def test_a_query_file_of_another_suffix_is_told_how_to_run(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "q.sparql").write_text("ASK {}\n", encoding="utf-8")
    assert_one_line_error(*run_cli(capsys, "query", "q.sparql"), "ends in .rq", "./q.sparql")
    code, out, _ = run_cli(capsys, "query", "./q.sparql", "--format", "csv")
    assert code == 0 and out == "boolean\r\ntrue\r\n"
    update = tmp_path / "update.rq"
    update.write_text("DELETE WHERE { ?s ?p ?o }\n", encoding="utf-8")
    assert_one_line_error(*run_cli(capsys, "query", str(update)), "refusing SPARQL Update")
    assert_one_line_error(*run_cli(capsys, "query", str(tmp_path / "missing.rq")), "no such query file")


def test_bad_option_is_one_line(capsys):
    assert_one_line_error(*run_cli(capsys, "query", "thresholds", "--format", "xml"), "invalid choice")
    assert_one_line_error(*run_cli(capsys, "query", "thresholds", "--lang", "fr"), "invalid choice")
    assert_one_line_error(*run_cli(capsys, "query"), "name a query")


def test_unreachable_endpoint(capsys):
    with socket.socket() as s:  # a port that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert_one_line_error(*run_cli(capsys, "query", "thresholds", "--endpoint", f"http://127.0.0.1:{port}/query"),
                          "cannot reach", "connection refused")
    assert_one_line_error(*run_cli(capsys, "query", "thresholds", "--endpoint", "ftp://example.org/q"),
                          "invalid endpoint URL")


def test_timeout(capsys):
    with socket.socket() as silent:  # accepts connections and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        assert_one_line_error(*run_cli(capsys, "query", "thresholds", "--endpoint", url, "--timeout", "1"),
                              "timed out after 1 s")
    assert_one_line_error(*run_cli(capsys, "query", "thresholds", "--timeout", "0"), "positive")


def test_errors_carry_no_traceback_in_a_real_process():
    proc = subprocess.run([sys.executable, "-m", "aireg.cli", "query", "thresholds", "-p", "nope=1"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "unknown parameter 'nope'" in proc.stderr


# --------------------------------------------------------------------------
# Parameters are bound as terms, never pasted


def test_parameter_values_cannot_change_the_query(capsys, tmp_path):
    # an IRI with characters that would break out of <...>: refused
    assert_one_line_error(*run_cli(capsys, "query", "obligations-of-instrument", "-p",
                                   "instrument=<http://x> } ; DROP ALL ; { <http://y>"), "not a valid IRI")
    # an id parameter takes ids only: text with braces is refused before anything runs
    assert_one_line_error(*run_cli(capsys, "query", "obligations-of-instrument", "-p",
                                   "instrument=x } ; DROP ALL ; {"), "parameter instrument", "not a node id")
    assert_one_line_error(*run_cli(capsys, "query", "obligations-of-instrument", "-p",
                                   'instrument="x\\" } UNION { ?norm ?p ?o } #"'), "parameter instrument", "not a node id")
    assert_one_line_error(*run_cli(capsys, "query", "thresholds", "-p", 'lang="en\\") || true || (\\""', "-f", "csv"),
                          "parameter lang", "use en, zh or zh-Hant")
    # in a file without a header the value stays one plain literal: no rows, nothing run
    adhoc = tmp_path / "norms.rq"
    adhoc.write_text("SELECT ?norm WHERE { ?norm <https://w3id.org/aireg/ont#imposedBy> ?instrument }\n")
    code, out, err = run_cli(capsys, "query", str(adhoc), "-p", "instrument=x } ; DROP ALL ; {")
    assert code == 0 and err == "" and out.strip().endswith("(0 rows)")


# --------------------------------------------------------------------------
# Parameters are typed by the query header


@pytest.mark.parametrize("value,words", [
    ("2024-13-01", ["parameter date", "2024-13-01", "not a calendar date", "YYYY-MM-DD or today"]),
    ("2023-02-29", ["parameter date", "not a calendar date"]),
    ("yesterday", ["parameter date", "not a date"]),
    ("1e25", ["parameter date", "not a date"]),
])
def test_impossible_dates_exit_2(capsys, value, words):
    assert_one_line_error(*run_cli(capsys, "query", "in-force-on", "-p", f"date={value}"), *words)


def test_today_is_a_date(capsys):
    import datetime as dt

    code, today, err = run_cli(capsys, "query", "in-force-on", "-p", "date=today", "-f", "csv")
    _, dated, _ = run_cli(capsys, "query", "in-force-on", "-p", f"date={dt.date.today().isoformat()}", "-f", "csv")
    assert code == 0 and err == "" and today == dated and "eu-ai-act" in today


def test_ids_bare_or_prefixed_give_the_same_rows(capsys):
    _, bare, _ = run_cli(capsys, "query", "sources-of-node", "-p", "node=eo-14110-thr-training-1e26", "-f", "csv")
    _, pref, _ = run_cli(capsys, "query", "sources-of-node", "-p", "node=id:eo-14110-thr-training-1e26", "-f", "csv")
    assert bare == pref and "使用大於 10 的 26 次方" in bare


@pytest.mark.parametrize("value", ["id:eo-14110-thr-training-1e2", "eo-14110-thr-training-1e2"])
def test_unknown_id_names_the_nearest(capsys, value):
    assert_one_line_error(*run_cli(capsys, "query", "sources-of-node", "-p", f"node={value}"),
                          "parameter node", "no node id:eo-14110-thr-training-1e2 in the graph",
                          "nearest: id:eo-14110-thr-training-1e26")


def test_numbers_and_languages_are_checked(capsys):
    assert_one_line_error(*run_cli(capsys, "query", "thresholds", "-p", "min=big"), "parameter min", "not a number")
    assert_one_line_error(*run_cli(capsys, "query", "thresholds", "-p", "lang=fr"), "parameter lang", "en, zh")


def test_lang_option_and_lang_parameter(capsys):
    _, out_zh, _ = run_cli(capsys, "query", "signatory-count", "--lang", "zh", "-f", "csv")
    _, out_param, _ = run_cli(capsys, "query", "signatory-count", "-p", "lang=zh-Hant", "-f", "csv")
    assert out_zh == out_param and "布萊切利宣言" in out_zh


# --------------------------------------------------------------------------
# Output


def test_list_names_every_query_with_its_title(capsys):
    code, out, _ = run_cli(capsys, "query", "--list")
    assert code == 0
    for name in query_names():
        assert name in out
    assert "Compute and network thresholds" in out
    code, out, _ = run_cli(capsys, "query", "--list", "--lang", "zh", "--format", "json")
    data = json.loads(out)
    assert {d["name"] for d in data} == set(query_names())
    thresholds = [d for d in data if d["name"] == "thresholds"][0]
    assert thresholds["title"] == "各規範文件與版本的運算與網路門檻"
    assert [p["name"] for p in thresholds["params"]] == ["min", "lang"]


def test_formats(capsys, tmp_path, graph):
    code, out, _ = run_cli(capsys, "query", "thresholds", "-p", "min=1e25", "-f", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:5] == ["document", "date", "quantity", "operator", "value"]
    # largest first, none below the minimum: California SB 53's and EO 14110's two 1e26, the AI Act's 1e25
    values = [float(r[4]) for r in rows[1:]]
    assert values == sorted(values, reverse=True) and min(values) >= 1e25
    ids = [r[-1].rsplit("/", 1)[1] for r in rows[1:]]
    assert {"ca-sb53-thr-frontier-1e26", "eo-14110-thr-iaas-1e26", "eo-14110-thr-training-1e26",
            "eu-2024-thr-gpai-systemic-risk"} <= set(ids)
    assert ids.index("eu-2024-thr-gpai-systemic-risk") > ids.index("eo-14110-thr-training-1e26")
    code, out, _ = run_cli(capsys, "query", "thresholds", "-f", "json")
    data = json.loads(out)
    first = data["results"]["bindings"][0]
    assert first["value"]["datatype"] == "http://www.w3.org/2001/XMLSchema#double"
    assert float(first["value"]["value"]) == 1e26
    assert first["document"]["xml:lang"] == "en"
    code, out, _ = run_cli(capsys, "query", "thresholds", "-f", "tsv")
    thresholds = set(graph.subjects(RDF.type, AIREG.Threshold))  # one row per threshold of the graph
    assert out.splitlines()[0].split("\t")[0] == "document" and len(out.splitlines()) == 1 + len(thresholds)
    code, out, _ = run_cli(capsys, "query", "instrument-neighbourhood", "-f", "ttl")
    assert "id:eo-14110 a aireg:ExecutiveOrder" in out
    code, out, err = run_cli(capsys, "query", "thresholds", "-f", "ttl")
    assert code == 2 and "CONSTRUCT" in err
    target = tmp_path / "out" / "t.md"
    assert run_cli(capsys, "query", "thresholds", "-f", "markdown", "-o", str(target))[0] == 0
    assert target.read_text(encoding="utf-8").startswith("| document | date |")
    code, out, _ = run_cli(capsys, "query", "thresholds", "-f", "html", "--lang", "zh")
    assert '<html lang="zh-Hant">' in out and "&gt;" in out


def test_table_aligns_wide_characters(capsys):
    import re

    code, out, _ = run_cli(capsys, "query", "bletchley-signatories", "--lang", "zh", "--max-width", "0")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2 + 29 + 1
    # the second column starts at the same display column on every line, Chinese names counting 2 per character
    starts = set()
    for line in [lines[0]] + lines[2:-1]:
        second = re.search(r"\S  +(\S)", line).start(1)
        starts.add(display_width(line[:second]))
    assert len(starts) == 1
    assert starts == {display_width("阿拉伯聯合大公國") + 2}


def test_writers_escape_everything():
    evil = "a\x1b[31m|b\u202e<script>=1"
    t = Table(["col|x", "n"], [[evil, "=SUM(A1)"], ["line\nbreak\ttab", "-5"]])
    aligned = render_aligned(t)
    assert "\x1b" not in aligned and "\\x1b" in aligned and "\u202e" not in aligned
    csv_text = render_csv(t)
    assert "'=SUM(A1)" in csv_text and ",-5" in csv_text
    tsv = render_tsv(t)
    assert "line\\nbreak\\ttab" in tsv and tsv.count("\n") == 3
    md = render_markdown(t)
    assert "col\\|x" in md and "&lt;script&gt;" in md and "<br>" in md and "\x1b" not in md
    from aireg.tables import render_html

    page = render_html(t)
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_control_characters_from_the_data_are_escaped_in_the_table(capsys, tmp_path):
    q = tmp_path / "evil.rq"
    q.write_text('SELECT ?x WHERE { VALUES ?x { "red\\u001b[31m text" } }\n', encoding="utf-8")
    code, out, _ = run_cli(capsys, "query", str(q))
    assert code == 0 and "\x1b" not in out and "red\\x1b[31m text" in out


def test_ad_hoc_query_file_takes_params_but_not_lang(capsys, tmp_path):
    q = tmp_path / "mine.rq"
    q.write_text("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                 "SELECT ?label WHERE { ?x rdfs:label ?label FILTER (LANGMATCHES(LANG(?label), ?lang)) }\n",
                 encoding="utf-8")
    code, out, _ = run_cli(capsys, "query", str(q), "-p", "x=id:eo-14110", "-p", "lang=zh-Hant", "-f", "csv")
    assert code == 0 and out.splitlines()[1:] == ["AI 行政命令（第 14110 號行政命令）"]
    # without a header, --lang binds nothing: ?lang stays the query's own (here never bound: no rows)
    code, out, _ = run_cli(capsys, "query", str(q), "-p", "x=id:eo-14110", "--lang", "zh", "-f", "csv")
    assert code == 0 and out.splitlines() == ["label"]


def test_query_on_your_own_data_files(capsys, tmp_path):
    mine = tmp_path / "mine.ttl"
    mine.write_text(
        "@prefix aireg: <https://w3id.org/aireg/ont#> . @prefix odrl: <http://www.w3.org/ns/odrl/2/> .\n"
        "@prefix eli: <http://data.europa.eu/eli/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix ex: <http://example.org/> .\n"
        'ex:law a aireg:Statute ; rdfs:label "Example law"@en ; eli:date_document "2025-01-01"^^xsd:date .\n'
        'ex:sec eli:is_part_of ex:law . ex:t a aireg:Threshold ; aireg:inProvision ex:sec ;\n'
        '  odrl:leftOperand aireg:TrainingCompute ; odrl:operator odrl:gt ; odrl:rightOperand "3e24"^^xsd:double ;\n'
        "  odrl:unit aireg:FloatingPointOperation .\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "query", "thresholds", str(mine), "-f", "csv")
    assert code == 0 and [r[4] for r in csv.reader(io.StringIO(out))][1:] == ["3e24"]
    code, out, err = run_cli(capsys, "query", "thresholds", str(tmp_path / "none.ttl"))
    assert code == 2 and err.count("\n") == 1 and "none.ttl" in err
    code, out, err = run_cli(capsys, "query", "thresholds", str(mine), "--endpoint", "http://127.0.0.1:9/q")
    assert code == 2 and "not both" in err


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_engines_and_endpoint_print_the_same_table(capsys, engine, oxigraph_server):
    local = run_cli(capsys, "query", "obligations-of-instrument", "--lang", "zh", "--engine", engine)
    remote = run_cli(capsys, "query", "obligations-of-instrument", "--lang", "zh",
                     "--endpoint", oxigraph_server.query_url)
    assert local[0] == remote[0] == 0
    assert local[1] == remote[1]
    assert "2024-07-26" in local[1] and "2024-01-28" in local[1]


# --------------------------------------------------------------------------
# Column headers a person reads: the query header's columns-zh


def test_every_library_query_heads_its_columns_in_chinese(graph):
    from aireg.library import list_queries
    from aireg.sparql import run_query

    for query in list_queries():
        result = run_query(graph, query.text, query.bindings({}, "zh"))
        if result.kind != "SELECT":
            continue
        labels = query.column_labels("zh")
        missing = [v for v in result.variables if v not in labels]
        assert not missing, f"{query.name}: no columns-zh label for {missing}"
        assert not set(labels) - set(result.variables), f"{query.name}: labels for unknown columns"
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in labels[v]) for v in result.variables), query.name


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_zh_tables_have_chinese_headers(capsys, fmt):
    code, out, err = run_cli(capsys, "query", "obligations-of-instrument", "--lang", "zh", "-f", fmt)
    assert code == 0 and err == ""
    head = next(line for line in out.splitlines() if "條文" in line)
    for label in ("條文", "義務主體", "期限（日）", "到期日"):
        assert label in head
    assert "deadlineDays" not in out
    _, en, _ = run_cli(capsys, "query", "obligations-of-instrument", "-f", "csv")
    assert en.splitlines()[0].startswith("provision,") and ",addressee," in en.splitlines()[0]


def test_malformed_column_labels_are_refused(tmp_path):
    from aireg.errors import InputError
    from aireg.library import read_query

    bad = tmp_path / "bad.rq"
    bad.write_text("# title-en: t\n# columns-zh: a 義務\nSELECT ?a WHERE { ?a ?b ?c }\n", encoding="utf-8")
    with pytest.raises(InputError, match="columns-zh"):
        read_query(bad)
