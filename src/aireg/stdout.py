"""Standard output whose reader may leave early (``| head -1``, ``| grep -q``).

A gate's exit status must not depend on who reads its report: before, a
reader that closed the pipe turned ``aireg validate``'s exit 1 (findings) and
``aireg diff``'s exit 1 (the graphs differ) into exit 0. Writing through here,
a gone reader only drops the rest of the text; the command still returns the
status of what it found.
"""

from __future__ import annotations

import os
import sys


def write(text: str) -> None:
    """Write and flush ``text``; if the reader has gone, drop it (and anything written later)."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        reader_gone()


def reader_gone() -> None:
    """Point standard output at the null device, so that nothing more (nor the flush at exit) fails."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):  # no file descriptor (a test's captured stdout): nothing to redirect
        pass


__all__ = ["reader_gone", "write"]


def note(text: str, output) -> None:
    """A summary line (``wrote FILE: ...``) for a command that wrote ``output``: on standard output, unless
    ``output`` is standard output itself (``-o /dev/stdout``), where it would end up inside the file
    (an SVG with a line of text after ``</svg>``); then on standard error."""
    from aireg.atomic import _is_stdout

    if output is not None and _is_stdout(output):
        print(text, file=sys.stderr)
    else:
        write(text + "\n")
