"""Property pair constraints (SHACL §4.5): ``sh:equals``, ``sh:disjoint``, ``sh:lessThan``, ``sh:lessThanOrEquals``.

Each compares the value nodes of a shape with the values of another property
of the same focus node, in one query per constraint.
"""

from __future__ import annotations

from aireg.shacl_fast.shapes import Shape
from aireg.shacl_fast.terms import n3, to_rdflib
from aireg.shacl_fast.vocab import PAIRS, SH, Unsupported


class PropertyPairs:
    """Property pairs for :class:`~aireg.shacl_fast.engine.FastValidator` (needs ``select`` and
    ``report``); one value each, which the caller has checked."""

    def evaluate_pairs(self, shape: Shape, focus) -> None:
        values = shape.value_pattern
        is_value = f"FILTER EXISTS {{ ?this {shape.path_sparql} ?v }}" if shape.is_property \
            else "FILTER(sameTerm(?v, ?this))"
        queries = {}
        if SH.equals in shape.params:
            p = n3(shape.params[SH.equals][0])
            queries[SH.equals] = (f"{{ {focus('this')} {values} FILTER NOT EXISTS {{ ?this {p} ?v }} }} UNION "
                                  f"{{ {focus('this')} ?this {p} ?v FILTER(!EXISTS {{ {is_value} }}) }}")
        if SH.disjoint in shape.params:
            p = n3(shape.params[SH.disjoint][0])
            queries[SH.disjoint] = f"{focus('this')} {values} FILTER EXISTS {{ ?this {p} ?v }}"
        for key, op in ((SH.lessThan, "<"), (SH.lessThanOrEquals, "<=")):
            if key in shape.params:
                if not shape.is_property:
                    raise Unsupported(f"{key} on a node shape")
                p = n3(shape.params[key][0])
                queries[key] = f"{focus('this')} {values} ?this {p} ?_w FILTER(!COALESCE(?v {op} ?_w, false))"
        for key, body in queries.items():
            # one result per pair for sh:lessThan(OrEquals): each value against each value it is compared with
            pair = " ?_w" if key in (SH.lessThan, SH.lessThanOrEquals) else ""
            for row in self.select(f"SELECT DISTINCT ?this ?v{pair} WHERE {{ {body} }}"):
                self.report(shape, to_rdflib(row["this"]), PAIRS[key], value=to_rdflib(row["v"]))
