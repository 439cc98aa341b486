"""Servers that ask who you are and which graph you mean: HTTP Basic, Digest (Virtuoso's protected
endpoints) and bearer tokens; --default-graph / --named-graph by GET and POST; errors that say
what the server said; and a password that appears in no message, even when given in the URL."""

from __future__ import annotations

import base64
import csv
import io

import pytest

from aireg.cli import main
from aireg.endpoint import Endpoint
from aireg.http import Credentials, body_reason, credentials_for, redact
from conftest import AIREG_GRAPH
from helpers import SPARQL_JSON, loopback_http, sparql_json

NOT_THE_PASSWORD = "pw-not-this-one-42"


def cli(capsys, *args, env=None, monkeypatch=None):
    """Run aireg in-process: (exit code, stdout, stderr)."""
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = exit_.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def password(monkeypatch, virtuoso_server):
    monkeypatch.setenv("AIREG_PASSWORD", virtuoso_server.password)
    monkeypatch.delenv("AIREG_TOKEN", raising=False)
    return virtuoso_server.password


# --------------------------------------------------------------------------
# Virtuoso: digest-protected Graph Store and query endpoints


def test_publish_with_digest_credentials_loads_virtuoso(virtuoso_server, password, sparql_sample_ttl, capsys):
    from aireg.load import load_graph

    target = "https://w3id.org/aireg/graph/test-digest"
    code, out, err = cli(capsys, "publish", "--endpoint", virtuoso_server.auth_store_url, "--graph-iri", target,
                         "--user", virtuoso_server.user, str(sparql_sample_ttl))
    assert code == 0, err
    expected = len(load_graph([sparql_sample_ttl]))
    assert out.startswith(f"sent {expected} triples to {virtuoso_server.auth_store_url}?graph=")
    found = Endpoint(virtuoso_server.query_url, default_graphs=[target]).query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(found.rows[0][0]) == expected
    assert password not in out + err


def test_wrong_or_missing_password_is_one_line_without_the_password(virtuoso_server, monkeypatch, sparql_sample_ttl,
                                                                   capsys):
    monkeypatch.setenv("AIREG_PASSWORD", NOT_THE_PASSWORD)
    code, out, err = cli(capsys, "publish", "--endpoint", virtuoso_server.auth_store_url, "--graph-iri",
                         "https://w3id.org/aireg/graph/x", "--user", virtuoso_server.user, str(sparql_sample_ttl))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "answered HTTP 401" in err and NOT_THE_PASSWORD not in err
    monkeypatch.delenv("AIREG_PASSWORD")
    code, out, err = cli(capsys, "query", "thresholds", "--endpoint", virtuoso_server.auth_query_url,
                         "--user", virtuoso_server.user)
    assert code == 2 and "AIREG_PASSWORD" in err and err.count("\n") == 1


def test_query_through_the_digest_endpoint_gives_the_local_rows(virtuoso_server, password, capsys):
    local = cli(capsys, "query", "thresholds", "-f", "csv")
    remote = cli(capsys, "query", "thresholds", "-f", "csv", "--endpoint", virtuoso_server.auth_query_url,
                 "--user", virtuoso_server.user, "--default-graph", AIREG_GRAPH)
    assert local[0] == remote[0] == 0, remote[2]
    assert local[1] == remote[1]


def test_a_password_in_the_url_is_used_and_never_shown(virtuoso_server, monkeypatch, capsys):
    monkeypatch.delenv("AIREG_PASSWORD", raising=False)
    host = virtuoso_server.auth_query_url.split("//", 1)[1]
    url = f"http://{virtuoso_server.user}:{virtuoso_server.password}@{host}"
    code, out, err = cli(capsys, "query", "signatory-count", "-f", "csv", "--endpoint", url,
                         "--default-graph", AIREG_GRAPH)
    assert code == 0 and "yes" in out, err
    bad = f"http://{virtuoso_server.user}:{NOT_THE_PASSWORD}@{host}"
    for endpoint in (bad, bad.replace(str(virtuoso_server.http_port), "9")):  # refused, then unreachable
        code, out, err = cli(capsys, "query", "thresholds", "--endpoint", endpoint)
        assert code == 2 and err.count("\n") == 1
        assert NOT_THE_PASSWORD not in out + err and virtuoso_server.user + ":" not in err, err
    code, out, err = cli(capsys, "publish", "--endpoint", bad.replace("sparql-auth", "sparql-graph-crud-auth"),
                         "--graph-iri", "https://w3id.org/aireg/graph/x")
    assert code == 2 and NOT_THE_PASSWORD not in out + err


def test_credentials_never_print_themselves():
    creds = Credentials("someone", NOT_THE_PASSWORD, "tok-secret-9")
    assert NOT_THE_PASSWORD not in repr(creds) + str(creds) and "tok-secret-9" not in repr(creds)
    assert redact(f"https://someone:{NOT_THE_PASSWORD}@example.org/sparql?x=1") == "https://example.org/sparql?x=1"
    clean, found = credentials_for(f"http://u:{NOT_THE_PASSWORD}@127.0.0.1:1/q", environ={})
    assert clean == "http://127.0.0.1:1/q" and found.user == "u" and found.password == NOT_THE_PASSWORD
    endpoint = Endpoint(f"http://u:{NOT_THE_PASSWORD}@127.0.0.1:1/q")
    assert NOT_THE_PASSWORD not in repr(endpoint) + endpoint.query_url + repr(vars(endpoint))


