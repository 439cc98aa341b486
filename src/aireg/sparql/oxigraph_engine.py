"""Queries on a pyoxigraph store, through pyoxigraph's public API.

A graph made by :func:`new_graph` is an rdflib ``Graph`` on oxrdflib's
``OxigraphStore`` around a ``pyoxigraph.Store`` that this module created and
remembers, so queries go straight to that store (no oxrdflib internals):
the graph's own named graph is the query's default graph, the project
prefixes are passed to Oxigraph's parser, relative IRIs resolve against
:data:`aireg.sparql.check.QUERY_BASE`, and each distinct term of the answer
is converted to a normalised rdflib term once (:class:`aireg.terms.OxigraphTerms`).
"""

from __future__ import annotations

import weakref
from itertools import islice
from typing import TYPE_CHECKING, Any

from aireg.errors import QueryError
from aireg.sparql.check import QUERY_BASE, PreparedQuery, first_line
from aireg.sparql.result import QueryResult, select_variables

if TYPE_CHECKING:
    from rdflib import Graph

_STORES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # OxigraphStore -> pyoxigraph.Store


def new_graph(identifier=None) -> Graph:
    """An empty rdflib Graph on a pyoxigraph store that aireg can query directly."""
    import pyoxigraph
    from oxrdflib import OxigraphStore
    from rdflib import Graph

    inner = pyoxigraph.Store()
    store = OxigraphStore(store=inner)
    _STORES[store] = inner
    _count_writes(store)
    return Graph(store=store, identifier=identifier)


_WRITES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # OxigraphStore -> writes through rdflib
_WRITING_METHODS = ("add", "addN", "remove", "update", "add_graph", "remove_graph")


def _count_writes(store) -> None:
    """Count every change made through the store's rdflib API (add, remove, a SPARQL update...).

    What was loaded from files can be read again as the files wrote it only while
    nothing has changed the store since; a change that keeps the number of
    triples (a DELETE/INSERT of one value) is seen here, where a count is not.
    """
    _WRITES[store] = 0
    for name in _WRITING_METHODS:
        method = getattr(store, name)

        def counted(*args, _method=method, **kwargs):
            _WRITES[store] = _WRITES.get(store, 0) + 1
            return _method(*args, **kwargs)

        setattr(store, name, counted)


def writes(graph: Graph) -> int | None:
    """How many times ``graph``'s store was changed through rdflib; None for a store not made here."""
    try:
        return _WRITES.get(graph.store)
    except TypeError:
        return None


def store_of(graph: Graph) -> tuple[Any, dict[str, Any]] | None:
    """The pyoxigraph store under ``graph`` and the query options that select the graph in it.

    None for a graph this module did not make (it is then queried through rdflib's API).
    """
    try:
        inner = _STORES.get(graph.store)
    except TypeError:
        return None
    if inner is None:
        return None
    import pyoxigraph
    from rdflib import BNode

    if getattr(graph, "default_union", False):
        return inner, {"use_default_graph_as_union": True}
    ident = graph.identifier
    name = pyoxigraph.BlankNode(str(ident)) if isinstance(ident, BNode) else pyoxigraph.NamedNode(str(ident))
    return inner, {"default_graph": name}


def is_oxigraph(graph: Graph) -> bool:
    """True if the graph sits on an Oxigraph store (oxrdflib)."""
    return type(graph.store).__name__ == "OxigraphStore"


_PROJECT_PREFIXES: dict[str, str] | None = None


def _prefixes() -> dict[str, str]:
    global _PROJECT_PREFIXES
    if _PROJECT_PREFIXES is None:
        from aireg.prefixes import PREFIX_IRIS

        _PROJECT_PREFIXES = dict(PREFIX_IRIS)
    return _PROJECT_PREFIXES


def run(store: Any, options: dict[str, Any], prepared: PreparedQuery, text: str,
        max_rows: int | None = None, terms: type | None = None) -> QueryResult:
    """Run the bound ``text`` of ``prepared`` on ``store``; at most ``max_rows`` rows are read.

    ``terms`` converts the answer's terms (default :class:`aireg.terms.OxigraphTerms`,
    rdflib terms; :class:`aireg.lightterms.LightTerms` gives the same values without rdflib).
    """
    if terms is None:
        from aireg.terms import OxigraphTerms as terms

    try:
        result = store.query(text, base_iri=QUERY_BASE, prefixes=_prefixes(), **options)
    except SyntaxError as err:  # rdflib's parser accepted the text, Oxigraph's does not
        raise QueryError(f"Oxigraph cannot read this query: {first_line(err)}") from None
    if prepared.kind == "ASK":
        return QueryResult(kind="ASK", boolean=bool(result))
    term = terms().__getitem__
    limit = None if max_rows is None else max_rows + 1
    if prepared.kind in ("CONSTRUCT", "DESCRIBE"):
        triples = [(term(t.subject), term(t.predicate), term(t.object)) for t in islice(result, limit)]
        cut = max_rows is not None and len(triples) > max_rows
        return QueryResult(kind=prepared.kind, triples=triples[:max_rows] if cut else triples, truncated=cut)
    engine_vars = [v.value for v in result.variables]
    variables = select_variables(prepared, engine_vars)
    solutions = islice(result, limit)
    if variables == engine_vars:
        rows = [tuple(map(term, solution)) for solution in solutions]
    else:
        order = [engine_vars.index(v) for v in variables]
        rows = [tuple(term(solution[i]) for i in order) for solution in solutions]
    cut = max_rows is not None and len(rows) > max_rows
    return QueryResult(kind="SELECT", variables=variables, rows=rows[:max_rows] if cut else rows,
                       ordered=prepared.ordered, order_by=prepared.order_by, truncated=cut)
