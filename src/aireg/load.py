"""Load RDF files into one graph, with errors that name the file and line.

Two engines sit under the same rdflib ``Graph`` API:

* ``oxigraph`` (default): an Oxigraph store through oxrdflib; files are parsed
  and SPARQL is evaluated by Oxigraph's Rust engine, which keeps a graph of a
  million triples usable.
* ``rdflib``: rdflib's pure-Python in-memory store, for users who want no
  native code or who rely on rdflib-only behaviour.

Either way the caller gets an ``rdflib.Graph``; queries give the same rows on
both (the test suite runs every library query on each).

On the ``oxigraph`` engine, Turtle and N-Triples files are parsed by Oxigraph
itself straight into the store (rdflib's parser never sees them): a million
triples load in seconds instead of half a minute. Oxigraph keeps literals in
canonical form (``"1.0E26"^^xsd:double`` is stored as the number 1e26), which
changes how such numbers are spelled, never what they are.

Hostile or broken input is refused with one line naming the file (and line
where known), before or while parsing:

* files larger than ``max_bytes`` (default 128 MiB, ``AIREG_MAX_BYTES`` or
  ``--max-bytes``; 0 lifts the limit): the whole file would be held in memory;
* anything but UTF-8: a UTF-8 byte-order mark is accepted and dropped, UTF-16
  and UTF-32 (with a byte-order mark, or NUL bytes without one) and invalid
  UTF-8 such as Latin-1 bytes are refused;
* RDF/XML with external or parameter entities (XXE) or nested entity
  definitions (entity expansion, "billion laughs"); simple internal entities
  such as ``<!ENTITY xsd "http://www.w3.org/2001/XMLSchema#">`` stay usable;
* IRIs that contain spaces or other characters IRIs cannot hold;
* ill-typed literals (``"abc"^^xsd:date``, ``"1e26x"^^xsd:double``), which
  rdflib would only log.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aireg import paths
from aireg.errors import InputError
from aireg.literals import first_ill_typed, typed_literals
from aireg.rdfparse import Parsed, to_ntriples

if TYPE_CHECKING:  # reading and checking files needs no rdflib (aireg build uses no graph)
    from rdflib import Graph

ENGINES = ("oxigraph", "rdflib")
DEFAULT_ENGINE = os.environ.get("AIREG_ENGINE", "oxigraph")

# file suffix -> (rdflib format, pyoxigraph format name)
FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".n3": "n3",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}


def bundled_files(include_ontology: bool = True) -> list[Path]:
    """The ontology and every Turtle file under data/, in a stable order."""
    return paths.bundled_files(include_ontology)


def guess_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"unknown RDF file type {path.suffix or '(no suffix)'!r}; use one of "
            + ", ".join(sorted(FORMATS)),
            path,
        )
    return fmt


def new_graph(engine: str | None = None) -> Graph:
    """An empty graph on the chosen engine, with the project's prefixes bound."""
    from rdflib import Graph

    from aireg.namespaces import bind_prefixes

    engine = engine or DEFAULT_ENGINE
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine == "oxigraph":
        from aireg.sparql.oxigraph_engine import new_graph as new_oxigraph_graph

        graph = new_oxigraph_graph()
    else:
        graph = Graph()
    bind_prefixes(graph)
    return graph


# the size limit of one input file, in a module of its own (no rdflib): aireg.sizes
from aireg.sizes import DEFAULT_MAX_BYTES, default_max_bytes, human_size, parse_size  # noqa: E402,F401


def checked_stat(path: Path, missing: str = "no such file") -> os.stat_result:
    """``os.stat(path)``, or one InputError line: missing, or a folder on its path that cannot be searched
    (``Path.exists`` raises PermissionError then, before Python 3.12, and the user saw ``[Errno 13]``)."""
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(missing, path) from None
    except PermissionError:
        raise InputError("cannot read: permission denied (a folder on its path cannot be searched)", path) from None
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", path) from None


