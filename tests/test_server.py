"""A real Oxigraph server on loopback, queried through aireg.endpoint, and `aireg serve`."""

from __future__ import annotations

import os
import re
import socket
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal

from aireg.endpoint import Endpoint, query_endpoint, user_agent
from aireg.errors import InputError, QueryError
from aireg.load import load_graph
from aireg.server import OxigraphServer, ServerError, free_port
from aireg.sparql import result_difference, run_query
from helpers import SPARQL_JSON, loopback_http, sparql_json
from test_sparql import SAME_ROW_QUERIES

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def local_graphs(sparql_sample_ttl):
    return {
        "rdflib": load_graph([sparql_sample_ttl], engine="rdflib"),
        "oxigraph": load_graph([sparql_sample_ttl], engine="oxigraph"),
    }


@pytest.fixture(scope="module")
def endpoint(sample_oxigraph_server):
    return Endpoint(sample_oxigraph_server.query_url, timeout=10)


def count(result) -> int:
    return int(result.rows[0][0])


# -- the server itself ------------------------------------------------------------


def test_server_starts_answers_and_cleans_up(sparql_sample_ttl):
    with OxigraphServer(sparql_sample_ttl) as srv:
        assert srv.query_url.startswith("http://127.0.0.1:") and srv.query_url.endswith("/query")
        assert srv.update_url == srv.base_url + "/update"
        assert srv.store_url == srv.base_url + "/store"
        store_dir = srv._tmpdir
        pid = srv.pid
        assert store_dir.is_dir()
        assert count(Endpoint(srv.query_url).query(COUNT)) == len(load_graph([sparql_sample_ttl]))
    assert not store_dir.exists()
    assert not srv.running
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_server_refuses_missing_file_and_busy_port(tmp_path, sample_oxigraph_server):
    with pytest.raises(InputError, match="no such file"):
        OxigraphServer(tmp_path / "missing.ttl")
    with pytest.raises(ServerError, match=f"port {sample_oxigraph_server.port} .* already in use"):
        OxigraphServer(port=sample_oxigraph_server.port).start()


def test_server_reports_a_bad_file_in_one_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://a> <http://b> .\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        OxigraphServer(bad).start()
    assert str(err.value).startswith(str(bad)) and "\n" not in str(err.value)


def test_empty_server_starts():
    with OxigraphServer() as srv:
        assert count(Endpoint(srv.query_url).query(COUNT)) == 0


# -- same rows locally and through the endpoint ------------------------------------------


@pytest.mark.parametrize("query, params", SAME_ROW_QUERIES)
def test_same_results_locally_and_on_the_endpoint(local_graphs, endpoint, query, params):
    remote = endpoint.query(query, params)
    for engine, graph in local_graphs.items():
        local = run_query(graph, query, params)
        assert result_difference(local, remote) is None, engine
        assert local.variables == remote.variables


def test_long_query_is_posted_and_answers(local_graphs, endpoint):
    filler = ", ".join(f"<https://w3id.org/aireg/id/unused-{i}>" for i in range(200))
    query = f"SELECT ?s WHERE {{ ?s aireg:sectionCount ?n FILTER(?s NOT IN ({filler})) }}"
    assert len(query) > 6000
    assert result_difference(run_query(local_graphs["rdflib"], query), endpoint.query(query)) is None


def test_injection_attempt_is_a_literal_on_the_endpoint(endpoint):
    before = count(endpoint.query(COUNT))
    evil = '"} ; DROP ALL ; {'
    assert endpoint.query("SELECT ?s WHERE { ?s skos:altLabel ?label }", {"label": evil}).rows == []
    assert endpoint.query("SELECT ?v WHERE { }", {"v": evil}).rows == [(Literal(evil),)]
    assert endpoint.query("SELECT ?v WHERE { }", {"v": "x' } ; DROP ALL ; #"}).rows == [
        (Literal("x' } ; DROP ALL ; #"),)
    ]
    assert count(endpoint.query(COUNT)) == before


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_any_string_is_one_term_on_the_endpoint(local_graphs, endpoint, text):
    """Whatever the user types reaches the endpoint as one term, as it does locally."""
    try:
        local = run_query(local_graphs["rdflib"], "SELECT ?v WHERE { }", {"v": text})
    except QueryError:
        return
    assert endpoint.query("SELECT ?v WHERE { }", {"v": text}).rows == local.rows


