"""``aireg query`` on pyoxigraph alone: a bare store, light terms, no rdflib, no oxrdflib.

The reference path imports rdflib and oxrdflib (about 0.15 s) and builds an
rdflib graph around the store; a researcher running one query from a shell
pays that on every call. :class:`FastRunner` has the interface the command
uses of :class:`aireg.library.Runner` (``bind``, ``run``, ``graph``,
``timeout``, ``where``) and answers from a bare pyoxigraph store:

* the bundled graph from the snapshot ``aireg build`` left (:mod:`aireg.snapshot`,
  about 13 ms to load) when it is current, else from the sources, and any
  ``DATA`` files with the bundled ontology, read by the same reader and
  checks as the reference path (:func:`aireg.load.load_store`: the same
  triples, the same one-line errors naming file and line);
* parameters are bound as light terms (:mod:`aireg.lightterms`); a literal
  whose rdflib spelling is not known here is bound as the rdflib term;
* every text still passes the front door (:func:`aireg.sparql.prepare_query`):
  its verdict comes from the verdict cache, and a text never checked before
  is parsed by rdflib then (once, kept in the cache);
* answers are light terms, rendered by :mod:`aireg.tables` byte for byte as
  the rdflib path renders them; a CONSTRUCT or DESCRIBE answer becomes an
  rdflib graph when it is written (rdflib writes the Turtle and JSON-LD).

:func:`eligible` says when it serves: the default engine (oxigraph), no
``--endpoint`` (and so no ``--user`` or graph selection).
``AIREG_NO_SNAPSHOT=1`` always takes the reference path, which gives the same output.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from aireg.errors import QueryError

WHERE = "the bundled graph"


def eligible(*, engine: str | None, endpoint: str | None, user: Any = None,
             default_graphs: Any = (), named_graphs: Any = (), timeout: float | None = None) -> bool:
    """Whether these options ask for a local graph on Oxigraph, which a bare store can answer.

    Options that the reference path refuses (``--user`` without an endpoint, a
    timeout of zero) are left to it, so that its messages stay the only ones.
    """
    if os.environ.get("AIREG_NO_SNAPSHOT", "") not in ("", "0"):
        return False
    chosen = engine or os.environ.get("AIREG_ENGINE", "oxigraph")
    return (chosen == "oxigraph" and not endpoint and not user and not default_graphs
            and not named_graphs and (timeout is None or timeout > 0))


def runner_for(timeout: float | None = None, max_rows: int | None = None, files: Any = None) -> FastRunner | None:
    """A FastRunner on the current snapshot, else on the sources (or on the ontology and ``files``).

    None only when the bundled folders cannot be found: the reference path then says what is wrong.
    """
    from aireg import paths, snapshot

    try:
        if files:
            return FastRunner(sources=[paths.ontology_file(), *files], timeout=timeout, max_rows=max_rows)
        data = snapshot.current()
        sources = None if data is not None else paths.bundled_files()
    except QueryError:
        raise
    except Exception:  # no bundled folder found, an unreadable out/: the reference path says what is wrong
        return None
    return FastRunner(data, sources=sources, timeout=timeout, max_rows=max_rows)


class FastRunner:
    """Queries on a bare pyoxigraph store (the snapshot's ``data``, or ``sources`` read into it),
    with the interface of :class:`aireg.library.Runner`; ``from_snapshot`` says which."""

    endpoint = None
    where = WHERE

    def __init__(self, data: bytes | None = None, *, sources: Any = None, timeout: float | None = None,
                 max_rows: int | None = None):
        from aireg.deadline import DEFAULT_TIMEOUT

        self.timeout = float(timeout) if timeout is not None else DEFAULT_TIMEOUT
        self.max_rows = max_rows
        self.from_snapshot = sources is None
        self._data = data
        self._sources = sources
        self._store: tuple[Any, dict[str, Any]] | None = None

    def store(self) -> tuple[Any, dict[str, Any]]:
        """The loaded store and the options that select its graph (loaded on first use)."""
        if self._store is None:
            if self._sources is None:
                from aireg import snapshot

                self._store = snapshot.load(self._data or b"")
                self._data = b""
            else:
                from aireg.load import load_store

                self._store = load_store(self._sources)
        return self._store

    graph = store  # Runner.graph() loads; so does this

    def run(self, query: Any, bindings: Mapping[str, Any] | None = None):
        """The :class:`aireg.sparql.result.QueryResult` of one query (a LibraryQuery or a text)."""
        from aireg.lightterms import LightTerms
        from aireg.sparql.check import prepare_query
        from aireg.sparql.local import run_on_store

        text = query if isinstance(query, str) else query.text
        prepared = prepare_query(text, _bindable(bindings or {}), light=True)
        store, options = self.store()
        return run_on_store(store, options, prepared, max_rows=self.max_rows, terms=LightTerms)

    def bind(self, query: Any, values: Mapping[str, str] | None = None, lang: str | None = None) -> dict[str, Any]:
        """The query's bindings as light terms, each given id checked against the graph."""
        from aireg.params import check_nodes

        bindings = query.light_bindings(values, lang)
        check_nodes(query.given_nodes(values, bindings), self.node_exists, self.subject_iris)
        return bindings

    def node_exists(self, iri: Any) -> bool:
        """Whether ``iri`` is the subject or object of a triple of the graph."""
        import pyoxigraph as ox

        store, options = self.store()
        node, graph = ox.NamedNode(str(iri)), options["default_graph"]
        return (next(iter(store.quads_for_pattern(node, None, None, graph)), None) is not None
                or next(iter(store.quads_for_pattern(None, None, node, graph)), None) is not None)

    def subject_iris(self) -> list[str]:
        """Every IRI that is the subject of a triple: the candidates for a misspelt id."""
        import pyoxigraph as ox

        store, options = self.store()
        seen: dict[str, None] = {}
        for quad in store.quads_for_pattern(None, None, None, options["default_graph"]):
            if type(quad.subject) is ox.NamedNode:
                seen[quad.subject.value] = None
        return list(seen)


def _bindable(bindings: Mapping[str, Any]) -> dict[str, Any]:
    """Light terms as they are; a literal whose rdflib spelling is unknown here as the rdflib term."""
    from aireg.lightterms import is_exact, to_rdflib

    return {name: term if is_exact(term) else to_rdflib(term) for name, term in bindings.items()}


__all__ = ["FastRunner", "eligible", "runner_for"]
