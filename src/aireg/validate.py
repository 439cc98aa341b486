"""Check a graph against the aireg SHACL contract (ontology/shapes.ttl)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from aireg import paths
from aireg.load import load_graph, new_graph, parse_into

SH = Namespace("http://www.w3.org/ns/shacl#")


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


@dataclass
class ValidationResult:
    conforms: bool
    findings: list[Finding] = field(default_factory=list)
    report_graph: Graph | None = None

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


def findings_from_report(report: Graph) -> list[Finding]:
    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        sev = report.value(result, SH.resultSeverity)
        severity = str(sev).rsplit("#", 1)[-1] if sev is not None else "Violation"
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        out.append(
            Finding(
                severity=severity,
                focus=_text(report.value(result, SH.focusNode)),
                path=_text(report.value(result, SH.resultPath)),
                value=_text(report.value(result, SH.value)),
                message="; ".join(messages) or "constraint not met",
                shape=_text(report.value(result, SH.sourceShape)),
                constraint=_text(report.value(result, SH.sourceConstraintComponent)),
            )
        )
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    out.sort(key=lambda f: (order.get(f.severity, 0), f.focus or "", f.path or "", f.message))
    return out


def validate(
    data: Graph | Iterable[str | Path] | None = None,
    shapes: str | Path | Graph | None = None,
    engine: str | None = None,
) -> ValidationResult:
    """Validate ``data`` (a graph, files, or the bundled graph) against the shapes.

    Files given by a user are validated together with the bundled ontology, so
    that class hierarchies (e.g. an ExecutiveOrder is an Instrument) are known.
    """
    if isinstance(data, Graph):
        graph = data
    elif data is None:
        graph = load_graph(engine=engine)
    else:
        files = [Path(f) for f in data]
        graph = load_graph([paths.ontology_file(), *files], engine=engine)
    shapes_graph = shapes if isinstance(shapes, Graph) else load_shapes(shapes)
    conforms, report, _ = shacl_validate(
        graph,
        shacl_graph=shapes_graph,
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    return ValidationResult(conforms=bool(conforms), findings=findings_from_report(report), report_graph=report)
