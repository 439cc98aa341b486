"""Which shapes can see how Oxigraph's store re-spells literals, so must run on the data as written.

Oxigraph's store keeps some literals under another spelling or datatype
(``"12"^^xsd:int`` as ``"12"^^xsd:integer``, ``1.0`` as ``1``; see
:func:`aireg.load.respelled`). A shape can tell only through a constraint
that reads the literals its paths reach:

* always: the lexical form or the term itself (``sh:in``, ``sh:hasValue``,
  ``sh:pattern``, ``sh:minLength``..., ``sh:languageIn``, ``sh:uniqueLang``),
  a SPARQL query that uses a value it reaches (more than once in its text) or
  names a literal there, a literal focus node (``sh:targetNode``,
  ``sh:targetObjectsOf``);
* when some literal changes datatype: ``sh:datatype``, ``sh:nodeKind``,
  ``sh:class``, the ranges and ``sh:lessThan``;
* when two literals as written become one term: everything, counts first
  (``1.0`` and ``1.00`` are then one value), and the reported values.

Shapes it cannot bound (``sh:closed``, custom SPARQL-based
components, a SPARQL path through any predicate) count whenever there is a
re-spelling. A shape counts through every shape it reaches (``sh:node``,
``sh:property``, ``sh:or``...).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, Namespace, URIRef, Variable
from rdflib.collection import Collection
from rdflib.namespace import RDF

SH = Namespace("http://www.w3.org/ns/shacl#")


def _sh(*names: str) -> frozenset:
    return frozenset(SH[n] for n in names)


LEXICAL = _sh("in", "hasValue", "pattern", "flags", "minLength", "maxLength", "languageIn", "uniqueLang")
TYPED = _sh("datatype", "nodeKind", "class", "minInclusive", "maxInclusive", "minExclusive", "maxExclusive",
            "lessThan", "lessThanOrEquals")
COUNTS = _sh("minCount", "maxCount", "qualifiedMinCount", "qualifiedMaxCount", "equals", "disjoint")
# (sh:target, SPARQL-based targets, are left out: the fast engine never runs them, pySHACL does)
UNBOUNDED = _sh("closed")
# parameters that name predicates the shape reads, besides its paths
PREDICATE_PARAMS = _sh("equals", "disjoint", "lessThan", "lessThanOrEquals", "targetObjectsOf")
NESTING = (SH.node, SH.property, SH["or"], SH["and"], SH["not"], SH.xone, SH.qualifiedValueShape)


@dataclass(frozen=True)
class Respelling:
    """What the store changes: where (the predicates of the re-spelled literals) and how."""

    predicates: frozenset  # predicate IRIs with a re-spelled literal among their objects
    datatype_changes: bool  # some literal is kept under another datatype
    merges: bool  # two literals as written are one term in the store


def _reached(shapes: Graph, start) -> list[tuple]:
    """``(shape, predicates)`` for ``start`` and every shape it reaches through the nesting parameters
    (lists included): ``predicates`` are those whose objects can be the shape's value nodes (its own
    path's, and those of the shapes it is reached from; a top shape's focus nodes are objects only
    through ``sh:targetObjectsOf``)."""
    first = frozenset(o for o in shapes.objects(start, SH.targetObjectsOf) if isinstance(o, URIRef))
    out, seen, todo = [], set(), [(start, first)]
    while todo:
        node, inherited = todo.pop()
        if (node, inherited) in seen or isinstance(node, Literal):
            continue
        seen.add((node, inherited))
        preds = inherited | _predicates_read(shapes, node)
        out.append((node, preds))
        for pred in NESTING:
            for o in shapes.objects(node, pred):
                if (o, RDF.first, None) in shapes or o == RDF.nil:
                    todo.extend((item, preds) for item in Collection(shapes, o))
                else:
                    todo.append((o, preds))
    return out


def _iris_under(shapes: Graph, node, seen=None) -> set:
    """Every IRI in a path description (blank nodes followed)."""
    seen = set() if seen is None else seen
    if isinstance(node, URIRef):
        return {node}
    if not isinstance(node, BNode) or node in seen:
        return set()
    seen.add(node)
    out = set()
    for _, o in shapes.predicate_objects(node):
        out |= _iris_under(shapes, o, seen)
    return out


def _predicates_read(shapes: Graph, node) -> frozenset:
    """The predicates whose objects a shape reads itself: its path's, and those its parameters name."""
    out = set()
    for path in shapes.objects(node, SH.path):
        out |= _iris_under(shapes, path)
    for param in PREDICATE_PARAMS:
        out.update(o for o in shapes.objects(node, param) if isinstance(o, URIRef))
    return frozenset(out)


