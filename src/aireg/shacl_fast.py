"""A SHACL engine that checks a whole graph with a few SPARQL queries on Oxigraph.

pySHACL walks the graph focus node by focus node in Python and runs every
``sh:sparql`` constraint once per focus node: fine for the bundled graph, hours
for a million triples. This engine compiles each shape of the contract into
whole-graph SPARQL queries that Oxigraph answers at once:

* the targets of a shape (``sh:targetClass`` through ``rdfs:subClassOf*``,
  ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``, ``sh:targetNode``) become a
  sub-query that binds ``?this``;
* the value tests of a shape (``sh:class``, ``sh:datatype``, ``sh:nodeKind``,
  ``sh:in``, ``sh:languageIn``, ``sh:pattern``, ``sh:minLength``,
  ``sh:maxLength``, ``sh:min/maxInclusive``, ``sh:min/maxExclusive``, ``sh:or``
  of such tests) become one query returning every failing (focus, value) pair;
* the counts (``sh:minCount``, ``sh:maxCount``, ``sh:qualifiedValueShape`` with
  ``sh:qualifiedMinCount``/``sh:qualifiedMaxCount``) become one grouped query
  per property shape, ``sh:uniqueLang`` another;
* ``sh:node`` is checked in two steps: the referenced shape is evaluated on the
  value nodes, and the failing ones are reported on their focus node;
* an ``sh:sparql`` SELECT constraint runs once: ``$this`` becomes a variable
  joined with the targets, instead of one query per focus node.

The findings are the ones pySHACL gives (severity, focus node, path, value,
message, source shape, constraint component); the test suite compares both
engines on the bundled graph and on broken copies. A shape that uses anything
else raises :class:`Unsupported`, and :func:`aireg.validate.validate` then runs
pySHACL for the whole graph: nothing is skipped silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD, Namespace

SH = Namespace("http://www.w3.org/ns/shacl#")


# the name the shapes graph has, for queries that use $shapesGraph, in the store made for them
SHAPES_GRAPH = "urn:x-aireg:shapes-graph"


class Unsupported(Exception):
    """The shapes use a SHACL feature this engine does not compile."""


# --------------------------------------------------------------------------
# What a shape may say

_TARGETS = {SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode}
_VALUE_TESTS = {
    SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.languageIn, SH.pattern, SH.flags,
    SH.minLength, SH.maxLength, SH.minInclusive, SH.minExclusive, SH.maxInclusive, SH.maxExclusive,
    SH["or"], SH.node,
}
_COUNTS = {SH.minCount, SH.maxCount, SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount,
           SH.qualifiedValueShapesDisjoint}
_NOISE = {SH.message, SH.severity, SH.deactivated, SH.name, SH.description, SH.order, SH.group,
          SH.declare, SH.defaultValue, SH.prefixes, SH.select, SH.ask, SH.labelTemplate}
_PAIRS = {SH.equals: SH.EqualsConstraintComponent, SH.disjoint: SH.DisjointConstraintComponent,
          SH.lessThan: SH.LessThanConstraintComponent, SH.lessThanOrEquals: SH.LessThanOrEqualsConstraintComponent}
_KNOWN = _TARGETS | _VALUE_TESTS | _COUNTS | _NOISE | set(_PAIRS) | {SH.path, SH.property, SH.sparql, SH.uniqueLang,
                                                                    SH.hasValue, SH["not"], SH.closed,
                                                                    SH.ignoredProperties, SH["and"], SH.xone}

_COMPONENT = {
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH.node: SH.NodeConstraintComponent,
}

# datatypes whose lexical form Oxigraph can check by casting (an ill-typed
# literal such as "1.5"^^xsd:integer fails sh:datatype, as in pySHACL)
_CASTABLE = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.boolean, XSD.date, XSD.dateTime,
             XSD.time, XSD.duration, XSD.dayTimeDuration, XSD.yearMonthDuration}

_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(!isLiteral({v}))",
    SH.BlankNodeOrLiteral: "(!isIRI({v}))",
    SH.IRIOrLiteral: "(!isBlank({v}))",
}


def _n3(term) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    raise Unsupported(f"blank node {term} where an IRI or literal is expected")


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


# --------------------------------------------------------------------------
# Reading the shapes graph


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
                if p not in _KNOWN:
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
        for key in (SH.pattern, SH.qualifiedValueShape, SH.minCount, SH.maxCount, SH.qualifiedMinCount,
                    SH.qualifiedMaxCount):
            if len(params.get(key, [])) > 1:
                raise Unsupported(f"several {key} on one shape are not compiled")
        return shape

    def prefixes(self, constraint) -> str:
        """PREFIX lines from the sh:prefixes of a SPARQL constraint or validator (through owl:imports)."""
        from aireg.shapes_sparql import prefixes

        return prefixes(self.sg, constraint)


# --------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class RawResult:
    severity: URIRef
    focus: object  # rdflib term
    path: object | None  # rdflib term (the shapes-graph path node) or None
    value: object | None
    messages: tuple[str, ...]
    shape: object
    component: URIRef
    source_constraint: object | None = None
    top_severity: URIRef = SH.Violation  # severity of the targeted shape the result comes from


# --------------------------------------------------------------------------
# The engine


class FastValidator:
    def __init__(self, data: Graph, shapes: Graph):
        self.data = data
        self.shapes = shapes
        self.reader = ShapesReader(shapes)
        self.store, self.graph_name, self.union = _oxigraph_view(data)
        self.results: list[RawResult] = []
        self.compiled: list = []  # top-level shapes this engine ran
        self.unsupported: dict = {}  # top-level shape -> why it was not compiled
        self._components: list | None = None
        self._spelling: dict = {}  # Oxigraph's form of a shapes-graph literal -> the form written
        self._shapes_store = None
        self._closure: dict = {}
        self._generic = None
        self.queries = 0

    # -- running queries ------------------------------------------------

    def select(self, query: str, substitutions: dict | None = None):
        self.queries += 1
        store = self.store
        kwargs = {"use_default_graph_as_union": True} if self.union else {"default_graph": self.graph_name}
        if SHAPES_GRAPH in query:  # $shapesGraph: the copy that holds the shapes graph too
            import pyoxigraph as ox

            store, kwargs = self.with_shapes_graph(), {"default_graph": ox.DefaultGraph()}
        if substitutions:
            kwargs["substitutions"] = substitutions
        try:
            solutions = store.query(query, **kwargs)
        except SyntaxError as err:
            raise Unsupported(f"compiled query does not parse ({err}):\n{query}") from None
        names = [v.value for v in solutions.variables]
        for row in solutions:
            yield {n: row[i] for i, n in enumerate(names)}

    def with_shapes_graph(self):
        """A store holding the data (default graph) and the shapes graph (named SHAPES_GRAPH).

        Only queries that use $shapesGraph need it, so it is made once, on demand;
        the user's store is never written to.
        """
        if self._shapes_store is None:
            import pyoxigraph as ox
            from oxrdflib._converter import to_ox

            store = ox.Store()
            if self.union:
                quads = self.store.quads_for_pattern(None, None, None)
            else:
                quads = self.store.quads_for_pattern(None, None, None, self.graph_name)
            store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads)
            name = ox.NamedNode(SHAPES_GRAPH)
            store.extend(ox.Quad(to_ox(t[0]), to_ox(t[1]), to_ox(t[2]), name) for t in self.shapes)
            self._shapes_store = store
        return self._shapes_store

    # -- targets --------------------------------------------------------

    def subclasses(self, classes: Iterable) -> list:
        key = frozenset(classes)
        if key not in self._closure:
            values = " ".join(_n3(c) for c in key)
            found = {
                r["t"]
                for r in self.select(
                    f"SELECT DISTINCT ?t WHERE {{ VALUES ?c {{ {values} }} ?t <{RDFS.subClassOf}>* ?c }}"
                )
            }
            self._closure[key] = sorted(_term_text(t) for t in found) or [_n3(c) for c in key]
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
            parts.append(f"?{{v}} {_n3(p)} ?_o .")
        for p in shape.params.get(SH.targetObjectsOf, []):
            parts.append(f"?_s {_n3(p)} ?{{v}} .")
        nodes = shape.params.get(SH.targetNode, [])
        if nodes:
            parts.append("VALUES ?{v} { " + " ".join(_n3(n) for n in nodes) + " }")
            self.remember_spelling(n for n in nodes if isinstance(n, Literal))
        if not parts:
            return None
        body = " UNION ".join("{ " + p + " }" for p in parts)

        def pattern(var: str) -> str:
            return "{ SELECT DISTINCT ?" + var + " WHERE { " + body.replace("?{v}", "?" + var) + " } }"

        return pattern

    def remember_spelling(self, literals) -> None:
        """Report a literal of the shapes graph as written there, not in the form Oxigraph keeps it."""
        for lit in literals:
            for row in self.select(f"SELECT ?x WHERE {{ VALUES ?x {{ {_n3(lit)} }} }}"):
                self._spelling[_rd(row["x"])] = lit

    # -- results --------------------------------------------------------

    def report(self, shape: Shape, focus, component, value=None, path=None, messages=None, constraint=None,
               param=None):
        """Record a result; ``param`` is the parameter value of the constraint, where a shape has several."""
        if messages is None:
            messages = shape.messages or self.generic_message(shape, component, focus, value, param)
        if self._spelling:
            focus = self._spelling.get(focus, focus) if isinstance(focus, Literal) else focus
            value = self._spelling.get(value, value) if isinstance(value, Literal) else value
        self.results.append(
            RawResult(
                severity=shape.severity,
                focus=focus,
                path=path if path is not None else shape.path,
                value=value,
                messages=tuple(messages),
                shape=shape.node,
                component=component,
                source_constraint=constraint,
            )
        )

    def generic_message(self, shape: Shape, component, focus, value, param=None) -> list[str]:
        """pySHACL's wording for a constraint that has no sh:message."""
        from pyshacl.rdfutil import stringify_node

        sg, dg = self.shapes, self.data
        one = lambda key: param if param is not None else shape.params[key][0]  # noqa: E731
        path = stringify_node(sg, shape.path) if shape.path is not None else None
        on = f"{stringify_node(dg, focus)}->{path}" if path else stringify_node(dg, focus)
        if component == SH.MinCountConstraintComponent:
            return [f"Less than {one(SH.minCount)} values on {on}"]
        if component == SH.MaxCountConstraintComponent:
            return [f"More than {one(SH.maxCount)} values on {on}"]
        if component == SH.DatatypeConstraintComponent:
            return [f"Value is not Literal with datatype {stringify_node(sg, one(SH.datatype))}"]
        if component == SH.ClassConstraintComponent:
            return [f"Value does not have class {stringify_node(sg, one(SH['class']))}"]
        if component == SH.NodeKindConstraintComponent:
            return [f"Value is not of Node Kind {stringify_node(sg, one(SH.nodeKind))}"]
        if component == SH.MinLengthConstraintComponent:
            return [f"String length not >= {stringify_node(dg, one(SH.minLength))}"]
        if component == SH.MaxLengthConstraintComponent:
            return [f"String length not <= {stringify_node(dg, one(SH.maxLength))}"]
        if component == SH.PatternConstraintComponent:
            return [f"Value does not match pattern '{one(SH.pattern)}'"]
        if component == SH.LanguageInConstraintComponent:
            return [f"String language is not in {stringify_node(sg, one(SH.languageIn))}"]
        if component == SH.UniqueLangConstraintComponent:
            return ["More than one String shares the same Language"]
        if component == SH.InConstraintComponent:
            values = [stringify_node(sg, v) for v in self.reader.items(one(SH["in"]))]
            return [f"Value {stringify_node(dg, value)} not in list {values}"]
        for key, word in ((SH.minInclusive, ">="), (SH.minExclusive, ">"), (SH.maxInclusive, "<="),
                          (SH.maxExclusive, "<")):
            if component == _COMPONENT[key]:
                return [f"Value is not {word} {stringify_node(sg, one(key))}"]
        if component == SH.NodeConstraintComponent:
            return [f"Value does not conform to Shape {stringify_node(sg, one(SH.node))}."]
        words = {SH.EqualsConstraintComponent: (SH.equals, "!="), SH.DisjointConstraintComponent: (SH.disjoint, "=="),
                 SH.LessThanConstraintComponent: (SH.lessThan, "<="),
                 SH.LessThanOrEqualsConstraintComponent: (SH.lessThanOrEquals, "<")}
        if component in words:
            key, word = words[component]
            return [f"Value of {stringify_node(dg, focus)}->{stringify_node(sg, one(key))} {word} "
                    f"{stringify_node(dg, value)}"]
        if component == SH.OrConstraintComponent and (param is not None or len(shape.params[SH["or"]]) == 1):
            members = " , ".join(stringify_node(sg, m) for m in self.reader.items(one(SH["or"])))
            return [f"Node {stringify_node(dg, value)} must conform to one or more shapes in {members}"]
        for key, word, comp in ((SH["and"], "all shapes", SH.AndConstraintComponent),
                                (SH.xone, "exactly one shape", SH.XoneConstraintComponent)):
            if component == comp:
                members = " , ".join(stringify_node(sg, m) for m in self.reader.items(one(key)))
                return [f"Node {stringify_node(dg, value)} must conform to {word} in {members}"]
        if component in (SH.QualifiedMinCountConstraintComponent, SH.QualifiedMaxCountConstraintComponent):
            counts = "".join(f" {word} {int(shape.params[key][0])}" for key, word in (
                (SH.qualifiedMinCount, "MinCount"), (SH.qualifiedMaxCount, "MaxCount")) if key in shape.params)
            return [f"Focus node does not conform to shape{counts}: {stringify_node(sg, one(SH.qualifiedValueShape))}"]
        if component == SH.ClosedConstraintComponent:
            return [f"Node {stringify_node(dg, focus)} is closed. It cannot have value: {stringify_node(dg, value)}"]
        if component == SH.NotConstraintComponent:
            return [f"Node {stringify_node(dg, value)} must not conform to shape {stringify_node(sg, one(SH['not']))}"]
        if component == SH.HasValueConstraintComponent:
            the_set = [stringify_node(sg, v) for v in shape.params[SH.hasValue]]
            if path:
                return [f"Node {stringify_node(dg, focus)}->{path} does not contain a value in the set: {the_set}"]
            return [f"Node {stringify_node(dg, focus)} value is not a in the set of values: {the_set}"]
        raise Unsupported(f"no sh:message on {shape.node} for {component}; pySHACL words it")

    # -- value tests ----------------------------------------------------

    def value_test(self, shape: Shape, key, obj, v: str) -> str:
        """A SPARQL expression true iff the value in ``v`` passes ``key obj`` (never an error)."""
        if key == SH["class"]:
            return f"EXISTS {{ {v} <{RDF.type}>/<{RDFS.subClassOf}>* {_n3(obj)} }}"
        if key == SH.datatype:
            if obj == XSD.string:
                test = f"isLiteral({v}) && datatype({v}) = <{XSD.string}> && lang({v}) = \"\""
            elif obj == RDF.langString:
                test = f"isLiteral({v}) && lang({v}) != \"\""
            elif obj == RDFS.Literal:
                test = f"isLiteral({v})"
            else:
                test = f"isLiteral({v}) && datatype({v}) = {_n3(obj)}"
                if obj in _CASTABLE:  # the lexical form must be valid for the datatype
                    test += f" && sameTerm({_n3(obj)}(STR({v})), {_n3(obj)}(STR({v})))"
            return f"COALESCE({test}, false)"
        if key == SH.nodeKind:
            if obj not in _NODE_KINDS:
                raise Unsupported(f"sh:nodeKind {obj}")
            return _NODE_KINDS[obj].format(v=v)
        if key == SH["in"]:
            members = self.reader.items(obj)
            if not members:
                return "false"
            return "(" + " || ".join(f"sameTerm({v}, {_n3(m)})" for m in members) + ")"
        if key == SH.languageIn:
            tags = self.reader.items(obj)
            if not tags:
                return "false"
            return "COALESCE(isLiteral(" + v + ") && (" + " || ".join(
                f"langMatches(lang({v}), {_string(str(t))})" for t in tags) + "), false)"
        if key == SH.pattern:
            flags = shape.params.get(SH.flags, [None])[0]
            args = f"STR({v}), {_string(str(obj))}" + (f", {_string(str(flags))}" if flags else "")
            return f"COALESCE(!isBlank({v}) && REGEX({args}), false)"
        if key == SH.minLength:
            return f"COALESCE(!isBlank({v}) && STRLEN(STR({v})) >= {int(obj)}, false)"
        if key == SH.maxLength:
            return f"COALESCE(!isBlank({v}) && STRLEN(STR({v})) <= {int(obj)}, false)"
        ops = {SH.minInclusive: ">=", SH.minExclusive: ">", SH.maxInclusive: "<=", SH.maxExclusive: "<"}
        if key in ops:
            return f"COALESCE(isLiteral({v}) && {v} {ops[key]} {_n3(obj)}, false)"
        if key == SH["or"]:
            members = [self.shape_test(self.reader.shape(m), v) for m in self.reader.items(obj)]
            return "(" + (" || ".join(members) or "false") + ")"
        raise Unsupported(f"{key} as a value test")

    def shape_test(self, shape: Shape, v: str) -> str:
        """A SPARQL expression true iff the node in ``v`` conforms to ``shape`` (simple shapes only)."""
        if shape.sparql or shape.params.get(SH.node) or shape.params.get(SH.qualifiedValueShape) \
                or shape.params.get(SH.uniqueLang) or shape.params.get(SH.maxCount) or shape.params.get(SH.hasValue) \
                or shape.params.get(SH["not"]) or any(shape.params.get(k) for k in _PAIRS) \
                or shape.params.get(SH.closed) or shape.params.get(SH["and"]) or shape.params.get(SH.xone):
            raise Unsupported(f"shape {shape.node} is too rich to be inlined")
        tests = []
        for prop in shape.properties:
            tests.append(self.shape_test(prop, v))
        value_keys = [k for k in shape.params if k in _VALUE_TESTS and k != SH.flags]
        if shape.is_property:
            n = self.fresh()
            inner = [self.value_test(shape, k, o, n) for k in value_keys for o in shape.params[k]]
            if inner:
                tests.append(f"NOT EXISTS {{ {v} {shape.path_sparql} {n} FILTER(!({' && '.join(inner)})) }}")
            min_count = shape.params.get(SH.minCount)
            if min_count:
                if int(min_count[0]) > 1:
                    raise Unsupported("sh:minCount above 1 inside sh:or")
                if int(min_count[0]) == 1:
                    tests.append(f"EXISTS {{ {v} {shape.path_sparql} {self.fresh()} }}")
        else:
            tests += [self.value_test(shape, k, o, v) for k in value_keys for o in shape.params[k]]
        return "(" + (" && ".join(tests) or "true") + ")"

    _counter = 0

    def fresh(self) -> str:
        FastValidator._counter += 1
        return f"?_n{FastValidator._counter}"

    # -- evaluating a shape on a set of focus nodes -----------------------

    def evaluate(self, shape: Shape, focus: Callable[[str], str], depth: int = 0) -> None:
        """Add the results of ``shape`` for the focus nodes that ``focus('this')`` binds."""
        if depth > 8:
            raise Unsupported(f"shape {shape.node} nests too deep (recursive shapes are not compiled)")
        if shape.params.get(SH.deactivated) and shape.params[SH.deactivated][0] == Literal(True):
            return
        if shape.is_property:
            self.evaluate_property(shape, focus, depth)
        else:
            self.evaluate_values(shape, focus, "BIND(?this AS ?v)", depth)
            self.evaluate_pairs_and_not(shape, focus, depth)
            self.evaluate_closed(shape, focus)
            for v in shape.params.get(SH.hasValue, []):
                for row in self.select(f"SELECT ?this WHERE {{ {focus('this')} FILTER(!sameTerm(?this, {_n3(v)})) }}"):
                    self.report(shape, _rd(row["this"]), SH.HasValueConstraintComponent)
            self.evaluate_sparql(shape, focus)
            self.evaluate_components(shape, focus)
            for prop in shape.properties:
                if prop.params.get(SH.deactivated) and prop.params[SH.deactivated][0] == Literal(True):
                    continue
                self.evaluate_property(prop, focus, depth)

    def evaluate_property(self, shape: Shape, focus, depth: int) -> None:
        path = shape.path_sparql
        self.evaluate_values(shape, focus, f"?this {path} ?v .", depth)
        self.evaluate_pairs_and_not(shape, focus, depth)
        self.evaluate_counts(shape, focus, depth)
        for v in shape.params.get(SH.hasValue, []):
            q = f"SELECT ?this WHERE {{ {focus('this')} FILTER NOT EXISTS {{ ?this {path} {_n3(v)} }} }}"
            for row in self.select(q):
                self.report(shape, _rd(row["this"]), SH.HasValueConstraintComponent)
        if any(_is_true(o) for o in shape.params.get(SH.uniqueLang, [])):
            q = (f"SELECT ?this ?lang WHERE {{ {focus('this')} ?this {path} ?v . FILTER(lang(?v) != \"\") "
                 f"BIND(LCASE(lang(?v)) AS ?lang) }} GROUP BY ?this ?lang HAVING (COUNT(DISTINCT ?v) > 1)")
            for row in self.select(q):
                self.report(shape, _rd(row["this"]), SH.UniqueLangConstraintComponent)
        if shape.properties:
            self.evaluate_nested(shape, focus, depth)
        if shape.params.get(SH.closed):
            raise Unsupported("sh:closed on a property shape is not compiled")
        self.evaluate_sparql(shape, focus)
        self.evaluate_components(shape, focus)

    def evaluate_nested(self, shape: Shape, focus, depth: int) -> None:
        """A property shape's own sh:property shapes, with its value nodes as their focus nodes.

        SHACL validates them once per (focus node, value node): a value node
        reached from two focus nodes gives its results twice, as pySHACL does.
        """
        if depth > 8:
            raise Unsupported(f"shape {shape.node} nests too deep (recursive shapes are not compiled)")
        saved, self.results = self.results, []
        try:
            for prop in shape.properties:
                if prop.params.get(SH.deactivated) and prop.params[SH.deactivated][0] == Literal(True):
                    continue
                self.evaluate_property(prop, self.value_nodes(shape, focus), depth + 1)
            inner = self.results
        finally:
            self.results = saved
        if not inner:
            return
        times = {_rd(r["v"]): int(r["n"].value) for r in self.select(
            f"SELECT ?v (COUNT(DISTINCT ?_f) AS ?n) WHERE {{ {focus('_f')} ?_f {shape.path_sparql} ?v }} GROUP BY ?v")}
        for r in inner:
            self.results.extend([r] * times.get(r.focus, 1))

    def value_nodes(self, shape: Shape, focus) -> Callable[[str], str]:
        """A pattern binding the value nodes of ``shape`` for the focus nodes ``focus`` binds."""
        if not shape.is_property:
            return focus
        path = shape.path_sparql

        def nodes(var: str) -> str:
            return "{ SELECT DISTINCT ?" + var + " WHERE { " + focus(var + "_up") + " ?" + var + "_up " + path + " ?" + var + " } }"

        return nodes

    def evaluate_closed(self, shape: Shape, focus) -> None:
        """sh:closed true on a node shape: every predicate not named by an IRI sh:path or sh:ignoredProperties."""
        closed = shape.params.get(SH.closed, [])
        if len(closed) > 1:
            raise Unsupported("several sh:closed on one shape")
        if not closed or not _is_true(closed[0]):
            return
        allowed = {p.path for p in shape.properties if isinstance(p.path, URIRef)}
        for lst in shape.params.get(SH.ignoredProperties, []):
            allowed.update(self.reader.items(lst))
        test = f"FILTER(?_p NOT IN ({', '.join(_n3(p) for p in sorted(allowed))}))" if allowed else ""
        for row in self.select(f"SELECT ?this ?_p ?_o WHERE {{ {focus('this')} ?this ?_p ?_o {test} }}"):
            self.report(shape, _rd(row["this"]), SH.ClosedConstraintComponent, value=_rd(row["_o"]),
                        path=_rd(row["_p"]))

    def evaluate_pairs_and_not(self, shape: Shape, focus, depth: int) -> None:
        """sh:equals, sh:disjoint, sh:lessThan, sh:lessThanOrEquals and sh:not, one value each."""
        for key in (*_PAIRS, SH["not"]):
            if len(shape.params.get(key, [])) > 1:
                raise Unsupported(f"several {key} on one shape are not compiled")
        values = f"?this {shape.path_sparql} ?v ." if shape.is_property else "BIND(?this AS ?v)"
        is_value = f"FILTER EXISTS {{ ?this {shape.path_sparql} ?v }}" if shape.is_property \
            else "FILTER(sameTerm(?v, ?this))"
        queries = {}
        if SH.equals in shape.params:
            p = _n3(shape.params[SH.equals][0])
            queries[SH.equals] = (f"{{ {focus('this')} {values} FILTER NOT EXISTS {{ ?this {p} ?v }} }} UNION "
                                  f"{{ {focus('this')} ?this {p} ?v FILTER(!EXISTS {{ {is_value} }}) }}")
        if SH.disjoint in shape.params:
            p = _n3(shape.params[SH.disjoint][0])
            queries[SH.disjoint] = f"{focus('this')} {values} FILTER EXISTS {{ ?this {p} ?v }}"
        for key, op in ((SH.lessThan, "<"), (SH.lessThanOrEquals, "<=")):
            if key in shape.params:
                if not shape.is_property:
                    raise Unsupported(f"{key} on a node shape")
                p = _n3(shape.params[key][0])
                queries[key] = f"{focus('this')} {values} ?this {p} ?_w FILTER(!COALESCE(?v {op} ?_w, false))"
        for key, body in queries.items():
            # one result per pair for sh:lessThan(OrEquals): each value against each value it is compared with
            pair = " ?_w" if key in (SH.lessThan, SH.lessThanOrEquals) else ""
            for row in self.select(f"SELECT DISTINCT ?this ?v{pair} WHERE {{ {body} }}"):
                self.report(shape, _rd(row["this"]), _PAIRS[key], value=_rd(row["v"]))
        for key in (SH["and"], SH.xone):
            lists = shape.params.get(key, [])
            if len(lists) > 1:
                raise Unsupported(f"several {key} on one shape are not compiled")
            if not lists:
                continue
            members = [self.reader.shape(m) for m in self.reader.items(lists[0])]
            fails = [self.failing(m, self.value_nodes(shape, focus), depth + 1) for m in members]
            component = SH.AndConstraintComponent if key == SH["and"] else SH.XoneConstraintComponent
            for row in self.select(f"SELECT DISTINCT ?this ?v WHERE {{ {focus('this')} {values} }}"):
                v = _rd(row["v"])
                conforming = sum(v not in f for f in fails)
                if (conforming < len(members)) if key == SH["and"] else (conforming != 1):
                    self.report(shape, _rd(row["this"]), component, value=v)
        if SH["not"] in shape.params:
            inner = self.reader.shape(shape.params[SH["not"]][0])
            if shape.is_property:
                path = shape.path_sparql

                def nodes(var: str, focus=focus, path=path) -> str:
                    return ("{ SELECT DISTINCT ?" + var + " WHERE { " + focus(var + "_up") + " ?" + var + "_up " + path + " ?" + var
                            + " } }")
            else:
                nodes = focus
            failing = self.failing(inner, nodes, depth + 1)
            for row in self.select(f"SELECT DISTINCT ?this ?v WHERE {{ {focus('this')} {values} }}"):
                v = _rd(row["v"])
                if v not in failing:
                    self.report(shape, _rd(row["this"]), SH.NotConstraintComponent, value=v)

    def evaluate_values(self, shape: Shape, focus, value_pattern: str, depth: int) -> None:
        keys = [k for k in shape.params if k in _VALUE_TESTS and k not in (SH.flags, SH.node)]
        rich_or = []  # sh:or lists whose members cannot be inlined: evaluated as shapes below
        binds, checks = [], []
        for i, key in enumerate(keys):
            for j, obj in enumerate(shape.params[key]):
                name = f"?_ok{i}_{j}"
                try:
                    test = self.value_test(shape, key, obj, "?v")
                except Unsupported:
                    if key != SH["or"]:
                        raise
                    rich_or.append(obj)
                    continue
                binds.append(f"BIND({test} AS {name})")
                checks.append((name[1:], key, obj))
        if checks:
            q = (f"SELECT DISTINCT ?this ?v {' '.join('?' + c for c, _, _ in checks)} WHERE {{ "
                 f"{focus('this')} {value_pattern} {' '.join(binds)} "
                 f"FILTER({' || '.join('!?' + c for c, _, _ in checks)}) }}")
            for row in self.select(q):
                for name, key, obj in checks:
                    ok = row.get(name)
                    if ok is not None and ok.value == "true":
                        continue
                    self.report(shape, _rd(row["this"]), _COMPONENT[key], value=_rd(row["v"]), param=obj)
        for obj in rich_or:
            members = [self.reader.shape(m) for m in self.reader.items(obj)]
            fails = [self.failing(m, self.value_nodes(shape, focus), depth + 1) for m in members]
            for row in self.select(f"SELECT DISTINCT ?this ?v WHERE {{ {focus('this')} {value_pattern} }}"):
                v = _rd(row["v"])
                if all(v in f for f in fails):  # conforms to none of the members
                    self.report(shape, _rd(row["this"]), SH.OrConstraintComponent, value=v, param=obj)
        for node in shape.params.get(SH.node, []):
            inner = self.reader.shape(node)
            if shape.is_property:
                path = shape.path_sparql

                def values(var: str, focus=focus, path=path) -> str:
                    return ("{ SELECT DISTINCT ?" + var + " WHERE { " + focus(var + "_up") + " ?" + var + "_up " + path + " ?" + var
                            + " } }")
            else:
                values = focus
            failing = self.failing(inner, values, depth + 1)
            if not failing:
                continue
            # (blank nodes cannot be written in a VALUES block: the pairs are filtered here)
            q = f"SELECT DISTINCT ?this ?v WHERE {{ {focus('this')} {value_pattern} }}"
            for row in self.select(q):
                v = _rd(row["v"])
                if v in failing:
                    self.report(shape, _rd(row["this"]), SH.NodeConstraintComponent, value=v, param=node)

    def failing(self, shape: Shape, focus, depth: int) -> set:
        """The focus nodes (rdflib terms) that do not conform to ``shape``, whatever the severity."""
        saved, self.results = self.results, []
        try:
            self.evaluate(shape, focus, depth)
            return {r.focus for r in self.results}
        finally:
            self.results = saved

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
                self.report(shape, _rd(row["this"]), SH.MinCountConstraintComponent)
            return
        aggregates = ["(COUNT(DISTINCT ?v) AS ?n)"]
        conditions = []
        if min_c is not None:
            conditions.append(f"?n < {min_c}")
        if max_c is not None:
            conditions.append(f"?n > {max_c}")
        disjoint = any(_is_true(d) for d in p.get(SH.qualifiedValueShapesDisjoint, []))
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
            this = _rd(row["this"])
            n = int(row["n"].value)
            if max_c is not None and n > max_c:
                self.report(shape, this, SH.MaxCountConstraintComponent)
            if min_c is not None and n < min_c:
                self.report(shape, this, SH.MinCountConstraintComponent)
            if "q" in row and row["q"] is not None:
                k = int(row["q"].value)
                if q_max is not None and k > q_max:
                    self.report(shape, this, SH.QualifiedMaxCountConstraintComponent)
                if q_min is not None and k < q_min:
                    self.report(shape, this, SH.QualifiedMinCountConstraintComponent)

    def qualified_counts(self, shape: Shape, focus, qshape, q_min, q_max, depth: int) -> None:
        """sh:qualifiedMin/MaxCount with a value shape evaluated as a shape (nodes that give no result conform)."""
        nodes = self.value_nodes(shape, focus)
        failing = self.failing(self.reader.shape(qshape), nodes, depth + 1)
        siblings = []
        if any(_is_true(d) for d in shape.params.get(SH.qualifiedValueShapesDisjoint, [])):
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
            this = _rd(row["this"])
            counts.setdefault(this, 0)
            v = _rd(row["v"]) if row.get("v") is not None else None
            if v is not None and v not in failing and all(v in f for f in sibling_fails):
                counts[this] += 1
        for this, k in counts.items():
            if q_max is not None and k > q_max:
                self.report(shape, this, SH.QualifiedMaxCountConstraintComponent)
            if q_min is not None and k < q_min:
                self.report(shape, this, SH.QualifiedMinCountConstraintComponent)

    # -- SPARQL-based constraints ----------------------------------------

    def focus_nodes(self, focus) -> list:
        """The focus nodes ``focus('this')`` binds, as pyoxigraph terms."""
        return [row["this"] for row in self.select(f"SELECT DISTINCT ?this WHERE {{ {focus('this')} }}")]

    def sparql_rows(self, query: str, focus, constants: dict):
        """(focus node, row) for every solution of ``query`` with $this and ``constants`` pre-bound.

        Pre-binding is SHACL's (the variable holds its value everywhere in the
        query, sub-SELECTs and nested groups included). Where joining ``?this``
        with the targets is provably the same (see ``shapes_sparql.join_safe``)
        the query runs once for all focus nodes; otherwise once per focus node
        with pyoxigraph's substitutions.
        """
        import pyoxigraph as ox
        from oxrdflib._converter import to_ox

        from aireg.shapes_sparql import join_safe, prebind

        if not constants and join_safe(query):
            select = re.search(r"\bSELECT\b\s*(DISTINCT\b|REDUCED\b)?", query, re.IGNORECASE)
            if select is None:
                raise Unsupported("sh:select is not a SELECT query")
            head_end = query.index("{", select.end())
            head = query[select.end():head_end]
            if "*" not in head and not re.search(r"[?$]this\b", head):
                query = query[: select.end()] + " ?this " + query[select.end():]
                head_end = query.index("{", select.end())
            query = re.sub(r"\$this\b", "?this", query)
            query = query[: head_end + 1] + " " + focus("this") + " " + query[head_end + 1:]
            for row in self.select(query):
                if row.get("this") is not None:
                    yield row["this"], row
            return
        fixed = {k: to_ox(v) for k, v in constants.items()}
        for node in self.focus_nodes(focus):
            try:
                text, rest = prebind(query, {"this": node, **fixed})
            except ValueError as err:
                raise Unsupported(str(err)) from None
            for row in self.select(text, {ox.Variable(k): v for k, v in rest.items()}):
                row["this"] = node
                yield node, row

    def _sparql_text(self, shape: Shape, text: str) -> str:
        if shape.is_property:
            return re.sub(r"\$PATH\b", shape.path_sparql, text)
        if re.search(r"\$PATH\b", text):
            raise Unsupported("$PATH in a node shape")
        return text

    def _current_shape(self, shape: Shape, text: str) -> dict:
        """The pre-bound $currentShape and $shapesGraph, where the query uses them."""
        out = {}
        if re.search(r"[?$]currentShape\b", text):
            out["currentShape"] = shape.node
        if re.search(r"[?$]shapesGraph\b", text):
            out["shapesGraph"] = URIRef(SHAPES_GRAPH)
        return out

    def evaluate_sparql(self, shape: Shape, focus) -> None:
        sg = self.shapes
        for c in shape.sparql:
            text = self._sparql_text(shape, str(sg.value(c, SH.select)))
            query = self.reader.prefixes(c) + _rdflib_ordering(text)
            messages = [str(m) for m in sg.objects(c, SH.message)]
            seen = set()
            for this, row in self.sparql_rows(query, focus, self._current_shape(shape, text)):
                value = row.get("value")
                path = row.get("path")
                extra = tuple(sorted((k, _term_text(t)) for k, t in row.items()
                                     if k not in ("this", "value", "path") and t is not None))
                key = (this, path, value, extra)
                if key in seen:
                    continue
                seen.add(key)
                this_rd = _rd(this)
                value_rd = _rd(value) if value is not None else (None if shape.is_property else this_rd)
                bound = {k: _rd(t) for k, t in row.items() if t is not None and k not in ("this", "path", "value")}
                bound["this"] = this_rd
                if path is not None:
                    bound["path"] = _rd(path)
                if value_rd is not None:
                    bound["value"] = value_rd
                out = _fill(list(shape.messages) + [m for m in messages if m not in shape.messages], bound)
                self.report(shape, this_rd, SH.SPARQLConstraintComponent, value=value_rd,
                            path=_rd(path) if path is not None else None, messages=out, constraint=c)

    # -- SPARQL-based constraint components (sh:validator, sh:nodeValidator, sh:propertyValidator)

    def components(self) -> list[tuple]:
        """(component, [(name, path, optional)], validators) for each SPARQL-based component."""
        if self._components is None:
            sg = self.shapes
            kinds = {SH.ConstraintComponent} | set(sg.transitive_subjects(RDFS.subClassOf, SH.ConstraintComponent))
            found = []
            for kind in kinds:
                for cc in sg.subjects(RDF.type, kind):
                    validators = {p: sg.value(cc, p) for p in (SH.validator, SH.nodeValidator, SH.propertyValidator)
                                  if sg.value(cc, p) is not None}
                    if not validators:
                        continue
                    params = []
                    for param in sg.objects(cc, SH.parameter):
                        path = sg.value(param, SH.path)
                        if not isinstance(path, URIRef):
                            raise Unsupported(f"parameter of {cc} without an IRI sh:path")
                        optional = sg.value(param, SH.optional) == Literal(True)
                        params.append((re.split(r"[#/:]", str(path))[-1], path, optional))
                    found.append((cc, params, validators))
            self._components = sorted(found, key=lambda t: str(t[0]))
        return self._components

    def evaluate_components(self, shape: Shape, focus) -> None:
        sg = self.shapes
        for cc, params, validators in self.components():
            values = {name: sorted(sg.objects(shape.node, path), key=str) for name, path, _ in params}
            if any(not values[name] for name, _, optional in params if not optional):
                continue
            if not any(values.values()):
                continue
            kind = SH.propertyValidator if shape.is_property else SH.nodeValidator
            validator = validators.get(kind) or validators.get(SH.validator)
            if validator is None:
                raise Unsupported(f"{cc} has no validator for a {'property' if shape.is_property else 'node'} shape")
            ask, select = sg.value(validator, SH.ask), sg.value(validator, SH.select)
            if (ask is None) == (select is None):
                raise Unsupported(f"validator {validator} needs exactly one of sh:ask and sh:select")
            combos = [{}]
            for name, _, _ in params:
                if values[name]:
                    combos = [{**c, name: v} for c in combos for v in values[name]]
            messages = list(shape.messages) or [str(m) for m in sg.objects(validator, SH.message)] \
                or [str(m) for m in sg.objects(cc, SH.message)]
            for constants in combos:
                text = self._sparql_text(shape, str(ask if ask is not None else select))
                query = self.reader.prefixes(validator) + text
                constants = {**constants, **self._current_shape(shape, text)}
                if ask is not None:
                    self._ask_validator(shape, cc, focus, query, constants, messages)
                else:
                    self._select_validator(shape, cc, focus, query, constants, messages)

    def _ask_validator(self, shape: Shape, cc, focus, query: str, constants: dict, messages: list[str]) -> None:
        """An ASK validator runs once per value node: false means the value fails."""
        import pyoxigraph as ox
        from oxrdflib._converter import to_ox

        from aireg.shapes_sparql import prebind

        fixed = {k: to_ox(v) for k, v in constants.items()}
        if shape.is_property:
            pairs = [(r["this"], r["v"]) for r in self.select(
                f"SELECT DISTINCT ?this ?v WHERE {{ {focus('this')} ?this {shape.path_sparql} ?v }}")]
        else:
            pairs = [(n, n) for n in self.focus_nodes(focus)]
        for this, value in pairs:
            text, rest = prebind(query, {"this": this, "value": value, **fixed})
            subs = {ox.Variable(k): v for k, v in rest.items()}
            if next(iter(self.select(text, subs)), None) is None:
                bound = {**constants, "this": _rd(this), "value": _rd(value)}
                self.report(shape, _rd(this), cc, value=_rd(value), messages=_fill(messages, bound))

    def _select_validator(self, shape: Shape, cc, focus, query: str, constants: dict, messages: list[str]) -> None:
        for this, row in self.sparql_rows(query, focus, constants):
            value = row.get("value")
            this_rd = _rd(this)
            value_rd = _rd(value) if value is not None else (None if shape.is_property else this_rd)
            bound = {**constants, **{k: _rd(t) for k, t in row.items() if t is not None}, "this": this_rd}
            if value_rd is not None:
                bound["value"] = value_rd
            path = row.get("path")
            self.report(shape, this_rd, cc, value=value_rd, path=_rd(path) if path is not None else None,
                        messages=_fill(messages, bound))

    # -- whole run ------------------------------------------------------

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


