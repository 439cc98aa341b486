"""Errors that reach the user as one clear line and an exit code.

Exit codes are part of the command's contract (see README):
0 success (the gate passes), 1 the data breaks the contract, 2 unusable input or usage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pathlib costs milliseconds that `aireg --version` need not pay
    from pathlib import Path

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_INPUT = 2


class AiregError(Exception):
    """Base error: its message is shown to the user as is."""

    exit_code = EXIT_INPUT


# paths that messages show under another name (standard input, spooled to a file: aireg.stdin)
_SHOWN_AS: dict[str, str] = {}


def shown_as(path: str | Path) -> str:
    """How messages name ``path``: ``<stdin>`` for standard input's spooled copy, else the path itself."""
    return _SHOWN_AS.get(str(path), str(path))


def show_as(path: str | Path, name: str | None) -> None:
    """Name ``path`` ``name`` in every message from now on (None: stop)."""
    if name is None:
        _SHOWN_AS.pop(str(path), None)
    else:
        _SHOWN_AS[str(path)] = name


class InputError(AiregError):
    """A file or argument that cannot be used: names the file and line when known."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        self.path = shown_as(path) if path is not None else None
        self.line = line
        self.reason = message
        where = ""
        if self.path:
            where = self.path + (f":{line}" if line else "") + ": "
        super().__init__(where + message)


class QueryError(AiregError):
    """A SPARQL query that cannot be run (syntax, parameters, endpoint)."""
