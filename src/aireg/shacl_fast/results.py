"""Validation results (SHACL §3.6), as the engine records them before the report graph is built.

:class:`RawResult` holds the fields pySHACL's report gives, so that
:mod:`aireg.validate` builds one report from either engine and the tests
compare both field by field.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from aireg.shacl_fast.shapes import Shape
from aireg.shacl_fast.vocab import SH


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


class Reporting:
    """Recording results for :class:`~aireg.shacl_fast.engine.FastValidator` (needs ``results``,
    ``generic_message``, ``as_written`` and ``_spelling``)."""

    def report(self, shape: Shape, focus, component, value=None, path=None, messages=None, constraint=None,
               param=None):
        """Record a result; ``param`` is the parameter value of the constraint, where a shape has several."""
        if messages is None:
            messages = shape.messages or self.generic_message(shape, component, focus, value, param)
        if self._spelling:
            focus = self.as_written(focus)
            value = self.as_written(value)
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