def _path_iris(path) -> tuple[set, bool]:
    """IRIs of a SPARQL predicate or property path, and whether it may be any predicate."""
    from rdflib.paths import NegatedPath, Path

    if isinstance(path, URIRef):
        return {path}, False
    if isinstance(path, (Variable, NegatedPath)) or not isinstance(path, Path):
        return set(), True
    out, anything = set(), False
    for part in (getattr(path, "args", None) or [getattr(path, "path", None)]):
        iris, any_ = _path_iris(part)
        out |= iris
        anything |= any_
    return out, anything


@functools.lru_cache(maxsize=512)
def _algebra(query: str):
    """rdflib's algebra of ``query`` (only read, never changed), None if it does not parse; each text once
    per process, since every validation asks again about the same few constraints (0.2 s a time)."""
    from rdflib.plugins.sparql import prepareQuery

    try:
        return prepareQuery(query).algebra
    except Exception:
        return None


def sparql_sees(text: str, prefixes: str, predicates: frozenset) -> bool:
    """True if a SPARQL query can see a literal of ``predicates``: it names one there, or uses the value.

    A value bound by a pattern on one of them and never mentioned again (``$this aireg:amount ?a``
    only asks that there be one) is the same however it is spelled; a query that does not parse counts.
    """
    from aireg.sparql.cache import remembered

    return remembered("literal-shapes-sees", (__file__,), (text, prefixes, sorted(predicates)),
                      lambda: _sees(text, prefixes, predicates))


def _sees(text: str, prefixes: str, predicates: frozenset) -> bool:
    from rdflib.paths import Path
    from rdflib.plugins.sparql.parserutils import CompValue

    algebra = _algebra(prefixes + text)
    if algebra is None:
        return True
    todo = [algebra]
    while todo:
        node = todo.pop()
        if isinstance(node, CompValue):
            if node.name == "BGP":
                for s, p, o in node.get("triples") or []:
                    iris, anything = _path_iris(p)
                    if not (anything or iris & predicates):
                        continue
                    for term in ([o, s] if isinstance(p, Path) else [o]):
                        if isinstance(term, Literal):
                            return True
                        if isinstance(term, Variable) and len(re.findall(r"[?$]" + re.escape(str(term)) + r"\b",
                                                                         text)) > 1:
                            return True
            todo.extend(node.values())
        elif isinstance(node, (list, tuple)):
            todo.extend(node)
    return False


def _custom_parameters(shapes: Graph) -> set:
    """The parameters of the SPARQL-based (custom) constraint components declared in the shapes."""
    out = set()
    for component in shapes.subjects(RDF.type, SH.ConstraintComponent):
        for param in shapes.objects(component, SH.parameter):
            out.update(shapes.objects(param, SH.path))
    return out


def sees_respelling(shapes: Graph, shape, respelling: Respelling) -> bool:
    """True if ``shape``, or a shape it reaches, can tell the store's spelling from the one written."""
    from aireg.shapes_sparql import prefixes

    unbounded = UNBOUNDED | _custom_parameters(shapes)
    for node, preds in _reached(shapes, shape):
        params = set(shapes.predicates(node, None))
        if params & unbounded or any(isinstance(t, Literal) for t in shapes.objects(node, SH.targetNode)):
            return True
        for constraint in shapes.objects(node, SH.sparql):
            for pred in (SH.select, SH.ask):
                for text in shapes.objects(constraint, pred):
                    if sparql_sees(str(text), prefixes(shapes, constraint), respelling.predicates):
                        return True
        if not preds & respelling.predicates:
            continue
        if respelling.merges or params & LEXICAL or (respelling.datatype_changes and params & TYPED):
            return True
    return False


def respelling_shapes(shapes: Graph, tops, respelling: Respelling) -> list:
    """The shapes of ``tops`` that must see the data as written (see :func:`sees_respelling`)."""
    return [s for s in tops if sees_respelling(shapes, s, respelling)]
