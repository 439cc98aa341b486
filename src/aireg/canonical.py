"""Canonical lexical forms of XSD values, the same whichever engine produced the literal.

Pure Python on purpose: :mod:`aireg.terms` (rdflib terms) and
:mod:`aireg.lightterms` (the query path without rdflib) share these functions,
so both spell every number, boolean and duration alike.
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, Decimal, InvalidOperation, localcontext

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_NAMES = (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt",
    "unsignedShort", "unsignedByte",
)
FLOAT_IRIS = frozenset((XSD + "double", XSD + "float"))

# Oxigraph keeps 18 fractional digits of a decimal, rdflib 28 significant
# digits: both are cut to what each engine can represent exactly.
_DECIMAL_FRACTION_DIGITS = 18
_DECIMAL_SIGNIFICANT_DIGITS = 26

_INTEGER = re.compile(r"^[+-]?\d+$")
# an xsd:date that rdflib reads and writes back unchanged (year 0001-9999, no timezone)
_PLAIN_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_XSD_STRING = XSD + "string"
_XSD_DATE = XSD + "date"
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

    A plain number is read as seconds: OpenLink Virtuoso stores a day-time
    duration as its length in seconds and returns ``"7.776e+06"`` for
    ``"P90D"``. Durations with years or months have no exact length in
    seconds: see :func:`canonical_year_month` and :func:`canonical_duration`.
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


_MONTHS = re.compile(r"^[+-]?\d+$")
_YEAR_MONTH = re.compile(r"^(-?)P(?:(\d+)Y)?(?:(\d+)M)?$")


def canonical_year_month(lexical: str, zero: str = "P0M") -> str | None:
    """The canonical form of a duration of years and months (``P10Y``, ``P1Y2M``); None for others.

    An integer is read as months: OpenLink Virtuoso stores a year-month
    duration as its number of months and returns ``"120"`` for ``"P10Y"``.
    """
    text = lexical.strip()
    if len(text) > _LONGEST_DURATION:
        return None
    if _MONTHS.match(text):
        total = int(text)
    else:
        m = _YEAR_MONTH.match(text)
        if not m or text in ("P", "-P"):
            return None
        sign, years, months = m.groups()
        total = (int(years or 0) * 12 + int(months or 0)) * (-1 if sign else 1)
    years, months = divmod(abs(total), 12)
    out = ("-" if total < 0 else "") + "P" + (f"{years}Y" if years else "") + (f"{months}M" if months else "")
    return out if out not in ("P", "-P") else zero


def canonical_duration(lexical: str) -> str | None:
    """An ``xsd:duration`` of years and months or of days and time in canonical form; None for others
    (a duration with both kinds of part is kept as written).

    Virtuoso gives a year-month duration as an integer (months) and a day-time
    one as a double (seconds, ``"93600.0"``, ``"7.776e+06"``), so the spelling
    of the number says which it is.
    """
    text = lexical.strip()
    if _MONTHS.match(text) or (_YEAR_MONTH.match(text) and text not in ("P", "-P")):
        return canonical_year_month(text, zero="PT0S")
    return canonical_day_time(text)


def _canonical_integer(lexical: str) -> str | None:
    text = lexical.strip()
    return str(int(text)) if _INTEGER.match(text) else None


def _canonical_boolean(lexical: str) -> str | None:
    return _BOOLEAN.get(lexical.strip())


# datatype IRI -> its canonical form (None: ill-typed)
CANONICAL_BY_IRI = {
    **{XSD + name: _canonical_integer for name in INTEGER_NAMES},
    XSD + "decimal": canonical_decimal,
    XSD + "double": canonical_double,
    XSD + "float": canonical_double,
    XSD + "boolean": _canonical_boolean,
    XSD + "duration": canonical_duration,
    XSD + "dayTimeDuration": canonical_day_time,
    XSD + "yearMonthDuration": canonical_year_month,
}
