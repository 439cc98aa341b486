"""Render a validation result for people (text) and for pipelines (JSON)."""

from __future__ import annotations

import json
from itertools import groupby

from aireg.validate import ValidationResult

_SHORT = {
    "https://w3id.org/aireg/id/": "id:",
    "https://w3id.org/aireg/ont#": "aireg:",
    "http://data.europa.eu/eli/ontology#": "eli:",
    "http://www.w3.org/ns/odrl/2/": "odrl:",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
    "http://www.w3.org/ns/oa#": "oa:",
    "https://w3id.org/aireg/shapes#": "ash:",
}


def shorten(iri: str | None) -> str:
    if not iri:
        return ""
    for long, short in _SHORT.items():
        if iri.startswith(long):
            return short + iri[len(long):]
    return iri


def summary_line(result: ValidationResult) -> str:
    v, w, i = result.count("Violation"), result.count("Warning"), result.count("Info")
    verdict = "conforms" if result.conforms else "does not conform"
    return f"{verdict}: {v} violation(s), {w} warning(s), {i} info"


def format_text(result: ValidationResult, min_severity: str = "warning") -> str:
    """Findings grouped by focus node (Info only when asked), then a one-line summary."""
    rank = {"Violation": 2, "Warning": 1, "Info": 0}
    floor = {"info": 0, "warning": 1, "violation": 2}[min_severity]
    shown = [f for f in result.findings if rank.get(f.severity, 2) >= floor]
    lines = []
    for focus, group in groupby(sorted(shown, key=lambda f: (f.focus or "", -rank.get(f.severity, 2))),
                                key=lambda f: f.focus):
        lines.append(shorten(focus))
        for f in group:
            where = f" {shorten(f.path)}" if f.path else ""
            value = f" = {f.value}" if f.value and len(f.value) < 80 else ""
            lines.append(f"  {f.severity.upper():9}{where}{value}: {f.message}")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def format_json(result: ValidationResult) -> str:
    doc = {
        "conforms": result.conforms,
        "counts": {s.lower(): result.count(s) for s in ("Violation", "Warning", "Info")},
        "results": [
            {
                "severity": f.severity,
                "focus": f.focus,
                "path": f.path,
                "value": f.value,
                "message": f.message,
                "shape": f.shape,
                "constraint": f.constraint,
            }
            for f in result.findings
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
