"""Upload a graph to a SPARQL 1.1 Graph Store Protocol endpoint.

Plain urllib, no extra dependency: PUT replaces the target graph, POST adds
to it; the target is the default graph (``?default``) or a named graph
(``?graph=IRI``). The body is N-Triples, which every store reads.
"""

from __future__ import annotations

import urllib.request
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from rdflib import Graph

from aireg.endpoint import DEFAULT_TIMEOUT, call_with_deadline, check_url, user_agent
from aireg.errors import QueryError
from aireg.http import Credentials, credentials_for, opener, redact
from aireg.load import triple_count

NTRIPLES = "application/n-triples"


def target_url(store_url: str, graph_iri: str | None = None) -> str:
    """The Graph Store URL of the default graph or of the named graph ``graph_iri``."""
    check_url(store_url, "graph store")
    parts = urlsplit(store_url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ("default", "graph")]
    if graph_iri:
        parsed = urlsplit(graph_iri)
        if not parsed.scheme or any(c in graph_iri for c in ' <>"{}|^`\\'):
            raise QueryError(f"graph IRI {graph_iri!r} is not an absolute IRI")
        text = urlencode(query + [("graph", graph_iri)])
    else:
        text = urlencode(query) + ("&" if query else "") + "default"
    return urlunsplit((parts.scheme, parts.netloc, parts.path, text, ""))


def _request(url: str, credentials: Credentials | None, **kwargs) -> urllib.request.Request:
    request = urllib.request.Request(url, **kwargs)
    request.add_header("User-Agent", user_agent())
    if credentials is not None and credentials.token:
        request.add_unredirected_header("Authorization", f"Bearer {credentials.token}")
    return request


def _split(store_url: str, credentials: Credentials | None) -> tuple[str, Credentials | None]:
    """The store URL without ``user:password@`` and the credentials to use (given ones first)."""
    check_url(store_url, "graph store")
    if redact(store_url) == store_url:
        return store_url, credentials
    clean, from_url = credentials_for(store_url, ask=False)
    return clean, credentials or from_url


def upload(
    store_url: str,
    graph: Graph,
    *,
    graph_iri: str | None = None,
    replace: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
    credentials: Credentials | None = None,
) -> tuple[int, str]:
    """Send ``graph`` to the Graph Store; returns (triples sent, target URL).

    ``replace`` PUTs (the target graph then holds exactly ``graph``),
    otherwise POSTs (triples are added). HTTP and network failures raise
    ``QueryError`` with one line, which names the URL without credentials.
    ``credentials`` (or the URL's ``user:password@``) answer the server's Basic
    or Digest challenge, or are sent as a bearer token.
    """
    store_url, credentials = _split(store_url, credentials)
    url = target_url(store_url, graph_iri)
    body = graph.serialize(format="nt", encoding="utf-8")
    request = _request(url, credentials, data=body, method="PUT" if replace else "POST",
                       headers={"Content-Type": NTRIPLES})
    http = opener(url, credentials)

    def send() -> int:
        with http.open(request, timeout=timeout) as response:
            response.read()
            return response.status

    call_with_deadline(send, timeout, url)
    return triple_count(graph), url


def download(store_url: str, graph_iri: str | None = None, *, timeout: float = DEFAULT_TIMEOUT,
             credentials: Credentials | None = None) -> Graph:
    """Fetch the default graph (or ``graph_iri``) from the Graph Store."""
    store_url, credentials = _split(store_url, credentials)
    url = target_url(store_url, graph_iri)
    request = _request(url, credentials, headers={"Accept": NTRIPLES})
    http = opener(url, credentials)

    def fetch() -> bytes:
        with http.open(request, timeout=timeout) as response:
            return response.read()

    data = call_with_deadline(fetch, timeout, url)
    graph = Graph()
    graph.parse(data=data.decode("utf-8"), format="nt")
    return graph


__all__ = ["download", "target_url", "upload"]
