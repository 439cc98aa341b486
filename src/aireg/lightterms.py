"""RDF terms without rdflib, for the query path that has to start in a blink.

Importing rdflib costs about 0.1 s, more than a whole ``aireg query NAME`` may
take. These terms hold what binding, checking and rendering read (the text,
and for a literal its language and datatype) under the attribute names rdflib
uses (``.language``, ``.datatype``), so :mod:`aireg.tables` renders either
kind. Every value is spelled exactly as the rdflib path spells it:

* :class:`LightTerms` converts pyoxigraph answers with the normalisation of
  :class:`aireg.terms.OxigraphTerms` (the canonical forms of
  :mod:`aireg.canonical`); a literal only rdflib knows how to re-spell (a
  date-time, an ill-typed value) is converted by rdflib itself, imported then;
* a literal typed by a user (``--param min=1e25``) keeps the text rdflib's
  ``Literal`` would give it (``1e+25``) where :func:`rdflib_spelling` knows
  it, and says where it does not (``exact`` False): the caller then takes the
  rdflib path.

Tests compare both against rdflib, term by term and output byte for byte.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from decimal import Decimal, InvalidOperation
from typing import Any

from aireg.canonical import _PLAIN_DATE, _XSD_DATE, _XSD_STRING, CANONICAL_BY_IRI, XSD


class Iri(str):
    """An IRI (``str`` is its text)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Iri({str(self)!r})"


class Blank(str):
    """A blank node (``str`` is its label)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Blank({str(self)!r})"


class Lit(str):
    """A literal: ``str`` is its lexical form, ``language`` its tag, ``datatype`` an :class:`Iri`.

    A plain or language-tagged literal has no datatype, as in rdflib.
    ``written`` is the text a user typed (rdflib is given that text when the
    term is converted); ``exact`` is False when the lexical form rdflib would
    give the value is unknown here.
    """

    def __new__(cls, lexical: str, language: str | None = None, datatype: str | None = None,
                written: str | None = None, exact: bool = True) -> Lit:
        self = str.__new__(cls, lexical)
        self.language = language or None
        self.datatype = Iri(datatype) if datatype is not None else None
        self.written = lexical if written is None else written
        self.exact = exact
        return self

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Lit) and str.__eq__(self, other) and self.language == other.language
                and self.datatype == other.datatype)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash((str(self), self.language, self.datatype))

    def __repr__(self) -> str:
        extra = f", language={self.language!r}" if self.language else ""
        extra += f", datatype={str(self.datatype)!r}" if self.datatype is not None else ""
        return f"Lit({str(self)!r}{extra})"


_KINDS = {Iri: "iri", Blank: "bnode", Lit: "literal"}


def term_kind(term: Any) -> str | None:
    """``iri``, ``bnode`` or ``literal`` for a light or an rdflib term; None for None (unbound)."""
    if term is None:
        return None
    kind = _KINDS.get(type(term))
    if kind is not None:
        return kind
    rdflib = sys.modules.get("rdflib")  # an rdflib term means rdflib is loaded: never imported here
    if rdflib is not None:
        if isinstance(term, rdflib.URIRef):
            return "iri"
        if isinstance(term, rdflib.BNode):
            return "bnode"
        if isinstance(term, rdflib.Literal):
            return "literal"
    return None


# --------------------------------------------------------------------------
# Literals typed by a user, spelled as rdflib's Literal(text, datatype=...) spells them

_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")
_DOUBLE = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")


def rdflib_spelling(lexical: str, datatype: str) -> str | None:
    """The lexical form rdflib's normalising ``Literal`` gives ``lexical``, or None where unknown here."""
    if datatype == XSD + "integer":
        return str(int(lexical)) if _INTEGER.match(lexical) else None
    if datatype == XSD + "decimal":
        if not _DECIMAL.match(lexical):
            return None
        try:
            return f"{Decimal(lexical):f}"
        except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
            return None
    if datatype == XSD + "double":
        if not _DOUBLE.match(lexical):
            return None
        value = float(lexical)
        return str(value) if value not in (float("inf"), float("-inf")) and value == value else None
    if datatype == XSD + "boolean":
        return lexical if lexical in ("true", "false") else None
    if datatype == _XSD_DATE:
        if not _PLAIN_DATE.match(lexical):
            return None
        try:
            dt.date.fromisoformat(lexical)
        except ValueError:
            return None
        return lexical
    return None


