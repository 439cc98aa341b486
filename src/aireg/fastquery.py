"""``aireg query NAME`` on pyoxigraph alone: the bundled graph from the build's snapshot, no rdflib.

The reference path imports rdflib and oxrdflib (about 0.15 s) and parses the
sources on every call; a researcher running one query from a shell pays that
each time. :class:`FastRunner` has the interface the command uses of
:class:`aireg.library.Runner` (``bind``, ``run``, ``timeout``, ``where``)
and answers from the pyoxigraph store that :mod:`aireg.snapshot` loads:

* parameters are bound as light terms (:mod:`aireg.lightterms`); a literal
  whose rdflib spelling is not known here is bound as the rdflib term;
* every text still passes the front door (:func:`aireg.sparql.prepare_query`):
  its verdict comes from the verdict cache, and a text never checked before
  is parsed by rdflib then (once, kept in the cache);
* answers are light terms, rendered by :mod:`aireg.tables` byte for byte as
  the rdflib path renders them; a CONSTRUCT or DESCRIBE answer becomes an
  rdflib graph when it is written (rdflib writes the Turtle and JSON-LD),
  still without parsing the sources.

:func:`runner_for` gives a FastRunner only for the bundled graph on the
default engine (no endpoint, no data files, no ``--engine rdflib``) when the
snapshot is current; otherwise None, and the caller uses the reference path
(sources parsed, rdflib terms), which gives the same output.
``AIREG_NO_SNAPSHOT=1`` always takes the reference path.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from aireg.errors import QueryError

WHERE = "the bundled graph"


def eligible(*, engine: str | None, endpoint: str | None, files: Any, user: Any = None,
             default_graphs: Any = (), named_graphs: Any = (), timeout: float | None = None) -> bool:
    """Whether these options ask for the bundled graph on Oxigraph, which the snapshot can answer.

    Options that the reference path refuses (``--user`` without an endpoint, a
    timeout of zero) are left to it, so that its messages stay the only ones.
    """
    if os.environ.get("AIREG_NO_SNAPSHOT", "") not in ("", "0"):
        return False
    chosen = engine or os.environ.get("AIREG_ENGINE", "oxigraph")
    return (chosen == "oxigraph" and not endpoint and not files and not user and not default_graphs
            and not named_graphs and (timeout is None or timeout > 0))


def runner_for(timeout: float | None = None, max_rows: int | None = None) -> FastRunner | None:
    """A FastRunner on the current snapshot, or None (no build, or the sources changed since)."""
    from aireg import snapshot

    try:
        data = snapshot.current()
    except QueryError:
        raise
    except Exception:  # no bundled folder found, an unreadable out/: the reference path says what is wrong
        return None
    if data is None:
        return None
    return FastRunner(data, timeout=timeout, max_rows=max_rows)


class FastRunner:
    """Queries on the snapshot's pyoxigraph store, with the interface of :class:`aireg.library.Runner`."""

    endpoint = None
    where = WHERE

    def __init__(self, data: bytes, *, timeout: float | None = None, max_rows: int | None = None):
        from aireg.deadline import DEFAULT_TIMEOUT

        self.timeout = float(timeout) if timeout is not None else DEFAULT_TIMEOUT
        self.max_rows = max_rows
        self._data = data
        self._store: tuple[Any, dict[str, Any]] | None = None

    def store(self) -> tuple[Any, dict[str, Any]]:
        """The loaded store and the options that select its graph (loaded on first use)."""
        if self._store is None:
            from aireg import snapshot

            self._store = snapshot.load(self._data)
            self._data = b""
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
