"""Logical constraints (SHACL §4.6): ``sh:not``, ``sh:and``, ``sh:or``, ``sh:xone``.

Each member shape is evaluated as a shape on the value nodes
(:meth:`~aireg.shacl_fast.shape_based.ShapeBased.failing`); a value node is
then judged by how many members it conforms to. An ``sh:or`` of simple tests
never gets here: it is inlined as a value test.
"""

from __future__ import annotations

from aireg.shacl_fast.shapes import Shape, one_value_each
from aireg.shacl_fast.vocab import SH


class Logical:
    """Logical constraints for :class:`~aireg.shacl_fast.engine.FastValidator` (needs ``reader``,
    ``failing``, ``value_nodes``, ``value_pairs`` and ``report``)."""

    def member_failures(self, shape: Shape, focus, members, depth: int) -> list[set]:
        """For each shape of the SHACL list ``members``, the value nodes that do not conform to it."""
        shapes = [self.reader.shape(m) for m in self.reader.items(members)]
        return [self.failing(m, self.value_nodes(shape, focus), depth + 1) for m in shapes]

    def evaluate_or(self, shape: Shape, focus, lists: list, depth: int) -> None:
        """The sh:or lists whose members are too rich to inline: a value must conform to one member."""
        for obj in lists:
            fails = self.member_failures(shape, focus, obj, depth)
            for this, v in self.value_pairs(shape, focus):
                if all(v in f for f in fails):  # conforms to none of the members
                    self.report(shape, this, SH.OrConstraintComponent, value=v, param=obj)

    def evaluate_and_xone(self, shape: Shape, focus, depth: int) -> None:
        for key in (SH["and"], SH.xone):
            one_value_each(shape, (key,))
            lists = shape.params.get(key, [])
            if not lists:
                continue
            fails = self.member_failures(shape, focus, lists[0], depth)
            component = SH.AndConstraintComponent if key == SH["and"] else SH.XoneConstraintComponent
            for this, v in self.value_pairs(shape, focus):
                conforming = sum(v not in f for f in fails)
                if (conforming < len(fails)) if key == SH["and"] else (conforming != 1):
                    self.report(shape, this, component, value=v)

    def evaluate_not(self, shape: Shape, focus, depth: int) -> None:
        if SH["not"] in shape.params:
            inner = self.reader.shape(shape.params[SH["not"]][0])
            failing = self.failing(inner, self.value_nodes(shape, focus), depth + 1)
            for this, v in self.value_pairs(shape, focus):
                if v not in failing:
                    self.report(shape, this, SH.NotConstraintComponent, value=v)
