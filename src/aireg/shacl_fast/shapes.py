"""Reading the shapes graph (SHACL §2): shapes, their parameters and their paths.

Every shape is read once into a :class:`Shape`, with its property path already
written in SPARQL; a SHACL parameter the engine does not compile is refused
here, before any query runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from aireg.shacl_fast.vocab import KNOWN, SH, TARGETS, Unsupported


@dataclass
class Shape:
    node: object
    severity: URIRef
    messages: list[str]
    path: object | None = None  # the path node of a property shape
    path_sparql: str | None = None
    properties: list[Shape] = field(default_factory=list)
    params: dict = field(default_factory=dict)  # predicate -> list of objects
    sparql: list = field(default_factory=list)  # sh:sparql constraint nodes

    @property
    def is_property(self) -> bool:
        return self.path is not None

    @property
    def deactivated(self) -> bool:
        return bool(self.params.get(SH.deactivated)) and self.params[SH.deactivated][0] == Literal(True)

    @property
    def value_pattern(self) -> str:
        """A graph pattern binding ``?v`` to each value node of the focus node ``?this``."""
        return f"?this {self.path_sparql} ?v ." if self.is_property else "BIND(?this AS ?v)"


def one_value_each(shape: Shape, keys) -> None:
    """Refuse a shape that gives one of these parameters several values (each is compiled for one)."""
    for key in keys:
        if len(shape.params.get(key, [])) > 1:
            raise Unsupported(f"several {key} on one shape are not compiled")


class ShapesReader:
    def __init__(self, sg: Graph):
        self.sg = sg
        self.cache: dict = {}

    def items(self, node) -> list:
        if node == RDF.nil:
            return []
        return list(Collection(self.sg, node))

    def path_sparql(self, node) -> str:
        sg = self.sg
        if isinstance(node, URIRef):
            return f"<{node}>"
        if (node, RDF.first, None) in sg:
            return "(" + "/".join(self.path_sparql(n) for n in self.items(node)) + ")"
        for pred, fmt in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"), (SH.oneOrMorePath, "{}+"),
                          (SH.zeroOrOnePath, "{}?")):
            inner = sg.value(node, pred)
            if inner is not None:
                return "(" + fmt.format(self.path_sparql(inner)) + ")"
        alt = sg.value(node, SH.alternativePath)
        if alt is not None:
            return "(" + "|".join(self.path_sparql(n) for n in self.items(alt)) + ")"
        raise Unsupported(f"property path {node} is not understood")

    def shape(self, node) -> Shape:
        if node in self.cache:
            return self.cache[node]
        sg = self.sg
        params: dict = {}
        for p, o in sg.predicate_objects(node):
            if str(p).startswith(str(SH)):
                if p not in KNOWN:
                    raise Unsupported(f"{p.n3(sg.namespace_manager)} on shape {node} is not compiled")
                params.setdefault(p, []).append(o)
        severity = sg.value(node, SH.severity) or SH.Violation
        messages = [str(m) for m in sg.objects(node, SH.message)]
        shape = Shape(node=node, severity=severity, messages=messages, params=params)
        self.cache[node] = shape
        path = sg.value(node, SH.path)
        if path is not None:
            shape.path = path
            shape.path_sparql = self.path_sparql(path)
        shape.properties = [self.shape(p) for p in params.get(SH.property, [])]
        for c in params.get(SH.sparql, []):
            if sg.value(c, SH.deactivated) == Literal(True):
                continue
            if sg.value(c, SH.select) is None:
                raise Unsupported(f"sh:sparql constraint {c} without sh:select")
            shape.sparql.append(c)
        # (several sh:class, sh:datatype... are each their own constraint; several sh:pattern would
        # share one sh:flags, and the counts take one value)
        one_value_each(shape, (SH.pattern, SH.qualifiedValueShape, SH.minCount, SH.maxCount, SH.qualifiedMinCount,
                               SH.qualifiedMaxCount))
        return shape

    def prefixes(self, constraint) -> str:
        """PREFIX lines from the sh:prefixes of a SPARQL constraint or validator (through owl:imports)."""
        from aireg.shapes_sparql import prefixes

        return prefixes(self.sg, constraint)


def top_shapes(shapes: Graph) -> list:
    """The shapes that have targets (explicit, or implicit as classes)."""
    nodes = set()
    for pred in TARGETS | {SH.target}:
        nodes.update(shapes.subjects(pred, None))
    for cls in (RDFS.Class, OWL.Class):
        for s in shapes.subjects(RDF.type, cls):
            if (s, RDF.type, SH.NodeShape) in shapes or (s, RDF.type, SH.PropertyShape) in shapes:
                nodes.add(s)
    return sorted(nodes, key=str)
