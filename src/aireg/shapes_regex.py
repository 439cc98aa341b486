"""``sh:pattern`` and ``sh:flags`` read as the XPath regular expressions SHACL says they are.

A pattern that is no regular expression is the shapes' fault, not the data's:
before, the fast engine reported every value as "does not match pattern '['"
(exit 1, the data blamed), pySHACL refused the shapes (exit 2), and a flag
SPARQL does not have (``sh:flags "z"``) failed every value on both. Inline
flags such as ``(?i)``, which XPath does not have, passed on the fast engine
(Oxigraph's regex engine reads them) and were refused by pySHACL's; the flag
``q`` (XPath 3.0, not SPARQL 1.1) made the pattern a plain string on the fast
engine and was ignored by pySHACL. Here each
pattern is checked once, before either engine runs, so both give the same
answer: a ``ShapesError`` (exit 2) naming the pattern.

XPath's own escapes (``\\p{IsBasicLatin}``, ``\\i``, ``\\c``) and class
subtraction (``[a-z-[aeiou]]``) are valid and are not refused: they are
masked before Python's ``re`` reads the rest.
"""

from __future__ import annotations

import re
import warnings

from rdflib import Graph

from aireg.shapes_sparql import SH, ShapesError

# SPARQL 1.1's REGEX takes XPath 2.0's flags; "q" came with XPath 3.0: Oxigraph reads it, pySHACL ignores it
FLAGS = frozenset("smix")

_XPATH_ESCAPES = re.compile(r"\\[pP]\{[^}]*\}|\\[iIcC]")


def _group_syntax(pattern: str) -> str | None:
    """``(?`` outside a character class and not as ``(?:``: Perl syntax XPath does not have."""
    i, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(" and pattern.startswith("(?", i) and not pattern.startswith("(?:", i):
            return pattern[i:i + 4]
        i += 1
    return None


def pattern_problem(pattern: str, flags: str = "") -> str | None:
    """Why ``pattern`` with ``flags`` is no XPath regular expression (None if it is one)."""
    unknown = sorted(set(flags) - FLAGS)
    if unknown:
        return f"sh:flags {flags!r}: {', '.join(unknown)} is no regular-expression flag of SPARQL 1.1 (s, m, i, x)"
    perl = _group_syntax(pattern)
    if perl:
        return f"sh:pattern {pattern!r}: {perl!r}... is not XPath regular-expression syntax (only (?:...) is)"
    masked = _XPATH_ESCAPES.sub("a", pattern).replace("-[", "\\[")
    try:
        with warnings.catch_warnings():  # Python's FutureWarnings on "[[" or "&&" would print past the one line
            warnings.simplefilter("ignore")
            re.compile(masked)
    except re.error as err:
        return f"sh:pattern {pattern!r} is not a regular expression ({err})"
    return None


def check_shapes_patterns(shapes: Graph, where=None) -> None:
    """Refuse (``ShapesError``) a shapes graph with an ``sh:pattern`` or ``sh:flags`` no engine can read."""
    for shape, pattern in sorted(shapes.subject_objects(SH.pattern), key=lambda so: (str(so[0]), str(so[1]))):
        for flags in list(shapes.objects(shape, SH.flags)) or [""]:
            why = pattern_problem(str(pattern), str(flags))
            if why:
                raise ShapesError(f"shapes graph error: {why}", where)


__all__ = ["FLAGS", "check_shapes_patterns", "pattern_problem"]
