"""Render a validation result for people (text) and for pipelines (JSON, Turtle, JUnit XML).

Every renderer takes the same inputs: the ``ValidationResult``, the severity
that fails the run (``"violation"`` or ``"warning"``) and, optionally, where
each focus node is defined (``{focus: Location}``, see ``aireg.sourcemap``).
The exit status a report implies is ``exit_code(result, fail_at)``.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping
from itertools import groupby

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from aireg.errors import EXIT_OK, EXIT_VIOLATIONS
from aireg.sourcemap import UNKNOWN, Location
from aireg.validate import SH, Finding, ValidationResult

_SHORT = {
    "https://w3id.org/aireg/id/": "id:",
    "https://w3id.org/aireg/ont#": "aireg:",
    "http://data.europa.eu/eli/ontology#": "eli:",
    "http://www.w3.org/ns/odrl/2/": "odrl:",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
    "http://www.w3.org/ns/oa#": "oa:",
    "https://w3id.org/aireg/shapes#": "ash:",
    "http://www.w3.org/ns/shacl#": "sh:",
    "http://www.w3.org/2001/XMLSchema#": "xsd:",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
}

RANK = {"Info": 0, "Warning": 1, "Violation": 2}
FLOOR = {"info": 0, "warning": 1, "violation": 2}
FORMATS = ("text", "json", "turtle", "junit")

Locations = Mapping[str, Location]


def shorten(iri: str | None) -> str:
    if not iri:
        return ""
    for long, short in _SHORT.items():
        if iri.startswith(long):
            return short + iri[len(long):]
    return iri


def fails(finding: Finding, fail_at: str) -> bool:
    return RANK.get(finding.severity, 2) >= FLOOR[fail_at.lower()]


def exit_code(result: ValidationResult, fail_at: str = "violation") -> int:
    """0 when nothing at or above ``fail_at`` was found, else 1."""
    return EXIT_VIOLATIONS if result.fails_at(fail_at) else EXIT_OK


def summary_line(result: ValidationResult) -> str:
    """The counts and SHACL's own verdict (sh:conforms: false as soon as any result exists).

    Whether the run fails is the verdict line's business (it follows --severity);
    this line never says "conforms" when there is anything to report.
    """
    v, w, i = result.count("Violation"), result.count("Warning"), result.count("Info")
    other = len(result.findings) - v - w - i
    shacl = "sh:conforms true" if result.conforms else "sh:conforms false"
    more = f", {other} of another severity (counted as violations)" if other else ""
    return f"{v} violation(s), {w} warning(s), {i} info{more} ({shacl})"


def engine_line(result: ValidationResult) -> str | None:
    """Which SHACL engine validated which shapes, and why pySHACL did where it did."""
    if not result.shapes:
        return None
    fast = [r for r in result.shapes if r.engine == "fast"]
    slow = [r for r in result.shapes if r.engine != "fast"]
    if not slow:
        return f"engine: fast for all {len(fast)} shape(s)"
    reasons = {r.reason for r in slow}
    if not fast and len(reasons) == 1 and len(slow) > 3:
        return f"engine: pySHACL for all {len(slow)} shape(s) ({next(iter(reasons))})"
    listed = "; ".join(f"{shorten(r.shape)} ({r.reason})" if r.reason else shorten(r.shape) for r in slow)
    return f"engine: fast for {len(fast)} shape(s), pySHACL for {len(slow)}: {listed}"


def verdict_line(result: ValidationResult, fail_at: str = "violation") -> str:
    code = exit_code(result, fail_at)
    word = "FAIL" if code else "PASS"
    return f"{word}: exit {code} (findings at or above --severity {fail_at.lower()} fail the run)"


def _where(locations: Locations | None, focus: str | None) -> Location:
    if not locations or focus is None:
        return UNKNOWN
    return locations.get(str(focus), UNKNOWN)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _printable(text: str) -> str:
    """One line with no control characters: data (and messages quoting it) reach a terminal or CI log,
    where an ESC sequence or a line break could rewrite or forge the lines around it ("PASS: exit 0")."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", " ".join(text.split()))


def _value(value: str | None) -> str:
    if not value:
        return ""
    value = _printable(value)
    return f" = {value}" if len(value) < 80 else f" = {value[:76]}..."


