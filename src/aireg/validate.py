"""Check a graph against the aireg SHACL contract (ontology/shapes.ttl).

Two SHACL engines give the same findings:

* ``fast`` (default): :mod:`aireg.shacl_fast` compiles each shape into
  whole-graph SPARQL queries run by Oxigraph (a million triples in seconds);
  a shape that uses a feature it does not compile exactly is validated by
  pySHACL instead, shape by shape, and ``ValidationResult.shapes`` says which
  engine ran which shape and why;
* ``pyshacl``: the reference implementation, focus node by focus node.

Before either engine runs, the SPARQL in the shapes is checked against what
SHACL allows (:mod:`aireg.shapes_sparql`): ``SERVICE``, ``MINUS``, ``VALUES``
and the like make the shapes unusable (``ShapesError``, exit 2), and are never
executed. The verdict follows the SHACL specification: ``conforms`` is false
as soon as there is any result, whatever its severity; whether a run fails is
a separate question, answered by ``fails_at(severity)``.

Pick one with ``validate(..., shacl_engine="pyshacl")`` or the
``AIREG_SHACL_ENGINE`` environment variable.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from aireg import paths
from aireg.load import as_written, inputs_of, load_graph, new_graph, parse_into, readable_as_written, respelled

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
    engine: str | None = None  # the SHACL engine that found it: "fast" or "pyshacl"
    graph: str | None = None  # with ``aireg validate --per-graph``: the graph it was found in ("default" or <IRI>)


@dataclass(frozen=True)
class ShapeRun:
    """Which engine validated a top-level shape, and why pySHACL did when it did."""

    shape: str
    engine: str  # "fast" or "pyshacl"
    reason: str | None = None


def spec_conforms(findings: Iterable[Finding]) -> bool:
    """SHACL's sh:conforms: true if and only if there is no validation result at all (any severity)."""
    return not any(True for _ in findings)


@dataclass
class ValidationResult:
    conforms: bool
    findings: list[Finding] = field(default_factory=list)
    # the sh:ValidationReport graph, or how to build it: built on first use of ``report_graph``, since
    # half a million results take rdflib seconds to add and the text, JSON and JUnit reports never read it
    report: Graph | Callable[[], Graph] | None = field(default=None, repr=False)
    engine: str = "pyshacl"  # "fast", "pyshacl", or "fast+pyshacl" when shapes were shared out
    note: str | None = None  # why shapes went to pySHACL, if any did
    shapes: list[ShapeRun] = field(default_factory=list)  # engine of every top-level shape

    @property
    def report_graph(self) -> Graph | None:
        """The SHACL validation report graph (None if the run kept none)."""
        if self.report is not None and not isinstance(self.report, Graph):
            self.report = self.report()
        return self.report

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def fails_at(self, severity: str = "violation") -> bool:
        """True if any finding is at or above ``severity`` ("warning" or "violation")."""
        levels = {"Info": 0, "Warning": 1, "Violation": 2}
        floor = {"info": 0, "warning": 1, "violation": 2}[severity.lower()]
        return any(levels.get(f.severity, 2) >= floor for f in self.findings)


def load_shapes(shapes: str | Path | list | tuple | None = None) -> Graph:
    """The shapes graph, its literals kept as written ("1"^^xsd:boolean is not rdflib's "true").

    ``shapes``: a file, several files (merged into one shapes graph), or None for ontology/shapes.ttl.
    """
    import rdflib

    graph = new_graph("rdflib")
    saved = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    files = list(shapes) if isinstance(shapes, (list, tuple)) else [shapes]
    try:
        for one in files or [None]:
            parse_into(graph, Path(one) if one else paths.shapes_file())
    finally:
        rdflib.NORMALIZE_LITERALS = saved
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


def findings_from_report(report: Graph, engine: str | None = None) -> list[Finding]:
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
                engine=engine,
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
                engine="fast",
            )
        )
    return _sort_findings(out)


def report_graph_from_fast(results, conforms: bool, shapes_graph: Graph | None = None) -> Graph:
    """A sh:ValidationReport holding the fast engine's results (the terms pySHACL would write).

    A complex result path is a blank node of the shapes graph: its description
    is copied in, so that the report says which path it was on its own.
    """
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
            if isinstance(r.path, BNode) and shapes_graph is not None and (r.path, None, None) not in report:
                report += shapes_graph.cbd(r.path)
        if r.value is not None:
            report.add((node, SH.value, r.value))
        if r.source_constraint is not None:
            report.add((node, SH.sourceConstraint, r.source_constraint))
        for m in r.messages:
            report.add((node, SH.resultMessage, Literal(m)))
    return report


