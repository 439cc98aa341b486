"""The size limit of one input file (``--max-bytes``, ``AIREG_MAX_BYTES``), read without rdflib.

:mod:`aireg.load` enforces it; the query path without rdflib
(:mod:`aireg.snapshot`) and the option parser need the same reading of it.
"""

from __future__ import annotations

import os
import re

from aireg.errors import InputError

DEFAULT_MAX_BYTES = 128 * 1024 * 1024

_SIZE_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}


def parse_size(text: str | int) -> int:
    """``"200M"``, ``"1G"``, ``"5000"`` -> bytes; 0 means no limit."""
    if isinstance(text, int):
        if text < 0:
            raise InputError(f"a size cannot be negative: {text}")
        return text
    m = re.fullmatch(r"\s*(\d+)\s*([kmgt]?)(?:i?b)?\s*", str(text), re.IGNORECASE)
    if not m:
        raise InputError(f"not a size: {text!r} (use e.g. 500M, 2G or a number of bytes; 0 = no limit)")
    return int(m.group(1)) * _SIZE_UNITS[m.group(2).lower()]


def default_max_bytes() -> int:
    """The size limit per input file: AIREG_MAX_BYTES if set, else 128 MiB."""
    env = os.environ.get("AIREG_MAX_BYTES")
    if env in (None, ""):
        return DEFAULT_MAX_BYTES
    try:
        return parse_size(env)
    except InputError as err:
        raise InputError(f"AIREG_MAX_BYTES: {err}") from None


def human_size(n: int) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}".replace(".0 ", " ")
        n /= 1024
    return str(n)  # pragma: no cover
