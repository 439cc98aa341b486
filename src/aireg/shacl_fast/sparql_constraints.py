"""SPARQL-based constraints (SHACL §5): each ``sh:sparql`` SELECT runs once, not once per focus node.

Where it is provably the same, ``$this`` becomes a variable joined with the
targets, so one query answers for every focus node (pySHACL runs one per
node); otherwise the query runs per focus node with ``$this`` pre-bound.
Comparisons are made to order literals as rdflib does, so results match pySHACL's.
"""

from __future__ import annotations

import re

from rdflib import URIRef
from rdflib.namespace import XSD

from aireg.shacl_fast.messages import fill_template
from aireg.shacl_fast.shapes import Shape
from aireg.shacl_fast.terms import term_text, to_rdflib
from aireg.shacl_fast.vocab import SH, SHAPES_GRAPH, Unsupported


def result_value(shape: Shape, value, this):
    """The sh:value of a result: ``?value`` if the query binds it, else the focus node of a node shape."""
    return to_rdflib(value) if value is not None else (None if shape.is_property else this)


class SparqlConstraints:
    """sh:sparql for :class:`~aireg.shacl_fast.engine.FastValidator` (needs ``shapes``, ``reader``,
    ``select``, ``focus_nodes`` and ``report``)."""

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

    def sparql_text(self, shape: Shape, text: str) -> str:
        """The query with $PATH replaced by the shape's path (which a node shape does not have)."""
        if shape.is_property:
            return re.sub(r"\$PATH\b", shape.path_sparql, text)
        if re.search(r"\$PATH\b", text):
            raise Unsupported("$PATH in a node shape")
        return text

    def current_shape(self, shape: Shape, text: str) -> dict:
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
            text = self.sparql_text(shape, str(sg.value(c, SH.select)))
            query = self.reader.prefixes(c) + rdflib_ordering(text)
            messages = [str(m) for m in sg.objects(c, SH.message)]
            seen = set()
            for this, row in self.sparql_rows(query, focus, self.current_shape(shape, text)):
                value = row.get("value")
                path = row.get("path")
                extra = tuple(sorted((k, term_text(t)) for k, t in row.items()
                                     if k not in ("this", "value", "path") and t is not None))
                key = (this, path, value, extra)
                if key in seen:
                    continue
                seen.add(key)
                this_rd = to_rdflib(this)
                value_rd = result_value(shape, value, this_rd)
                bound = {k: to_rdflib(t) for k, t in row.items() if t is not None and k not in ("this", "path", "value")}
                bound["this"] = this_rd
                if path is not None:
                    bound["path"] = to_rdflib(path)
                if value_rd is not None:
                    bound["value"] = value_rd
                out = fill_template(list(shape.messages) + [m for m in messages if m not in shape.messages], bound)
                self.report(shape, this_rd, SH.SPARQLConstraintComponent, value=value_rd,
                            path=to_rdflib(path) if path is not None else None, messages=out, constraint=c)


_ORDER = re.compile(r"(\?\w+)\s*(<=|>=|<|>)\s*(\?\w+)")


def rdflib_ordering(text: str) -> str:
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
