"""Run SPARQL on a local graph or a server and get the same neutral result from any engine.

The query core, one concern per module:

* :mod:`~aireg.sparql.check` — the front door: rdflib's parser reads every
  text (nothing is executed to check it), refuses updates and outside
  ``SERVICE`` calls, and says what the query is;
* :mod:`~aireg.sparql.params` — what a user types, as one RDF term;
* :mod:`~aireg.sparql.binding` — parameters written into the text as terms,
  and the rewritten text checked again;
* :mod:`~aireg.sparql.oxigraph_engine`, :mod:`~aireg.sparql.rdflib_engine`
  and :mod:`aireg.endpoint` (remote servers) — one engine each;
* :mod:`~aireg.sparql.local` — ``run_query`` on a local graph;
* :mod:`~aireg.sparql.result` — the neutral answer and how two compare.
"""

from __future__ import annotations

from aireg.sparql.binding import CANNOT_BIND, bound_text, prefix_declarations, prologue, values_block
from aireg.sparql.check import QUERY_BASE, QUERY_KINDS, PreparedQuery, is_loopback_url, prepare_query
from aireg.sparql.local import run_query
from aireg.sparql.oxigraph_engine import is_oxigraph
from aireg.sparql.params import parse_param
from aireg.sparql.result import (
    QueryResult,
    make_select_result,
    normalize_graph,
    result_difference,
    same_results,
    select_variables,
)
from aireg.terms import FLOAT_TYPES, INTEGER_TYPES, normalize_term

__all__ = [
    "CANNOT_BIND",
    "FLOAT_TYPES",
    "INTEGER_TYPES",
    "QUERY_BASE",
    "QUERY_KINDS",
    "PreparedQuery",
    "QueryResult",
    "bound_text",
    "is_loopback_url",
    "is_oxigraph",
    "make_select_result",
    "normalize_graph",
    "normalize_term",
    "parse_param",
    "prefix_declarations",
    "prepare_query",
    "prologue",
    "result_difference",
    "run_query",
    "same_results",
    "select_variables",
    "values_block",
]
