"""What changed between two versions of the data, instrument by instrument.

Both sides are read the way ``aireg build`` reads them (:func:`aireg.load.read_input`:
Oxigraph's parser, terms as written, every named graph) into sets of
N-Triples lines, one per quad; blank nodes are named by structure
(:mod:`aireg.bnodes`), so a citation that did not change compares equal
although the parser numbers its blank node anew on every run. The sets are
compared as sets of byte strings, which is what keeps two graphs of a million
triples within seconds and a few hundred megabytes. Where blank nodes outside
trees cannot be told apart by their neighbourhoods, those lines alone are
compared by rdflib's graph canonicalisation (isomorphism).

A changed literal spelling is a change: ``"1.0"`` and ``"1"`` are different
terms (the same value), and the diff shows what the files say.

Each added or removed triple is filed under the instrument it belongs to: a
node that is an ``aireg:Instrument`` (or a subclass) belongs to itself; a
provision, version, norm, definition... belongs to what it points to through
``eli:is_part_of``, ``aireg:versionOf``, ``aireg:imposedBy``,
``aireg:definedIn`` and the like; a blank node (a citation, a selector, a
condition) to the node it hangs from. Everything else is "other". A quad in
a named graph carries the graph name as a fourth term.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Literal, URIRef

from aireg import paths
from aireg.bnodes import canonical, no_gc, rename, split_line
from aireg.errors import InputError
from aireg.load import FOLDER_SUFFIXES, checked_stat, expand_inputs, read_input
from aireg.namespaces import AIREG, ELI, OA, PREFIXES
from aireg.progress import Progress

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# child -> parent links, followed upwards to find a node's instrument
UP = (ELI.is_part_of, AIREG.versionOf, AIREG.imposedBy, AIREG.definedIn, AIREG.inProvision,
      AIREG.riskCategoryOf, AIREG.penaltyOf, AIREG.delegatedBy, AIREG.partOf, ELI.is_member_of)
# parent -> child links, followed downwards (so read backwards)
DOWN = (AIREG.citation, AIREG.hasTrigger, AIREG.member, OA.hasSelector)

# folders are searched for these (not .json/.xml: too many files of those are no RDF)


OTHER = "other"


def _nt(iri) -> bytes:
    return b"<" + str(iri).encode("utf-8") + b">"


_UP = {_nt(p): rank for rank, p in enumerate(UP)}
_DOWN = {_nt(p) for p in DOWN}
_TYPE, _SUBCLASS, _LABEL, _IDENT = _nt(RDF_TYPE), _nt(SUBCLASS), _nt(LABEL), _nt(AIREG.identifier)


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


@dataclass
class Side:
    """One side of the diff: its files and its quads as bytes, an N-Triples line, followed for a named
    graph by a line break and the graph name (N-Triples lines hold no line break)."""

    files: list[Path]
    quads: set
    exact: bool = True


def read_side(item: str | Path, max_bytes: int | None = None, base: str | None = None,
              progress: Progress | None = None) -> Side:
    """A file, or a folder of RDF files, as quads with blank nodes named by structure."""
    path = Path(item)
    checked_stat(path, "no such file or folder")
    files = expand_inputs([path], FOLDER_SUFFIXES)
    default: set[bytes] = set()
    named: dict[bytes, set[bytes]] = {}
    for n, f in enumerate(files, 1):
        if progress:
            progress.say(f"reading {f} ({n}/{len(files)})")
        for graph, nt in read_input(f, max_bytes=max_bytes, base=base).graphs.items():
            bucket = default if graph is None else named.setdefault(graph.encode("utf-8"), set())
            bucket.update(nt.split(b"\n"))
    default.discard(b"")
    if not named:
        lines, _, exact = canonical(default)
        return Side(files, set(lines), exact)
    everything = set(default)
    for lines in named.values():
        lines.discard(b"")
        everything |= lines
    _, names, exact = canonical(everything)
    quads = {rename(line, names) for line in default}
    for graph, lines in named.items():
        quads.update(rename(line, names) + b"\n" + graph for line in lines)
    return Side(files, quads, exact)


def _settle_tangled(old: Side, new: Side) -> None:
    """Where blank-node naming was not exact, name those lines by rdflib's canonicalisation on both sides."""
    from rdflib import Graph
    from rdflib.compare import to_canonical_graph

    for side in (old, new):
        tangled = {q for q in side.quads if b"_:c" in q}
        if not tangled:
            continue
        g = Graph()
        bnodes: dict = {}
        for line, _, graph in (q.partition(b"\n") for q in tangled):
            s, p, o = (_term(t, bnodes, tangled_only=True) for t in split_line(line))
            g.add((s, p, o if not graph else Literal(graph.decode() + "\x00" + o.n3())))
        canon = to_canonical_graph(g)
        side.quads -= tangled
        for s, p, o in canon:
            graph = b""
            if isinstance(o, Literal) and "\x00" in str(o) and o.datatype is None and not o.language:
                head, _, rest = str(o).partition("\x00")
                graph, line_o = head.encode(), rest.encode()
            else:
                line_o = _back(o)
            line = _back(s) + b" " + _back(p) + b" " + line_o + b" ."
            side.quads.add(line + b"\n" + graph if graph else line)
        side.exact = True


