"""What changed between two versions of the data, instrument by instrument.

Both sides are loaded (files, or folders of RDF files) and compared with
blank nodes matched by structure (``rdflib.compare.graph_diff`` on canonical
graphs), so a citation that did not change never shows up although the
parser gives its blank node a new id on every run.

Each added or removed triple is filed under the instrument it belongs to: a
node that is an ``aireg:Instrument`` (or a subclass) belongs to itself; a
provision, version, norm, definition... belongs to what it points to through
``eli:is_part_of``, ``aireg:versionOf``, ``aireg:imposedBy``,
``aireg:definedIn`` and the like; a blank node (a citation, a selector, a
condition) to the node it hangs from. Everything else is "other".
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import RDF, RDFS

from aireg import paths
from aireg.errors import InputError
from aireg.load import expand_inputs, load_graph, new_graph, parse_into
from aireg.namespaces import AIREG, ELI, OA, PREFIXES

# child -> parent links, followed upwards to find a node's instrument
UP = (ELI.is_part_of, AIREG.versionOf, AIREG.imposedBy, AIREG.definedIn, AIREG.inProvision,
      AIREG.riskCategoryOf, AIREG.penaltyOf, AIREG.delegatedBy, AIREG.partOf, ELI.is_member_of)
# parent -> child links, followed downwards (so read backwards)
DOWN = (AIREG.citation, AIREG.hasTrigger, AIREG.member, OA.hasSelector)

# folders are searched for these (not .json/.xml: too many files of those are no RDF)
FOLDER_SUFFIXES = (".ttl", ".turtle", ".nt", ".ntriples", ".nq", ".trig", ".n3", ".rdf", ".owl", ".jsonld")

OTHER = "other"


@dataclass
class Change:
    """The triples added and removed under one instrument (or "other")."""

    key: str  # instrument IRI or OTHER
    label: str
    added: list[tuple] = field(default_factory=list)
    removed: list[tuple] = field(default_factory=list)


@dataclass
class DiffResult:
    old: list[Path]
    new: list[Path]
    old_triples: int
    new_triples: int
    changes: list[Change]

    @property
    def added(self) -> int:
        return sum(len(c.added) for c in self.changes)

    @property
    def removed(self) -> int:
        return sum(len(c.removed) for c in self.changes)

    @property
    def differs(self) -> bool:
        return bool(self.changes)


def load_side(item: str | Path, max_bytes: int | None = None) -> tuple[Graph, list[Path]]:
    """One side of the diff: a file, or a folder of RDF files, on rdflib's in-memory store."""
    path = Path(item)
    if not path.exists():
        raise InputError("no such file or folder", path)
    files = expand_inputs([path], FOLDER_SUFFIXES)
    return load_graph(files, engine="rdflib", max_bytes=max_bytes), files


def _tree_labels(graph: Graph, limit: int = 64) -> dict | None:
    """Blank node -> a label from where it hangs and what it holds, or None if some blank
    node is shared by two parents or sits in a cycle (then rdflib's canonicalisation is used).

    In aireg's data every blank node (citation, selector, condition) hangs from one
    place, so this is the common case, and far faster than general canonicalisation.
    """
    import hashlib

    incoming: dict = {}
    outgoing: dict = {}
    for s, p, o in graph:
        if isinstance(o, BNode):
            incoming.setdefault(o, []).append((s, p))
        if isinstance(s, BNode):
            outgoing.setdefault(s, []).append((p, o))
    if any(len(v) > 1 for v in incoming.values()):
        return None
    contents: dict = {}
    labels: dict = {}

    class Cyclic(Exception):
        pass

    def content(node, depth=0) -> str:
        if node in contents:
            return contents[node]
        if depth > limit:
            raise Cyclic
        parts = sorted(p.n3() + " " + (content(o, depth + 1) if isinstance(o, BNode) else o.n3())
                       for p, o in outgoing.get(node, []))
        contents[node] = "[" + ";".join(parts) + "]"
        return contents[node]

    def label(node, depth=0) -> str:
        if node in labels:
            return labels[node]
        if depth > limit:
            raise Cyclic
        parent = incoming.get(node)
        if parent:
            s, p = parent[0]
            anchor = label(s, depth + 1) if isinstance(s, BNode) else s.n3()
            key = f"{anchor} {p.n3()} {content(node)}"
        else:
            key = f"(root) {content(node)}"
        labels[node] = "c" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]
        return labels[node]

    try:
        for node in set(incoming) | set(outgoing):
            label(node)
    except (Cyclic, RecursionError):
        return None
    return labels


