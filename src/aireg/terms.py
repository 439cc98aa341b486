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

# the canonical forms live without rdflib, shared with aireg.lightterms
from aireg.canonical import (  # noqa: E402
    _PLAIN_DATE,
    _XSD_DATE,
    _XSD_STRING,
    CANONICAL_BY_IRI,
    canonical_day_time,
    canonical_decimal,
    canonical_double,
)

_CANONICAL = {URIRef(iri): canonical_of for iri, canonical_of in CANONICAL_BY_IRI.items()}


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
    "canonical_day_time",
    "canonical_decimal",
    "canonical_double",
    "literal_as_is",
    "normalize_term",
]
