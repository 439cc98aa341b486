"""Inputs that hold no triples are said, never passed in silence.

A file of prefixes and comments only parses without error, so a failed export
that wrote its header and nothing else, or a file whose data sits in a
construct aireg does not read, validated as "conforms": nothing in it broke
the contract because nothing was in it. Each such file is named in a warning
(it may be a template on purpose), and a run whose data files hold no triple
at all is refused (exit 2), as a whitespace-only file is: a gate that checked
nothing must not pass, and a build must not replace a good out/ with nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from aireg.errors import InputError

WARNING = "holds no triples (only prefixes, comments or nothing RDF reads as data)"


def count(graphs: dict) -> int:
    """The triples of one parsed file (N-Triples bytes per graph: one line each)."""
    return sum(nt.count(b"\n") for nt in graphs.values() if nt)


def per_file(graphs: Iterable) -> dict[str, int]:
    """``{path: triples}`` of every file loaded into the rdflib graphs (``aireg.load.inputs_of``)."""
    from aireg.load import inputs_of

    out: dict[str, int] = {}
    seen: set[int] = set()
    for graph in graphs:
        if id(graph) in seen:
            continue
        seen.add(id(graph))
        for parsed in inputs_of(graph):
            out[str(parsed.path)] = out.get(str(parsed.path), 0) + parsed.triples
    return out


def empty_files(data_files: Sequence[str | Path], counts: dict[str, int], doing: str = "check") -> list[Path]:
    """The data files that hold no triple; raise ``InputError`` if none of them holds any (``doing``: the
    command's verb, for the message)."""
    empty = [Path(f) for f in data_files if counts.get(str(f), 0) == 0]
    if data_files and len(empty) == len(data_files):
        if len(empty) == 1:
            raise InputError(f"{WARNING}: there is no data to {doing}", empty[0])
        raise InputError(f"none of the {len(empty)} data files holds a triple (only prefixes, comments or "
                         f"nothing RDF reads as data; the first: {empty[0]}): there is no data to {doing}")
    return empty


__all__ = ["WARNING", "count", "empty_files", "per_file"]
