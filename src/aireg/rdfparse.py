"""Parse one checked input file with Oxigraph into N-Triples bytes, graph by graph.

Every command reads RDF through here (validate, build, diff, export, query),
so they accept and refuse the same files with the same message:

* one parser for every syntax (Oxigraph's, strict: it refuses every negative
  test of the W3C RDF 1.1 syntax suites), errors with FILE:LINE and the
  column where the parser gives one; RDF/XML errors, which Oxigraph reports
  without a position, are placed by feeding the parser line by line;
* terms as the user wrote them: ``pyoxigraph.parse`` keeps the lexical form
  and datatype of every literal (only Oxigraph's ``Store`` re-spells them,
  ``"12"^^xsd:int`` as ``"12"^^xsd:integer``), so what is built, diffed and
  checked for ill-typed literals is what the file says;
* named graphs kept apart (TriG, N-Quads, JSON-LD): the result maps each
  graph name (``None`` for the default graph) to its triples, so nothing in a
  named graph is lost;
* relative IRIs resolve against ``base`` (default: a stable project IRI per
  file name, never the local path).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from aireg.errors import InputError

# where relative IRIs of an input resolve when no --base is given: the same on every machine
DEFAULT_BASE = "https://w3id.org/aireg/input/"

FORMAT_NAMES = {"turtle": "Turtle", "nt": "N-Triples", "nquads": "N-Quads", "trig": "TriG",
                "n3": "N3", "xml": "RDF/XML", "json-ld": "JSON-LD"}

_OX_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "nquads": "N_QUADS", "trig": "TRIG",
               "n3": "N3", "xml": "RDF_XML", "json-ld": "JSON_LD"}
DATASET_FORMATS = ("nquads", "trig", "json-ld")

# Oxigraph refuses a single token (IRI, literal) over this size with a MemoryError
TOKEN_LIMIT = 16 * 1024 * 1024


@dataclass
class Parsed:
    """One file as N-Triples: ``graphs[name]`` is the bytes of one graph (``None``: the default graph)."""

    path: Path
    graphs: dict[str | None, bytes] = field(default_factory=dict)
    typed: set[tuple[str, str]] = field(default_factory=set)  # distinct (lexical, XSD type name), as written
    sha256: str = ""  # of the bytes read, when the reader was asked for it (aireg build records it)
    triples: int = 0  # in all its graphs, counted by aireg.load.read_input (a file of prefixes only holds 0)

    @property
    def named(self) -> list[str]:
        return [g for g in self.graphs if g is not None]


def base_for(path: Path, base: str | None) -> str:
    """The base IRI of one input: ``base`` if given, else the project's input IRI and the file name."""
    if base:
        return base
    return DEFAULT_BASE + quote(path.name)


def _ox_format(fmt: str):
    import pyoxigraph as ox

    return getattr(ox.RdfFormat, _OX_FORMATS[fmt])


def to_ntriples(path: Path, fmt: str, data: bytes, base: str | None = None) -> Parsed:
    """Parse ``data`` (the checked bytes of ``path``) into N-Triples per graph, or raise InputError."""
    import pyoxigraph as ox

    base_iri = base_for(path, base)
    kwargs = {"format": _ox_format(fmt), "base_iri": base_iri, "rename_blank_nodes": True}
    result = Parsed(path)
    try:
        if fmt == "n3":
            triples = []
            for quad in ox.parse(data, **kwargs):
                if not isinstance(quad.graph_name, ox.DefaultGraph):  # the inside of a { ... } formula
                    raise InputError("N3 formula ({ ... }): a formula's triples are quoted, not asserted, and "
                                     "rules are no RDF data; aireg reads N3 only as plain triples", path,
                                     _first_line_with(data, b"{"))
                triples.append(quad.triple)
            result.graphs[None] = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        elif fmt not in DATASET_FORMATS:
            result.graphs[None] = ox.serialize(ox.parse(data, **kwargs), format=ox.RdfFormat.N_TRIPLES)
        else:
            buckets: dict[str | None, list] = {}
            for quad in ox.parse(data, **kwargs):
                g = quad.graph_name
                key = None if isinstance(g, ox.DefaultGraph) else str(g)
                bucket = buckets.get(key)
                if bucket is None:
                    bucket = buckets[key] = []
                bucket.append(quad.triple)
            for key, triples in buckets.items():
                result.graphs[key] = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    except SyntaxError as err:
        line = getattr(err, "lineno", None)
        column = getattr(err, "offset", None)
        if line is None:
            line = _line_by_feeding(data, kwargs)
        raise InputError(syntax_message(fmt, err, column), path, line) from None
    except MemoryError:
        raise InputError(f"{FORMAT_NAMES[fmt]} input has a term (IRI or literal) over "
                         f"{TOKEN_LIMIT // (1024 * 1024)} MiB, more than the parser takes", path,
                         _long_line(data)) from None
    except RecursionError:
        raise InputError(f"cannot parse as {FORMAT_NAMES[fmt]}: nested too deeply", path) from None
    except (ValueError, OSError) as err:
        raise InputError(f"cannot parse as {FORMAT_NAMES[fmt]}: {_one_line(str(err))}", path) from None
    if not result.graphs:
        result.graphs[None] = b""
    _refuse_rdf12(result, data)
    return result


