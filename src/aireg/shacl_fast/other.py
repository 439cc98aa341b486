"""Other constraints (SHACL §4.8): ``sh:closed`` with ``sh:ignoredProperties``, and ``sh:hasValue``.

(``sh:in``, also of §4.8, is a value test: :mod:`aireg.shacl_fast.value_tests`.)
"""

from __future__ import annotations

from rdflib import URIRef

from aireg.shacl_fast.shapes import Shape
from aireg.shacl_fast.terms import is_true, n3, to_rdflib
from aireg.shacl_fast.vocab import SH, Unsupported


class OtherConstraints:
    """sh:closed and sh:hasValue for :class:`~aireg.shacl_fast.engine.FastValidator` (needs ``reader``,
    ``select`` and ``report``)."""

    def evaluate_closed(self, shape: Shape, focus) -> None:
        """sh:closed true on a node shape: every predicate not named by an IRI sh:path or sh:ignoredProperties."""
        closed = shape.params.get(SH.closed, [])
        if len(closed) > 1:
            raise Unsupported("several sh:closed on one shape")
        if not closed or not is_true(closed[0]):
            return
        allowed = {p.path for p in shape.properties if isinstance(p.path, URIRef)}
        for lst in shape.params.get(SH.ignoredProperties, []):
            allowed.update(self.reader.items(lst))
        test = f"FILTER(?_p NOT IN ({', '.join(n3(p) for p in sorted(allowed))}))" if allowed else ""
        for row in self.select(f"SELECT ?this ?_p ?_o WHERE {{ {focus('this')} ?this ?_p ?_o {test} }}"):
            self.report(shape, to_rdflib(row["this"]), SH.ClosedConstraintComponent, value=to_rdflib(row["_o"]),
                        path=to_rdflib(row["_p"]))

    def evaluate_has_value(self, shape: Shape, focus) -> None:
        """sh:hasValue: on a node shape the focus node is the value; on a property shape one of its values."""
        for v in shape.params.get(SH.hasValue, []):
            if shape.is_property:
                test = f"FILTER NOT EXISTS {{ ?this {shape.path_sparql} {n3(v)} }}"
            else:
                test = f"FILTER(!sameTerm(?this, {n3(v)}))"
            for row in self.select(f"SELECT ?this WHERE {{ {focus('this')} {test} }}"):
                self.report(shape, to_rdflib(row["this"]), SH.HasValueConstraintComponent)
