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
from functools import partial
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

    Answers hold thousands of literals, so a literal is one ``str`` and nothing
    more: its language and datatype are attributes of a subclass made once per
    (language, datatype) pair (:func:`_kind_of_literal`). Only a literal a
    user typed that rdflib spells otherwise keeps more (``written``, ``exact``).
    """

    __slots__ = ()
    language: str | None = None
    datatype: Iri | None = None
    exact = True

    def __new__(cls, lexical: str, language: str | None = None, datatype: str | None = None,
                written: str | None = None, exact: bool = True) -> Lit:
        kind = _kind_of_literal(language or None, datatype)
        if (written is None or written == lexical) and exact:
            return str.__new__(kind, lexical)
        self = str.__new__(_as_typed_by_user(kind), lexical)
        self.__dict__["written"] = lexical if written is None else written
        self.__dict__["exact"] = exact
        return self

    @property
    def written(self) -> str:
        return self.__dict__["written"] if hasattr(self, "__dict__") else str(self)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Lit) and str.__eq__(self, other) and self.language == other.language
                and self.datatype == other.datatype)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash((str(self), self.language, self.datatype))

    def __reduce__(self):
        return (Lit, (str(self), self.language, self.datatype, self.written, self.exact))

    def __repr__(self) -> str:
        extra = f", language={self.language!r}" if self.language else ""
        extra += f", datatype={str(self.datatype)!r}" if self.datatype is not None else ""
        return f"Lit({str(self)!r}{extra})"


_LITERAL_KINDS: dict[tuple[str | None, str | None], type] = {}
_USER_KINDS: dict[type, type] = {}


def _kind_of_literal(language: str | None, datatype: str | None) -> type:
    """The subclass of :class:`Lit` whose instances have this language and datatype."""
    key = (language, None if datatype is None else str(datatype))
    kind = _LITERAL_KINDS.get(key)
    if kind is None:
        attrs = {"__slots__": (), "language": language, "datatype": None if datatype is None else Iri(datatype)}
        kind = _LITERAL_KINDS[key] = type("Lit", (Lit,), attrs)
        _KINDS[kind] = "literal"
    return kind


def _as_typed_by_user(kind: type) -> type:
    """``kind`` with room for ``written`` and ``exact`` (a literal a user typed that rdflib re-spells)."""
    found = _USER_KINDS.get(kind)
    if found is None:
        found = _USER_KINDS[kind] = type("Lit", (kind,), {"exact": property(lambda self: self.__dict__["exact"])})
        _KINDS[found] = "literal"
    return found


_KINDS: dict[type, str] = {Iri: "iri", Blank: "bnode", Lit: "literal"}


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
    return _rdflib_term(term, as_written=True)


def answer_to_rdflib(term: Any) -> Any:
    """The rdflib term :class:`aireg.terms.OxigraphTerms` makes of the engine's term that gave this light one.

    Unlike :func:`to_rdflib` (a user's value, which rdflib spells), an answer's
    literal keeps the spelling it has: it is already normalised.
    """
    return _rdflib_term(term, as_written=False)


def _rdflib_term(term: Any, as_written: bool) -> Any:
    """A user's value (``as_written``: its written form, spelled by rdflib) or an answer's (kept as spelled)."""
    kind = type(term)
    if kind not in _KINDS:
        return term
    from rdflib import BNode, Literal, URIRef

    if kind is Iri:
        return URIRef(str(term))
    if kind is Blank:
        return BNode(str(term))
    text, keep = (term.written, {}) if as_written else (str(term), {"normalize": False})
    if term.language:
        return Literal(text, lang=term.language, **keep)
    if term.datatype is not None:
        return Literal(text, datatype=URIRef(term.datatype), **keep)
    return Literal(text, **keep)


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
        self._by_language: dict[str, Any] = {}  # language tag as the engine gives it -> literal maker
        self._by_datatype: dict[str, Any] = {}  # datatype IRI -> literal maker
        self._rdflib_terms = None

    def __missing__(self, value: Any) -> Any:
        kind = type(value)
        if kind is self._literal:
            language = value.language
            if language:
                make = self._by_language.get(language)
                if make is None:
                    make = self._by_language[language] = self._maker(language.lower(), None)
                converted = make(value.value)
            else:
                converted = self._typed(value)
        elif kind is self._named_node:
            converted = Iri(value.value)
        elif kind is self._blank_node:
            converted = Blank(value.value)
        else:
            from aireg.errors import QueryError

            raise QueryError(f"the engine returned a {kind.__name__} term, which aireg does not read (RDF-star?)")
        self[value] = converted
        return converted

    def _typed(self, value: Any) -> Any:
        lexical, iri = value.value, value.datatype.value
        plain = self._by_datatype.get(iri)
        if plain is None:
            plain = self._by_datatype[iri] = self._maker(None, None if iri == _XSD_STRING else iri)
        if iri == _XSD_STRING:
            return plain(lexical)
        if iri == _XSD_DATE:
            if _PLAIN_DATE.match(lexical):
                return plain(lexical)
        else:
            canonical_of = CANONICAL_BY_IRI.get(iri)
            if canonical_of is not None:
                canonical = canonical_of(lexical)
                if canonical is not None:
                    return plain(canonical)
        if self._rdflib_terms is None:
            from aireg.terms import OxigraphTerms

            self._rdflib_terms = OxigraphTerms()
        return from_rdflib(self._rdflib_terms[value])

    @staticmethod
    def _maker(language: str | None, datatype: str | None):
        """A function making a literal of this language and datatype from its text (no checks, no copies)."""
        return partial(str.__new__, _kind_of_literal(language, datatype))


__all__ = ["Blank", "Iri", "LightTerms", "Lit", "answer_to_rdflib", "from_rdflib", "is_exact", "rdflib_spelling", "term_kind",
           "to_rdflib", "typed"]