def _is_true(term) -> bool:
    """The boolean true exactly ("1"^^xsd:boolean is another term, which SHACL does not name)."""
    return isinstance(term, Literal) and term.datatype == XSD.boolean and str(term) == "true"


def _fill(messages: list[str], bound: dict) -> list[str]:
    """Message templates with {?var} and {$var} replaced by the values bound."""
    out = []
    for m in messages:
        for var, val in bound.items():
            m = re.sub("{[?$]" + re.escape(var) + "}", str(val).replace("\\", "\\\\"), m)
        out.append(m)
    return out


# --------------------------------------------------------------------------
# SPARQL dialect

_ORDER = re.compile(r"(\?\w+)\s*(<=|>=|<|>)\s*(\?\w+)")


def _rdflib_ordering(text: str) -> str:
    """Give ``?a < ?b`` between literals SPARQL cannot compare the result rdflib gives.

    SPARQL 1.1 makes ``"2025-01-20"^^xsd:date < "2023-10-30"`` an error (the
    FILTER fails); rdflib, and so pySHACL, orders such literals by datatype IRI
    (plain and language-tagged strings count as xsd:string) and, for equal
    datatypes whose values cannot be read, by lexical form. The fallback only
    runs where the plain comparison is an error, so comparable values are
    untouched.
    """

    def dt(v: str) -> str:
        return f"STR(IF(lang({v}) != \"\", <{XSD.string}>, DATATYPE({v})))"

    def repl(m: re.Match) -> str:
        a, op, b = m.group(1), m.group(2), m.group(3)
        fallback = (f"IF(isLiteral({a}) && isLiteral({b}), IF({dt(a)} = {dt(b)}, STR({a}) {op} STR({b}), "
                    f"{dt(a)} {op} {dt(b)}), <{XSD.boolean}>(\"error\"))")
        return f"COALESCE({a} {op} {b}, {fallback})"

    return _ORDER.sub(repl, text)