@pytest.fixture
def writable_sample_server(sparql_sample_ttl):
    """A server of its own for a test that writes, stopped when the test ends."""
    with OxigraphServer(sparql_sample_ttl) as srv:
        yield srv


def test_endpoint_is_read_only_by_default(writable_sample_server):
    srv = writable_sample_server
    ep = Endpoint(srv.query_url, srv.update_url)
    before = count(ep.query(COUNT))
    with pytest.raises(QueryError, match="refusing SPARQL Update"):
        ep.query("DROP ALL")
    with pytest.raises(QueryError, match="refusing SERVICE"):
        ep.query("SELECT * WHERE { SERVICE <https://dbpedia.org/sparql> { ?s ?p ?o } }")
    assert count(ep.query(COUNT)) == before
    ep.query("INSERT DATA { id:new skos:note 'added' }", allow_update=True)
    assert count(ep.query(COUNT)) == before + 1
    with pytest.raises(QueryError, match="no update URL"):
        Endpoint(srv.query_url).query("DROP ALL", allow_update=True)


# -- one-line errors ---------------------------------------------------------------


def test_unreachable_endpoint_is_one_line():
    url = f"http://127.0.0.1:{free_port()}/sparql"
    with pytest.raises(QueryError) as err:
        query_endpoint(url, "ASK {}", timeout=5)
    assert str(err.value) == f"cannot reach {url}: connection refused"


def test_http_error_is_one_line(sample_oxigraph_server):
    url = sample_oxigraph_server.base_url + "/nowhere"
    with pytest.raises(QueryError) as err:
        query_endpoint(url, "ASK {}")
    assert str(err.value).startswith(f"{url} answered HTTP 404")
    assert "\n" not in str(err.value)


def test_invalid_endpoint_url():
    with pytest.raises(QueryError, match="invalid endpoint URL"):
        Endpoint("ftp://127.0.0.1/sparql")


@pytest.fixture
def silent_server():
    """A loopback socket that accepts connections and never answers."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    accepted = []
    stop = threading.Event()

    def accept():
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
                accepted.append(conn)
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/sparql"
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    sock.close()


def test_timeout_is_one_line(silent_server):
    started = time.monotonic()
    with pytest.raises(QueryError) as err:
        query_endpoint(silent_server, "ASK {}", timeout=1)
    assert time.monotonic() - started < 3
    assert str(err.value) == f"query timed out after 1 s ({silent_server})"


@pytest.fixture
def recording_endpoint():
    """A loopback HTTP endpoint that records requests and answers an empty SELECT."""
    with loopback_http(lambda request: (200, {"Content-Type": SPARQL_JSON}, sparql_json(["s"], []))) as served:
        yield served


def test_requests_carry_user_agent_and_post_when_long(recording_endpoint):
    query_endpoint(recording_endpoint.url, "SELECT ?s WHERE { ?s ?p ?o }")
    long_query = "SELECT ?s WHERE { ?s ?p ?o FILTER(?o != '" + "x" * 3000 + "') }"
    query_endpoint(recording_endpoint.url, long_query)
    seen = recording_endpoint.requests
    assert [request.command for request in seen] == ["GET", "POST"]
    assert all(request.headers.get("User-Agent") == user_agent() for request in seen)
    assert re.fullmatch(r"aireg/\d+\.\d+\.\d+.*", user_agent())
    assert "application/sparql-results+json" in seen[0].headers["Accept"]


# -- `aireg serve` --------------------------------------------------------------


def test_aireg_serve_reports_a_busy_port(sample_oxigraph_server, capsys):
    from aireg.cli import main

    code = main(["serve", "--port", str(sample_oxigraph_server.port), "--graph", str(sample_oxigraph_server.files[0])])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("aireg serve: error: port ") and err.count("\n") == 1


# -- the bundled graph -------------------------------------------------------------


def test_bundled_graph_answers_the_same_through_the_server(oxigraph_server):
    graph = load_graph()
    query = "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY ?type"
    assert result_difference(run_query(graph, query), Endpoint(oxigraph_server.query_url).query(query)) is None
    assert count(Endpoint(oxigraph_server.query_url).query(COUNT)) == len(graph)
