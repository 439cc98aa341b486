"""Constraints that judge each value node alone, compiled into SPARQL expressions.

SHACL §4.1 value type (``sh:class``, ``sh:datatype``, ``sh:nodeKind``), §4.3
value range, §4.4 string-based (``sh:minLength``, ``sh:maxLength``,
``sh:pattern``, ``sh:languageIn``, ``sh:uniqueLang``), ``sh:in`` (§4.8) and an
``sh:or`` of such tests: one query per shape returns every failing
(focus node, value) pair with the test each value fails.
"""

from __future__ import annotations

import itertools

from rdflib.namespace import RDF, RDFS, XSD

from aireg.shacl_fast.shapes import Shape
from aireg.shacl_fast.terms import is_true, n3, string_literal, to_rdflib
from aireg.shacl_fast.vocab import COMPONENT, PAIRS, SH, VALUE_TESTS, Unsupported

# datatypes whose lexical form Oxigraph can check by casting (an ill-typed
# literal such as "1.5"^^xsd:integer fails sh:datatype, as in pySHACL)
CASTABLE = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.boolean, XSD.date, XSD.dateTime,
            XSD.time, XSD.duration, XSD.dayTimeDuration, XSD.yearMonthDuration}

NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(!isLiteral({v}))",
    SH.BlankNodeOrLiteral: "(!isIRI({v}))",
    SH.IRIOrLiteral: "(!isBlank({v}))",
}

RANGES = {SH.minInclusive: ">=", SH.minExclusive: ">", SH.maxInclusive: "<=", SH.maxExclusive: "<"}

_fresh = itertools.count(1)


def fresh() -> str:
    """A variable name no compiled query uses yet."""
    return f"?_n{next(_fresh)}"


