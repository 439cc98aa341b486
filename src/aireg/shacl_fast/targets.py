"""Targets (SHACL §2.1): which nodes a shape checks, as one sub-query binding a variable.

``sh:targetClass`` (and a shape that is itself a class) follows
``rdfs:subClassOf*`` in the data; ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``
and ``sh:targetNode`` are joined in a UNION, so every constraint of the shape
runs once over all its focus nodes instead of once per node.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from aireg.shacl_fast.shapes import Shape
from aireg.shacl_fast.terms import n3, term_text
from aireg.shacl_fast.vocab import SH, Unsupported


class Targets:
    """Target compilation for :class:`~aireg.shacl_fast.engine.FastValidator` (needs ``shapes``,
    ``select``, ``remember_spelling`` and ``_closure``)."""

    def subclasses(self, classes: Iterable) -> list:
        key = frozenset(classes)
        if key not in self._closure:
            values = " ".join(n3(c) for c in key)
            found = {
                r["t"]
                for r in self.select(
                    f"SELECT DISTINCT ?t WHERE {{ VALUES ?c {{ {values} }} ?t <{RDFS.subClassOf}>* ?c }}"
                )
            }
            self._closure[key] = sorted(term_text(t) for t in found) or [n3(c) for c in key]
        return self._closure[key]

    def targets(self, shape: Shape) -> Callable[[str], str] | None:
        sg = self.shapes
        if (shape.node, SH.target, None) in sg:
            raise Unsupported("sh:target (a SPARQL-based or custom target) is not compiled")
        parts = []
        classes = list(shape.params.get(SH.targetClass, []))
        if (shape.node, RDF.type, RDFS.Class) in sg or (shape.node, RDF.type, OWL.Class) in sg:
            if not isinstance(shape.node, URIRef):
                raise Unsupported("an implicit class target on a blank node")
            classes.append(shape.node)
        if classes:
            types = " ".join(self.subclasses(classes))
            parts.append(f"VALUES ?_type {{ {types} }} ?{{v}} <{RDF.type}> ?_type .")
        for p in shape.params.get(SH.targetSubjectsOf, []):
            parts.append(f"?{{v}} {n3(p)} ?_o .")
        for p in shape.params.get(SH.targetObjectsOf, []):
            parts.append(f"?_s {n3(p)} ?{{v}} .")
        nodes = shape.params.get(SH.targetNode, [])
        if nodes:
            parts.append("VALUES ?{v} { " + " ".join(n3(n) for n in nodes) + " }")
            self.remember_spelling(n for n in nodes if isinstance(n, Literal))
        if not parts:
            return None
        body = " UNION ".join("{ " + p + " }" for p in parts)

        def pattern(var: str) -> str:
            return "{ SELECT DISTINCT ?" + var + " WHERE { " + body.replace("?{v}", "?" + var) + " } }"

        return pattern