def _pyshacl_report(graph: Graph, shapes_graph: Graph) -> Graph:
    """pySHACL's report graph; its refusal of the shapes is a ShapesError (one line, exit 2)."""
    from pyshacl import validate as shacl_validate
    from pyshacl.errors import ReportableRuntimeError

    from aireg.parse_once import parse_once
    from aireg.shapes_sparql import ShapesError

    try:
        with parse_once():  # pySHACL queries with one text per constraint: parsed once, not per focus node
            _, report, _ = shacl_validate(
                graph,
                shacl_graph=shapes_graph,
                inference="none",
                advanced=True,
                allow_warnings=True,
            )
    except (ReportableRuntimeError, NotImplementedError) as err:
        report = err
    if not isinstance(report, Graph):
        reason = " ".join(str(getattr(report, "message", report)).split()) or type(report).__name__
        raise ShapesError(f"shapes graph error: pySHACL refuses the shapes ({type(report).__name__}: "
                          f"{reason[:300]})")
    return report


def _without_targets(shapes_graph: Graph, shapes) -> Graph:
    """A copy of the shapes graph in which ``shapes`` have no targets (so pySHACL skips them)."""
    from rdflib.namespace import OWL, RDFS

    reduced = Graph()
    for prefix, ns in shapes_graph.namespaces():
        reduced.bind(prefix, ns, override=True)
    drop = set(shapes)
    targets = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target}
    for s, p, o in shapes_graph:
        if s in drop and (p in targets or (p == RDF.type and o in (RDFS.Class, OWL.Class))):
            continue
        reduced.add((s, p, o))
    return reduced


def _merge_reports(report: Graph, other: Graph) -> None:
    """Add the results of ``other`` (another sh:ValidationReport) to ``report``."""
    root = next(report.subjects(RDF.type, SH.ValidationReport))
    other_roots = set(other.subjects(RDF.type, SH.ValidationReport))
    for s, p, o in other:
        if s in other_roots:
            if p == SH.result:
                report.add((root, SH.result, o))
            continue
        report.add((s, p, o))


def per_graph_report(named: list[tuple[str, ValidationResult]], conforms: bool) -> Graph:
    """One sh:ValidationReport for graphs validated one by one (``aireg validate --per-graph``).

    Each graph's results keep their terms (a typed value stays typed) and say which graph they are from
    (``aireg:graph``: the graph's IRI, or "default"); ``aireg:validatedBy`` names the engine of each shape.
    """
    report = Graph()
    root = BNode()
    report.add((root, RDF.type, SH.ValidationReport))
    report.add((root, SH.conforms, Literal(conforms)))
    runs: dict[str, ShapeRun] = {}
    for name, result in named:
        graph = result.report_graph
        if graph is None:
            continue
        before = set(report.objects(root, SH.result))
        # each graph's own aireg:validatedBy records are replaced by one set for the whole run
        skip = {o for r in graph.subjects(RDF.type, SH.ValidationReport) for o in graph.objects(r, AIREG.validatedBy)}
        results = Graph()
        for triple in graph:
            if triple[0] not in skip:
                results.add(triple)
        _merge_reports(report, results)
        where = URIRef(name[1:-1]) if name.startswith("<") and name.endswith(">") else Literal(name)
        for node in set(report.objects(root, SH.result)) - before:
            report.add((node, AIREG.graph, where))
        for run in result.shapes:
            runs.setdefault(run.shape, run) if run.engine == "fast" else runs.__setitem__(run.shape, run)
    _record_engines(report, sorted(runs.values(), key=lambda r: r.shape))
    return report


def _set_conforms(report: Graph, conforms: bool) -> None:
    for root in list(report.subjects(RDF.type, SH.ValidationReport)):
        report.set((root, SH.conforms, Literal(conforms)))


def _validate_pyshacl(graph: Graph, shapes_graph: Graph, why: str = "chosen with --shacl-engine pyshacl"
                      ) -> ValidationResult:
    from aireg.shacl_fast import top_shapes

    report = _pyshacl_report(graph, shapes_graph)
    findings = findings_from_report(report, "pyshacl")
    conforms = spec_conforms(findings)
    _set_conforms(report, conforms)
    runs = [ShapeRun(str(s), "pyshacl", why) for s in top_shapes(shapes_graph)]
    _record_engines(report, runs)
    return ValidationResult(conforms=conforms, findings=findings, report=report, shapes=runs)


def _validate_fast(graph: Graph, shapes_graph: Graph) -> ValidationResult:
    """The fast engine for every shape it compiles exactly; pySHACL for the others, shape by shape."""
    from aireg.shacl_fast import validate_fast

    leave, why_written, back = _literal_readers(graph, shapes_graph)
    run = validate_fast(graph, shapes_graph, leave)
    run.results = _spelled_back(run.results, back)
    findings = findings_from_fast(run.results, shapes_graph)
    runs = [ShapeRun(str(s), "fast") for s in run.compiled]
    engine, note, other = "fast", None, None
    if run.unsupported:
        reduced = _without_targets(shapes_graph, run.compiled)
        # the data as written when the store re-spells literals: what --shacl-engine pyshacl reads
        other = _pyshacl_report((as_written(graph) or graph) if why_written else graph, reduced)
        findings = _sort_findings(findings + findings_from_report(other, "pyshacl"))
        runs += [ShapeRun(str(s), "pyshacl", why) for s, why in run.unsupported.items()]
        engine = "fast+pyshacl" if run.compiled else "pyshacl"
        uncompiled = {s: why for s, why in run.unsupported.items() if why != why_written}
        notes = []
        if len(uncompiled) < len(run.unsupported):
            notes.append(f"{len(run.unsupported) - len(uncompiled)} shape(s) validated by pySHACL because "
                         f"{why_written}")
        if uncompiled:
            text = "; ".join(f"{s}: {why}" for s, why in sorted(uncompiled.items(), key=lambda kv: str(kv[0])))
            notes.append(f"{len(uncompiled)} shape(s) validated by pySHACL, which the fast engine does not "
                         f"compile exactly: {text}")
        note = "; ".join(notes)
    conforms = spec_conforms(findings)
    runs.sort(key=lambda r: r.shape)

    def build_report() -> Graph:
        report = report_graph_from_fast(run.results, conforms, shapes_graph)
        if other is not None:
            _merge_reports(report, other)
        _set_conforms(report, conforms)
        _record_engines(report, runs)
        return report

    return ValidationResult(conforms=conforms, findings=findings, report=build_report, engine=engine, note=note,
                            shapes=runs)


