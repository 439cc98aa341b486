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
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Sequence

from rdflib import Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from aireg import paths
from aireg.errors import InputError
from aireg.namespaces import bind_prefixes

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
    files = [paths.ontology_file()] if include_ontology else []
    files += sorted(p for p in paths.data_dir().rglob("*.ttl") if p.is_file())
    return files


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
    engine = engine or DEFAULT_ENGINE
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    graph = Graph(store="Oxigraph") if engine == "oxigraph" else Graph()
    bind_prefixes(graph)
    return graph


def _read_checked(path: Path) -> bytes:
    if not path.exists():
        raise InputError("no such file", path)
    if path.is_dir():
        raise InputError("is a folder, not an RDF file", path)
    data = path.read_bytes()
    if not data[:4096].strip() and not data.strip():
        raise InputError("file is empty", path)
    return data


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, max(0, offset)) + 1


# formats that Oxigraph parses straight into its store (rdflib format -> pyoxigraph RdfFormat name)
_OXIGRAPH_NATIVE = {"turtle": "TURTLE", "nt": "N_TRIPLES"}


def _is_oxigraph_store(graph: Graph) -> bool:
    return type(graph.store).__name__ == "OxigraphStore"


def _oxigraph_load(graph: Graph, path: Path, fmt: str, data: bytes) -> None:
    """Parse ``data`` with Oxigraph into the graph's own named graph in the store."""
    import pyoxigraph as ox
    from oxrdflib._converter import to_ox

    try:
        graph.store._inner.load(
            data,
            format=getattr(ox.RdfFormat, _OXIGRAPH_NATIVE[fmt]),
            base_iri=path.resolve().as_uri(),
            to_graph=to_ox(graph.identifier),
        )
    except SyntaxError as err:
        raise InputError(f"syntax error: {err.msg}", path, err.lineno) from None
    except (ValueError, OSError) as err:
        raise InputError(f"cannot parse as {fmt}: {err}", path) from None


def parse_into(graph: Graph, path: str | Path, fmt: str | None = None) -> None:
    """Parse one file into ``graph``, turning parser errors into ``InputError``."""
    path = Path(path)
    fmt = fmt or guess_format(path)
    data = _read_checked(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(
            f"not valid UTF-8 (byte {err.start}); RDF text must be UTF-8",
            path,
            _line_of_offset(data, err.start),
        ) from None
    if fmt in _OXIGRAPH_NATIVE and _is_oxigraph_store(graph):
        del text
        _oxigraph_load(graph, path, fmt, data)
        return
    try:
        graph.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except BadSyntax as err:
        raise InputError(f"Turtle syntax error: {err._why}", path, err.lines + 1) from None
    except SyntaxError as err:  # pyoxigraph and the xml parsers
        line = getattr(err, "lineno", None)
        raise InputError(f"syntax error: {err.msg if hasattr(err, 'msg') else err}", path, line) from None
    except InputError:
        raise
    except Exception as err:  # rdflib raises many kinds on malformed input
        line = getattr(err, "lineno", None) or getattr(err, "line", None)
        raise InputError(f"cannot parse as {fmt}: {err}", path, line if isinstance(line, int) else None) from None


def load_graph(
    files: Iterable[str | Path] | None = None,
    engine: str | None = None,
    include_ontology: bool = True,
) -> Graph:
    """Load ``files`` (default: the bundled ontology and data) into one graph."""
    file_list: Sequence[Path] = (
        [Path(f) for f in files] if files is not None else bundled_files(include_ontology)
    )
    if not file_list:
        raise InputError("no input files given")
    graph = new_graph(engine)
    for path in file_list:
        parse_into(graph, path)
    return graph
