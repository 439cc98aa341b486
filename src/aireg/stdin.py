"""``-`` as an input file: standard input, read once into a private temporary file named ``<stdin>``.

Every reader of aireg works on files (parsed, then read again to find the line
of a finding or of a bad term), so standard input is spooled once into a file
of a private temporary folder, with the suffix of ``--input-format`` (there is
no file name to guess the format from), and every message names it
``<stdin>`` (:func:`aireg.errors.shown_as`): ``<stdin>:12: ill-typed
literal ...``. Reading stops at the size limit of one input file; a terminal
is refused rather than waited on; the copy is removed when the command ends.
Relative IRIs resolve against ``--base``, else the project's input IRI for
``stdin.EXT``, the same on every machine.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from aireg.errors import InputError, show_as

NAME = "<stdin>"
SUFFIXES = {"turtle": ".ttl", "ntriples": ".nt", "nquads": ".nq", "trig": ".trig", "n3": ".n3",
            "rdfxml": ".rdf", "jsonld": ".jsonld"}


def add_input_format(parser) -> None:
    parser.add_argument("--input-format", choices=sorted(SUFFIXES), metavar="FORMAT",
                        help="the RDF format of standard input, given as the file - (one of: "
                        + ", ".join(sorted(SUFFIXES)) + ")")


def _read(max_bytes: int | None) -> bytes:
    from aireg.sizes import default_max_bytes, human_size

    stream = sys.stdin
    if stream is None:
        raise InputError("there is no standard input to read", NAME)
    if stream.isatty():
        raise InputError("standard input is a terminal: pipe the RDF data in "
                         "(e.g. cat data.ttl | aireg validate - --input-format turtle)", NAME)
    limit = default_max_bytes() if max_bytes is None else max_bytes
    data = stream.buffer.read(limit + 1) if limit else stream.buffer.read()
    if limit and len(data) > limit:
        raise InputError(f"over the {human_size(limit)} limit for one input; raise it with --max-bytes or "
                         "AIREG_MAX_BYTES (0 = no limit)", NAME)
    return data


@contextmanager
def stdin_as_file(items: Sequence[str], fmt: str | None, max_bytes: int | None = None) -> Iterator[list[str]]:
    """``items`` with ``-`` replaced by a temporary file holding standard input (removed afterwards)."""
    items = list(items)
    if "-" not in items:
        if fmt:
            raise InputError("--input-format is the format of standard input: give - among the files to read it")
        yield items
        return
    if items.count("-") > 1:
        raise InputError("- (standard input) can be read only once")
    if not fmt:
        raise InputError("- reads standard input, which has no file name to tell its format: give --input-format "
                         "(" + ", ".join(sorted(SUFFIXES)) + ")")
    data = _read(max_bytes)
    with tempfile.TemporaryDirectory(prefix="aireg-stdin-") as folder:
        path = Path(folder) / f"stdin{SUFFIXES[fmt]}"
        path.write_bytes(data)
        del data
        names = {str(path), str(path.resolve())}
        for name in names:
            show_as(name, NAME)
        try:
            yield [str(path) if item == "-" else item for item in items]
        finally:
            for name in names:
                show_as(name, None)


__all__ = ["NAME", "SUFFIXES", "add_input_format", "stdin_as_file"]
