"""Where a node is defined: the file and line where its subject block starts.

Validation reports name focus nodes by IRI; a data engineer needs the place to
edit. ``SourceMap`` scans the files that were loaded (text only, no second
parse) and records, for each subject, the first line that starts its
description:

* Turtle, TriG and N3: a line that starts (at column 0) with a prefixed name
  or ``<IRI>``, expanded with the file's ``@prefix``/``PREFIX`` and ``@base``
  declarations; lines inside triple-quoted strings are skipped; inside a TriG
  graph block (``ex:g {``), the subjects are the lines at the indentation of
  the block's first statement, and one written on the opening line;
* relative IRIs resolve against the base the parser used (``--base``, by
  default ``https://w3id.org/aireg/input/FILENAME``), never the local path;
* N-Triples and N-Quads: the subject of each line;
* RDF/XML: ``rdf:about="..."``; JSON-LD: ``"@id": "..."`` with an absolute IRI.

A blank node (a citation, a selector) has no line of its own: it is placed
where the IRI node it hangs from is defined, and says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from rdflib import BNode, Graph, URIRef

_PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)
_BASE = re.compile(r"^\s*(?:@base|BASE)\s+<([^>]*)>", re.IGNORECASE)
_SUBJECT = re.compile(r"^(<[^>\s]*>|(?:[A-Za-z][\w.-]*)?:(?:[\w\-.:%]|\\.)*)(?=[\s;,]|$)")
_GRAPH_OPEN = re.compile(r"^\s*(?:GRAPH\s+)?(?:<[^>\s]*>|(?:[A-Za-z][\w.-]*)?:[\w\-.:%]*|_:[\w.-]+)?\s*\{\s*",
                         re.IGNORECASE)
_NT_SUBJECT = re.compile(r"^\s*<([^>\s]*)>")
_RDF_ABOUT = re.compile(r"rdf:about\s*=\s*[\"']([^\"']+)[\"']")
_JSON_ID = re.compile(r"\"@id\"\s*:\s*\"([^\"]+)\"")

_TURTLE_LIKE = {".ttl", ".turtle", ".trig", ".n3"}
_LINE_BASED = {".nt", ".ntriples", ".nq"}
_XML = {".rdf", ".owl", ".xml"}
_JSON = {".jsonld", ".json"}


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _resolve(base: str, ref: str) -> str:
    """``ref`` against ``base`` as an RDF parser resolves it: an absolute IRI unchanged (urljoin drops the
    empty fragment of ``https://w3id.org/aireg/shapes#``), an empty fragment kept."""
    if _SCHEME.match(ref):
        return ref
    joined = urljoin(base, ref)
    return joined + "#" if ref.endswith("#") and not joined.endswith("#") else joined


@dataclass(frozen=True)
class Location:
    """A place in an input file; ``line`` is None when only the file is known."""

    path: str | None
    line: int | None
    note: str | None = None  # e.g. "blank node under id:eo-14110"

    def __str__(self) -> str:
        if not self.path:
            return "(line unknown)"
        return f"{self.path}:{self.line}" if self.line else f"{self.path} (line unknown)"


UNKNOWN = Location(None, None)


def display_path(path: str | Path) -> str:
    """A path relative to the working folder when it lies under it, else absolute (``<stdin>`` for stdin)."""
    from aireg.errors import shown_as

    if shown_as(path) != str(path):
        return shown_as(path)
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path.resolve()) if not path.is_absolute() else str(path)
    except OSError:  # pragma: no cover - cwd removed
        return str(path)


