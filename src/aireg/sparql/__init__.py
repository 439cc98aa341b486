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

import importlib

# name -> module: imported on first use, so that the query path without rdflib
# (aireg.fastquery) can use the check, binding and result modules alone
_LAZY = {
    "CANNOT_BIND": "aireg.sparql.binding",
    "bound_text": "aireg.sparql.binding",
    "prefix_declarations": "aireg.sparql.binding",
    "prologue": "aireg.sparql.binding",
    "values_block": "aireg.sparql.binding",
    "QUERY_BASE": "aireg.sparql.check",
    "QUERY_KINDS": "aireg.sparql.check",
    "PreparedQuery": "aireg.sparql.check",
    "is_loopback_url": "aireg.sparql.check",
    "prepare_query": "aireg.sparql.check",
    "run_query": "aireg.sparql.local",
    "is_oxigraph": "aireg.sparql.oxigraph_engine",
    "parse_param": "aireg.sparql.params",
    "QueryResult": "aireg.sparql.result",
    "make_select_result": "aireg.sparql.result",
    "normalize_graph": "aireg.sparql.result",
    "result_difference": "aireg.sparql.result",
    "same_results": "aireg.sparql.result",
    "select_variables": "aireg.sparql.result",
    "FLOAT_TYPES": "aireg.terms",
    "INTEGER_TYPES": "aireg.terms",
    "normalize_term": "aireg.terms",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'aireg.sparql' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