# --------------------------------------------------------------------------
# Graph selection, GET and POST alike


@pytest.mark.parametrize("pad", [0, 3000])  # a short query goes by GET, a long one by POST
def test_default_and_named_graph_select_the_graph(virtuoso_server, graph, pad, capsys):
    padding = "# " + "x" * pad + "\n" if pad else ""
    ep = Endpoint(virtuoso_server.query_url, default_graphs=[AIREG_GRAPH])
    assert int(ep.query(padding + "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]) == len(graph)
    named = Endpoint(virtuoso_server.query_url, named_graphs=[AIREG_GRAPH])
    text = padding + "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    assert [(str(g), int(n)) for g, n in named.query(text).rows] == [(AIREG_GRAPH, len(graph))]


def test_query_all_on_virtuoso_writes_what_the_local_graph_gives(virtuoso_server, tmp_path, capsys):
    local, remote = tmp_path / "local", tmp_path / "virtuoso"
    assert cli(capsys, "query", "--all", "-o", str(local))[0] == 0
    code, out, err = cli(capsys, "query", "--all", "-o", str(remote), "--endpoint", virtuoso_server.query_url,
                         "--default-graph", AIREG_GRAPH)
    assert code == 0, err
    for path in sorted(local.glob("*.csv")):
        mine = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        theirs = list(csv.reader(io.StringIO((remote / path.name).read_text(encoding="utf-8"))))
        assert mine[0] == theirs[0] and sorted(mine[1:]) == sorted(theirs[1:]), path.name


def test_graph_options_need_an_endpoint(capsys):
    code, _, err = cli(capsys, "query", "thresholds", "--default-graph", AIREG_GRAPH)
    assert code == 2 and "--endpoint" in err


# --------------------------------------------------------------------------
# Basic and bearer, and what the server said


def _guarded_answer(request):
    """Wants Basic user:pw or the bearer token, and says why in HTML when not."""
    auth = request.headers.get("Authorization", "")
    if auth in ("Basic " + base64.b64encode(b"user:pw-basic-7").decode(), "Bearer tok-abc-123"):
        one = {"n": {"type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}
        return 200, {"Content-Type": SPARQL_JSON}, sparql_json(["n"], [one])
    body = (b"<!DOCTYPE html>\n<html><head><title>401</title><style>p{}</style></head>\n"
            b"<body><h1>Login needed for the aireg dataset</h1><p>details</p></body></html>")
    return 401, {"WWW-Authenticate": 'Basic realm="aireg"', "Content-Type": "text/html"}, body


@pytest.fixture(scope="module")
def guarded():
    """A SPARQL endpoint on 127.0.0.1 behind Basic or bearer authentication: its URL."""
    with loopback_http(_guarded_answer) as served:
        yield served.url


def test_basic_and_bearer_credentials(guarded, monkeypatch, tmp_path, capsys):
    q = tmp_path / "n.rq"
    q.write_text("SELECT ?n WHERE { ?s ?p ?n }\n", encoding="utf-8")
    monkeypatch.delenv("AIREG_TOKEN", raising=False)
    monkeypatch.setenv("AIREG_PASSWORD", "pw-basic-7")
    code, out, err = cli(capsys, "query", str(q), "-f", "csv", "--endpoint", guarded, "--user", "user")
    assert code == 0 and out.splitlines() == ["n", "1"], err
    monkeypatch.delenv("AIREG_PASSWORD")
    monkeypatch.setenv("AIREG_TOKEN", "tok-abc-123")
    code, out, err = cli(capsys, "query", str(q), "-f", "csv", "--endpoint", guarded)
    assert code == 0 and out.splitlines() == ["n", "1"], err
    monkeypatch.setenv("AIREG_TOKEN", "tok-wrong")
    code, out, err = cli(capsys, "query", str(q), "--endpoint", guarded)
    assert code == 2 and err.count("\n") == 1
    assert f"{guarded} answered HTTP 401: Login needed for the aireg dataset" in err
    assert "tok-wrong" not in err and "<!DOCTYPE" not in err


def test_the_servers_reason_from_text_and_html():
    assert body_reason(b"Virtuoso 37000 Error SP030: SPARQL compiler, line 1: syntax error\n\nSPARQL query:\n...",
                       "text/plain") == "Virtuoso 37000 Error SP030: SPARQL compiler, line 1: syntax error"
    page = b"<!DOCTYPE HTML PUBLIC '-//W3C//DTD HTML 4.01//EN'>\n<html><head><title>Error 500</title></head>" \
           b"<body>\n<h3>Query failed</h3><p>because</p></body></html>"
    assert body_reason(page, "text/html") == "Query failed"
    assert body_reason(b"<html><head><title>Bad gateway</title></head><body></body></html>") == "Bad gateway"
