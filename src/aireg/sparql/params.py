"""Parameters: what a user types (``id:eo-14110``, ``2024-01-01``, ``1e25``) as one RDF term.

A value is only ever turned into a term here; the term is written into a
query by :mod:`aireg.sparql.binding`, never by pasting the user's text.
:func:`read_value` gives a light term (:mod:`aireg.lightterms`, no rdflib:
the fast query path uses it), :func:`parse_param` the same term in rdflib.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from aireg.canonical import XSD
from aireg.errors import QueryError
from aireg.lightterms import Iri, Lit, to_rdflib, typed
from aireg.prefixes import PREFIX_IRIS as PREFIXES

if TYPE_CHECKING:
    from rdflib.term import Node

_NAME_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_0123456789")


def _is_name(text: str) -> bool:
    """``[A-Za-z_0-9][A-Za-z_0-9\u00B7\u00C0-\uFFFF]*`` (a regular expression with that range takes
    1.5 ms to compile, a tenth of what ``aireg query`` may spend starting)."""
    return bool(text) and text[0] in _NAME_START and all(
        c in _NAME_START or c == "\u00b7" or "\u00c0" <= c <= "\uffff" for c in text[1:])

_BAD_IRI_CHARS = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_SCHEME_IRI = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://|urn:|mailto:)\S*$")
_PNAME = re.compile(r"^([A-Za-z][\w.-]*)?:(\S*)$")
_QUOTED = re.compile(r'^"(.*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(\S+))?$', re.DOTALL)
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(?:\d+\.\d*|\.\d+)$")
_DOUBLE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?\d+$")
_DATE = re.compile(r"^-?\d{4,}-\d{2}-\d{2}(?:Z|[+-]\d{2}:\d{2})?$")
_DATETIME = re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?$")
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

def _check_iri(text: str, what: str) -> Iri:
    if not text or _BAD_IRI_CHARS.search(text):
        raise QueryError(f"{what}: {text!r} is not a valid IRI (no spaces, quotes or <>{{}}|^`\\)")
    if not _ABSOLUTE_IRI.match(text):
        # a relative IRI has no meaning outside a document with a base (Oxigraph refuses it)
        raise QueryError(f"{what}: {text!r} is not an absolute IRI (it needs a scheme, as in https://...)")
    return Iri(text)


def _expand_pname(text: str, what: str, prefixes: Mapping[str, Any]) -> Iri | None:
    m = _PNAME.match(text)
    if not m:
        return None
    prefix, local = m.group(1) or "", m.group(2)
    if prefix not in prefixes:
        known = ", ".join(sorted(p for p in prefixes if p))
        raise QueryError(
            f"{what}: unknown prefix {prefix!r} in {text!r} (known: {known}); "
            f'write a full IRI <...>, or quote the value ("{text}") to pass it as text'
        )
    return _check_iri(str(prefixes[prefix]) + local, what)


def parse_param(value: str, name: str = "value", prefixes: Mapping[str, Any] | None = None) -> Node:
    """Turn a parameter typed by a user into an rdflib term (see :func:`read_value` for the rules)."""
    return to_rdflib(read_value(value, name, prefixes))


def read_value(value: str, name: str = "value", prefixes: Mapping[str, Any] | None = None) -> Iri | Lit:
    """Turn a parameter typed by a user into an RDF term (a light term, :mod:`aireg.lightterms`).

    The rules, tried in this order:

    * ``<...>`` is an IRI; so is anything starting with a scheme and ``://``
      (``https://w3id.org/aireg/id/eo-14110``), ``urn:`` or ``mailto:``;
    * ``prefix:local`` with a project prefix (``id:eo-14110``, see
      ``aireg.namespaces.PREFIXES``) is expanded to an IRI; an unknown prefix
      is an error (quote the value to mean text);
    * ``"text"`` is a plain string (quotes removed, nothing else changed),
      ``"text"@en`` a language-tagged one, ``"text"^^xsd:date`` or
      ``"text"^^<iri>`` a typed literal;
    * ``true`` / ``false`` are ``xsd:boolean``;
    * ``2024-01-01`` is ``xsd:date`` and ``2024-01-01T09:30:00Z``
      ``xsd:dateTime``;
    * ``42`` is ``xsd:integer``, ``4.2`` ``xsd:decimal``, ``4.2e1``
      ``xsd:double``;
    * anything else is a plain string, exactly as typed.
    """
    prefixes = PREFIXES if prefixes is None else prefixes
    what = f"parameter {name}"
    if value.startswith("<") and value.endswith(">"):
        return _check_iri(value[1:-1], what)
    m = _QUOTED.match(value)
    if m:
        text, lang, dtype = m.groups()
        if lang:
            return Lit(text, language=lang)
        if dtype:
            if dtype.startswith("<") and dtype.endswith(">"):
                dt = _check_iri(dtype[1:-1], what)
            else:
                dt = _expand_pname(dtype, what, prefixes)
                if dt is None:
                    raise QueryError(f"{what}: datatype {dtype!r} is neither <iri> nor prefix:name")
            return typed(text, dt)
        return Lit(text)
    if _SCHEME_IRI.match(value):
        return _check_iri(value, what)
    if value in ("true", "false"):
        return typed(value, XSD + "boolean")
    if _DATE.match(value):
        return typed(value, XSD + "date")
    if _DATETIME.match(value):
        return typed(value, XSD + "dateTime")
    if _INTEGER.match(value):
        return typed(value, XSD + "integer")
    if _DECIMAL.match(value):
        return typed(value, XSD + "decimal")
    if _DOUBLE.match(value):
        return typed(value, XSD + "double")
    iri = _expand_pname(value, what, prefixes)
    if iri is not None:
        return iri
    return Lit(value)


def param_name(name: str) -> str:
    bare = name[1:] if name[:1] in ("?", "$") else name
    if not _is_name(bare):
        raise QueryError(f"parameter name {name!r} is not a SPARQL variable name")
    return bare


def param_term(name: str, value: Any) -> Node:
    """``value`` (an rdflib or light term, a typed string, a Python number) as an rdflib term."""
    from rdflib import BNode, Literal, URIRef

    value = to_rdflib(value)
    if isinstance(value, BNode):
        raise QueryError(f"parameter {name}: a blank node cannot be bound (it has no name outside its graph)")
    if isinstance(value, URIRef):
        return to_rdflib(_check_iri(str(value), f"parameter {name}"))
    if isinstance(value, Literal):
        return value
    if isinstance(value, str):
        return parse_param(value, name)
    if isinstance(value, (bool, int, float, Decimal)):
        return Literal(value)
    raise QueryError(f"parameter {name}: cannot use a {type(value).__name__} as an RDF term")


