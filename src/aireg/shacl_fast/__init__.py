"""A SHACL engine that checks a whole graph with a few SPARQL queries on Oxigraph.

pySHACL walks the graph focus node by focus node in Python and runs every
``sh:sparql`` constraint once per focus node: fine for the bundled graph, hours
for a million triples. This engine compiles each shape of the contract into
whole-graph SPARQL queries that Oxigraph answers at once.

The findings are the ones pySHACL gives (severity, focus node, path, value,
message, source shape, constraint component); the test suite compares both
engines on the bundled graph and on broken copies. A shape that uses anything
else raises :class:`Unsupported`, and :func:`aireg.validate.validate` then runs
pySHACL for it: nothing is skipped silently.

The modules follow the SHACL specification:

=========================  ====================================================================
``vocab``                  the SHACL terms compiled; :class:`Unsupported` for the rest
``shapes``                 §2 reading shapes and property paths (:class:`ShapesReader`)
``targets``                §2.1 targets, one sub-query binding the focus nodes
``value_tests``            §4.1 value type, §4.3 value range, §4.4 string-based, ``sh:in``:
                           SPARQL expressions, one query per shape
``cardinality``            §4.2 min/max count and §4.7.3 qualified counts, one grouped query
``property_pairs``         §4.5 ``sh:equals``, ``sh:disjoint``, ``sh:lessThan(OrEquals)``
``logical``                §4.6 ``sh:not``, ``sh:and``, ``sh:or``, ``sh:xone``
``shape_based``            §4.7 ``sh:node`` and nested ``sh:property``, in two steps
``other``                  §4.8 ``sh:closed``, ``sh:hasValue``
``sparql_constraints``     §5 ``sh:sparql``, run once with ``$this`` joined to the targets
``sparql_components``      §6 SPARQL-based constraint components (validators)
``results``, ``messages``  §3.6 results, with pySHACL's wording where a shape has no message
``spelling``               literals reported as written, not as Oxigraph's store keeps them
``store``                  where the queries run (the data's Oxigraph store, read only)
``engine``                 the run: :class:`FastValidator`, :func:`validate_fast`
=========================  ====================================================================
"""

from aireg.shacl_fast.engine import FastRun, FastValidator, validate_fast, whole_run_blocker
from aireg.shacl_fast.results import RawResult
from aireg.shacl_fast.shapes import Shape, ShapesReader, top_shapes
from aireg.shacl_fast.vocab import SH, SHAPES_GRAPH, Unsupported

__all__ = [
    "SH",
    "SHAPES_GRAPH",
    "FastRun",
    "FastValidator",
    "RawResult",
    "Shape",
    "ShapesReader",
    "Unsupported",
    "top_shapes",
    "validate_fast",
    "whole_run_blocker",
]