def _term(t: bytes, bnodes: dict, tangled_only: bool = False):
    """An N-Triples term as an rdflib term, the lexical form kept as written."""
    if t[:2] == b"_:":
        name = t[2:].decode("ascii")
        if tangled_only and not name.startswith("c"):
            return URIRef("urn:aireg:bnode:" + name)  # already canonical: keep it out of the renaming
        return bnodes.setdefault(name, BNode(name))
    import pyoxigraph as ox

    if t[:1] == b"<":
        return URIRef(t[1:-1].decode("utf-8"))
    (quad,) = list(ox.parse(b"<urn:s> <urn:p> " + t + b" .", format=ox.RdfFormat.N_TRIPLES))
    return _from_ox(quad.object, bnodes)


def _back(term) -> bytes:
    if isinstance(term, URIRef) and str(term).startswith("urn:aireg:bnode:"):
        return b"_:" + str(term)[len("urn:aireg:bnode:"):].encode()
    if isinstance(term, BNode):
        return b"_:k" + str(term).encode()
    if isinstance(term, Literal):
        return _literal_nt(term)
    return _nt(term)


def _literal_nt(lit: Literal) -> bytes:
    import pyoxigraph as ox

    if lit.language:
        o = ox.Literal(str(lit), language=lit.language)
    else:
        o = ox.Literal(str(lit), datatype=ox.NamedNode(str(lit.datatype or "http://www.w3.org/2001/XMLSchema#string")))
    return str(o).encode("utf-8")


def _line_patterns():
    """Regular expressions that find, in a side's lines joined, the lines filing needs (by the text
    they end with: Python's regex engine finds such text far faster than a loop splits every line)."""
    def alternatives(terms) -> bytes:
        return b"|".join(re.escape(t) for t in terms)

    return {
        "type": re.compile(rb" " + re.escape(_TYPE) + rb" (<[^>\n]*>) \.\n"),
        "subclass": re.compile(rb" " + re.escape(_SUBCLASS) + rb" (<[^>\n]*>) \.\n"),
        "up": re.compile(rb" (" + alternatives(_UP) + rb") ([^ \n]+) \.\n"),
        "down": re.compile(rb" (" + alternatives(_DOWN) + rb") ([^ \n]+) \.\n"),
        "bnode": re.compile(rb" (<[^>\n]*>) (_:[^ \n]+) \.\n"),
        "label": re.compile(rb" (" + re.escape(_LABEL) + rb"|" + re.escape(_IDENT) + rb") (.*) \.\n"),
    }


_PATTERNS = _line_patterns()


def _ends(pattern, blob: bytes):
    """(subject, match) for each line the pattern ends."""
    for m in pattern.finditer(blob):
        start = blob.rfind(b"\n", 0, m.start()) + 1
        yield blob[start:m.start()], m


def _blob(side: Side) -> bytes:
    return b"\n".join(side.quads) + b"\n"