class ValueTests:
    """Value tests for :class:`~aireg.shacl_fast.engine.FastValidator` (needs ``reader``, ``select``
    and ``report``)."""

    def value_test(self, shape: Shape, key, obj, v: str) -> str:
        """A SPARQL expression true iff the value in ``v`` passes ``key obj`` (never an error)."""
        if key == SH["class"]:
            return f"EXISTS {{ {v} <{RDF.type}>/<{RDFS.subClassOf}>* {n3(obj)} }}"
        if key == SH.datatype:
            if obj == XSD.string:
                test = f"isLiteral({v}) && datatype({v}) = <{XSD.string}> && lang({v}) = \"\""
            elif obj == RDF.langString:
                test = f"isLiteral({v}) && lang({v}) != \"\""
            elif obj == RDFS.Literal:
                test = f"isLiteral({v})"
            else:
                test = f"isLiteral({v}) && datatype({v}) = {n3(obj)}"
                if obj in CASTABLE:  # the lexical form must be valid for the datatype
                    test += f" && sameTerm({n3(obj)}(STR({v})), {n3(obj)}(STR({v})))"
            return f"COALESCE({test}, false)"
        if key == SH.nodeKind:
            if obj not in NODE_KINDS:
                raise Unsupported(f"sh:nodeKind {obj}")
            return NODE_KINDS[obj].format(v=v)
        if key == SH["in"]:
            members = self.reader.items(obj)
            if not members:
                return "false"
            return "(" + " || ".join(f"sameTerm({v}, {n3(m)})" for m in members) + ")"
        if key == SH.languageIn:
            tags = self.reader.items(obj)
            if not tags:
                return "false"
            return "COALESCE(isLiteral(" + v + ") && (" + " || ".join(
                f"langMatches(lang({v}), {string_literal(str(t))})" for t in tags) + "), false)"
        if key == SH.pattern:
            flags = shape.params.get(SH.flags, [None])[0]
            args = f"STR({v}), {string_literal(str(obj))}" + (f", {string_literal(str(flags))}" if flags else "")
            return f"COALESCE(!isBlank({v}) && REGEX({args}), false)"
        if key == SH.minLength:
            return f"COALESCE(!isBlank({v}) && STRLEN(STR({v})) >= {int(obj)}, false)"
        if key == SH.maxLength:
            return f"COALESCE(!isBlank({v}) && STRLEN(STR({v})) <= {int(obj)}, false)"
        if key in RANGES:
            return f"COALESCE(isLiteral({v}) && {v} {RANGES[key]} {n3(obj)}, false)"
        if key == SH["or"]:
            members = [self.shape_test(self.reader.shape(m), v) for m in self.reader.items(obj)]
            return "(" + (" || ".join(members) or "false") + ")"
        raise Unsupported(f"{key} as a value test")

    def shape_test(self, shape: Shape, v: str) -> str:
        """A SPARQL expression true iff the node in ``v`` conforms to ``shape`` (simple shapes only)."""
        if shape.sparql or shape.params.get(SH.node) or shape.params.get(SH.qualifiedValueShape) \
                or shape.params.get(SH.uniqueLang) or shape.params.get(SH.maxCount) or shape.params.get(SH.hasValue) \
                or shape.params.get(SH["not"]) or any(shape.params.get(k) for k in PAIRS) \
                or shape.params.get(SH.closed) or shape.params.get(SH["and"]) or shape.params.get(SH.xone):
            raise Unsupported(f"shape {shape.node} is too rich to be inlined")
        tests = []
        for prop in shape.properties:
            tests.append(self.shape_test(prop, v))
        value_keys = [k for k in shape.params if k in VALUE_TESTS and k != SH.flags]
        if shape.is_property:
            n = fresh()
            inner = [self.value_test(shape, k, o, n) for k in value_keys for o in shape.params[k]]
            if inner:
                tests.append(f"NOT EXISTS {{ {v} {shape.path_sparql} {n} FILTER(!({' && '.join(inner)})) }}")
            min_count = shape.params.get(SH.minCount)
            if min_count:
                if int(min_count[0]) > 1:
                    raise Unsupported("sh:minCount above 1 inside sh:or")
                if int(min_count[0]) == 1:
                    tests.append(f"EXISTS {{ {v} {shape.path_sparql} {fresh()} }}")
        else:
            tests += [self.value_test(shape, k, o, v) for k in value_keys for o in shape.params[k]]
        return "(" + (" && ".join(tests) or "true") + ")"

    def evaluate_value_tests(self, shape: Shape, focus) -> list:
        """Report every value that fails a value test; return the sh:or lists too rich to inline."""
        keys = [k for k in shape.params if k in VALUE_TESTS and k not in (SH.flags, SH.node)]
        rich_or = []  # sh:or lists whose members cannot be inlined: evaluated as shapes (logical.py)
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
                 f"{focus('this')} {shape.value_pattern} {' '.join(binds)} "
                 f"FILTER({' || '.join('!?' + c for c, _, _ in checks)}) }}")
            for row in self.select(q):
                for name, key, obj in checks:
                    ok = row.get(name)
                    if ok is not None and ok.value == "true":
                        continue
                    self.report(shape, to_rdflib(row["this"]), COMPONENT[key], value=to_rdflib(row["v"]), param=obj)
        return rich_or

    def evaluate_unique_lang(self, shape: Shape, focus) -> None:
        """sh:uniqueLang true: no two values of a focus node share a language tag."""
        if any(is_true(o) for o in shape.params.get(SH.uniqueLang, [])):
            q = (f"SELECT ?this ?lang WHERE {{ {focus('this')} ?this {shape.path_sparql} ?v . FILTER(lang(?v) != \"\") "
                 f"BIND(LCASE(lang(?v)) AS ?lang) }} GROUP BY ?this ?lang HAVING (COUNT(DISTINCT ?v) > 1)")
            for row in self.select(q):
                self.report(shape, to_rdflib(row["this"]), SH.UniqueLangConstraintComponent)