def typed(lexical: str, datatype: str) -> Lit:
    """A typed literal as a user wrote it, spelled as rdflib would spell it (``exact`` says if known)."""
    spelled = rdflib_spelling(lexical, datatype)
    return Lit(lexical if spelled is None else spelled, datatype=datatype, written=lexical,
               exact=spelled is not None)


def to_rdflib(term: Any) -> Any:
    """The rdflib term a light term stands for (an rdflib term or None passes through)."""
    kind = type(term)
    if kind not in _KINDS:
        return term
    from rdflib import BNode, Literal, URIRef

    if kind is Iri:
        return URIRef(str(term))
    if kind is Blank:
        return BNode(str(term))
    if term.language:
        return Literal(term.written, lang=term.language)
    if term.datatype is not None:
        return Literal(term.written, datatype=URIRef(term.datatype))
    return Literal(term.written)


def from_rdflib(term: Any) -> Any:
    """The light term for an rdflib term (None stays None)."""
    kind = term_kind(term)
    if kind is None or type(term) in _KINDS:
        return term
    if kind == "iri":
        return Iri(str(term))
    if kind == "bnode":
        return Blank(str(term))
    return Lit(str(term), term.language, str(term.datatype) if term.datatype is not None else None)


def is_exact(term: Any) -> bool:
    """False for a literal whose rdflib spelling is unknown here (see :func:`typed`)."""
    return getattr(term, "exact", True)


# --------------------------------------------------------------------------
# Answers from pyoxigraph


class LightTerms(dict):
    """pyoxigraph term -> light term, normalised as :class:`aireg.terms.OxigraphTerms` normalises.

    Use the bound ``__getitem__`` as the conversion function; each distinct
    term is converted once. Literals of a datatype whose spelling only rdflib
    decides (date-times, ill-typed values) go through ``OxigraphTerms``, which
    imports rdflib at that moment: the answer stays exact, only slower.
    """

    def __init__(self) -> None:
        super().__init__()
        import pyoxigraph

        self[None] = None
        self._named_node = pyoxigraph.NamedNode
        self._literal = pyoxigraph.Literal
        self._blank_node = pyoxigraph.BlankNode
        self._datatypes: dict[str, Iri] = {}
        self._rdflib_terms = None

    def __missing__(self, value: Any) -> Any:
        kind = type(value)
        if kind is self._named_node:
            converted: Any = Iri(value.value)
        elif kind is self._literal:
            language = value.language
            converted = Lit(value.value, language.lower()) if language else self._typed(value)
        elif kind is self._blank_node:
            converted = Blank(value.value)
        else:
            from aireg.errors import QueryError

            raise QueryError(f"the engine returned a {kind.__name__} term, which aireg does not read (RDF-star?)")
        self[value] = converted
        return converted

    def _typed(self, value: Any) -> Any:
        lexical, iri = value.value, value.datatype.value
        if iri == _XSD_STRING:
            return Lit(lexical)
        if iri == _XSD_DATE:
            if _PLAIN_DATE.match(lexical):
                return Lit(lexical, datatype=self._datatype(iri))
        else:
            canonical_of = CANONICAL_BY_IRI.get(iri)
            if canonical_of is not None:
                canonical = canonical_of(lexical)
                if canonical is not None:
                    return Lit(canonical, datatype=self._datatype(iri))
        if self._rdflib_terms is None:
            from aireg.terms import OxigraphTerms

            self._rdflib_terms = OxigraphTerms()
        return from_rdflib(self._rdflib_terms[value])

    def _datatype(self, iri: str) -> Iri:
        found = self._datatypes.get(iri)
        if found is None:
            found = self._datatypes[iri] = Iri(iri)
        return found


__all__ = ["Blank", "Iri", "LightTerms", "Lit", "from_rdflib", "is_exact", "rdflib_spelling", "term_kind",
           "to_rdflib", "typed"]
