"""Queries through rdflib's Graph API: its Memory store, or any other store plugin.

On rdflib's own engine the algebra parsed by the front door
(:func:`aireg.sparql.check.parse`, with the project prefixes and the query
base) is evaluated as it is: the text is not parsed twice.
"""

from __future__ import annotations

from itertools import islice
from typing import TYPE_CHECKING, Any

from aireg.sparql.check import QUERY_BASE, PreparedQuery, parse
from aireg.sparql.result import QueryResult, make_select_result
from aireg.terms import normalize_term

if TYPE_CHECKING:
    from rdflib import Graph


def run(graph: Graph, prepared: PreparedQuery, text: str, max_rows: int | None = None) -> QueryResult:
    """Run the bound ``text`` of ``prepared`` on ``graph``; at most ``max_rows`` rows are read."""
    if type(graph.store).__name__ == "OxigraphStore":  # oxrdflib evaluates the text itself
        from aireg.sparql.oxigraph_engine import _prefixes

        result = graph.query(text, initNs=_prefixes(), base=QUERY_BASE)
    else:
        result = graph.query(parse(text).algebra)
    return convert(prepared, result, max_rows)


def convert(prepared: PreparedQuery, result: Any, max_rows: int | None = None) -> QueryResult:
    """An rdflib ``Result`` as the neutral :class:`QueryResult`."""
    limit = None if max_rows is None else max_rows + 1
    if prepared.kind == "SELECT":
        engine_vars = [str(v) for v in (result.vars or [])]
        rows = [{v: row[i] for i, v in enumerate(engine_vars)} for row in islice(result, limit)]
        cut = max_rows is not None and len(rows) > max_rows
        return make_select_result(prepared, engine_vars, rows[:max_rows] if cut else rows, truncated=cut)
    if prepared.kind == "ASK":
        return QueryResult(kind="ASK", boolean=bool(result.askAnswer))
    triples = [(s, p, normalize_term(o)) for s, p, o in islice(result.graph, limit)]
    cut = max_rows is not None and len(triples) > max_rows
    return QueryResult(kind=prepared.kind, triples=triples[:max_rows] if cut else triples, truncated=cut)
