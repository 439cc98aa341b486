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
parameter and what would have been valid.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Mapping

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from aireg.errors import QueryError
from aireg.namespaces import ID
from aireg.sparql import parse_param

LANG_VALUES = {"en": "en", "zh": "zh-Hant", "zh-hant": "zh-Hant"}
NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.float}
_BARE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
_DATE_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def type_of(name: str, default: str) -> str:
    """The type a header's default gives a parameter: iri, date, number, lang, boolean or text."""
    if name == "lang":
        return "lang"
    term = parse_param(default, name)
    if isinstance(term, URIRef):
        return "iri"
    if isinstance(term, Literal):
        if term.datatype == XSD.date:
            return "date"
        if term.datatype in NUMERIC:
            return "number"
        if term.datatype == XSD.boolean:
            return "boolean"
    return "text"


def coerce(name: str, kind: str, value: str, today: dt.date | None = None) -> Node:
    """The RDF term for a user's ``value`` of a parameter of type ``kind``, or a one-line error."""
    what = f"parameter {name}"
    if kind == "iri":
        if _BARE_NAME.match(value) and ":" not in value:
            return ID[value]
        term = parse_param(value, name)
        if not isinstance(term, URIRef):
            raise QueryError(f"{what}: {value!r} is not a node id (give id:NAME, NAME or <IRI>)")
        return term
    if kind == "date":
        if value.strip().lower() == "today":
            return Literal((today or dt.date.today()).isoformat(), datatype=XSD.date)
        if not _DATE_SHAPE.match(value):
            raise QueryError(f"{what}: {value!r} is not a date (give YYYY-MM-DD, e.g. 2025-06-01, or today)")
        try:
            dt.date.fromisoformat(value)
        except ValueError as err:
            raise QueryError(f"{what}: {value} is not a calendar date ({err}); give YYYY-MM-DD or today") from None
        return Literal(value, datatype=XSD.date)
    if kind == "number":
        term = parse_param(value, name)
        if not (isinstance(term, Literal) and term.datatype in NUMERIC):
            raise QueryError(f"{what}: {value!r} is not a number (e.g. 0, 100, 1e25)")
        return term
    if kind == "lang":
        tag = LANG_VALUES.get(value.strip().lower())
        if tag is None:
            raise QueryError(f"{what}: {value!r} is not a label language (use en, zh or zh-Hant)")
        return Literal(tag)
    if kind == "boolean":
        if value not in ("true", "false"):
            raise QueryError(f"{what}: {value!r} is not true or false")
        return Literal(value, datatype=XSD.boolean)
    return parse_param(value, name)


def short(iri: str) -> str:
    """``id:NAME`` for the project's ids, ``<IRI>`` otherwise."""
    return "id:" + iri[len(str(ID)):] if iri.startswith(str(ID)) else f"<{iri}>"


def nearest(iri: str, known: Iterable[str], n: int = 3) -> list[str]:
    """The ids closest to ``iri`` by spelling (difflib), then those that contain it."""
    ours = sorted(k[len(str(ID)):] for k in known if k.startswith(str(ID)))
    local = iri[len(str(ID)):] if iri.startswith(str(ID)) else iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    close = difflib.get_close_matches(local, ours, n=n, cutoff=0.6)
    if len(close) < n:
        close += [k for k in ours if local and local.lower() in k.lower() and k not in close][: n - len(close)]
    return ["id:" + c for c in close]


def check_nodes(given: Mapping[str, Node], exists: Callable[[URIRef], bool],
                known: Callable[[], Iterable[str]]) -> None:
    """Every IRI the user gave names a node of the graph, else one line with the nearest ids.

    ``exists`` asks about one IRI; ``known`` lists the graph's subject IRIs and is
    only called when a value is unknown, to suggest spellings.
    """
    for name, term in given.items():
        if isinstance(term, URIRef) and not exists(term):
            hint = nearest(str(term), known())
            near = f"; nearest: {', '.join(hint)}" if hint else "; aireg query --list shows the queries that list ids"
            raise QueryError(f"parameter {name}: no node {short(str(term))} in the graph{near}")


__all__ = ["LANG_VALUES", "check_nodes", "coerce", "nearest", "short", "type_of"]
