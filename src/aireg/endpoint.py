"""Run the same queries on a remote SPARQL 1.1 endpoint (Fuseki, GraphDB, Oxigraph...).

Results come back in the neutral ``aireg.sparql.QueryResult`` with the same
normalised terms as a local run, so a query gives identical rows here and on
a local graph. Parameters are written into the text as RDF terms by
:mod:`aireg.sparql.binding` (never by pasting user text) and the rewritten
text is checked again; ``BASE`` and the project prefixes are declared for the
endpoint, which knows neither.

SPARQLWrapper builds the protocol request (GET, or POST for long queries,
with ``default-graph-uri`` / ``named-graph-uri``); :mod:`aireg.http` sends it
(credentials, proxies) and turns failures into one line that names the
endpoint without its credentials and says what the server said. SPARQLWrapper's
timeout only bounds each socket operation, so the whole call (connect, send,
wait, read) runs under a wall-clock deadline of its own.
"""

from __future__ import annotations

import http.client
import json
import socket
import urllib.error
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote_plus, urlsplit

from rdflib import BNode, Graph, Literal, URIRef
from SPARQLWrapper import GET, JSON, POST, TURTLE, SPARQLWrapper

from aireg.deadline import DEFAULT_TIMEOUT, call_with_deadline, seconds  # noqa: F401  (part of this module's API)
from aireg.errors import QueryError
from aireg.http import Credentials, credentials_for, http_error, opener, redact
from aireg.sparql import (
    PreparedQuery,
    QueryResult,
    bound_text,
    make_select_result,
    normalize_term,
    prepare_query,
)

# Above this many bytes of URL-encoded query, POST instead of GET (URL limits).
MAX_GET_QUERY = 2000

