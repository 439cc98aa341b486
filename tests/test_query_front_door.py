"""The query front door and the command's limits: headers, parameters only where declared, the base
IRI, error positions in the user's own text, FROM, --timeout over the whole command, --max-rows."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from rdflib import Literal, URIRef

from aireg.errors import QueryError
from aireg.library import parse_header, read_query
from aireg.load import load_graph
from aireg.sparql import QUERY_BASE, prepare_query, run_query
from helpers import run_cli


@pytest.fixture(scope="module")
def graphs(sparql_sample_ttl):
    return [load_graph([sparql_sample_ttl], engine=e) for e in ("oxigraph", "rdflib")]


def test_a_first_comment_line_is_not_a_header_error(tmp_path, capsys):
    q = tmp_path / "note.rq"
    q.write_text("# Note: counts every triple\n# by: me\nSELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n", encoding="utf-8")
    assert parse_header(q.read_text(encoding="utf-8")) == ({}, [])
    code, out, err = run_cli(capsys, "query", str(q), "-f", "csv")
    assert code == 0 and err == "" and out.splitlines()[0] == "n"


def test_lang_is_bound_only_where_the_header_declares_it(tmp_path, capsys):
    q = tmp_path / "langs.rq"
    q.write_text('SELECT ?lang WHERE { VALUES ?lang { "fr" "de" } }\n', encoding="utf-8")
    assert read_query(q).bindings({}, "zh") == {}
    for args in ([], ["--lang", "zh"]):
        code, out, err = run_cli(capsys, "query", str(q), "-f", "csv", *args)
        assert code == 0 and sorted(out.split()[1:]) == ["de", "fr"], (out, err)
    b = tmp_path / "bind.rq"
    b.write_text('SELECT ?lang WHERE { BIND ("en" AS ?lang) }\n', encoding="utf-8")
    code, out, _ = run_cli(capsys, "query", str(b), "-f", "csv")
    assert code == 0 and out.split()[1:] == ["en"]
    code, out, err = run_cli(capsys, "query", str(b), "-p", "lang=zh")
    assert code == 2 and "gives ?lang its own value" in err and err.count("\n") == 1


def test_relative_iris_resolve_against_the_project_base(graphs, oxigraph_server):
    from aireg.endpoint import Endpoint

    text = "SELECT ?i ?o WHERE { BIND (<eo-14110> AS ?i) VALUES ?o { 1 } FILTER (?o IN (1, <x>)) }"
    expected = [(URIRef(QUERY_BASE + "eo-14110"), Literal(1))]
    for graph in graphs:
        assert run_query(graph, text).rows == expected
    assert Endpoint(oxigraph_server.query_url).query(text).rows == expected


def test_syntax_errors_point_into_the_users_own_text(tmp_path, capsys):
    q = tmp_path / "bad.rq"
    q.write_text("# title-en: x\n# a comment\nPREFIX ex: <http://example.org/>\nSELECT ?s\nWHERE { ?s ex:p ?o .\n"
                 "  FILTER (?o >) }\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "query", str(q), "-p", "o=1")
    assert code == 2 and f"{q}:6: SPARQL syntax error (column 3)" in err and err.count("\n") == 1, err


@pytest.mark.parametrize("clause", ["FROM <http://example.org/g>", "FROM NAMED <http://example.org/g>"])
def test_from_is_refused_on_the_local_graph_with_one_line(graphs, clause):
    for graph in graphs:
        with pytest.raises(QueryError, match="the local graph is a single graph") as err:
            run_query(graph, f"SELECT * {clause} WHERE {{ ?s ?p ?o }}")
        assert "\n" not in str(err.value)


def test_from_works_on_a_server(virtuoso_server, graph):
    from aireg.endpoint import Endpoint
    from conftest import AIREG_GRAPH

    found = Endpoint(virtuoso_server.query_url).query(
        f"SELECT (COUNT(*) AS ?n) FROM <{AIREG_GRAPH}> WHERE {{ ?s ?p ?o }}")
    assert int(found.rows[0][0]) == len(graph)


def test_parameters_only_for_variables_the_query_uses():
    with pytest.raises(QueryError, match="no variable \\?x"):
        prepare_query("SELECT ?s WHERE { ?s ?p ?o }", {"x": "1"})


SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i "
        "FILTER (REGEX(CONCAT(STR(?c), STR(?f), STR(?i)), \"^(a|aa)+$\")) }\n")


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_timeout_bounds_the_command_on_every_engine(tmp_path, engine):
    q = tmp_path / "slow.rq"
    q.write_text(SLOW, encoding="utf-8")
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "aireg.cli", "query", str(q), "--engine", engine, "--timeout", "2"],
                          capture_output=True, text=True, timeout=120)
    elapsed = time.monotonic() - started
    assert proc.returncode == 2 and proc.stdout == "", proc.stderr
    assert "timed out after 2 s" in proc.stderr and proc.stderr.count("\n") == 1
    assert elapsed < 15, f"the command took {elapsed:.1f} s with --timeout 2"


def test_max_rows_cuts_tables_and_says_so(capsys):
    code, out, err = run_cli(capsys, "query", "bletchley-signatories", "--max-rows", "5")
    assert code == 0 and "(5 rows)" in out
    assert err == "aireg query: showing the first 5 rows; the answer has more (--max-rows N to change, 0 for all)\n"
    code, out, err = run_cli(capsys, "query", "bletchley-signatories", "-f", "csv")
    assert code == 0 and err == "" and len(out.splitlines()) > 6
    code, out, err = run_cli(capsys, "query", "bletchley-signatories", "--max-rows", "0")
    assert code == 0 and err == ""
    code, _, err = run_cli(capsys, "query", "bletchley-signatories", "--max-rows", "-1")
    assert code == 2 and "--max-rows" in err
