"""The SHACL terms the fast engine compiles, so that a shape saying anything else is refused.

A shape with a SHACL parameter outside :data:`KNOWN` raises :class:`Unsupported`
when it is read, and :func:`aireg.validate.validate` then hands it to pySHACL:
nothing is skipped silently.
"""

from __future__ import annotations

from rdflib.namespace import Namespace

SH = Namespace("http://www.w3.org/ns/shacl#")

# the name the shapes graph has, for queries that use $shapesGraph, in the store made for them
SHAPES_GRAPH = "urn:x-aireg:shapes-graph"


class Unsupported(Exception):
    """The shapes use a SHACL feature this engine does not compile."""


TARGETS = {SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode}
# parameters compiled into one SPARQL test per value node (sh:or when its members are simple enough)
VALUE_TESTS = {
    SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.languageIn, SH.pattern, SH.flags,
    SH.minLength, SH.maxLength, SH.minInclusive, SH.minExclusive, SH.maxInclusive, SH.maxExclusive,
    SH["or"], SH.node,
}
COUNTS = {SH.minCount, SH.maxCount, SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount,
          SH.qualifiedValueShapesDisjoint}
# parameters that constrain nothing by themselves (or are read where they are used)
NOISE = {SH.message, SH.severity, SH.deactivated, SH.name, SH.description, SH.order, SH.group,
         SH.declare, SH.defaultValue, SH.prefixes, SH.select, SH.ask, SH.labelTemplate}
PAIRS = {SH.equals: SH.EqualsConstraintComponent, SH.disjoint: SH.DisjointConstraintComponent,
         SH.lessThan: SH.LessThanConstraintComponent, SH.lessThanOrEquals: SH.LessThanOrEqualsConstraintComponent}
KNOWN = TARGETS | VALUE_TESTS | COUNTS | NOISE | set(PAIRS) | {SH.path, SH.property, SH.sparql, SH.uniqueLang,
                                                               SH.hasValue, SH["not"], SH.closed,
                                                               SH.ignoredProperties, SH["and"], SH.xone}

# the constraint component each value test reports
COMPONENT = {
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