class SourceMap:
    """IRI -> (file, line) of the first subject block that describes it."""

    def __init__(self) -> None:
        self._where: dict[str, tuple[str, int]] = {}

    @classmethod
    def from_files(cls, files: Iterable[str | Path], base: str | None = None) -> SourceMap:
        smap = cls()
        for f in files:
            smap.add_file(f, base)
        return smap

    def __len__(self) -> int:
        return len(self._where)

    def add_file(self, path: str | Path, base_iri: str | None = None) -> None:
        from aireg.rdfparse import base_for

        path = Path(path)
        try:
            text = path.read_bytes().decode("utf-8", errors="replace")
        except OSError:
            return
        if text.startswith("\ufeff"):
            text = text[1:]
        shown = display_path(path)
        suffix = path.suffix.lower()
        base = base_for(path, base_iri)  # what the parser resolved relative IRIs against
        if suffix in _TURTLE_LIKE:
            self._scan_turtle(text, shown, base, trig=suffix == ".trig")
        elif suffix in _LINE_BASED:
            for n, line in enumerate(text.splitlines(), 1):
                m = _NT_SUBJECT.match(line)
                if m:
                    self._record(m.group(1), shown, n)
        elif suffix in _XML:
            for n, line in enumerate(text.splitlines(), 1):
                for m in _RDF_ABOUT.finditer(line):
                    self._record(_resolve(base, m.group(1)), shown, n)
        elif suffix in _JSON:
            for n, line in enumerate(text.splitlines(), 1):
                for m in _JSON_ID.finditer(line):
                    if "://" in m.group(1) or m.group(1).startswith("urn:"):
                        self._record(m.group(1), shown, n)

    def _record(self, iri: str, path: str, line: int) -> None:
        self._where.setdefault(iri, (path, line))

    def _scan_turtle(self, text: str, path: str, base: str, trig: bool = False) -> None:
        prefixes: dict[str, str] = {}
        in_long = None  # the quote that opened a multi-line string
        in_graph, indent = False, None  # inside a TriG graph block, the indentation of its subjects
        for n, line in enumerate(text.splitlines(), 1):
            if in_long:
                if line.count(in_long) % 2 == 1:
                    in_long = None
                continue
            m = _PREFIX.match(line)
            if m:
                prefixes[m.group(1) or ""] = _resolve(base, m.group(2))
            else:
                m = _BASE.match(line)
                if m:
                    base = _resolve(base, m.group(1))
                else:
                    subject_text = line
                    opened = _GRAPH_OPEN.match(line)
                    if opened and not trig:  # "{" opens a graph only in TriG (N3 formulas are no subjects)
                        opened = None
                    if opened:
                        subject_text = line[opened.end():]
                        in_graph, indent = not subject_text.rstrip().endswith("}"), None
                    elif in_graph:
                        stripped = line.lstrip()
                        if stripped.startswith("}"):
                            in_graph, subject_text = False, ""
                        elif stripped and not stripped.startswith("#"):
                            indent = len(line) - len(stripped) if indent is None else indent
                            subject_text = stripped if len(line) - len(stripped) == indent else ""
                    m = _SUBJECT.match(subject_text)
                    if m:
                        iri = self._expand(m.group(1), prefixes, base)
                        if iri:
                            self._record(iri, path, n)
            for quote in ('"""', "'''"):
                if line.count(quote) % 2 == 1:
                    in_long = quote
                    break

    @staticmethod
    def _expand(token: str, prefixes: dict[str, str], base: str) -> str | None:
        if token.startswith("<"):
            return _resolve(base, token[1:-1])
        prefix, _, local = token.partition(":")
        if prefix not in prefixes:
            return None
        local = local.rstrip(".")
        return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)

    def where(self, iri: str) -> Location:
        found = self._where.get(str(iri))
        return Location(*found) if found else UNKNOWN

    def locate(self, node, graph: Graph | None = None, short=None) -> Location:
        """The location of an IRI; for a blank node, of the IRI node it hangs from."""
        if node is None:
            return UNKNOWN
        if isinstance(node, BNode) or (isinstance(node, str) and not isinstance(node, URIRef)
                                       and _looks_like_bnode(node)):
            if graph is None:
                return UNKNOWN
            parent = _iri_ancestor(graph, BNode(str(node)))
            if parent is None:
                return UNKNOWN
            loc = self.where(parent)
            name = short(str(parent)) if short else str(parent)
            return Location(loc.path, loc.line, f"blank node under {name}")
        return self.where(str(node))


def _looks_like_bnode(text: str) -> bool:
    return ":" not in text


def _iri_ancestor(graph: Graph, node: BNode, depth: int = 6):
    """The nearest IRI that points (through blank nodes) to ``node``."""
    frontier = [node]
    seen = {node}
    for _ in range(depth):
        nxt = []
        for n in frontier:
            for parent in graph.subjects(None, n):
                if isinstance(parent, URIRef):
                    return parent
                if parent not in seen:
                    seen.add(parent)
                    nxt.append(parent)
        frontier = nxt
        if not frontier:
            break
    return None


def locations(focus_nodes: Iterable, files: Iterable[str | Path], graph: Graph | None = None,
              short=None, base: str | None = None) -> dict[str, Location]:
    """focus node (as in ``Finding.focus``) -> Location, for every node given (``base``: as for the parser)."""
    smap = SourceMap.from_files(files, base)
    out: dict[str, Location] = {}
    for focus in focus_nodes:
        if focus is None or str(focus) in out:
            continue
        out[str(focus)] = smap.locate(focus, graph, short)
    return out


__all__ = ["Location", "SourceMap", "UNKNOWN", "display_path", "locations"]