def _read_checked(path: Path, max_bytes: int | None = None) -> bytes:
    import stat as st

    limit = default_max_bytes() if max_bytes is None else max_bytes
    info = checked_stat(path)
    if st.S_ISDIR(info.st_mode):
        raise InputError("is a folder, not an RDF file", path)
    if not st.S_ISREG(info.st_mode):
        raise InputError("not a regular file", path)
    size = info.st_size
    if limit and size > limit:
        raise InputError(
            f"file is {human_size(size)}, over the {human_size(limit)} limit for one input file; "
            "raise it with --max-bytes or AIREG_MAX_BYTES (0 = no limit)",
            path,
        )
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1) if limit else fh.read()
    except PermissionError:
        raise InputError("cannot read: permission denied", path) from None
    if limit and len(data) > limit:
        raise InputError(f"file is over the {human_size(limit)} limit for one input file; "
                         "raise it with --max-bytes or AIREG_MAX_BYTES (0 = no limit)", path)
    if not data[:4096].strip() and not data.strip():
        raise InputError("file is empty", path)
    return data


_BOMS = [
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
]


def _decode(data: bytes, path: Path) -> tuple[bytes, str]:
    """UTF-8 bytes (a UTF-8 byte-order mark dropped) and their text; anything else is refused."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            raise InputError(
                f"file is {name} (byte-order mark); RDF text must be UTF-8: convert it, "
                f"e.g. iconv -f {name} -t UTF-8",
                path,
            )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    # UTF-16/32 text without a byte-order mark (or binary data) is full of NUL bytes; a NUL
    # inside an N-Triples or Turtle literal is valid RDF and stays readable
    head = data[:4096]
    nul = data.find(b"\x00") if head.count(b"\x00") * 8 > len(head) or b"\x00" in data[:4] else -1
    if nul >= 0:
        raise InputError(
            "file contains NUL bytes (binary data, or UTF-16/UTF-32 without a byte-order mark); "
            "RDF text must be UTF-8",
            path,
            _line_of_offset(data, nul),
        )
    try:
        return data, data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(
            f"not valid UTF-8 (byte {err.start}: 0x{data[err.start]:02x}); RDF text must be UTF-8 "
            "(Latin-1 or Windows-1252 files: iconv -f LATIN1 -t UTF-8)",
            path,
            _line_of_offset(data, err.start),
        ) from None


# <!ENTITY [%] name SYSTEM|PUBLIC ...> or <!ENTITY name "value">
_ENTITY = re.compile(r"<!ENTITY\s+(%\s*)?([^\s>]+)\s+(SYSTEM|PUBLIC|\"[^\"]*\"|'[^']*')", re.IGNORECASE)


def _check_xml_entities(text: str, path: Path) -> None:
    """Refuse XXE and entity-expansion attacks before any XML parser sees the file.

    External (SYSTEM/PUBLIC) and parameter entities are refused, and so are
    entities whose value refers to other entities (the "billion laughs"
    pattern, which both Oxigraph's and expat's RDF/XML readers would expand).
    """
    if "<!ENTITY" not in text.upper():
        return
    for m in _ENTITY.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        name = m.group(2)
        if m.group(1):
            raise InputError(f"XML parameter entity %{name} is not allowed", path, line)
        kind = m.group(3)
        if kind.upper() in ("SYSTEM", "PUBLIC"):
            raise InputError(
                f"XML external entity &{name}; ({kind.upper()}) is not allowed: aireg never reads "
                "files or URLs named inside an input",
                path,
                line,
            )
        if "&" in kind or "%" in kind:
            raise InputError(
                f"XML entity &{name}; refers to other entities; nested entities are not allowed "
                "(entity expansion)",
                path,
                line,
            )
    # a declaration the pattern did not understand: refuse rather than guess
    declared = len(re.findall(r"<!ENTITY", text, re.IGNORECASE))
    if declared != len(_ENTITY.findall(text)):
        m = re.search(r"<!ENTITY", text, re.IGNORECASE)
        raise InputError("XML entity declaration not understood; only simple internal entities "
                         '(<!ENTITY name "value">) are allowed', path, text.count("\n", 0, m.start()) + 1)


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, max(0, offset)) + 1


def _is_oxigraph_store(graph: Graph) -> bool:
    return type(graph.store).__name__ == "OxigraphStore"


def triple_count(graph: Graph) -> int:
    """``len(graph)``, counted by Oxigraph without holding the triples in memory.

    oxrdflib counts with ``COUNT(DISTINCT TRIPLE(...))``, which holds every
    triple in a set: at a million triples seconds and a third of a gigabyte.
    A graph of ours is one named graph of its store, already a set, so a plain
    ``COUNT(*)`` on that graph gives the same number. The text is the
    project's own, so it goes to the store directly: the front door and its
    verdict cache are for users' queries.
    """
    from aireg.sparql import oxigraph_engine

    direct = None if getattr(graph, "default_union", False) else oxigraph_engine.store_of(graph)
    if direct is None:
        return len(graph)
    store, options = direct
    (solution,) = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", **options)
    return int(solution[0].value)


def _check_jsonld(text: str, path: Path) -> None:
    """Valid JSON, and no remote @context or @import: aireg never fetches URLs named in an input."""
    import json

    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"JSON syntax error (column {err.colno}): {err.msg}", path, err.lineno) from None
    except RecursionError:
        raise InputError("JSON nested too deeply", path) from None

    def remote(ctx) -> str | None:
        if isinstance(ctx, str):
            return ctx
        if isinstance(ctx, list):
            for item in ctx:
                found = remote(item)
                if found:
                    return found
        if isinstance(ctx, dict) and isinstance(ctx.get("@import"), str):
            return ctx["@import"]
        return None

    _check_jsonld_iris(doc, text, path)
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "@context" in node:
                url = remote(node["@context"])
                if url is not None:
                    needle = url if url else '"@context"'
                    _, line = _find_text_line(text, needle)
                    raise InputError(
                        f"remote JSON-LD context {url!r} is not fetched: aireg never reads URLs named "
                        "inside an input; put the context inline",
                        path,
                        line,
                    )
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def _check_jsonld_iris(doc, text: str, path: Path) -> None:
    """IRIs a JSON-LD processor would drop without a word: refuse them, at their line.

    JSON-LD drops a node whose ``@id`` is not a valid IRI, and a property that
    expands to no IRI (a plain key in a document without any ``@context``).
    """
    has_context = '"@context"' in text

    def refuse(value: str, why: str) -> None:
        _, line = _find_text_line(text, json_needle(value))
        raise InputError(f"JSON-LD {why}; a JSON-LD processor would drop it without a word", path, line)

    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        for key, value in node.items():
            if key in ("@id", "@type", "@vocab", "@base"):
                for iri in value if isinstance(value, list) else [value]:
                    if isinstance(iri, str):
                        bad = _BAD_IRI_CHARS.search(iri)
                        if bad:
                            char = {" ": "a space", "\t": "a tab", "\n": "a line break"}.get(bad.group(), repr(bad.group()))
                            refuse(iri, f"IRI {iri!r} contains {char}, which IRIs cannot hold")
            elif not key.startswith("@"):
                bad = _BAD_IRI_CHARS.search(key)
                if bad and ":" in key:
                    refuse(key, f"property IRI {key!r} contains characters IRIs cannot hold")
                if not has_context and ":" not in key:
                    refuse(key, f"property {key!r} maps to no IRI (there is no @context)")
            if isinstance(value, (dict, list)):
                stack.append(value)


def json_needle(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def _find_text_line(text: str, needle: str) -> tuple[int, int | None]:
    at = text.find(needle)
    return (at, text.count("\n", 0, at) + 1) if at >= 0 else (at, None)


def read_input(path: str | Path, fmt: str | None = None, max_bytes: int | None = None,
               base: str | None = None, digest: bool = False) -> Parsed:
    """One input file, checked (size, encoding, entities, JSON-LD) and parsed to N-Triples per graph.

    Ill-typed literals are refused here, on the terms as written, so every
    command (validate, build, diff, export) refuses the same files. With
    ``digest``, ``Parsed.sha256`` is the hash of exactly the bytes parsed.
    """
    path = Path(path)
    fmt = fmt or guess_format(path)
    raw = _read_checked(path, max_bytes)
    sha256 = hashlib.sha256(raw).hexdigest() if digest else ""
    data, text = _decode(raw, path)
    del raw
    if fmt == "xml":
        _check_xml_entities(text, path)
    elif fmt == "json-ld":
        _check_jsonld(text, path)
    del text
    parsed = to_ntriples(path, fmt, data, base)
    del data
    typed = set()
    for nt in parsed.graphs.values():
        typed |= typed_literals(nt)
    bad = first_ill_typed(typed)
    if bad:
        lexical, name, reason = bad
        found, line = _find_line([path], [f'"{lexical}"'] if lexical else ['""'])
        shown = lexical if len(lexical) <= 60 else lexical[:57] + "..."
        from aireg.xsd_lexical import UNUSABLE

        if reason.startswith(UNUSABLE):
            raise InputError(f'unusable literal "{shown}"^^xsd:{name}: {reason[len(UNUSABLE):]}', path, line)
        detail = reason if reason.startswith("xsd:") else f"{reason} for xsd:{name}"
        raise InputError(f'ill-typed literal "{shown}"^^xsd:{name}: {detail}', path, line)
    _refuse_ill_formed_rdf_literals(parsed, path)
    from aireg.no_triples import count

    parsed.triples = count(parsed.graphs)
    parsed.typed = typed
    parsed.sha256 = sha256
    return parsed


def _refuse_ill_formed_rdf_literals(parsed: Parsed, path: Path) -> None:
    """An ``rdf:JSON`` or ``rdf:XMLLiteral`` outside its lexical space is ill-typed too (aireg.rdf_datatypes)."""
    from aireg.rdf_datatypes import first_ill_formed, rdf_typed_literals

    found = set()
    for nt in parsed.graphs.values():
        found |= rdf_typed_literals(nt)
    bad = first_ill_formed(found)
    if not bad:
        return
    lexical, name, reason = bad
    shown = lexical if len(lexical) <= 60 else lexical[:57] + "..."
    from aireg.xsd_lexical import UNUSABLE

    kind = "unusable" if reason.startswith(UNUSABLE) else "ill-typed"
    raise InputError(f"{kind} literal {json_needle(shown)}^^rdf:{name}: {reason.removeprefix(UNUSABLE)}", path,
                     _literal_line(path, lexical, name))


def _literal_line(path: Path, lexical: str, name: str) -> int | None:
    """The line where a literal is written: its text as Turtle or JSON would spell it, else its datatype."""
    first = lexical.strip().splitlines()[0][:40] if lexical.strip() else ""
    tries = [[f'"{lexical}"'], [first], [first.replace('"', '\\"')], [json_needle(first)[1:-1]]] if first else []
    tries += [[f"#{name}"], [f"rdf:{name}"], ["@json"] if name == "JSON" else ["parseType"]]
    for needles in tries:
        if all(needles):
            found, line = _find_line([path], needles)
            if line:
                return line
    return None


def add_ntriples(graph: Graph, ntriples: bytes) -> None:
    """Add N-Triples bytes (from :func:`read_input`) to ``graph``, on either engine."""
    if not ntriples:
        return
    if _is_oxigraph_store(graph):
        import pyoxigraph as ox

        from aireg.sparql.oxigraph_engine import store_of

        found = store_of(graph)
        if found is not None and "default_graph" in found[1]:
            # lenient: these bytes are Oxigraph's own N-Triples of a file it has just parsed and checked
            found[0].load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=found[1]["default_graph"], lenient=True)
            return
        graph.parse(data=ntriples.decode("utf-8"), format="nt")  # a store aireg did not make
        return
    import rdflib

    # rdflib would re-spell well-formed literals ("01" as "1"); keep what the user wrote
    before, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    try:
        graph.parse(data=ntriples.decode("utf-8"), format="nt")
    finally:
        rdflib.NORMALIZE_LITERALS = before


def parse_into(graph: Graph, path: str | Path, fmt: str | None = None, max_bytes: int | None = None,
               base: str | None = None) -> Parsed:
    """Parse one file into ``graph``: every graph of the file, merged (named graphs are not dropped).

    ``max_bytes``: the size limit for the file (None: ``default_max_bytes()``,
    0: none). Literals are checked in :func:`read_input`. Returns what was
    read, with the names of the file's named graphs.
    """
    parsed = read_input(path, fmt, max_bytes, base)
    for nt in parsed.graphs.values():
        add_ntriples(graph, nt)
    remember(graph, parsed, fmt, max_bytes, base)
    return parsed


def remember(graph: Graph, parsed: Parsed, fmt: str | None = None, max_bytes: int | None = None,
             base: str | None = None) -> None:
    """Keep on the graph which named graphs it merged, which literals the store re-spells, and how
    the file was read (so :func:`as_written` can read it again onto rdflib's store)."""
    info = graph.__dict__.setdefault("aireg_inputs", [])
    # the names and typed literals only: the N-Triples bytes are in the store now
    info.append(Parsed(parsed.path, dict.fromkeys(parsed.graphs, b""), parsed.typed, triples=parsed.triples))
    graph.__dict__.setdefault("aireg_reads", []).append((fmt, max_bytes, base))
    if _is_oxigraph_store(graph) and ("aireg_size" in graph.__dict__ or _respells(parsed.typed)):
        # its size and writes as loaded: a graph changed since (a SPARQL update...) has no "as written"
        # to read again
        from aireg.sparql.oxigraph_engine import writes

        if "aireg_writes" in graph.__dict__ and writes(graph) != graph.__dict__["aireg_writes"]:
            graph.__dict__["aireg_changed"] = True  # changed between two loads: the files alone are not the graph
        graph.__dict__["aireg_size"] = triple_count(graph)
        graph.__dict__["aireg_writes"] = writes(graph)


def _respells(typed) -> bool:
    from aireg.literals import respellings

    return bool(respellings(typed))


def readable_as_written(graph: Graph) -> bool:
    """True if :func:`as_written` can give ``graph`` as its files write it (cheap: no file is read)."""
    if not _is_oxigraph_store(graph):
        return True
    from aireg.sparql.oxigraph_engine import writes

    size = graph.__dict__.get("aireg_size")
    if size is None or graph.__dict__.get("aireg_changed") or writes(graph) != graph.__dict__.get("aireg_writes"):
        return False
    return size == triple_count(graph)


def as_written(graph: Graph) -> Graph | None:
    """``graph`` with its literals as the files wrote them: on rdflib's store, as ``--shacl-engine pyshacl``
    loads it; None if there is no such graph (changed since it was loaded, or not loaded from files).

    A graph on rdflib's store already keeps them and is returned as is; one on
    Oxigraph's store is read again from its files (only the graphs of each file
    that it merged), since the store has kept only its own spelling.
    """
    if not _is_oxigraph_store(graph):
        return graph
    if not readable_as_written(graph):
        return None
    out = new_graph("rdflib")
    reads = graph.__dict__.get("aireg_reads", [])
    for parsed, (fmt, max_bytes, base) in zip(inputs_of(graph), reads, strict=True):
        again = read_input(parsed.path, fmt, max_bytes, base)
        for name, nt in again.graphs.items():
            if name in parsed.graphs:
                add_ntriples(out, nt)
        remember(out, parsed, fmt, max_bytes, base)
    return out


# --- terms rdflib lets through --------------------------------------------

class _DropLiteralNoise(logging.Filter):
    """rdflib logs a traceback for every ill-typed literal; aireg reports them itself."""

    def filter(self, record: logging.LogRecord) -> bool:
        msg = str(record.msg)
        return not (msg.startswith("Failed to convert Literal") or "does not look like a valid URI" in msg)


_NOISE_FILTER = _DropLiteralNoise()
logging.getLogger("rdflib.term").addFilter(_NOISE_FILTER)


_BAD_IRI_CHARS = re.compile(r'[\x00-\x20<>"{}|^`\\]')
def _find_line(files: Sequence[Path], needles: Sequence[str]) -> tuple[Path | None, int | None]:
    """The first file and line that contain all of ``needles`` (to point at a bad term)."""
    for path in files:
        try:
            text = path.read_bytes().decode("utf-8", errors="replace")
        except OSError:
            continue
        for n, line in enumerate(text.splitlines(), 1):
            if all(needle in line for needle in needles):
                return path, n
    return (files[0] if len(files) == 1 else None), None


def load_graph(
    files: Iterable[str | Path] | None = None,
    engine: str | None = None,
    include_ontology: bool = True,
    max_bytes: int | None = None,
    base: str | None = None,
) -> Graph:
    """Load ``files`` (default: the bundled ontology and data) into one graph.

    Every graph of every file is merged into the one graph returned (the
    union: a triple in a TriG or N-Quads named graph is validated like any
    other); :func:`named_graphs` tells which named graphs were merged.
    ``max_bytes`` limits each file's size (None: ``default_max_bytes()``, 0: no
    limit); ``base`` is the base IRI for relative IRIs (default: a stable
    project IRI per file name, see :mod:`aireg.rdfparse`).
    """
    file_list: Sequence[Path] = (
        expand_inputs(files, FOLDER_SUFFIXES) if files is not None else bundled_files(include_ontology)
    )
    if not file_list:
        raise InputError("no input files given")
    graph = new_graph(engine)
    for path in file_list:
        parse_into(graph, path, max_bytes=max_bytes, base=base)
    return graph


def load_store(files: Iterable[str | Path], max_bytes: int | None = None,
               base: str | None = None) -> tuple[Any, dict[str, Any]]:
    """``files`` read as :func:`load_graph` reads them, into a bare pyoxigraph store (no rdflib).

    The same checks and errors (:func:`read_input`), the same triples, in one
    graph of the store named by a blank node as :func:`load_graph`'s is;
    returns the store and the query options that select that graph. For the
    query path without rdflib (:mod:`aireg.fastquery`).
    """
    import pyoxigraph as ox

    file_list = expand_inputs(files, FOLDER_SUFFIXES)  # a folder: the RDF files under it, as load_graph
    if not file_list:
        raise InputError("no input files given")
    store, graph = ox.Store(), ox.BlankNode()
    for path in file_list:
        for nt in read_input(path, max_bytes=max_bytes, base=base).graphs.values():
            if nt:
                # lenient: Oxigraph's own N-Triples of a file it has just parsed and checked
                store.load(nt, format=ox.RdfFormat.N_TRIPLES, to_graph=graph, lenient=True)
    return store, {"default_graph": graph}


def inputs_of(graph: Graph) -> list[Parsed]:
    """What :func:`load_graph` read into ``graph``, file by file (graph names, typed literals)."""
    return list(graph.__dict__.get("aireg_inputs", []))


def named_graphs(graph: Graph) -> list[str]:
    """The named graphs merged into ``graph`` (sorted, each once)."""
    return sorted({name for parsed in inputs_of(graph) for name in parsed.named})


def respelled(graph: Graph) -> dict[tuple[str, str], tuple[str, str]]:
    """Literals of ``graph`` as written -> as Oxigraph's store keeps them, where those differ.

    ``{("12", "int"): ("12", XSD + "integer"), ("1.0", "decimal"): ("1", XSD + "decimal")}``:
    a query on the Oxigraph engine sees the right-hand side; the files, and
    ``aireg build``, ``diff`` and the rdflib engine, keep the left.
    """
    from aireg.literals import respellings

    typed = set()
    for parsed in inputs_of(graph):
        typed |= parsed.typed
    return respellings(typed)


RDF_SUFFIXES = tuple(FORMATS)
# what a folder given as input is searched for (.json and .xml are too often something else)
FOLDER_SUFFIXES = (".ttl", ".turtle", ".nt", ".ntriples", ".nq", ".trig", ".n3", ".rdf", ".owl", ".jsonld")


def expand_inputs(items: Iterable[str | Path], suffixes: Sequence[str] = RDF_SUFFIXES) -> list[Path]:
    """Files as given; folders replaced by the RDF files under them (sorted, recursive)."""
    import stat as st

    out: list[Path] = []
    for item in items:
        path = Path(item)
        try:
            is_dir = st.S_ISDIR(os.stat(path).st_mode)
        except FileNotFoundError:
            is_dir = False  # said by the reader, with the message of its command
        except OSError:
            checked_stat(path)  # a folder on the path that cannot be searched: one line naming it
            raise
        if is_dir:
            found = []
            unreadable = []

            def note(err: OSError, unreadable=unreadable) -> None:
                unreadable.append(err)

            for root, dirs, names in os.walk(path, onerror=note):
                dirs.sort()
                found.extend(Path(root) / n for n in names if Path(n).suffix.lower() in suffixes
                             and (Path(root) / n).is_file())
            if unreadable:
                err = unreadable[0]
                where = err.filename or path
                raise InputError(f"cannot read folder: {err.strerror or err}", where)
            if not found:
                raise InputError(f"folder holds no RDF files ({', '.join(suffixes)})", path)
            out.extend(sorted(found))
        else:
            out.append(path)
    return out
