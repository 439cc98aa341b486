"""Literals reported as they are written, not in the canonical form Oxigraph's store keeps.

The store turns ``"1.0"^^xsd:decimal`` into ``"1"^^xsd:decimal``; a report
that names a value or a focus node must show the term of the shapes graph or
of the data, as pySHACL does.
"""

from __future__ import annotations

from dataclasses import replace

from rdflib import Graph, Literal, URIRef

from aireg.shacl_fast.results import RawResult
from aireg.shacl_fast.terms import n3, to_rdflib


class Spelling:
    """Shapes-graph spellings for :class:`~aireg.shacl_fast.engine.FastValidator` (needs ``select``
    and ``_spelling``)."""

    def remember_spelling(self, literals) -> None:
        """Report a literal of the shapes graph as written there, not in the form Oxigraph keeps it."""
        for lit in literals:
            for row in self.select(f"SELECT ?x WHERE {{ VALUES ?x {{ {n3(lit)} }} }}"):
                self._spelling[to_rdflib(row["x"])] = lit

    def as_written(self, term):
        """``term`` as the shapes graph spells it, where a literal of the shapes graph was re-spelled."""
        return self._spelling.get(term, term) if isinstance(term, Literal) else term


def restore_literals(results: list[RawResult], graph: Graph) -> list[RawResult]:
    """Literal values as the rdflib graph spells them (the copy in Oxigraph is canonical)."""
    out = []
    for r in results:
        v = r.value
        if isinstance(v, Literal) and (r.focus, None, v) not in graph:
            preds = [r.path] if isinstance(r.path, URIRef) else [None]
            for p in preds:
                for c in graph.objects(r.focus, p):
                    if isinstance(c, Literal) and c.datatype == v.datatype and c.language == v.language:
                        try:
                            same = c.eq(v)
                        except TypeError:
                            same = False
                        if same:
                            r = replace(r, value=c)
                            break
        out.append(r)
    return out