class _Index:
    """What filing a change under its instrument needs, read from one side's lines (joined in ``blob``)."""

    def __init__(self, blob: bytes, classes_hint: dict):
        self.types: dict = defaultdict(set)
        self.up: dict = defaultdict(list)
        self.down: dict = defaultdict(list)
        self.parent: dict = defaultdict(list)
        for s, m in _ends(_PATTERNS["type"], blob):
            self.types[s].add(m.group(1))
        for s, m in _ends(_PATTERNS["subclass"], blob):
            classes_hint.setdefault(m.group(1), set()).add(s)
        for s, m in _ends(_PATTERNS["up"], blob):
            self.up[s].append((_UP[m.group(1)], m.group(2)))
        for s, m in _ends(_PATTERNS["down"], blob):
            self.down[m.group(2)].append(s)
        for s, m in _ends(_PATTERNS["bnode"], blob):
            self.parent[m.group(2)].append(s)
        for parents in self.up.values():
            parents.sort()


def _instrument_classes(hint: dict) -> set:
    """aireg:Instrument and every subclass known to the bundled ontology or the two sides."""
    try:
        onto = read_input(paths.ontology_file()).graphs.get(None, b"")
        for line in onto.split(b"\n"):
            if line and _SUBCLASS in line:
                s, p, o = split_line(line)
                if p == _SUBCLASS:
                    hint.setdefault(o, set()).add(s)
    except InputError:
        pass
    top = _nt(AIREG.Instrument)
    found, frontier = {top}, [top]
    while frontier:
        for sub in hint.get(frontier.pop(), ()):
            if sub not in found:
                found.add(sub)
                frontier.append(sub)
    return found


class _Owner:
    """node -> the instrument it belongs to, within one side (iterative, cycle-safe, 12 links at most)."""

    def __init__(self, index: _Index, classes: set):
        self.index = index
        self.classes = classes
        self.memo: dict = {}

    def __call__(self, node: bytes):
        if node in self.memo:
            return self.memo[node]
        ix = self.index
        seen = {node}
        frontier = [node]
        for _ in range(13):
            nxt = []
            for n in frontier:
                if n in self.memo and self.memo[n] is not None:
                    self.memo[node] = self.memo[n]
                    return self.memo[n]
                if n[:1] == b"<" and ix.types.get(n, set()) & self.classes:
                    self.memo[node] = n
                    return n
            for n in frontier:
                candidates = [p for _, p in ix.up.get(n, ())] + ix.down.get(n, []) \
                    + (ix.parent.get(n, []) if n[:2] == b"_:" else [])
                for c in candidates:
                    if c not in seen:
                        seen.add(c)
                        nxt.append(c)
            if not nxt:
                break
            frontier = nxt
        self.memo[node] = None
        return None


def _labels(keys: set, blobs: list[bytes], lang: str) -> dict:
    """Instrument label in ``lang`` (else its identifier, else any label), read from the sides' lines."""
    found: dict = defaultdict(list)
    idents: dict = {}
    for blob in blobs:
        for s, m in _ends(_PATTERNS["label"], blob):
            if s not in keys:
                continue
            if m.group(1) == _LABEL:
                found[s].append(_term(m.group(2), {}))
            else:
                idents.setdefault(s, str(_term(m.group(2), {})))
    out = {}
    want = [lang.lower(), lang.split("-")[0].lower()]
    for key in keys:
        labels = found.get(key, [])
        chosen = next((str(lab) for w in want for lab in labels if lab.language and lab.language.lower() == w), None)
        if chosen is None:
            chosen = next((str(lab) for lab in labels if lab.language and lab.language.lower().startswith(want[1])), None)
        out[key] = chosen or idents.get(key) or (str(labels[0]) if labels else "")
    return out


def diff(old: str | Path, new: str | Path, lang: str = "en", max_bytes: int | None = None,
         base: str | None = None, progress: Progress | None = None) -> DiffResult:
    """Compare two files or folders; blank nodes are matched by structure."""
    progress = progress or Progress()
    try:
        with no_gc():
            return _diff(old, new, lang, max_bytes, base, progress)
    finally:
        progress.done()


