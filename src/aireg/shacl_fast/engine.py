"""The run: which constraints of a shape are evaluated, in what order, and what is left to pySHACL.

:class:`FastValidator` brings together one part per chapter of the spec (the
mixins below); this module decides only the order of evaluation, the nesting
of property shapes, and that a top-level shape which uses anything not
compiled is dropped whole (its results too) and listed in ``unsupported``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from rdflib import Graph
from rdflib.namespace import RDF

from aireg.shacl_fast.cardinality import Cardinality
from aireg.shacl_fast.logical import Logical
from aireg.shacl_fast.messages import Messages
from aireg.shacl_fast.other import OtherConstraints
from aireg.shacl_fast.property_pairs import PropertyPairs
from aireg.shacl_fast.results import RawResult, Reporting
from aireg.shacl_fast.shape_based import ShapeBased, check_depth
from aireg.shacl_fast.shapes import Shape, ShapesReader, one_value_each, top_shapes
from aireg.shacl_fast.sparql_components import SparqlComponents
from aireg.shacl_fast.sparql_constraints import SparqlConstraints
from aireg.shacl_fast.spelling import Spelling, restore_literals
from aireg.shacl_fast.store import Queries, oxigraph_view
from aireg.shacl_fast.targets import Targets
from aireg.shacl_fast.value_tests import ValueTests
from aireg.shacl_fast.vocab import PAIRS, SH, Unsupported


class FastValidator(Queries, Targets, Spelling, Reporting, Messages, ValueTests, Cardinality, PropertyPairs,
                    Logical, ShapeBased, OtherConstraints, SparqlConstraints, SparqlComponents):
    """One validation of ``data`` against ``shapes``: results, the shapes it ran, and those it left."""

    def __init__(self, data: Graph, shapes: Graph):
        self.data = data
        self.shapes = shapes
        self.reader = ShapesReader(shapes)
        self.store, self.graph_name, self.union = oxigraph_view(data)
        self.results: list[RawResult] = []
        self.compiled: list = []  # top-level shapes this engine ran
        self.unsupported: dict = {}  # top-level shape -> why it was not compiled
        self._components: list | None = None
        self._spelling: dict = {}  # Oxigraph's form of a shapes-graph literal -> the form written
        self._shapes_store = None
        self._closure: dict = {}
        self.queries = 0

    def evaluate(self, shape: Shape, focus: Callable[[str], str], depth: int = 0) -> None:
        """Add the results of ``shape`` for the focus nodes that ``focus('this')`` binds."""
        check_depth(shape, depth)
        if shape.deactivated:
            return
        if shape.is_property:
            self.evaluate_property(shape, focus, depth)
            return
        self.evaluate_values(shape, focus, depth)
        self.evaluate_closed(shape, focus)
        self.evaluate_has_value(shape, focus)
        self.evaluate_sparql(shape, focus)
        self.evaluate_components(shape, focus)
        for prop in shape.properties:
            if not prop.deactivated:
                self.evaluate_property(prop, focus, depth)

    def evaluate_property(self, shape: Shape, focus, depth: int) -> None:
        self.evaluate_values(shape, focus, depth)
        self.evaluate_counts(shape, focus, depth)
        self.evaluate_has_value(shape, focus)
        self.evaluate_unique_lang(shape, focus)
        if shape.properties:
            self.evaluate_nested(shape, focus, depth)
        if shape.params.get(SH.closed):
            raise Unsupported("sh:closed on a property shape is not compiled")
        self.evaluate_sparql(shape, focus)
        self.evaluate_components(shape, focus)

    def evaluate_values(self, shape: Shape, focus, depth: int) -> None:
        """The constraints on each value node: value tests, sh:or, sh:node, property pairs, sh:and/xone/not."""
        rich_or = self.evaluate_value_tests(shape, focus)
        self.evaluate_or(shape, focus, rich_or, depth)
        self.evaluate_node(shape, focus, depth)
        one_value_each(shape, (*PAIRS, SH["not"]))
        self.evaluate_pairs(shape, focus)
        self.evaluate_and_xone(shape, focus, depth)
        self.evaluate_not(shape, focus, depth)

    def run(self, leave: dict | None = None) -> list[RawResult]:
        """Every top-level shape it can compile exactly; the others are listed in ``self.unsupported``.

        ``leave``: shapes not to run, each with the reason (listed in ``self.unsupported`` too).
        """
        leave = leave or {}
        for node in top_shapes(self.shapes):
            if node in leave:
                self.unsupported[node] = leave[node]
                continue
            start = len(self.results)
            try:
                shape = self.reader.shape(node)
                focus = self.targets(shape)
                if focus is None:
                    continue
                self.evaluate(shape, focus)
            except Unsupported as why:
                del self.results[start:]
                self.unsupported[node] = str(why).splitlines()[0]
                continue
            self.compiled.append(node)
            if shape.severity != SH.Violation:
                for i in range(start, len(self.results)):
                    self.results[i] = replace(self.results[i], top_severity=shape.severity)
        return self.results


# what only pySHACL runs, whatever the shape: rules and functions change what every shape sees
_WHOLE_RUN = ((SH.rule, "SHACL rules (sh:rule)"), (SH.SPARQLFunction, "SHACL functions (sh:SPARQLFunction)"),
              (SH.Function, "SHACL functions (sh:Function)"))


def whole_run_blocker(shapes: Graph) -> str | None:
    """Why no shape may be compiled (rules and functions affect every shape), or None."""
    for term, what in _WHOLE_RUN:
        if (None, term, None) in shapes or (None, RDF.type, term) in shapes:
            return f"the shapes use {what}, which the fast engine does not run"
    return None


@dataclass
class FastRun:
    results: list[RawResult]
    compiled: list  # top-level shapes the fast engine ran
    unsupported: dict  # top-level shape -> why it did not (pySHACL runs it)


def validate_fast(data: Graph, shapes: Graph, leave: dict | None = None) -> FastRun:
    """The results of every shape the fast engine compiles exactly, and the shapes it leaves to pySHACL.

    ``leave``: top-level shapes to leave to pySHACL whatever they use, each with the reason.
    """
    blocker = whole_run_blocker(shapes)
    if blocker:
        return FastRun([], [], {node: blocker for node in top_shapes(shapes)})
    fv = FastValidator(data, shapes)
    results = fv.run(leave)
    if type(data.store).__name__ != "OxigraphStore":
        results = restore_literals(results, data)
    return FastRun(results, fv.compiled, fv.unsupported)
