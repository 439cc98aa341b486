"""One spelling per RDF value, whichever engine produced the term.

Engines disagree on details that carry no meaning (``"2.50"`` vs ``"2.5"``,
``en-GB`` vs ``en-gb``, ``"x"`` vs ``"x"^^xsd:string``). Every term a query
returns goes through :func:`normalize_term`, so that rdflib's Memory store,
Oxigraph and a remote endpoint give equal rows.

:class:`OxigraphTerms` does the same for terms that come straight from
pyoxigraph, without building an intermediate rdflib term: on a large answer
the conversion costs as much as the query itself, so it is written for speed
and tested to give exactly what ``normalize_term(oxrdflib.from_ox(term))``
gives.
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, Decimal, InvalidOperation, localcontext
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

INTEGER_TYPES = frozenset(
    XSD[t]
    for t in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte",
    )
)
FLOAT_TYPES = frozenset((XSD.double, XSD.float))

# Oxigraph keeps 18 fractional digits of a decimal, rdflib 28 significant
# digits: both are cut to what each engine can represent exactly.
_DECIMAL_FRACTION_DIGITS = 18
_DECIMAL_SIGNIFICANT_DIGITS = 26

_INTEGER = re.compile(r"^[+-]?\d+$")
# an xsd:date that rdflib reads and writes back unchanged (year 0001-9999, no timezone)
_PLAIN_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_XSD_STRING = str(XSD.string)
_XSD_DATE = str(XSD.date)
_BOOLEAN = {"true": "true", "1": "true", "false": "false", "0": "false"}


def canonical_decimal(lexical: str) -> str | None:
    """The canonical form of an xsd:decimal, cut to what both engines keep; None if ill-typed."""
    try:
        value = Decimal(lexical.strip())
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    int_digits = max(0, value.adjusted() + 1)
    places = min(_DECIMAL_FRACTION_DIGITS, max(0, _DECIMAL_SIGNIFICANT_DIGITS - int_digits))
    # quantize needs room for every digit of the value: the default context keeps only 28
    with localcontext() as ctx:
        ctx.prec = max(ctx.prec, int_digits + places + 2)
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def canonical_double(lexical: str) -> str | None:
    """The canonical form of an xsd:double or xsd:float; None if ill-typed."""
    text = lexical.strip()
    specials = {"INF": "INF", "+INF": "INF", "-INF": "-INF", "NaN": "NaN"}
    if text in specials:
        return specials[text]
    try:
        value = float(text)
    except ValueError:
        return None
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "INF" if value > 0 else "-INF"
    return repr(value).replace("e", "E")


_DURATION = re.compile(r"^(-?)P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$")
# Longer lexical forms (or numbers of seconds with more digits) are kept as
# written: their canonical form would need arbitrary precision to compute.
_LONGEST_DURATION = 200
_SECONDS = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


def canonical_day_time(lexical: str) -> str | None:
    """The canonical form of a duration of days and time (``P90D``, ``P1DT2H``); None for others.

    A plain number is read as seconds: OpenLink Virtuoso stores an
    ``xsd:duration`` as its length in seconds and returns ``"7.776e+06"`` for
    ``"P90D"``. Durations with years or months have no exact length in
    seconds and are left as they are.
    """
    text = lexical.strip()
    if len(text) > _LONGEST_DURATION:
        return None
    with localcontext() as exact:
        # Wide enough that no step rounds: the sum of parts and the divisions
        # below are exact for any lexical form up to _LONGEST_DURATION characters.
        exact.prec = 2 * _LONGEST_DURATION
        if _SECONDS.match(text):
            try:
                total = Decimal(text)
            except InvalidOperation:
                return None
            if total.is_finite() and total.adjusted() > _LONGEST_DURATION:
                return None  # a number of seconds too long to spell out in days
        else:
            m = _DURATION.match(text)
            if not m or text in ("P", "-P") or text.endswith("T"):
                return None
            sign, days, hours, minutes, seconds = m.groups()
            total = (Decimal(days or 0) * 86400 + Decimal(hours or 0) * 3600 + Decimal(minutes or 0) * 60
                     + Decimal(seconds or 0))
            if sign:
                total = -total
        if not total.is_finite():
            return None
        sign = "-" if total < 0 else ""
        total = abs(total)
        days, rest = divmod(total, 86400)
        hours, rest = divmod(rest, 3600)
        minutes, seconds = divmod(rest, 60)
    out = f"{sign}P" + (f"{int(days)}D" if days else "")
    time = (f"{int(hours)}H" if hours else "") + (f"{int(minutes)}M" if minutes else "")
    if seconds:
        text = format(seconds.normalize(), "f")
        time += (text.rstrip("0").rstrip(".") if "." in text else text) + "S"
    if time:
        out += "T" + time
    return out if out not in ("P", "-P") else "PT0S"


def _canonical_integer(lexical: str) -> str | None:
    text = lexical.strip()
    return str(int(text)) if _INTEGER.match(text) else None


def _canonical_boolean(lexical: str) -> str | None:
    return _BOOLEAN.get(lexical.strip())


_CANONICAL = {
    **{t: _canonical_integer for t in INTEGER_TYPES},
    XSD.decimal: canonical_decimal,
    **{t: canonical_double for t in FLOAT_TYPES},
    XSD.boolean: _canonical_boolean,
    XSD.duration: canonical_day_time,
    XSD.dayTimeDuration: canonical_day_time,
}


def literal_as_is(lexical: str, datatype: URIRef) -> Literal:
    """A typed literal that keeps exactly this lexical form (rdflib would re-spell some)."""
    return Literal(lexical, datatype=datatype, normalize=False)


def normalize_term(term: Any) -> Node | None:
    """One spelling per value, so that engines give equal terms.

    Literals lose an explicit ``xsd:string`` type, language tags go lower
    case, integers, decimals, doubles and booleans take one canonical lexical
    form (ill-typed lexical forms are kept as they are). IRIs, blank nodes and
    ``None`` (unbound) pass through.
    """
    if term is None or not isinstance(term, Literal):
        return term
    lexical = str(term)
    if term.language:
        return Literal(lexical, lang=term.language.lower())
    dtype = term.datatype
    if dtype is None or dtype == XSD.string:
        return Literal(lexical)
    canonical_of = _CANONICAL.get(dtype)
    canonical = canonical_of(lexical) if canonical_of is not None else None
    return literal_as_is(canonical if canonical is not None else lexical, dtype)


class OxigraphTerms(dict):
    """pyoxigraph term -> normalised rdflib term, each distinct term converted once.

    Use the bound ``__getitem__`` as the conversion function (``None``, an
    unbound cell, stays ``None``): a term seen before costs one dictionary
    lookup. The result equals ``normalize_term(oxrdflib's from_ox(term))``;
    the shortcuts (no rdflib re-spelling for strings, language-tagged text and
    plain dates, whose spelling rdflib keeps) change the speed, not the terms.
    """

    def __init__(self) -> None:
        super().__init__()
        import pyoxigraph

        self[None] = None
        self._named_node = pyoxigraph.NamedNode
        self._literal = pyoxigraph.Literal
        self._blank_node = pyoxigraph.BlankNode
        self._datatypes: dict[str, URIRef] = {}

    def __missing__(self, value: Any) -> Node | None:
        kind = type(value)
        if kind is self._named_node:
            converted: Node | None = URIRef(value.value)
        elif kind is self._literal:
            language = value.language
            if language:
                converted = Literal(value.value, lang=language.lower(), normalize=False)
            else:
                converted = self._typed(value.value, value.datatype.value)
        elif kind is self._blank_node:
            converted = BNode(value.value)
        else:
            from aireg.errors import QueryError

            raise QueryError(f"the engine returned a {kind.__name__} term, which aireg does not read (RDF-star?)")
        self[value] = converted
        return converted

    def _typed(self, lexical: str, iri: str) -> Literal:
        if iri == _XSD_STRING:
            return Literal(lexical, normalize=False)
        datatype = self._datatypes.get(iri)
        if datatype is None:
            datatype = self._datatypes[iri] = URIRef(iri)
        if iri == _XSD_DATE:
            if _PLAIN_DATE.match(lexical):
                return literal_as_is(lexical, datatype)
        else:
            canonical_of = _CANONICAL.get(datatype)
            if canonical_of is not None:
                canonical = canonical_of(lexical)
                if canonical is not None:
                    return literal_as_is(canonical, datatype)
                return normalize_term(Literal(lexical, datatype=datatype))
        # rdflib may re-spell other typed values (date-times, tokens): keep its spelling, as
        # for a term read by rdflib's own parser, and the value of that spelling
        literal = Literal(lexical, datatype=datatype)
        return literal if str(literal) == lexical else normalize_term(literal)


__all__ = [
    "FLOAT_TYPES",
    "INTEGER_TYPES",
    "OxigraphTerms",
    "canonical_decimal",
    "canonical_double",
    "literal_as_is",
    "normalize_term",
]
