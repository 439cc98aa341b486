"""Parameter values checked against the type their query header gives them.

A library query's header declares each parameter with a default
(``param: date = 2024-01-01 — ...``); the default's kind is the parameter's
type, so a value of another kind is a mistake to report, not a literal to
bind that silently matches nothing:

* ``iri`` (default ``id:eo-14110``): ``id:NAME``, a bare ``NAME`` (read as
  ``id:NAME``) or ``<IRI>``; the node must be in the graph
  (:func:`check_nodes`), else the nearest ids are suggested;
* ``date`` (default ``2024-01-01``): a real calendar date ``YYYY-MM-DD``, or
  ``today``;
* ``number`` (default ``0``, ``1e25``): an integer, decimal or double;
* ``lang`` (the parameter named ``lang``): ``en``, ``zh`` or ``zh-Hant``;
* ``boolean``: ``true`` / ``false``; ``text``: anything.

Errors are :class:`aireg.errors.QueryError` (exit 2), one line naming the
parameter and what would have been valid. Values become light terms
(:func:`coerce_value`, no rdflib, for the fast query path) or rdflib terms
(:func:`coerce`), the same term either way.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from aireg.canonical import XSD
from aireg.errors import QueryError
from aireg.lightterms import Iri, Lit, term_kind, to_rdflib, typed
from aireg.prefixes import ID_NS as ID
from aireg.sparql.params import read_value

if TYPE_CHECKING:
    from rdflib.term import Node

LANG_VALUES = {"en": "en", "zh": "zh-Hant", "zh-hant": "zh-Hant"}
NUMERIC = {XSD + "integer", XSD + "decimal", XSD + "double", XSD + "float"}
_BARE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
_DATE_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def type_of(name: str, default: str) -> str:
    """The type a header's default gives a parameter: iri, date, number, lang, boolean or text."""
    if name == "lang":
        return "lang"
    term = read_value(default, name)
    if isinstance(term, Iri):
        return "iri"
    if term.datatype == XSD + "date":
        return "date"
    if term.datatype in NUMERIC:
        return "number"
    if term.datatype == XSD + "boolean":
        return "boolean"
    return "text"


def coerce(name: str, kind: str, value: str, today: dt.date | None = None) -> Node:
    """The rdflib term for a user's ``value`` of a parameter of type ``kind``, or a one-line error."""
    return to_rdflib(coerce_value(name, kind, value, today))


def coerce_value(name: str, kind: str, value: str, today: dt.date | None = None) -> Iri | Lit:
    """The light term for a user's ``value`` of a parameter of type ``kind``, or a one-line error."""
    what = f"parameter {name}"
    if kind == "iri":
        if _BARE_NAME.match(value) and ":" not in value:
            return Iri(ID + value)
        term = read_value(value, name)
        if not isinstance(term, Iri):
            raise QueryError(f"{what}: {value!r} is not a node id (give id:NAME, NAME or <IRI>)")
        return term
    if kind == "date":
        if value.strip().lower() == "today":
            return typed((today or dt.date.today()).isoformat(), XSD + "date")
        if not _DATE_SHAPE.match(value):
            raise QueryError(f"{what}: {value!r} is not a date (give YYYY-MM-DD, e.g. 2025-06-01, or today)")
        try:
            dt.date.fromisoformat(value)
        except ValueError as err:
            raise QueryError(f"{what}: {value} is not a calendar date ({err}); give YYYY-MM-DD or today") from None
        return typed(value, XSD + "date")
    if kind == "number":
        term = read_value(value, name)
        if not (isinstance(term, Lit) and term.datatype in NUMERIC):
            raise QueryError(f"{what}: {value!r} is not a number (e.g. 0, 100, 1e25)")
        return term
    if kind == "lang":
        tag = LANG_VALUES.get(value.strip().lower())
        if tag is None:
            raise QueryError(f"{what}: {value!r} is not a label language (use en, zh or zh-Hant)")
        return Lit(tag)
    if kind == "boolean":
        if value not in ("true", "false"):
            raise QueryError(f"{what}: {value!r} is not true or false")
        return typed(value, XSD + "boolean")
    return read_value(value, name)


def short(iri: str) -> str:
    """``id:NAME`` for the project's ids, ``<IRI>`` otherwise."""
    return "id:" + iri[len(ID):] if iri.startswith(ID) else f"<{iri}>"


def nearest(iri: str, known: Iterable[str], n: int = 3) -> list[str]:
    """The ids closest to ``iri`` by spelling (difflib), then those that contain it."""
    ours = sorted(k[len(ID):] for k in known if k.startswith(ID))
    local = iri[len(ID):] if iri.startswith(ID) else iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    close = difflib.get_close_matches(local, ours, n=n, cutoff=0.6)
    if len(close) < n:
        close += [k for k in ours if local and local.lower() in k.lower() and k not in close][: n - len(close)]
    return ["id:" + c for c in close]


def check_nodes(given: Mapping[str, Any], exists: Callable[[Any], bool],
                known: Callable[[], Iterable[str]]) -> None:
    """Every IRI the user gave names a node of the graph, else one line with the nearest ids.

    ``exists`` asks about one IRI; ``known`` lists the graph's subject IRIs and is
    only called when a value is unknown, to suggest spellings.
    """
    for name, term in given.items():
        if term_kind(term) == "iri" and not exists(term):
            hint = nearest(str(term), known())
            near = f"; nearest: {', '.join(hint)}" if hint else "; aireg query --list shows the queries that list ids"
            raise QueryError(f"parameter {name}: no node {short(str(term))} in the graph{near}")


__all__ = ["LANG_VALUES", "check_nodes", "coerce", "coerce_value", "nearest", "short", "type_of"]