# --------------------------------------------------------------------------
# Terms between rdflib and pyoxigraph


def _oxigraph_view(graph: Graph):
    """The pyoxigraph store holding ``graph`` and the name of its graph there."""
    import pyoxigraph as ox
    from oxrdflib._converter import to_ox

    if type(graph.store).__name__ == "OxigraphStore":
        union = getattr(graph, "default_union", False)
        return graph.store._inner, to_ox(graph.identifier), union
    store = ox.Store()
    store.extend([ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph()) for s, p, o in graph])
    return store, ox.DefaultGraph(), False


def _rd(term):
    from oxrdflib._converter import from_ox

    return from_ox(term)


def _term_text(term) -> str:
    """A pyoxigraph term written in SPARQL syntax."""
    return str(term)


def _restore_literals(results: list[RawResult], graph: Graph) -> list[RawResult]:
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


# what only pySHACL runs, whatever the shape: rules and functions change what every shape sees
_WHOLE_RUN = ((SH.rule, "SHACL rules (sh:rule)"), (SH.SPARQLFunction, "SHACL functions (sh:SPARQLFunction)"),
              (SH.Function, "SHACL functions (sh:Function)"))


def whole_run_blocker(shapes: Graph) -> str | None:
    """Why no shape may be compiled (rules and functions affect every shape), or None."""
    for term, what in _WHOLE_RUN:
        if (None, term, None) in shapes or (None, RDF.type, term) in shapes:
            return f"the shapes use {what}, which the fast engine does not run"
    return None


def top_shapes(shapes: Graph) -> list:
    """The shapes that have targets (explicit, or implicit as classes)."""
    nodes = set()
    for pred in _TARGETS | {SH.target}:
        nodes.update(shapes.subjects(pred, None))
    for cls in (RDFS.Class, OWL.Class):
        for s in shapes.subjects(RDF.type, cls):
            if (s, RDF.type, SH.NodeShape) in shapes or (s, RDF.type, SH.PropertyShape) in shapes:
                nodes.add(s)
    return sorted(nodes, key=str)


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
        results = _restore_literals(results, data)
    return FastRun(results, fv.compiled, fv.unsupported)
