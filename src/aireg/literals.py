"""Typed literals as written: refuse the ill-typed, list those Oxigraph's store re-spells.

The scan reads the N-Triples bytes of ``aireg.rdfparse`` (terms exactly as the
user wrote them), picks out each distinct XSD-typed literal once and checks
its lexical form strictly: numbers and booleans here (``"1_000"`` and
``"c"^^xsd:byte`` are not integers, ``"300"^^xsd:byte`` is out of range), every
other XSD datatype by :mod:`aireg.xsd_lexical` (dates, times, durations, the
``g*`` types, names, binaries; ``"P1W"`` is ISO 8601, not XSD).

It also says which literals Oxigraph's ``Store`` would keep under another
spelling or datatype (``"1.0"`` as ``"1"``, ``"12"^^xsd:int`` as
``"12"^^xsd:integer``; oxigraph#526), so that code querying the store can map
its answers back to the terms the user wrote (:func:`respellings`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

XSD = "http://www.w3.org/2001/XMLSchema#"

_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_DOUBLE = re.compile(r"([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?INF|NaN)")
_BOOLEAN = {"true", "false", "1", "0"}

# integer types and their ranges (None: unbounded on that side)
_RANGES = {
    "integer": (None, None), "long": (-(2**63), 2**63 - 1), "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1), "byte": (-128, 127), "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None), "nonPositiveInteger": (None, 0), "negativeInteger": (None, -1),
    "unsignedLong": (0, 2**64 - 1), "unsignedInt": (0, 2**32 - 1), "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 255),
}

# "lexical"^^<http://www.w3.org/2001/XMLSchema#name> at the end of an N-Triples line
_TYPED_END = re.compile(rb'"\^\^<http://www\.w3\.org/2001/XMLSchema#([A-Za-z]+)> \.\n')


def ill_typed_reason(lexical: str, name: str) -> str | None:
    """Why ``lexical`` is not a valid ``xsd:name`` (None if it is, or if the type is not checked)."""
    if name in _RANGES:
        if not _INTEGER.fullmatch(lexical):
            return "not an integer"
        low, high = _RANGES[name]
        value = int(lexical)
        if (low is not None and value < low) or (high is not None and value > high):
            return "out of range"
        return None
    if name == "decimal":
        return None if _DECIMAL.fullmatch(lexical) else "not a decimal"
    if name in ("double", "float"):
        return None if _DOUBLE.fullmatch(lexical) else "not a number"
    if name == "boolean":
        return None if lexical in _BOOLEAN else "not true, false, 1 or 0"
    from aireg.xsd_lexical import reason

    return reason(lexical, name)


def _unescape(body: bytes) -> str:
    """An N-Triples string body (Oxigraph escapes only \\, ", and control characters) as text."""
    text = body.decode("utf-8")
    if "\\" not in text:
        return text
    return re.sub(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", _escape_char, text)


_SIMPLE = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _escape_char(m: re.Match) -> str:
    code = m.group(1)
    if code[0] in "uU" and len(code) > 1:
        return chr(int(code[1:], 16))
    return _SIMPLE.get(code, code)


def typed_literals(ntriples: bytes) -> set[tuple[str, str]]:
    """The distinct (lexical form, XSD type name) of the XSD-typed literals in N-Triples bytes."""
    found: set[tuple[bytes, bytes]] = set()
    for m in _TYPED_END.finditer(ntriples):
        end = m.start()
        line_start = ntriples.rfind(b"\n", 0, end) + 1
        line = ntriples[line_start:end]
        # subject and predicate hold no spaces; the object is the rest, a literal starting with "
        parts = line.split(b" ", 2)
        if len(parts) == 3 and parts[2].startswith(b'"'):
            found.add((parts[2][1:], m.group(1)))
    return {(_unescape(body), name.decode("ascii")) for body, name in found}


def first_ill_typed(literals: Iterable[tuple[str, str]]) -> tuple[str, str, str] | None:
    """The first (lexical, type name, reason) that is ill-typed, in a stable order, or None."""
    for lexical, name in sorted(literals):
        reason = ill_typed_reason(lexical, name)
        if reason:
            return lexical, name, reason
    return None


def respellings(literals: Iterable[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, str]]:
    """``{(lexical, type) as written: (lexical, datatype IRI) as Oxigraph's Store keeps it}``, only where they differ."""
    import pyoxigraph as ox

    literals = sorted(literals)
    if not literals:
        return {}
    store = ox.Store()
    pred = ox.NamedNode("urn:aireg:p")
    store.extend(ox.Quad(ox.NamedNode(f"urn:aireg:{i}"), pred, ox.Literal(lex, datatype=ox.NamedNode(XSD + name)),
                         ox.DefaultGraph()) for i, (lex, name) in enumerate(literals))
    out = {}
    for quad in store:
        i = int(quad.subject.value.rsplit(":", 1)[1])
        lex, name = literals[i]
        kept = (quad.object.value, quad.object.datatype.value)
        if kept != (lex, XSD + name):
            out[(lex, name)] = kept
    return out
