"""Shape-based constraints (SHACL §4.7): ``sh:node`` and a property shape's own ``sh:property``.

A referenced shape is evaluated as a whole on the value nodes (two steps: the
value nodes become its focus nodes, then its failures are reported on the
focus nodes they came from). :meth:`ShapeBased.failing` is also how the
logical constraints and qualified counts judge a value against a shape.
"""

from __future__ import annotations

from collections.abc import Callable

from aireg.shacl_fast.shapes import Shape
from aireg.shacl_fast.terms import to_rdflib
from aireg.shacl_fast.vocab import SH, Unsupported

MAX_DEPTH = 8  # shapes nested deeper are taken for recursive ones, which are not compiled


def check_depth(shape: Shape, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise Unsupported(f"shape {shape.node} nests too deep (recursive shapes are not compiled)")


class ShapeBased:
    """Shape-based constraints for :class:`~aireg.shacl_fast.engine.FastValidator` (needs ``reader``,
    ``results``, ``select``, ``value_pairs``, ``report``, ``evaluate`` and ``evaluate_property``)."""

    def value_nodes(self, shape: Shape, focus) -> Callable[[str], str]:
        """A pattern binding the value nodes of ``shape`` for the focus nodes ``focus`` binds."""
        if not shape.is_property:
            return focus
        path = shape.path_sparql

        def nodes(var: str) -> str:
            return "{ SELECT DISTINCT ?" + var + " WHERE { " + focus(var + "_up") + " ?" + var + "_up " + path + " ?" + var + " } }"

        return nodes

    def failing(self, shape: Shape, focus, depth: int) -> set:
        """The focus nodes (rdflib terms) that do not conform to ``shape``, whatever the severity."""
        saved, self.results = self.results, []
        try:
            self.evaluate(shape, focus, depth)
            return {r.focus for r in self.results}
        finally:
            self.results = saved

    def evaluate_node(self, shape: Shape, focus, depth: int) -> None:
        """sh:node: each value node must conform to the shape named."""
        for node in shape.params.get(SH.node, []):
            failing = self.failing(self.reader.shape(node), self.value_nodes(shape, focus), depth + 1)
            if not failing:
                continue
            # (blank nodes cannot be written in a VALUES block: the pairs are filtered here)
            for this, v in self.value_pairs(shape, focus):
                if v in failing:
                    self.report(shape, this, SH.NodeConstraintComponent, value=v, param=node)

    def evaluate_nested(self, shape: Shape, focus, depth: int) -> None:
        """A property shape's own sh:property shapes, with its value nodes as their focus nodes.

        SHACL validates them once per (focus node, value node): a value node
        reached from two focus nodes gives its results twice, as pySHACL does.
        """
        check_depth(shape, depth)
        saved, self.results = self.results, []
        try:
            for prop in shape.properties:
                if prop.deactivated:
                    continue
                self.evaluate_property(prop, self.value_nodes(shape, focus), depth + 1)
            inner = self.results
        finally:
            self.results = saved
        if not inner:
            return
        times = {to_rdflib(r["v"]): int(r["n"].value) for r in self.select(
            f"SELECT ?v (COUNT(DISTINCT ?_f) AS ?n) WHERE {{ {focus('_f')} ?_f {shape.path_sparql} ?v }} GROUP BY ?v")}
        for r in inner:
            self.results.extend([r] * times.get(r.focus, 1))