def format_text(result: ValidationResult, min_severity: str = "warning", locations: Locations | None = None,
                fail_at: str = "violation") -> str:
    """Findings grouped by focus node, each group headed by FILE:LINE (Info only when asked).

    The groups come in file and line order so that an editor can walk them;
    nodes whose place is unknown come last, marked "(line unknown)".
    """
    floor = FLOOR[min_severity.lower()]
    shown = [f for f in result.findings if RANK.get(f.severity, 2) >= floor]

    def group_key(f: Finding):
        loc = _where(locations, f.focus)
        return (f.graph or "", loc.path is None, loc.path or "", loc.line or 0, f.focus or "")

    lines = []
    for _, group in groupby(sorted(shown, key=lambda f: (group_key(f), -RANK.get(f.severity, 2), f.path or "")),
                            key=group_key):
        group = list(group)
        focus = group[0].focus
        loc = _where(locations, focus)
        if loc.note and focus and ":" not in focus:  # a blank node: its id means nothing to a reader
            head = f"{loc}: [] ({loc.note})"
        else:
            head = f"{loc}: {shorten(focus)}" + (f" ({loc.note})" if loc.note else "")
        if group[0].graph:
            head += f"  [graph {group[0].graph}]"
        lines.append(head)
        for f in group:
            where = f" {shorten(f.path)}" if f.path else ""
            lines.append(f"  {f.severity.upper():9}{where}{_value(f.value)}: {_printable(f.message)}")
    engines = engine_line(result)
    if engines:
        lines.append(engines)
    lines.append(summary_line(result))
    lines.append(verdict_line(result, fail_at))
    return "\n".join(lines) + "\n"


def format_json(result: ValidationResult, locations: Locations | None = None, fail_at: str = "violation") -> str:
    """One JSON object: verdict, counts, the exit status it implies and every result with file/line."""
    results = []
    for f in result.findings:
        loc = _where(locations, f.focus)
        results.append({
            "severity": f.severity,
            "focus": f.focus,
            "path": f.path,
            "value": f.value,
            "message": f.message,
            "shape": f.shape,
            "constraint": f.constraint,
            "file": loc.path,
            "line": loc.line,
            "note": loc.note,
            "fails": fails(f, fail_at),
            "engine": f.engine,
            "graph": f.graph,
        })
    doc = {
        "conforms": result.conforms,
        "severity": fail_at.lower(),
        "fails": result.fails_at(fail_at),
        "exit_code": exit_code(result, fail_at),
        "counts": {s.lower(): result.count(s) for s in ("Violation", "Warning", "Info")},
        "engine": result.engine,
        "shapes": [{"shape": r.shape, "engine": r.engine, "reason": r.reason} for r in result.shapes],
        "results": results,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def report_graph(result: ValidationResult) -> Graph:
    """The SHACL validation report graph (rebuilt from the findings if the engine kept none)."""
    if result.report_graph is not None:
        return result.report_graph
    g = Graph()
    report = BNode()
    g.add((report, RDF.type, SH.ValidationReport))
    g.add((report, SH.conforms, Literal(result.conforms)))
    for f in result.findings:
        node = BNode()
        g.add((report, SH.result, node))
        g.add((node, RDF.type, SH.ValidationResult))
        g.add((node, SH.resultSeverity, SH[f.severity]))
        g.add((node, SH.resultMessage, Literal(f.message)))
        for pred, text in ((SH.focusNode, f.focus), (SH.resultPath, f.path), (SH.sourceShape, f.shape),
                           (SH.sourceConstraintComponent, f.constraint)):
            if text:
                g.add((node, pred, URIRef(text) if ":" in text else BNode(text)))
        if f.value is not None:
            g.add((node, SH.value, Literal(f.value)))
    return g


def format_turtle(result: ValidationResult) -> str:
    g = report_graph(result)
    g.bind("sh", SH)
    g.bind("xsd", XSD)
    for long, short in _SHORT.items():
        g.bind(short.rstrip(":"), long)
    return g.serialize(format="turtle")


# --- JUnit XML ------------------------------------------------------------------

_XML_BAD = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    """Drop characters XML 1.0 cannot hold (data values may carry anything)."""
    return _XML_BAD.sub("\ufffd", text)


def shape_groups(result: ValidationResult, shapes: Graph | None) -> list[tuple[str, list[Finding]]]:
    """Findings by the top-level shape they come from; every named shape, even without findings.

    A property shape is a blank node under its node shape (``sh:property``);
    its findings count for the node shape.
    """
    def owner(shape: str | None) -> str:
        if not shape:
            return "(no shape)"
        if shapes is not None and ":" not in shape:
            for parent in shapes.subjects(SH.property, BNode(shape)):
                return str(parent)
        return shape

    groups: dict[str, list[Finding]] = {}
    if shapes is not None:
        named = {s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}
        named |= {s for s in shapes.subjects(RDF.type, SH.PropertyShape) if isinstance(s, URIRef)}
        for s in sorted(named):
            groups[str(s)] = []
    for f in result.findings:
        groups.setdefault(owner(f.shape), []).append(f)
    if shapes is not None:  # a blank-node shape by what it targets: its id changes on every run
        groups = {_blank_shape_name(shapes, k) if ":" not in k and k != "(no shape)" else k: v
                  for k, v in groups.items()}
    return sorted(groups.items(), key=lambda kv: shorten(kv[0]))


_TARGET_PREDICATES = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "target")


