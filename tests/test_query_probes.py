"""The front door decides from a real parse: spellings that slipped past a lexer are refused,
and nothing is executed to check a query (a server on 127.0.0.1 must receive no request).

The SERVICE IRI names the test server as ``http://2130706433:PORT/`` (127.0.0.1 written
as one number): Oxigraph's HTTP client reaches it, but it is not a loopback name the
check allows, so each probe must be refused and the server must stay silent.
"""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

import pytest

from aireg.cli import main
from aireg.errors import QueryError
from aireg.load import load_graph
from aireg.sparql import prepare_query, run_query
from helpers import SPARQL_JSON, loopback_http, sparql_json

PROBES = [
    "PREFIX ex: <http://example.org/> SELECT * WHERE {{ ?s ex:a\\# ?o . SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "PREFIX ex: <http://example.org/> SELECT * WHERE {{ ?s ex:a\\' ?o . SERVICE <{url}> {{ ?s ?p ?o }} }} #'",
    "SELECT * WHERE {{ ?s ?p true.SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p 1e0.SERVICE <{url}> {{ ?s ?p ?o }} }}",
    'SELECT * WHERE {{ ?s ?p "x"@en.SERVICE <{url}> {{ ?s ?p ?o }} }}',
    "SELECT * WHERE {{ ?a ?p ?b FILTER(?a<?b)SERVICE#>\n <{url}> {{ ?s ?p ?o }} }}",
    "ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ FILTER EXISTS {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    "sElEcT * WhErE {{ sErViCe <{url}> {{ ?s ?p ?o }} }}",
]


@pytest.fixture(scope="module")
def listener():
    """A SPARQL-ish server on 127.0.0.1 that records every request it gets."""
    with loopback_http(lambda request: (200, {"Content-Type": SPARQL_JSON}, sparql_json([], [{}]))) as served:
        yield served


@pytest.fixture(scope="module")
def graphs(sparql_sample_ttl):
    return [load_graph([sparql_sample_ttl], engine=e) for e in ("oxigraph", "rdflib")]


def _url(listener) -> str:
    return f"http://2130706433:{listener.port}/sparql"


def test_the_probe_server_is_reachable_by_oxigraph(listener):
    """Calibration: unchecked, Oxigraph does call the probe's SERVICE (so silence below means refusal)."""
    import pyoxigraph

    listener.requests.clear()
    try:
        bool(pyoxigraph.Store().query(PROBES[6].format(url=_url(listener))))
    except OSError:
        pass
    assert listener.requests, "Oxigraph did not reach the test server: the probes would prove nothing"
    listener.requests.clear()


@pytest.mark.parametrize("probe", PROBES)
def test_probe_is_refused_and_nothing_is_called(listener, graphs, probe, tmp_path, sparql_sample_ttl):
    listener.requests.clear()
    text = probe.format(url=_url(listener))
    with pytest.raises(QueryError) as err:
        prepare_query(text)
    assert "\n" not in str(err.value)
    for graph in graphs:
        with pytest.raises(QueryError):
            run_query(graph, text)
    rq = tmp_path / "probe.rq"
    rq.write_text(text, encoding="utf-8")
    endpoint = f"http://127.0.0.1:{listener.port}/query"
    for args in (["query", str(rq), str(sparql_sample_ttl)], ["query", str(rq), "--endpoint", endpoint]):
        out, errs = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(errs):
            code = main(args)
        assert code == 2 and out.getvalue() == "" and errs.getvalue().count("\n") == 1, errs.getvalue()
    assert listener.requests == [], f"the check let a request through: {listener.requests}"


@pytest.mark.parametrize("update", [
    "LOAD <{url}>", "load silent <{url}> into graph <http://example.org/g>",
    "PREFIX ex: <http://example.org/> INSERT {{ ?s ex:p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "# a comment\nCLEAR ALL", "WITH <http://example.org/g> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
])
def test_updates_are_refused_whatever_the_spelling(listener, graphs, update):
    listener.requests.clear()
    text = update.format(url=_url(listener))
    for graph in graphs:
        before = len(graph)
        with pytest.raises(QueryError, match="refusing SPARQL Update"):
            run_query(graph, text)
        assert len(graph) == before
    assert listener.requests == []


def test_a_value_holding_a_placeholders_text_stays_one_term(graphs):
    """Parameters are written in one pass: a value that spells another parameter's placeholder is text."""
    text = "SELECT ?a ?b WHERE { }"
    evil = '"} SERVICE <http://2130706433:9/> { ?s ?p ?o } #'
    for graph in graphs:
        rows = run_query(graph, text, {"a": '"x <urn:x-aireg-param:b> y"', "b": evil}).rows
        assert [str(t) for t in rows[0]] == ["x <urn:x-aireg-param:b> y", evil]


def test_verdicts_are_kept_between_runs_and_refusals_are_not(tmp_path, monkeypatch, sparql_sample_ttl):
    import json
    import subprocess
    import sys

    monkeypatch.setenv("AIREG_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("AIREG_NO_CACHE", raising=False)
    q = tmp_path / "q.rq"
    q.write_text("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1\n", encoding="utf-8")
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT * WHERE { SERVICE <http://2130706433:9/> { ?s ?p ?o } }\n", encoding="utf-8")
    for path, code in ((q, 0), (q, 0), (bad, 2), (bad, 2)):
        proc = subprocess.run([sys.executable, "-m", "aireg.cli", "query", str(path), str(sparql_sample_ttl)],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == code, proc.stderr
    kept = [json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / "sparql-checks").glob("*.json")]
    assert len(kept) == 1 and kept[0]["kind"] == "SELECT"