def _literal_readers(graph: Graph, shapes_graph: Graph) -> tuple[dict, str | None, dict]:
    """The top-level shapes that must see the data as written (``aireg.load.as_written``), the reason, and
    how to map the fast engine's literals back to the written ones, when the store re-spells some literals.

    ``({}, None, {})`` when it re-spells none: the fast engine runs every shape it compiles.
    """
    from aireg.literal_shapes import Respelling, respelling_shapes
    from aireg.literals import XSD
    from aireg.shacl_fast import top_shapes

    respelt = respelled(graph)
    if not respelt or not readable_as_written(graph):  # changed since loaded: the store's terms are all there is
        return {}, None, {}
    typed = set().union(*(p.typed for p in inputs_of(graph)))
    kept = [respelt.get((lex, name), (lex, XSD + name)) for lex, name in typed]
    merges = len(set(kept)) < len(kept)
    on_store = type(graph.store).__name__ == "OxigraphStore"
    predicates = set()
    for (lex, name), (lex2, dt) in respelt.items():
        term = Literal(lex2, datatype=URIRef(dt), normalize=False) if on_store else \
            Literal(lex, datatype=URIRef(XSD + name), normalize=False)
        predicates.update(graph.predicates(None, term))
    respelling = Respelling(frozenset(predicates), any(not dt.endswith("#" + name) for (_, name), (_, dt)
                                                       in respelt.items()), merges)
    # the example: a literal whose datatype changes if there is one (the clearest re-spelling)
    lexical, name = min(respelt, key=lambda k: (respelt[k][1].endswith("#" + k[1]), k))
    why = (f'the data holds {len(respelt)} literal(s) Oxigraph\'s store re-spells, e.g. "{lexical}"^^xsd:{name}; '
           "shapes that read literal values run on pySHACL over the data as written")
    leave = {s: why for s in respelling_shapes(shapes_graph, top_shapes(shapes_graph), respelling)}
    # each literal as the store keeps it -> as written: one spelling each, or the store merged them
    back = {} if merges or not on_store else {
        _value_key(Literal(lex2, datatype=URIRef(dt))): Literal(lex, datatype=URIRef(XSD + name), normalize=False)
        for (lex, name), (lex2, dt) in respelt.items()}
    return leave, why, back


def _value_key(term: Literal) -> tuple:
    """A typed literal by datatype and value: rdflib re-spells the store's terms once more on the way out."""
    return str(term.datatype), term.value if term.value is not None else str(term)


def _spelled_back(results: list, back: dict) -> list:
    """The fast engine's results with their literals as written (the store has its own spelling)."""
    from dataclasses import replace

    def fix(term):
        if isinstance(term, Literal) and term.datatype is not None:
            return back.get(_value_key(term), term)
        return term

    return [replace(r, value=fix(r.value), focus=fix(r.focus)) for r in results] if back else results


AIREG = Namespace("https://w3id.org/aireg/ont#")


def _record_engines(report: Graph, runs: list[ShapeRun]) -> None:
    """Say in the report graph which engine validated which shape (aireg:validatedBy)."""
    from rdflib import URIRef

    roots = list(report.subjects(RDF.type, SH.ValidationReport))
    if not roots:
        return
    report.bind("aireg", AIREG)
    for r in runs:
        node = BNode()
        report.add((roots[0], AIREG.validatedBy, node))
        report.add((node, AIREG.shape, URIRef(r.shape) if ":" in r.shape else BNode(r.shape)))
        report.add((node, AIREG.shaclEngine, Literal(r.engine)))
        if r.reason:
            report.add((node, AIREG.reason, Literal(r.reason)))


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
    from aireg.shapes_sparql import check_shapes_sparql

    check_shapes_sparql(shapes_graph, shapes if isinstance(shapes, (str, Path)) else None)
    from aireg.shapes_regex import check_shapes_patterns

    check_shapes_patterns(shapes_graph, shapes if isinstance(shapes, (str, Path)) else None)
    if shacl_engine == "fast":
        return _validate_fast(graph, shapes_graph)
    return _validate_pyshacl(graph, shapes_graph)
