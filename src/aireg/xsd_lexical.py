"""The lexical spaces of the XSD 1.1 datatypes RDF uses, checked strictly and without rdflib.

A literal whose lexical form is outside its datatype's lexical space is
ill-typed: ``sh:datatype`` must report it, and Oxigraph's store keeps it as an
opaque term that no comparison, cast or date arithmetic can use. rdflib's
converters are not strict enough to tell (they accept ``"P1W"`` and
``"2024-W01-1"``, ISO 8601 forms XSD does not have, and have no check at all
for ``xsd:gYear``, ``xsd:language`` or ``xsd:NCName``), so each form is
written here from XSD 1.1 Part 2 (sections 3.3 and 3.4 and their appendix D
grammars). An IRI in the XSD namespace that names no datatype (``xsd:integr``)
is a typo, never a datatype, and is reported too.
"""

from __future__ import annotations

import re

_TZ = r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_YEAR = r"-?([1-9][0-9]{3,}|0[0-9]{3})"
_MONTH = r"(0[1-9]|1[0-2])"
_DAY = r"(0[1-9]|[12][0-9]|3[01])"
_TIME = r"(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|24:00:00(\.0+)?)"

_DU_YM = r"([0-9]+Y([0-9]+M)?|[0-9]+M)"
_DU_SEC = r"([0-9]+(\.[0-9]*)?|\.[0-9]+)S"
_DU_T = rf"T([0-9]+H([0-9]+M)?({_DU_SEC})?|[0-9]+M({_DU_SEC})?|{_DU_SEC})"
_DU_DT = rf"([0-9]+D({_DU_T})?|{_DU_T})"

_NAME_START = ("A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
               "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff")
_NAME_CHAR = _NAME_START + r"\-.0-9\u00b7\u0300-\u036f\u203f-\u2040"
_B64 = r"[A-Za-z0-9+/]"

_FORMS = {
    "dateTime": rf"{_YEAR}-{_MONTH}-{_DAY}T{_TIME}{_TZ}",
    "dateTimeStamp": rf"{_YEAR}-{_MONTH}-{_DAY}T{_TIME}(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))",
    "date": rf"{_YEAR}-{_MONTH}-{_DAY}{_TZ}",
    "time": rf"{_TIME}{_TZ}",
    "gYearMonth": rf"{_YEAR}-{_MONTH}{_TZ}",
    "gYear": rf"{_YEAR}{_TZ}",
    "gMonthDay": rf"--{_MONTH}-{_DAY}{_TZ}",
    "gDay": rf"---{_DAY}{_TZ}",
    "gMonth": rf"--{_MONTH}{_TZ}",
    "duration": rf"-?P({_DU_YM}({_DU_DT})?|{_DU_DT})",
    "yearMonthDuration": rf"-?P{_DU_YM}",
    "dayTimeDuration": rf"-?P{_DU_DT}",
    "hexBinary": r"([0-9a-fA-F]{2})*",
    "base64Binary": (rf"(({_B64} ?){{4}})*(({_B64} ?){{3}}{_B64}|({_B64} ?){{2}}[AEIMQUYcgkosw048] ?="
                     rf"|{_B64} ?[AQgw] ?= ?=)?"),
    "language": r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*",
    "NMTOKEN": f"[:{_NAME_CHAR}]+",
    "Name": f"[:{_NAME_START}][:{_NAME_CHAR}]*",
    "NCName": f"[{_NAME_START}][{_NAME_CHAR}]*",
    "ID": f"[{_NAME_START}][{_NAME_CHAR}]*",
    "IDREF": f"[{_NAME_START}][{_NAME_CHAR}]*",
    "ENTITY": f"[{_NAME_START}][{_NAME_CHAR}]*",
}
_COMPILED = {name: re.compile(form) for name, form in _FORMS.items()}

# the datatypes of XSD 1.1 checked elsewhere (numbers, booleans) or whose lexical space is every string
OTHER_DATATYPES = frozenset({
    "string", "anyURI", "boolean", "decimal", "float", "double", "integer", "nonPositiveInteger",
    "negativeInteger", "long", "int", "short", "byte", "nonNegativeInteger", "unsignedLong", "unsignedInt",
    "unsignedShort", "unsignedByte", "positiveInteger", "anySimpleType", "anyAtomicType", "anyType",
    "QName", "NOTATION", "IDREFS", "ENTITIES", "NMTOKENS",
})
STRING_DATATYPES = frozenset({"normalizedString", "token"})
DATATYPES = frozenset(_FORMS) | OTHER_DATATYPES | STRING_DATATYPES

_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _day_fits(lexical: str, name: str) -> bool:
    """The day exists in its month (and, for full dates, in its year: 29 February of leap years only)."""
    if name in ("date", "dateTime", "dateTimeStamp"):
        m = re.match(r"(-?[0-9]+)-([0-9]{2})-([0-9]{2})", lexical)
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        limit = 29 if month == 2 and _leap(year) else (28 if month == 2 else _DAYS[month - 1])
        return day <= limit
    if name == "gMonthDay":
        month, day = int(lexical[2:4]), int(lexical[5:7])
        return day <= _DAYS[month - 1]
    return True


UNUSABLE = "unusable: "


def _beyond_python(lexical: str, name: str) -> str | None:
    """Valid XSD 1.1 that rdflib, pySHACL and Python's dates cannot read: a year before 0001 or after 9999,
    or 24:00:00. Oxigraph reads them, so the two SHACL engines would disagree on the same file."""
    if name in ("date", "dateTime", "dateTimeStamp"):
        year = int(re.match(r"-?[0-9]+", lexical).group())
        if not 1 <= year <= 9999:
            return f"{UNUSABLE}years before 0001 or after 9999 are valid XSD, but Python's dates cannot hold them"
    if name in ("dateTime", "dateTimeStamp", "time") and re.search(r"(^|T)24:", lexical):
        return f"{UNUSABLE}24:00:00 is valid XSD, but Python's times cannot hold it; write 00:00:00 of the next day"
    return None


def reason(lexical: str, name: str) -> str | None:
    """Why ``lexical`` is not in the lexical space of ``xsd:name`` (None if it is, or if checked elsewhere)."""
    form = _COMPILED.get(name)
    if form is not None:
        if not form.fullmatch(lexical) or not _day_fits(lexical, name):
            return "not valid"
        return _beyond_python(lexical, name)
    if name in STRING_DATATYPES:
        if re.search(r"[\t\n\r]", lexical):
            return "holds a tab or line break"
        if name == "token" and (lexical != lexical.strip(" ") or "  " in lexical):
            return "has leading, trailing or double spaces"
        return None
    if name not in DATATYPES:
        return f"xsd:{name} is no XSD datatype (a typo?)"
    return None


__all__ = ["DATATYPES", "UNUSABLE", "reason"]