def canonical(graph: Graph) -> Graph:
    """The graph with blank nodes named by structure: equal content, equal names."""
    labels = _tree_labels(graph)
    if labels is None:
        return to_canonical_graph(graph)
    out = Graph()
    relabel = {b: BNode(label) for b, label in labels.items()}
    out.addN((relabel.get(s, s), p, relabel.get(o, o), out) for s, p, o in graph)
    return out


def _instrument_classes(*graphs: Graph) -> set:
    """aireg:Instrument and every subclass known to the bundled ontology or the graphs."""
    sub = Graph()
    try:
        onto = new_graph("rdflib")
        parse_into(onto, paths.ontology_file())
        graphs = (*graphs, onto)
    except InputError:
        pass
    for g in graphs:
        for s, o in g.subject_objects(RDFS.subClassOf):
            sub.add((s, RDFS.subClassOf, o))
    found = {AIREG.Instrument}
    frontier = [AIREG.Instrument]
    while frontier:
        cls = frontier.pop()
        for s in sub.subjects(RDFS.subClassOf, cls):
            if s not in found:
                found.add(s)
                frontier.append(s)
    return found


class _Owner:
    """node -> the instrument it belongs to, within one graph."""

    def __init__(self, graph: Graph, instrument_classes: set):
        self.graph = graph
        self.classes = instrument_classes
        self.memo: dict = {}

    def __call__(self, node, depth: int = 0):
        if node in self.memo:
            return self.memo[node]
        if depth > 12:
            return None
        self.memo[node] = None  # cycle guard
        g = self.graph
        result = None
        if isinstance(node, URIRef) and any(t in self.classes for t in g.objects(node, RDF.type)):
            result = node
        else:
            for pred in UP:
                for parent in g.objects(node, pred):
                    result = self(parent, depth + 1)
                    if result is not None:
                        break
                if result is not None:
                    break
            if result is None:
                parents = [s for p in DOWN for s in g.subjects(p, node)]
                if isinstance(node, BNode):
                    parents += [s for s in g.subjects(None, node)]
                for parent in parents:
                    result = self(parent, depth + 1)
                    if result is not None:
                        break
        self.memo[node] = result
        return result


def _label(iri: URIRef, graphs: Iterable[Graph], lang: str) -> str:
    graphs = list(graphs)
    for g in graphs:
        labels = list(g.objects(iri, RDFS.label))
        for want in (lang, lang.split("-")[0]):
            for lab in labels:
                if isinstance(lab, Literal) and lab.language and lab.language.lower() == want.lower():
                    return str(lab)
        for lab in labels:
            if isinstance(lab, Literal) and lab.language and lab.language.lower().startswith(lang.split("-")[0].lower()):
                return str(lab)
    for g in graphs:
        ident = g.value(iri, AIREG.identifier)
        if ident is not None:
            return str(ident)
    for g in graphs:
        for lab in g.objects(iri, RDFS.label):
            return str(lab)
    return ""


def diff(old: str | Path, new: str | Path, lang: str = "en", max_bytes: int | None = None) -> DiffResult:
    """Compare two files or folders; blank nodes are matched by structure."""
    g_old, old_files = load_side(old, max_bytes)
    g_new, new_files = load_side(new, max_bytes)
    iso_old, iso_new = canonical(g_old), canonical(g_new)
    only_old = [t for t in iso_old if t not in iso_new]
    only_new = [t for t in iso_new if t not in iso_old]
    classes = _instrument_classes(g_old, g_new)
    owner_old, owner_new = _Owner(iso_old, classes), _Owner(iso_new, classes)
    changes: dict[str, Change] = {}

    def file_under(triple, owner):
        inst = owner(triple[0])
        key = str(inst) if inst is not None else OTHER
        if key not in changes:
            label = "" if inst is None else _label(inst, [g_new, g_old], lang)
            changes[key] = Change(key, label)
        return changes[key]

    for t in only_old:
        file_under(t, owner_old).removed.append(t)
    for t in only_new:
        # a node new in NEW may belong to an instrument only NEW knows, or one OLD knew
        file_under(t, owner_new).added.append(t)
    for c in changes.values():
        c.removed = _tree_order(c.removed)
        c.added = _tree_order(c.added)
    ordered = sorted(changes.values(), key=lambda c: (c.key == OTHER, c.key))
    return DiffResult(old_files, new_files, len(g_old), len(g_new), ordered)