def _diff(old, new, lang: str, max_bytes: int | None, base: str | None, progress: Progress) -> DiffResult:
    a = read_side(old, max_bytes, base, progress)
    b = read_side(new, max_bytes, base, progress)
    if not (a.exact and b.exact):
        _settle_tangled(a, b)
    progress.say("comparing")
    only_old = a.quads - b.quads
    only_new = b.quads - a.quads
    n_old, n_new = len(a.quads), len(b.quads)
    changes: dict[str, Change] = {}
    if only_old or only_new:
        hint: dict = {}
        blob_old, blob_new = _blob(a), _blob(b)
        index_old, index_new = _Index(blob_old, hint), _Index(blob_new, hint)
        classes = _instrument_classes(hint)
        owner_old, owner_new = _Owner(index_old, classes), _Owner(index_new, classes)
        filed: dict[bytes | None, tuple[list, list]] = defaultdict(lambda: ([], []))
        for quad in only_old:
            filed[owner_old(quad[: quad.index(b" ")])][0].append(quad)
        for quad in only_new:
            filed[owner_new(quad[: quad.index(b" ")])][1].append(quad)
        labels = _labels({k for k in filed if k is not None}, [blob_new, blob_old], lang)
        del blob_old, blob_new
        bnodes: dict = {}
        for key, (removed, added) in filed.items():
            name = OTHER if key is None else key[1:-1].decode("utf-8")
            change = Change(name, labels.get(key, "") if key is not None else "")
            change.removed = _tree_order(_triples(removed, bnodes))
            change.added = _tree_order(_triples(added, bnodes))
            changes[name] = change
    ordered = sorted(changes.values(), key=lambda c: (c.key == OTHER, c.key))
    return DiffResult(a.files, b.files, n_old, n_new, ordered)


def _triples(quads: list[bytes], bnodes: dict) -> list[tuple]:
    """Quads as rdflib terms (literals as written), parsed by Oxigraph in one go."""
    import pyoxigraph as ox

    if not quads:
        return []
    split = [q.partition(b"\n") for q in quads]
    parsed = ox.parse(b"\n".join(line for line, _, _ in split), format=ox.RdfFormat.N_TRIPLES)
    out = []
    for (_, _, graph), triple in zip(split, parsed):
        terms = tuple(_from_ox(t, bnodes) for t in (triple.subject, triple.predicate, triple.object))
        if graph:
            terms += (URIRef(graph[1:-1].decode("utf-8")) if graph[:1] == b"<" else BNode(graph[2:].decode()),)
        out.append(terms)
    return out


def _from_ox(term, bnodes: dict):
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return bnodes.setdefault(term.value, BNode(term.value))
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:  # a simple literal, as the file wrote it
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)


def _sort_key(triple):
    return tuple((0 if isinstance(t, URIRef) else 1, str(t)) for t in triple)


def _tree_order(triples: list) -> list:
    """Sorted, with each blank node's triples right under the triple that points to it (no recursion)."""
    by_subject: dict = {}
    for t in triples:
        by_subject.setdefault(t[0], []).append(t)
    for ts in by_subject.values():
        ts.sort(key=_sort_key)
    pointed = {t[2] for t in triples if isinstance(t[2], BNode)}
    out: list = []
    done: set = set()

    def emit(subject):
        stack = [subject]
        while stack:
            item = stack.pop()
            if isinstance(item, tuple):
                out.append(item)
                continue
            if item in done:
                continue
            done.add(item)
            pending = []
            for t in by_subject.get(item, []):
                pending.append(t)
                if isinstance(t[2], BNode):
                    pending.append(t[2])
            stack.extend(reversed(pending))

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
        # escaped as N-Triples escapes it, on one line: rdflib's n3() writes a """long string""" with its line
        # breaks and control characters raw, which split a change over lines and reach the terminal as-is
        text = '"' + _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), str(term)) + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None:
            return f"{text}^^{term_text(term.datatype)}"
        return text
    return str(term)


_ESCAPE = re.compile('[\\\\"\x00-\x1f\x7f]')
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


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
