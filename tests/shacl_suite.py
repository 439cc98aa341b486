"""The W3C SHACL test suite (core + SPARQL) as data: its entries, and the comparison it defines.

The suite lives in ``../shared/conformance/w3c-shacl`` (a copy of
w3c/data-shapes' ``data-shapes-test-suite/tests``). Each entry is an
``sht:Validate`` with a data graph, a shapes graph and either the expected
``sh:ValidationReport`` or ``sht:Failure`` (the processor must refuse the
shapes). Manifests are read with rdflib: they are the test's fixtures; the data
and shapes graphs themselves go through aireg's own loading path.

Reports are compared as the suite defines: ``sh:conforms`` and the multiset of
results, each by focus node, path, value, severity, source shape and
constraint component (messages and ``sh:detail`` are not compared unless
expected). Blank nodes are compared by structure: a blank node stands for the
sorted description of what it points to (a property shape, a complex path, a
list), which is what graph isomorphism amounts to for these reports.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, XSD

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
SH = Namespace("http://www.w3.org/ns/shacl#")

def suite_dir() -> Path | None:
    """``../shared/conformance/w3c-shacl`` beside the project's root (or beside a folder above it,
    for a checkout in a worktree folder); None when it is absent."""
    root = Path(__file__).resolve().parents[1]
    for folder in root.parents:
        candidate = folder / "shared" / "conformance" / "w3c-shacl"
        if (candidate / "manifest.ttl").is_file():
            return candidate
    return None


@dataclass(frozen=True)
class Entry:
    name: str  # e.g. "core/node/and-001": the entry's IRI relative to the suite
    label: str
    data: Path
    shapes: Path
    manifest: Path
    node: object  # the entry node in its manifest graph
    failure: bool  # the shapes must be refused (sht:Failure)


def _manifest_graph(path: Path) -> Graph:
    import warnings

    g = Graph()
    with warnings.catch_warnings():  # the suite holds odd literals on purpose ("none"^^xsd:boolean)
        warnings.filterwarnings("ignore", "Parsing weird boolean", UserWarning)
        g.parse(path, format="turtle", publicID=path.resolve().as_uri())
    return g


def _local(uri: str) -> Path:
    assert uri.startswith("file://"), uri
    from urllib.parse import unquote, urlparse

    return Path(unquote(urlparse(uri).path))


def entries(root: Path | None = None) -> list[Entry]:
    """Every sht:Validate entry reachable from ``root/manifest.ttl`` through mf:include."""
    root = root or suite_dir()
    base = root.resolve()
    out: list[Entry] = []
    todo = [base / "manifest.ttl"]
    seen = set()
    while todo:
        path = todo.pop(0)
        if path in seen:
            continue
        seen.add(path)
        g = _manifest_graph(path)
        for inc in sorted(g.objects(None, MF.include)):
            todo.append(_local(str(inc)))
        for manifest in g.subjects(RDF.type, MF.Manifest):
            lst = g.value(manifest, MF.entries)
            if lst is None:
                continue
            from rdflib.collection import Collection

            for node in Collection(g, lst):
                if (node, RDF.type, SHT.Validate) not in g:
                    continue
                action = g.value(node, MF.action)
                data = _local(str(g.value(action, SHT.dataGraph)))
                shapes = _local(str(g.value(action, SHT.shapesGraph)))
                result = g.value(node, MF.result)
                name = str(_local(str(node)).relative_to(base))
                out.append(Entry(name=name, label=str(g.value(node, RDFS.label) or name), data=data,
                                 shapes=shapes, manifest=path, node=node, failure=result == SHT.Failure))
    return sorted(out, key=lambda e: e.name)


# --- comparison -----------------------------------------------------------------

def describe(graph: Graph, term, depth: int = 0, seen: frozenset = frozenset()) -> str:
    """A term as text; a blank node as the sorted description of its outgoing triples."""
    if isinstance(term, BNode):
        if depth > 6 or term in seen:
            return "_:cycle"
        inner = sorted(f"{p.n3()} {describe(graph, o, depth + 1, seen | {term})}"
                       for p, o in graph.predicate_objects(term) if p != RDF.type or o != RDFS.Resource)
        return "[" + " ; ".join(inner) + "]"
    if isinstance(term, Literal):
        if term.datatype == XSD.string:  # RDF 1.1: "x" and "x"^^xsd:string are one term
            return Literal(str(term)).n3()
        return term.n3()
    return term.n3() if isinstance(term, URIRef) else str(term)


def describe_path(graph: Graph, term) -> str:
    """A result path by what it means as a SHACL path: a list is a sequence, whatever else its node says."""
    if isinstance(term, BNode) and (term, RDF.first, None) in graph:
        from rdflib.collection import Collection

        return "(" + " ".join(describe_path(graph, t) for t in Collection(graph, term)) + ")"
    if isinstance(term, BNode):
        for pred in (SH.inversePath, SH.alternativePath, SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath):
            inner = graph.value(term, pred)
            if inner is not None:
                return f"[{pred.n3()} {describe_path(graph, inner)}]"
    return describe(graph, term)


_KEYS = (SH.focusNode, SH.resultPath, SH.value, SH.resultSeverity, SH.sourceShape, SH.sourceConstraintComponent)


def result_keys(report: Graph, report_node, context: dict | None = None) -> Counter:
    """The multiset of results of ``report_node``, each as a tuple of described terms.

    ``context`` maps a key predicate to the graph its blank nodes are described
    in (the shapes graph for shapes and paths, the data graph for focus nodes
    and values); the report graph itself by default.
    """
    context = context or {}
    out: Counter = Counter()
    for r in report.objects(report_node, SH.result):
        key = []
        for pred in _KEYS:
            term = report.value(r, pred)
            if term is None:
                key.append("")
                continue
            graph = context.get(pred, report)
            if isinstance(term, BNode) and (term, None, None) not in graph:
                graph = report
            key.append(describe_path(graph, term) if pred == SH.resultPath else describe(graph, term))
        out[tuple(key)] += 1
    return out


def expected_report(entry: Entry) -> tuple[bool, Counter]:
    """``(conforms, results)`` that the manifest expects for ``entry``."""
    g = _manifest_graph(entry.manifest)
    result = g.value(entry.node, MF.result)
    conforms = g.value(result, SH.conforms)
    return bool(conforms.toPython()), result_keys(g, result)


def actual_report(report: Graph, shapes: Graph, data: Graph) -> tuple[bool, Counter]:
    root = next(report.subjects(RDF.type, SH.ValidationReport))
    conforms = report.value(root, SH.conforms)
    context = {SH.sourceShape: shapes, SH.resultPath: shapes, SH.focusNode: data, SH.value: data}
    return bool(conforms.toPython()), result_keys(report, root, context)