def _sort_key(triple):
    return tuple((0 if isinstance(t, URIRef) else 1, str(t)) for t in triple)


def _tree_order(triples: list) -> list:
    """Sorted, with each blank node's triples right under the triple that points to it."""
    by_subject: dict = {}
    for t in triples:
        by_subject.setdefault(t[0], []).append(t)
    pointed = {t[2] for t in triples if isinstance(t[2], BNode)}
    out: list = []
    done: set = set()

    def emit(subject):
        if subject in done:
            return
        done.add(subject)
        for t in sorted(by_subject.get(subject, []), key=_sort_key):
            out.append(t)
            if isinstance(t[2], BNode):
                emit(t[2])

    for subject in sorted((s for s in by_subject if s not in pointed), key=lambda x: (isinstance(x, BNode), str(x))):
        emit(subject)
    for subject in sorted(by_subject, key=str):  # cycles among blank nodes
        emit(subject)
    return out


# --- rendering ---------------------------------------------------------------

_NS = sorted(((str(ns), prefix) for prefix, ns in PREFIXES.items()), key=lambda x: -len(x[0]))


def term_text(term, bnodes: dict | None = None) -> str:
    """A term as Turtle would spell it, with the project's prefixes; blank nodes numbered."""
    if isinstance(term, URIRef):
        s = str(term)
        for ns, prefix in _NS:
            if s.startswith(ns) and s[len(ns):] and all(ch.isalnum() or ch in "-_." for ch in s[len(ns):]):
                return f"{prefix}:{s[len(ns):]}"
        return f"<{s}>"
    if isinstance(term, BNode):
        if bnodes is None:
            return "[]"
        if term not in bnodes:
            bnodes[term] = f"_:b{len(bnodes) + 1}"
        return bnodes[term]
    if isinstance(term, Literal):
        text = term.n3()
        if term.datatype is not None:
            dt = term_text(term.datatype)
            text = text[: text.rindex("^^")] + "^^" + dt
        return text
    return str(term)


def format_text(result: DiffResult, old_name: str, new_name: str) -> str:
    lines = [f"--- {old_name} ({result.old_triples} triples)", f"+++ {new_name} ({result.new_triples} triples)"]
    bnodes: dict = {}
    for c in result.changes:
        if c.key == OTHER:
            lines.append("other (not part of any instrument)")
        else:
            head = term_text(URIRef(c.key))
            lines.append(f"{head}  {c.label}" if c.label else head)
        for sign, triples in (("-", c.removed), ("+", c.added)):
            for t in triples:
                lines.append(f"  {sign} " + " ".join(term_text(x, bnodes) for x in t))
    n_inst = sum(1 for c in result.changes if c.key != OTHER)
    if result.differs:
        lines.append(f"{result.removed} triple(s) removed, {result.added} added; "
                     f"{n_inst} instrument(s) changed" + (", and other triples" if any(c.key == OTHER for c in result.changes) else ""))
    else:
        lines.append("no difference (blank nodes compared by structure)")
    return "\n".join(lines) + "\n"


def format_json(result: DiffResult, old_name: str, new_name: str) -> str:
    def triples(ts):
        bn: dict = {}
        return [[str(x) if isinstance(x, URIRef) else term_text(x, bn) if isinstance(x, BNode) else x.n3()
                 for x in t] for t in ts]

    doc = {
        "old": {"path": old_name, "files": [str(p) for p in result.old], "triples": result.old_triples},
        "new": {"path": new_name, "files": [str(p) for p in result.new], "triples": result.new_triples},
        "differs": result.differs,
        "exit_code": 1 if result.differs else 0,
        "added": result.added,
        "removed": result.removed,
        "instruments": [
            {
                "instrument": None if c.key == OTHER else c.key,
                "label": c.label or None,
                "removed": triples(c.removed),
                "added": triples(c.added),
            }
            for c in result.changes
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