def _blank_shape_name(shapes: Graph, shape: str) -> str:
    """``[ sh:targetClass ex:C ]``: a name for a blank-node shape that is the same on every run (JUnit views
    follow a test by its name; a random id made it a new test each time)."""
    node = BNode(shape)
    parts = sorted(f"sh:{p} {shorten(str(o)) if not isinstance(o, BNode) else '[]'}"
                   for p in _TARGET_PREDICATES for o in shapes.objects(node, SH[p]))
    return f"[ {'; '.join(parts)} ]" if parts else f"[ blank node shape {shape} ]"


def focus_groups(result: ValidationResult) -> list[tuple[str, list[Finding]]]:
    groups: dict[str, list[Finding]] = {}
    for f in result.findings:
        groups.setdefault(f.focus or "(no focus)", []).append(f)
    return sorted(groups.items())


def format_junit(result: ValidationResult, groups: Iterable[tuple[str, list[Finding]]] | None = None,
                 locations: Locations | None = None, fail_at: str = "violation",
                 suite: str = "aireg validate", classname: str = "aireg.shapes",
                 name: Callable[[str], str] = shorten) -> str:
    """JUnit XML: one testcase per group (default: per focus node), a failure for findings
    at or above ``fail_at``; lower findings go to the testcase's system-out."""
    groups = list(groups if groups is not None else focus_groups(result))
    runs = {r.shape: r for r in result.shapes}
    if not groups:
        groups = [("conforms", [])]
    failures = 0
    cases = []
    for key, findings in groups:
        case = ET.Element("testcase", {"classname": classname, "name": _xml_text(name(key)), "time": "0"})
        bad = [f for f in findings if fails(f, fail_at)]
        other = [f for f in findings if not fails(f, fail_at)]

        def line(f: Finding) -> str:
            loc = _where(locations, f.focus)
            path = f" {shorten(f.path)}" if f.path else ""
            return _xml_text(f"{loc}: {f.severity.upper()} {shorten(f.focus)}{path}{_value(f.value)}: {f.message}")

        if bad:
            failures += 1
            counts = {s: sum(1 for f in bad if f.severity == s) for s in ("Violation", "Warning", "Info")}
            message = ", ".join(f"{n} {s.lower()}(s)" for s, n in counts.items() if n)
            first = bad[0]
            failure = ET.SubElement(case, "failure", {
                "type": first.severity,
                "message": _xml_text(f"{message}: {first.message}"),
            })
            failure.text = "\n".join(line(f) for f in bad)
        notes = [line(f) for f in other]
        run = runs.get(key)
        if run is not None:
            notes.append(f"engine: {run.engine}" + (f" ({run.reason})" if run.reason else ""))
        if notes:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(notes)
        cases.append(case)
    tests = str(len(cases))
    root = ET.Element("testsuites", {"name": suite, "tests": tests, "failures": str(failures), "errors": "0",
                                     "time": "0"})
    ts = ET.SubElement(root, "testsuite", {"name": suite, "tests": tests, "failures": str(failures),
                                            "errors": "0", "skipped": "0", "time": "0"})
    props = ET.SubElement(ts, "properties")
    for key, value in (("conforms", str(result.conforms).lower()), ("severity", fail_at.lower()),
                       ("engine", result.engine),
                       ("exit_code", str(exit_code(result, fail_at))),
                       *((f"{s.lower()}s", str(result.count(s))) for s in ("Violation", "Warning", "Info"))):
        ET.SubElement(props, "property", {"name": key, "value": value})
    ts.extend(cases)
    ET.SubElement(ts, "system-out").text = "\n".join(x for x in (engine_line(result), summary_line(result)) if x)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def render(result: ValidationResult, fmt: str = "text", locations: Locations | None = None,
           fail_at: str = "violation", shapes: Graph | None = None, min_severity: str = "warning",
           junit_groups: str = "shape") -> str:
    """The report in ``fmt`` (text, json, turtle, junit)."""
    if fmt == "json":
        return format_json(result, locations, fail_at)
    if fmt == "turtle":
        return format_turtle(result)
    if fmt == "junit":
        groups = shape_groups(result, shapes) if junit_groups == "shape" else focus_groups(result)
        return format_junit(result, groups, locations, fail_at)
    if fmt == "text":
        return format_text(result, min_severity, locations, fail_at)
    raise ValueError(f"unknown report format {fmt!r}")
