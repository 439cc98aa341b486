"""Result messages: pySHACL's wording where a shape has no ``sh:message``, and message templates.

Reports from both engines must read the same, so a constraint without its own
message gets the sentence pySHACL would write; a component the wording is not
known for is refused (:class:`Unsupported`) rather than reported differently.
"""

from __future__ import annotations

import re

from aireg.shacl_fast.shapes import Shape
from aireg.shacl_fast.vocab import SH, Unsupported

# components whose message names their parameter: (parameter, text, graph the parameter is written from)
_NAMING_PARAMETER = {
    SH.DatatypeConstraintComponent: (SH.datatype, "Value is not Literal with datatype {}", "shapes"),
    SH.ClassConstraintComponent: (SH["class"], "Value does not have class {}", "shapes"),
    SH.NodeKindConstraintComponent: (SH.nodeKind, "Value is not of Node Kind {}", "shapes"),
    SH.MinLengthConstraintComponent: (SH.minLength, "String length not >= {}", "data"),
    SH.MaxLengthConstraintComponent: (SH.maxLength, "String length not <= {}", "data"),
    SH.LanguageInConstraintComponent: (SH.languageIn, "String language is not in {}", "shapes"),
    SH.MinInclusiveConstraintComponent: (SH.minInclusive, "Value is not >= {}", "shapes"),
    SH.MinExclusiveConstraintComponent: (SH.minExclusive, "Value is not > {}", "shapes"),
    SH.MaxInclusiveConstraintComponent: (SH.maxInclusive, "Value is not <= {}", "shapes"),
    SH.MaxExclusiveConstraintComponent: (SH.maxExclusive, "Value is not < {}", "shapes"),
    SH.NodeConstraintComponent: (SH.node, "Value does not conform to Shape {}.", "shapes"),
}


class Messages:
    """pySHACL's wording for :class:`~aireg.shacl_fast.engine.FastValidator` (needs ``shapes``,
    ``data`` and ``reader``)."""

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
        if component in _NAMING_PARAMETER:
            key, text, graph = _NAMING_PARAMETER[component]
            return [text.format(stringify_node(sg if graph == "shapes" else dg, one(key)))]
        if component == SH.PatternConstraintComponent:
            return [f"Value does not match pattern '{one(SH.pattern)}'"]
        if component == SH.UniqueLangConstraintComponent:
            return ["More than one String shares the same Language"]
        if component == SH.InConstraintComponent:
            values = [stringify_node(sg, v) for v in self.reader.items(one(SH["in"]))]
            return [f"Value {stringify_node(dg, value)} not in list {values}"]
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


def fill_template(messages: list[str], bound: dict) -> list[str]:
    """Message templates with {?var} and {$var} replaced by the values bound."""
    out = []
    for m in messages:
        for var, val in bound.items():
            m = re.sub("{[?$]" + re.escape(var) + "}", str(val).replace("\\", "\\\\"), m)
        out.append(m)
    return out
