"""``run_query``: one query on a local graph, whichever store holds it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from aireg.errors import QueryError
from aireg.sparql.binding import bound_text
from aireg.sparql.check import PreparedQuery, first_line, prepare_query, refuse_dataset_locally
from aireg.sparql.result import QueryResult

if TYPE_CHECKING:
    from rdflib import Graph


def run_query(
    graph: Graph,
    query: str | PreparedQuery,
    params: Mapping[str, Any] | None = None,
    *,
    allow_update: bool = False,
    allow_service: bool = False,
    max_rows: int | None = None,
) -> QueryResult:
    """Run ``query`` on a local graph (rdflib's Memory store or Oxigraph).

    The project's prefixes (``aireg.namespaces.PREFIXES``) are known without
    being declared; relative IRIs resolve against ``QUERY_BASE``. Parameters
    are written into the text as RDF terms (:mod:`aireg.sparql.binding`), the
    same text on every engine. ``FROM``/``FROM NAMED`` are refused: the local
    graph is one graph. ``max_rows`` stops reading rows after that many
    (``result.truncated`` then says so).
    """
    prepared = (
        query
        if isinstance(query, PreparedQuery)
        else prepare_query(query, params, allow_update=allow_update, allow_service=allow_service)
    )
    refuse_dataset_locally(prepared)
    with _one_line_errors():
        if prepared.kind == "UPDATE":
            return _update(graph, prepared)
        text = bound_text(prepared)
        from aireg.sparql import oxigraph_engine, rdflib_engine

        direct = oxigraph_engine.store_of(graph)
        if direct is not None:
            return oxigraph_engine.run(direct[0], direct[1], prepared, text, max_rows)
        return rdflib_engine.run(graph, prepared, text, max_rows)


def run_on_store(store: Any, options: Mapping[str, Any], prepared: PreparedQuery, *,
                 max_rows: int | None = None, terms: type | None = None) -> QueryResult:
    """Run a checked query on a pyoxigraph store itself (no rdflib graph around it), as :func:`run_query` would.

    ``options`` select the graph (``default_graph``); ``terms`` converts the
    answer (see :func:`aireg.sparql.oxigraph_engine.run`).
    """
    refuse_dataset_locally(prepared)
    if prepared.kind == "UPDATE":
        raise QueryError("SPARQL Update runs only on a graph loaded for it, not on the built snapshot")
    with _one_line_errors():
        from aireg.sparql import oxigraph_engine

        return oxigraph_engine.run(store, dict(options), prepared, bound_text(prepared), max_rows, terms)


@contextmanager
def _one_line_errors() -> Iterator[None]:
    """Any failure of a local query as one QueryError line."""
    try:
        yield
    except QueryError:
        raise
    except SyntaxError as err:  # Oxigraph's parser, through oxrdflib
        raise QueryError(f"SPARQL syntax error: {first_line(err)}") from None
    except Exception as err:
        raise QueryError(f"query failed: {type(err).__name__}: {first_line(err)}") from None


def _update(graph: Graph, prepared: PreparedQuery) -> QueryResult:
    from rdflib import Variable

    from aireg.sparql.oxigraph_engine import _prefixes

    bindings = {Variable(k): v for k, v in prepared.bindings.items()}
    if bindings and type(graph.store).__name__ == "OxigraphStore":
        raise QueryError("parameters can be bound in a SPARQL Update only on rdflib's Memory store")
    graph.update(prepared.text, initNs=_prefixes(), initBindings=bindings)
    return QueryResult(kind="UPDATE")
