"""Terms between rdflib, pyoxigraph and the text of a SPARQL query.

The engine reads shapes with rdflib, runs queries in pyoxigraph and reports
rdflib terms: these are the few conversions it needs, in one place.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from aireg.shacl_fast.vocab import Unsupported


def n3(term) -> str:
    """An IRI or literal of the shapes graph written in SPARQL (a blank node cannot be)."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    raise Unsupported(f"blank node {term} where an IRI or literal is expected")


def string_literal(text: str) -> str:
    """``text`` as a SPARQL string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def to_rdflib(term):
    """A pyoxigraph term as the rdflib term the results carry, its literal spelled as the store keeps it.

    rdflib re-spells typed literals it builds (``"INF"^^xsd:double`` as ``"inf"``, which is no
    xsd:double at all, ``"1E3"`` as ``"1000.0"``, ``Z`` as ``+00:00``): a report must name the value
    the data holds.
    """
    import pyoxigraph as ox
    from oxrdflib._converter import from_ox

    if isinstance(term, ox.Literal) and term.language is None and term.datatype.value != str(XSD.string):
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    return from_ox(term)


def term_text(term) -> str:
    """A pyoxigraph term written in SPARQL syntax."""
    return str(term)


def is_true(term) -> bool:
    """The boolean true exactly ("1"^^xsd:boolean is another term, which SHACL does not name)."""
    return isinstance(term, Literal) and term.datatype == XSD.boolean and str(term) == "true"
