"""`aireg publish`: upload to a real Graph Store (Oxigraph), then query the count back."""

from __future__ import annotations

import pytest

from aireg.cli import main
from aireg.endpoint import Endpoint
from aireg.errors import QueryError
from aireg.graphstore import download, target_url, upload
from aireg.load import load_graph
from aireg.server import OxigraphServer, free_port

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
COUNT_IN = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def count(endpoint: Endpoint, query: str = COUNT, params=None) -> int:
    return int(endpoint.query(query, params).rows[0][0])


@pytest.fixture
def empty_store():
    """A fresh, empty, writable Oxigraph server, stopped when the test ends."""
    with OxigraphServer() as srv:
        yield srv


def test_target_url():
    assert target_url("http://127.0.0.1:7878/store") == "http://127.0.0.1:7878/store?default"
    assert (
        target_url("http://127.0.0.1:7878/store", "https://w3id.org/aireg/graph")
        == "http://127.0.0.1:7878/store?graph=https%3A%2F%2Fw3id.org%2Faireg%2Fgraph"
    )
    assert target_url("http://h/ds/data?x=1") == "http://h/ds/data?x=1&default"
    with pytest.raises(QueryError, match="not an absolute IRI"):
        target_url("http://h/store", "not an iri")


def test_publish_then_query_back_the_count(empty_store, sparql_sample_ttl, capsys):
    expected = len(load_graph([sparql_sample_ttl]))
    ep = Endpoint(empty_store.query_url)
    assert main(["publish", "--endpoint", empty_store.store_url, str(sparql_sample_ttl)]) == 0
    out = capsys.readouterr().out
    assert out == f"sent {expected} triples to {empty_store.store_url}?default (replaced the default graph)\n"
    assert count(ep) == expected
    # replacing again leaves the same graph; appending the same triples adds nothing but blank nodes
    assert main(["publish", "--endpoint", empty_store.store_url, "--replace", str(sparql_sample_ttl)]) == 0
    assert count(ep) == expected
    assert main(["publish", "--endpoint", empty_store.store_url, "--append", str(sparql_sample_ttl)]) == 0
    bnode_triples = 3  # the sample's one blank node is in three triples
    assert count(ep) == expected + bnode_triples
    assert "added to the default graph" in capsys.readouterr().out


def test_publish_to_a_named_graph(empty_store, sparql_sample_ttl, capsys):
    graph_iri = "https://w3id.org/aireg/graph/test"
    ep = Endpoint(empty_store.query_url)
    code = main(["publish", "--endpoint", empty_store.store_url, "--graph-iri", graph_iri, str(sparql_sample_ttl)])
    assert code == 0
    assert f"(replaced named graph <{graph_iri}>)" in capsys.readouterr().out
    expected = len(load_graph([sparql_sample_ttl]))
    assert count(ep, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": f"<{graph_iri}>"}) == expected
    assert count(ep) == 0
    assert len(download(empty_store.store_url, graph_iri)) == expected


def test_upload_function_reports_count_and_target(empty_store, sparql_sample_ttl):
    graph = load_graph([sparql_sample_ttl], engine="rdflib")
    sent, url = upload(empty_store.store_url, graph)
    assert (sent, url) == (len(graph), empty_store.store_url + "?default")
    assert len(download(empty_store.store_url)) == len(graph)


def test_publish_http_failure_is_one_line(sample_oxigraph_server, sparql_sample_ttl, capsys):
    # the sample server is read-only: the Graph Store refuses writes
    code = main(["publish", "--endpoint", sample_oxigraph_server.store_url, str(sparql_sample_ttl)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"aireg publish: error: {sample_oxigraph_server.store_url}?default answered HTTP ")
    assert err.count("\n") == 1


def test_publish_unreachable_is_one_line(sparql_sample_ttl, capsys):
    url = f"http://127.0.0.1:{free_port()}/store"
    code = main(["publish", "--endpoint", url, str(sparql_sample_ttl)])
    assert code == 2
    assert capsys.readouterr().err == f"aireg publish: error: cannot reach {url}?default: connection refused\n"


def test_publish_bad_input_file(tmp_path, capsys):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    code = main(["publish", "--endpoint", "http://127.0.0.1:9/store", str(bad)])
    assert code == 2
    assert capsys.readouterr().err.startswith(f"aireg publish: error: {bad}:2")
