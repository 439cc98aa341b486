"""User SPARQL is read-only: no update, no LOAD, no SERVICE or FROM that reads files or outside hosts.

Runs through ``aireg query`` when that command exists, and always through the
library (``aireg.sparql.prepare_query`` / ``run_query``) on both engines.
"""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

import pytest

from aireg.cli import main
from aireg.errors import QueryError
from aireg.load import load_graph
from aireg.sparql import prepare_query, run_query

SECRET = "TOPSECRET-7f3a"

REFUSED = [
    ("INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }", "refusing SPARQL Update"),
    ("DELETE WHERE { ?s ?p ?o }", "refusing SPARQL Update"),
    ("CLEAR ALL", "refusing SPARQL Update"),
    ("DROP ALL", "refusing SPARQL Update"),
    ("LOAD <{secret}>", "refusing SPARQL Update"),
    ("LOAD <http://127.0.0.1:9/x.ttl> INTO GRAPH <http://example.org/g>", "refusing SPARQL Update"),
    ("SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }", "refusing SERVICE"),
    ("SELECT * WHERE { SERVICE <http://169.254.169.254/latest/meta-data> { ?s ?p ?o } }", "refusing SERVICE"),
    ("SELECT * WHERE { BIND(<http://example.org/x> AS ?svc) SERVICE ?svc { ?s ?p ?o } }", "refusing SERVICE"),
]


@pytest.fixture(scope="module")
def secret_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("secret") / "secret.ttl"
    path.write_text(f'<http://example.org/secret> <http://example.org/p> "{SECRET}" .\n', encoding="utf-8")
    return path


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def small_graph(request, sparql_sample_ttl):
    return load_graph([sparql_sample_ttl], engine=request.param)


@pytest.mark.parametrize("query,message", REFUSED)
def test_library_refuses_writes_and_outside_calls(small_graph, secret_file, query, message):
    query = query.replace("{secret}", secret_file.as_uri())
    before = len(small_graph)
    with pytest.raises(QueryError, match=message) as info:
        run_query(small_graph, query)
    assert "\n" not in str(info.value)
    assert len(small_graph) == before


def test_from_clause_never_reads_a_local_file(small_graph, secret_file):
    for query in (f"SELECT ?o FROM <{secret_file.as_uri()}> WHERE {{ ?s ?p ?o }}",
                  f"SELECT ?o WHERE {{ GRAPH <{secret_file.as_uri()}> {{ ?s ?p ?o }} }}"):
        try:
            result = run_query(small_graph, query)
        except QueryError:
            continue
        assert all(SECRET not in str(v) for row in result.rows for v in row)


def test_prepare_query_alone_refuses(secret_file):
    with pytest.raises(QueryError, match="refusing SPARQL Update"):
        prepare_query(f"LOAD <{secret_file.as_uri()}>")
    with pytest.raises(QueryError, match="refusing SERVICE"):
        prepare_query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    # loopback services stay usable (a local Oxigraph server)
    prepare_query("SELECT * WHERE { SERVICE <http://127.0.0.1:7878/query> { ?s ?p ?o } }")


@pytest.mark.parametrize("query,message", REFUSED[:1] + REFUSED[4:5] + REFUSED[6:7])
def test_cli_query_refuses_writes_and_outside_calls(tmp_path, secret_file, sparql_sample_ttl, query, message):
    rq = tmp_path / "hostile.rq"
    rq.write_text(query.replace("{secret}", secret_file.as_uri()), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(["query", str(rq), str(sparql_sample_ttl)])
        except SystemExit as exit_:
            code = exit_.code
    assert code == 2, (out.getvalue(), err.getvalue())
    assert "Traceback" not in err.getvalue()
    assert len(err.getvalue().strip().splitlines()) == 1
    assert SECRET not in out.getvalue() + err.getvalue()
