"""Check a graph against the aireg SHACL contract (ontology/shapes.ttl).

Two SHACL engines give the same findings:

* ``fast`` (default): :mod:`aireg.shacl_fast` compiles the shapes into
  whole-graph SPARQL queries run by Oxigraph (a million triples in seconds);
  if the shapes use a feature it does not compile, the run falls back to
  pySHACL and ``ValidationResult.note`` says why;
* ``pyshacl``: the reference implementation, focus node by focus node.

Pick one with ``validate(..., shacl_engine="pyshacl")`` or the
``AIREG_SHACL_ENGINE`` environment variable.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace
from rdflib.namespace import RDF

from aireg import paths
from aireg.load import load_graph, new_graph, parse_into

SH = Namespace("http://www.w3.org/ns/shacl#")

SHACL_ENGINES = ("fast", "pyshacl")
DEFAULT_SHACL_ENGINE = os.environ.get("AIREG_SHACL_ENGINE", "fast")


@dataclass(frozen=True)
class Finding:
    """One result of the SHACL report, flattened for printing and JSON."""

    severity: str  # "Violation", "Warning" or "Info"
    focus: str
    path: str | None
    value: str | None
    message: str
    shape: str | None
    constraint: str | None


def conforms_without_violations(findings: Iterable[Finding]) -> bool:
    """The verdict: no finding of severity Violation (Warnings and Info do not break conformance).

    pySHACL, asked to allow warnings, also passes Violations reported by a
    property shape whose parent node shape is a Warning; a report that lists
    Violations and says "conforms" helps nobody, so the verdict is read from
    the findings, the same way for both engines.
    """
    return not any(f.severity == "Violation" for f in findings)


@dataclass
class ValidationResult:
    conforms: bool
    findings: list[Finding] = field(default_factory=list)
    report_graph: Graph | None = None
    engine: str = "pyshacl"  # the SHACL engine that produced the findings
    note: str | None = None  # why the fast engine handed over to pySHACL, if it did

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def fails_at(self, severity: str = "violation") -> bool:
        """True if any finding is at or above ``severity`` ("warning" or "violation")."""
        levels = {"Info": 0, "Warning": 1, "Violation": 2}
        floor = {"info": 0, "warning": 1, "violation": 2}[severity.lower()]
        return any(levels.get(f.severity, 2) >= floor for f in self.findings)


def load_shapes(shapes: str | Path | None = None) -> Graph:
    graph = new_graph("rdflib")
    parse_into(graph, Path(shapes) if shapes else paths.shapes_file())
    return graph


def _text(node) -> str | None:
    if node is None:
        return None
    return str(node)


def path_text(graph: Graph, node) -> str | None:
    """A result path as text: the IRI of a predicate, SPARQL syntax for a complex path."""
    if node is None or not isinstance(node, BNode):
        return _text(node)
    from aireg.shacl_fast import ShapesReader, Unsupported

    try:
        return ShapesReader(graph).path_sparql(node)
    except Unsupported:
        return str(node)


def _sort_findings(out: list[Finding]) -> list[Finding]:
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    out.sort(key=lambda f: (order.get(f.severity, 0), f.focus or "", f.path or "", f.message))
    return out


def findings_from_report(report: Graph) -> list[Finding]:
    out = []
    # only the report's own results: those nested under sh:detail (why a value
    # node fails its sh:node shape) are explanations of a result, not results
    results = [r for root in report.subjects(RDF.type, SH.ValidationReport) for r in report.objects(root, SH.result)]
    for result in results:
        sev = report.value(result, SH.resultSeverity)
        severity = str(sev).rsplit("#", 1)[-1] if sev is not None else "Violation"
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        out.append(
            Finding(
                severity=severity,
                focus=_text(report.value(result, SH.focusNode)),
                path=path_text(report, report.value(result, SH.resultPath)),
                value=_text(report.value(result, SH.value)),
                message="; ".join(messages) or "constraint not met",
                shape=_text(report.value(result, SH.sourceShape)),
                constraint=_text(report.value(result, SH.sourceConstraintComponent)),
            )
        )
    return _sort_findings(out)


def findings_from_fast(results, shapes_graph: Graph) -> list[Finding]:
    out = []
    for r in results:
        out.append(
            Finding(
                severity=str(r.severity).rsplit("#", 1)[-1],
                focus=_text(r.focus),
                path=path_text(shapes_graph, r.path),
                value=_text(r.value),
                message="; ".join(sorted(r.messages)) or "constraint not met",
                shape=_text(r.shape),
                constraint=_text(r.component),
            )
        )
    return _sort_findings(out)


def report_graph_from_fast(results, conforms: bool) -> Graph:
    """A sh:ValidationReport holding the fast engine's results (the terms pySHACL would write)."""
    report = Graph()
    report.bind("sh", SH)
    root = BNode()
    report.add((root, RDF.type, SH.ValidationReport))
    report.add((root, SH.conforms, Literal(conforms)))
    for r in results:
        node = BNode()
        report.add((root, SH.result, node))
        report.add((node, RDF.type, SH.ValidationResult))
        report.add((node, SH.resultSeverity, r.severity))
        report.add((node, SH.focusNode, r.focus))
        report.add((node, SH.sourceShape, r.shape))
        report.add((node, SH.sourceConstraintComponent, r.component))
        if r.path is not None:
            report.add((node, SH.resultPath, r.path))
        if r.value is not None:
            report.add((node, SH.value, r.value))
        if r.source_constraint is not None:
            report.add((node, SH.sourceConstraint, r.source_constraint))
        for m in r.messages:
            report.add((node, SH.resultMessage, Literal(m)))
    return report