_RDF_TYPES = {
    "application/n-triples": "nt",
    "text/plain": "nt",
    "text/turtle": "turtle",
    "application/turtle": "turtle",
    "application/x-turtle": "turtle",
    "text/n3": "n3",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


def user_agent() -> str:
    from aireg import __version__

    return f"aireg/{__version__}"


def check_url(url: str, what: str = "endpoint") -> str:
    """Refuse anything but an absolute http(s) URL, with one clear line (never showing a password)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        parts, host = None, None
    if parts is None or parts.scheme not in ("http", "https") or not host:
        raise QueryError(f"invalid {what} URL {redact(url)!r}: expected http://host[:port]/path")
    return url


def _seconds(timeout: float) -> str:
    return seconds(timeout)


def _reason(err: BaseException) -> str:
    """A short human reason for a network failure."""
    if isinstance(err, urllib.error.URLError) and not isinstance(err, urllib.error.HTTPError):
        err = err.reason if isinstance(err.reason, BaseException) else OSError(str(err.reason))
    if isinstance(err, ConnectionRefusedError):
        return "connection refused"
    if isinstance(err, socket.gaierror):
        return "unknown host"
    if isinstance(err, (ConnectionResetError, http.client.RemoteDisconnected, BrokenPipeError)):
        return "connection closed by the server"
    if isinstance(err, OSError) and err.strerror:
        return err.strerror.lower()
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def _is_timeout(err: BaseException) -> bool:
    if isinstance(err, urllib.error.URLError) and isinstance(err.reason, BaseException):
        err = err.reason
    return isinstance(err, (TimeoutError, socket.timeout))


def network_error(url: str, err: BaseException, timeout: float) -> QueryError:
    """One line for a failure to talk to ``url`` (shown without credentials)."""
    if isinstance(err, urllib.error.HTTPError):
        return http_error(url, err)
    if _is_timeout(err):
        return QueryError(f"query timed out after {_seconds(timeout)} ({redact(url)})")
    return QueryError(f"cannot reach {redact(url)}: {_reason(err)}")


def translate_error(err: BaseException, url: str, timeout: float) -> BaseException:
    """The one-line error for a failure raised while talking to ``url`` (or ``err`` itself)."""
    if isinstance(err, (OSError, http.client.HTTPException, urllib.error.URLError)):
        return network_error(url, err, timeout)
    if isinstance(err, ValueError):  # urllib: a URL or an authentication scheme it cannot use
        return QueryError(f"cannot query {redact(url)}: {_reason(err)}")
    return err


def term_from_json(cell: Mapping[str, Any]) -> Any:
    """An rdflib term from one SPARQL 1.1 JSON results binding."""
    kind = cell.get("type")
    value = cell.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        lang = cell.get("xml:lang")
        if lang:
            return Literal(value, lang=lang)
        datatype = cell.get("datatype")
        return Literal(value, datatype=URIRef(datatype) if datatype else None)
    raise QueryError(f"the endpoint returned a {kind!r} value, which aireg does not read (RDF-star?)")


class Endpoint:
    """A remote SPARQL 1.1 endpoint: its query URL and, optionally, its update URL.

    ``credentials`` (see :mod:`aireg.http`; a URL's own ``user:password@`` is
    used too) answer the server's Basic or Digest challenge or are sent as a
    bearer token. ``default_graphs`` / ``named_graphs`` are sent as the
    protocol's ``default-graph-uri`` / ``named-graph-uri`` parameters, by GET
    and POST alike.
    """

    def __init__(self, query_url: str, update_url: str | None = None, *, timeout: float = DEFAULT_TIMEOUT,
                 credentials: Credentials | None = None, default_graphs: Sequence[str] = (),
                 named_graphs: Sequence[str] = ()):
        check_url(query_url)
        if update_url:
            check_url(update_url, "update endpoint")
        self.query_url, from_url = credentials_for(query_url, ask=False) if _has_userinfo(query_url) else (query_url, None)
        self.update_url = redact(update_url) if update_url else None
        self.credentials = credentials or from_url
        if timeout <= 0:
            raise QueryError("timeout must be a positive number of seconds")
        self.timeout = float(timeout)
        self.default_graphs = [_graph_iri(g, "--default-graph") for g in default_graphs]
        self.named_graphs = [_graph_iri(g, "--named-graph") for g in named_graphs]

    def __repr__(self) -> str:
        return f"Endpoint({self.query_url!r})"

    def _wrapper(self, url: str) -> SPARQLWrapper:
        sparql = SPARQLWrapper(url, agent=user_agent())
        sparql.setTimeout(max(1, int(self.timeout + 0.999)))
        sparql.setOnlyConneg(True)
        for iri in self.default_graphs:
            sparql.addParameter("default-graph-uri", iri)
        for iri in self.named_graphs:
            sparql.addParameter("named-graph-uri", iri)
        return sparql

    def _send(self, sparql: SPARQLWrapper, url: str) -> tuple[bytes, str]:
        """Send the request SPARQLWrapper builds through aireg's opener (credentials, proxies)."""
        req = sparql._createRequest()
        if self.credentials is not None and self.credentials.token:
            req.add_unredirected_header("Authorization", f"Bearer {self.credentials.token}")
        with opener(url, self.credentials).open(req, timeout=self.timeout) as response:
            return response.read(), response.headers.get("Content-Type", "")

    def query(
        self,
        query: str | PreparedQuery,
        params: Mapping[str, Any] | None = None,
        *,
        allow_update: bool = False,
        allow_service: bool = False,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Run ``query`` (checked as by ``aireg.sparql.prepare_query``) on the endpoint."""
        prepared = (
            query
            if isinstance(query, PreparedQuery)
            else prepare_query(query, params, allow_update=allow_update, allow_service=allow_service)
        )
        text = bound_text(prepared, declare_prefixes=True)
        if prepared.kind == "UPDATE":
            return self._update(text)
        sparql = self._wrapper(self.query_url)
        sparql.setQuery(text)
        # SPARQLWrapper guesses the form from the text and its comment stripping misses every
        # other line of a comment block, so a word like "added" in a header reads as ADD (an
        # update); the kind is already known from the parse.
        sparql.queryType = prepared.kind
        sparql.setMethod(POST if len(quote_plus(text)) > MAX_GET_QUERY else GET)
        if prepared.kind in ("SELECT", "ASK"):
            sparql.setReturnFormat(JSON)
        else:
            sparql.setReturnFormat(TURTLE)
            sparql.addCustomHttpHeader("Accept", "application/n-triples, text/turtle;q=0.9, */*;q=0.1")
        body, content_type = call_with_deadline(lambda: self._send(sparql, self.query_url), self.timeout,
                                                self.query_url)
        return self._result(prepared, body, content_type, max_rows)

    def _update(self, text: str) -> QueryResult:
        if not self.update_url:
            raise QueryError(f"no update URL given for {self.query_url}; SPARQL Update needs one")
        sparql = self._wrapper(self.update_url)
        sparql.setQuery(text)
        sparql.setMethod(POST)
        call_with_deadline(lambda: self._send(sparql, self.update_url), self.timeout, self.update_url)
        return QueryResult(kind="UPDATE")

    def _result(self, prepared: PreparedQuery, body: bytes, content_type: str,
                max_rows: int | None = None) -> QueryResult:
        mime = content_type.split(";", 1)[0].strip().lower()
        if prepared.kind in ("SELECT", "ASK"):
            try:
                data = json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                raise QueryError(
                    f"{self.query_url} did not answer with SPARQL JSON results (got {mime or 'no content type'})"
                ) from None
            if prepared.kind == "ASK":
                if "boolean" not in data:
                    raise QueryError(f"{self.query_url} answered an ASK query without a boolean")
                return QueryResult(kind="ASK", boolean=bool(data["boolean"]))
            variables = list(data.get("head", {}).get("vars", []))
            bindings = data.get("results", {}).get("bindings", [])
            cut = max_rows is not None and len(bindings) > max_rows
            rows = [{name: term_from_json(cell) for name, cell in binding.items()}
                    for binding in (bindings[:max_rows] if cut else bindings)]
            return make_select_result(prepared, variables, rows, truncated=cut)
        fmt = _RDF_TYPES.get(mime, "turtle")
        graph = Graph()
        try:
            graph.parse(data=body.decode("utf-8"), format=fmt)
        except Exception as err:
            raise QueryError(f"cannot read the graph returned by {self.query_url} as {fmt}: {err}") from None
        triples = [(s, p, normalize_term(o)) for s, p, o in graph]
        cut = max_rows is not None and len(triples) > max_rows
        return QueryResult(kind=prepared.kind, triples=triples[:max_rows] if cut else triples, truncated=cut)


def _has_userinfo(url: str) -> bool:
    try:
        parts = urlsplit(url)
        return parts.username is not None or parts.password is not None
    except ValueError:
        return False


def _graph_iri(iri: str, option: str) -> str:
    from aireg.sparql.params import parse_param

    term = parse_param(iri if iri.startswith("<") else f"<{iri}>", option)
    return str(term)


def query_endpoint(
    url: str,
    query: str,
    params: Mapping[str, Any] | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    update_url: str | None = None,
    allow_update: bool = False,
    allow_service: bool = False,
    credentials: Credentials | None = None,
) -> QueryResult:
    """Run one query on the endpoint at ``url`` (see :class:`Endpoint`)."""
    endpoint = Endpoint(url, update_url, timeout=timeout, credentials=credentials)
    return endpoint.query(query, params, allow_update=allow_update, allow_service=allow_service)


__all__ = ["DEFAULT_TIMEOUT", "Endpoint", "check_url", "query_endpoint", "term_from_json", "user_agent"]