# RDF 1.2 terms in Oxigraph's N-Triples: a triple term as object, a language tag with a base direction
_TRIPLE_TERM = re.compile(rb"^(?:<[^>\n]*>|_:\S+) <[^>\n]*> <<\(", re.MULTILINE)
_DIRECTION = re.compile(rb'"@[A-Za-z]+(?:-[A-Za-z0-9]+)*--(?:ltr|rtl) \.$', re.MULTILINE)


def _refuse_rdf12(parsed: Parsed, data: bytes) -> None:
    """Refuse what only RDF 1.2 has (Oxigraph reads it): written out, no RDF 1.1 tool reads it back.

    ``<< ... >>``, ``{| ... |}`` and ``rdf:reifies`` make triple terms; JSON-LD's ``@direction`` and
    ``"..."@en--ltr`` make directional language strings. ``aireg build`` wrote them as ``<<( ... )>>`` and
    ``@en--ltr``, which rdflib, pySHACL and other RDF 1.1 tools refuse to parse.
    """
    for nt in parsed.graphs.values():
        if b"<<(" in nt and _TRIPLE_TERM.search(nt):  # the plain search first: a million lines in no time
            what, needles = "a triple term (<< >>, {| |} or rdf:reifies)", (b"<<", b"{|", b"reifies")
        elif (b"--ltr" in nt or b"--rtl" in nt) and _DIRECTION.search(nt):
            what, needles = "a language string with a base direction (@direction, @en--ltr)", (b"--ltr", b"--rtl",
                                                                                               b"@direction")
        else:
            continue
        line = next((n for n, text in enumerate(data.splitlines(), 1) if any(x in text for x in needles)), None)
        raise InputError(f"{what} is RDF 1.2; aireg reads RDF 1.1, and RDF 1.1 tools could not read it back",
                         parsed.path, line)


def _first_line_with(data: bytes, needle: bytes) -> int | None:
    """The number of the first line holding ``needle`` (outside a comment), or None."""
    for n, line in enumerate(data.splitlines(), 1):
        if needle in line.split(b"#", 1)[0]:
            return n
    return None


class _LineReader(io.RawIOBase):
    """Hands the parser one line per read, so the line being read when it fails is the line of the error."""

    def __init__(self, data: bytes):
        self.lines = data.splitlines(keepends=True)
        self.index = 0
        self.rest = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if not self.rest:
            if self.index >= len(self.lines):
                return 0
            self.rest = self.lines[self.index]
            self.index += 1
        chunk, self.rest = self.rest[: len(buffer)], self.rest[len(buffer):]
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _line_by_feeding(data: bytes, kwargs: dict) -> int | None:
    """Where a parser that gives no position fails: re-parse, feeding it one line at a time."""
    import pyoxigraph as ox

    reader = _LineReader(data)
    try:
        for _ in ox.parse(reader, **kwargs):
            pass
    except SyntaxError as err:
        return getattr(err, "lineno", None) or reader.index or None
    except (MemoryError, ValueError, OSError):
        return reader.index or None
    return None


def _long_line(data: bytes) -> int | None:
    """The first line longer than the parser's token limit (where a too-long term is)."""
    start, line = 0, 1
    while True:
        end = data.find(b"\n", start)
        stop = len(data) if end < 0 else end
        if stop - start > TOKEN_LIMIT:
            return line
        if end < 0:
            return None
        start, line = end + 1, line + 1


_OX_POSITION = re.compile(
    r"^(?:Parser error )?at line (\d+)(?: column (\d+)| between columns (\d+) and \d+)?(?: and line \d+ column \d+)?: ",
    re.IGNORECASE,
)


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "..."


def syntax_message(fmt: str, err: SyntaxError, column: int | None = None) -> str:
    """Oxigraph's message without its own position prefix, with the column kept."""
    msg = str(getattr(err, "msg", None) or err).strip()
    msg = re.sub(r"\s*\([^()]*line \d+\)$", "", msg)
    m = _OX_POSITION.match(msg)
    if m:
        column = column or m.group(2) or m.group(3)
        msg = msg[m.end():]
    where = f" (column {column})" if column else ""
    return f"{FORMAT_NAMES.get(fmt, fmt)} syntax error{where}: {_one_line(msg)}"
