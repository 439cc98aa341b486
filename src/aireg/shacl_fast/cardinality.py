"""Cardinality (SHACL §4.2) and qualified counts (§4.7.3): one grouped query per property shape.

``sh:minCount``, ``sh:maxCount`` and, where the qualified value shape can be
inlined as a SPARQL test, ``sh:qualifiedMinCount``/``sh:qualifiedMaxCount``
are counted together in one GROUP BY. A richer or disjoint qualified value
shape is evaluated as a shape and its conforming values counted here.
"""

from __future__ import annotations

from aireg.shacl_fast.shapes import Shape
from aireg.shacl_fast.terms import is_true, to_rdflib
from aireg.shacl_fast.vocab import SH, Unsupported


class Cardinality:
    """Counts for :class:`~aireg.shacl_fast.engine.FastValidator` (needs ``shapes``, ``reader``,
    ``select``, ``report``, ``shape_test``, ``value_nodes`` and ``failing``)."""

    def evaluate_counts(self, shape: Shape, focus, depth: int = 0) -> None:
        p = shape.params
        min_c = int(p[SH.minCount][0]) if SH.minCount in p else None
        max_c = int(p[SH.maxCount][0]) if SH.maxCount in p else None
        qshape = p.get(SH.qualifiedValueShape, [None])[0]
        q_min = int(p[SH.qualifiedMinCount][0]) if qshape is not None and SH.qualifiedMinCount in p else None
        q_max = int(p[SH.qualifiedMaxCount][0]) if qshape is not None and SH.qualifiedMaxCount in p else None
        if min_c is None and max_c is None and q_min is None and q_max is None:
            return
        path = shape.path_sparql
        if max_c is None and q_min is None and q_max is None and min_c == 1:
            q = f"SELECT ?this WHERE {{ {focus('this')} FILTER NOT EXISTS {{ ?this {path} ?_any }} }}"
            for row in self.select(q):
                self.report(shape, to_rdflib(row["this"]), SH.MinCountConstraintComponent)
            return
        aggregates = ["(COUNT(DISTINCT ?v) AS ?n)"]
        conditions = []
        if min_c is not None:
            conditions.append(f"?n < {min_c}")
        if max_c is not None:
            conditions.append(f"?n > {max_c}")
        disjoint = any(is_true(d) for d in p.get(SH.qualifiedValueShapesDisjoint, []))
        if q_min is not None or q_max is not None:
            try:
                if disjoint:
                    raise Unsupported("sibling shapes are evaluated as shapes")
                test = self.shape_test(self.reader.shape(qshape), "?v")
            except Unsupported:  # too rich to inline, or disjoint: count the conforming values here instead
                self.qualified_counts(shape, focus, qshape, q_min, q_max, depth)
                q_min = q_max = None
                if min_c is None and max_c is None:
                    return
        if q_min is not None or q_max is not None:
            aggregates.append(f"(COUNT(DISTINCT IF({test}, ?v, ?_unbound)) AS ?q)")
            if q_min is not None:
                conditions.append(f"?q < {q_min}")
            if q_max is not None:
                conditions.append(f"?q > {q_max}")
        q = (f"SELECT * WHERE {{ {{ SELECT ?this {' '.join(aggregates)} WHERE {{ {focus('this')} "
             f"OPTIONAL {{ ?this {path} ?v }} }} GROUP BY ?this }} FILTER({' || '.join(conditions)}) }}")
        for row in self.select(q):
            this = to_rdflib(row["this"])
            n = int(row["n"].value)
            if max_c is not None and n > max_c:
                self.report(shape, this, SH.MaxCountConstraintComponent)
            if min_c is not None and n < min_c:
                self.report(shape, this, SH.MinCountConstraintComponent)
            if "q" in row and row["q"] is not None:
                self.report_qualified(shape, this, int(row["q"].value), q_min, q_max)

    def qualified_counts(self, shape: Shape, focus, qshape, q_min, q_max, depth: int) -> None:
        """sh:qualifiedMin/MaxCount with a value shape evaluated as a shape (nodes that give no result conform)."""
        nodes = self.value_nodes(shape, focus)
        failing = self.failing(self.reader.shape(qshape), nodes, depth + 1)
        siblings = []
        if any(is_true(d) for d in shape.params.get(SH.qualifiedValueShapesDisjoint, [])):
            # SHACL: a value counts only if it conforms to none of the sibling shapes, the
            # qualified value shapes of the other property shapes of the same parent shapes
            sg = self.shapes
            for parent in sg.subjects(SH.property, shape.node):
                for other in sg.objects(parent, SH.property):
                    if other != shape.node:
                        siblings.extend(q for q in sg.objects(other, SH.qualifiedValueShape) if q != qshape)
        sibling_fails = [self.failing(self.reader.shape(q), nodes, depth + 1) for q in siblings]
        counts: dict = {}
        q = f"SELECT DISTINCT ?this ?v WHERE {{ {focus('this')} OPTIONAL {{ ?this {shape.path_sparql} ?v }} }}"
        for row in self.select(q):
            this = to_rdflib(row["this"])
            counts.setdefault(this, 0)
            v = to_rdflib(row["v"]) if row.get("v") is not None else None
            if v is not None and v not in failing and all(v in f for f in sibling_fails):
                counts[this] += 1
        for this, k in counts.items():
            self.report_qualified(shape, this, k, q_min, q_max)

    def report_qualified(self, shape: Shape, this, k: int, q_min, q_max) -> None:
        """Report ``k`` conforming values of ``this`` against sh:qualifiedMaxCount and sh:qualifiedMinCount."""
        if q_max is not None and k > q_max:
            self.report(shape, this, SH.QualifiedMaxCountConstraintComponent)
        if q_min is not None and k < q_min:
            self.report(shape, this, SH.QualifiedMinCountConstraintComponent)