def _validate_pyshacl(graph: Graph, shapes_graph: Graph) -> ValidationResult:
    from pyshacl import validate as shacl_validate

    _, report, _ = shacl_validate(
        graph,
        shacl_graph=shapes_graph,
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    findings = findings_from_report(report)
    conforms = conforms_without_violations(findings)
    for root in list(report.subjects(RDF.type, SH.ValidationReport)):
        report.set((root, SH.conforms, Literal(conforms)))
    return ValidationResult(conforms=conforms, findings=findings, report_graph=report)


def _validate_fast(graph: Graph, shapes_graph: Graph) -> ValidationResult:
    from aireg.shacl_fast import validate_fast

    results = validate_fast(graph, shapes_graph)
    findings = findings_from_fast(results, shapes_graph)
    conforms = conforms_without_violations(findings)
    return ValidationResult(
        conforms=conforms,
        findings=findings,
        report_graph=report_graph_from_fast(results, conforms),
        engine="fast",
    )


def validate(
    data: Graph | Iterable[str | Path] | None = None,
    shapes: str | Path | Graph | None = None,
    engine: str | None = None,
    *,
    shacl_engine: str | None = None,
) -> ValidationResult:
    """Validate ``data`` (a graph, files, or the bundled graph) against the shapes.

    Files given by a user are validated together with the bundled ontology, so
    that class hierarchies (e.g. an ExecutiveOrder is an Instrument) are known.
    ``engine`` is the store to load files into; ``shacl_engine`` is ``"fast"``
    (default, see :mod:`aireg.shacl_fast`) or ``"pyshacl"``.
    """
    from aireg.errors import InputError

    shacl_engine = shacl_engine or DEFAULT_SHACL_ENGINE
    if shacl_engine not in SHACL_ENGINES:
        raise InputError(f"unknown SHACL engine {shacl_engine!r}; choose one of {', '.join(SHACL_ENGINES)}")
    if isinstance(data, Graph):
        graph = data
    elif data is None:
        graph = load_graph(engine=engine)
    else:
        files = [Path(f) for f in data]
        graph = load_graph([paths.ontology_file(), *files], engine=engine)
    shapes_graph = shapes if isinstance(shapes, Graph) else load_shapes(shapes)
    if shacl_engine == "fast":
        from aireg.shacl_fast import Unsupported

        try:
            return _validate_fast(graph, shapes_graph)
        except Unsupported as why:
            result = _validate_pyshacl(graph, shapes_graph)
            result.note = f"validated by pySHACL: the fast engine does not compile this: {why}"
            return result
    return _validate_pyshacl(graph, shapes_graph)
