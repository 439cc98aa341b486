"""The lexical spaces of ``rdf:JSON`` and ``rdf:XMLLiteral``, checked as strictly as the XSD ones.

RDF 1.2 Concepts (sections "The rdf:XMLLiteral Datatype" and "The rdf:JSON
Datatype"; RDF 1.1 words rdf:XMLLiteral's the same way, against XML 1.0):

- ``rdf:JSON``: every RDF string that conforms to the JSON grammar of RFC 8259
  section 2 and to the requirements of I-JSON (RFC 7493): no surrogate or
  noncharacter code point in a string or member name, escaped or not
  (section 2.1), and no object with two members of the same name (2.3). NaN
  and Infinity are not JSON; a scalar at the top level is (RFC 8259).
- ``rdf:XMLLiteral``: every string that is well-balanced, self-contained XML
  content and that, put between an arbitrary start tag and end tag, gives a
  document conforming to Namespaces in XML: so no DOCTYPE or XML declaration,
  no entity but the five predefined ones, and every prefix declared inside the
  literal itself.

An ill-formed value is an ill-typed literal: Oxigraph keeps it as an opaque
term, and neither ``sh:datatype rdf:JSON`` nor a query could tell it from a
good one. rdf:HTML's lexical space is every string (its parsing never fails),
so it is not checked.
"""

from __future__ import annotations

import json
import re

from aireg.xsd_lexical import UNUSABLE

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
CHECKED = ("JSON", "XMLLiteral")

# "lexical"^^<rdf:JSON or rdf:XMLLiteral> at the end of an N-Triples line
_TYPED_END = re.compile(rb'"\^\^<http://www\.w3\.org/1999/02/22-rdf-syntax-ns#(JSON|XMLLiteral)> \.\n')
# XML 1.1 allows the C0 controls as character references (&#x1;); expat reads XML 1.0, which does not
_C0_REF = re.compile(r"&#(x0*(?:[1-8bBcCeEfF]|1[0-9a-fA-F])|0*(?:[1-8]|1[1-24-9]|2[0-9]|3[01]));")


def rdf_typed_literals(ntriples: bytes) -> set[tuple[str, str]]:
    """The distinct (lexical form, ``JSON`` or ``XMLLiteral``) of such literals in N-Triples bytes."""
    from aireg.literals import _unescape

    found: set[tuple[bytes, bytes]] = set()
    for m in _TYPED_END.finditer(ntriples):
        end = m.start()
        line = ntriples[ntriples.rfind(b"\n", 0, end) + 1:end]
        parts = line.split(b" ", 2)
        if len(parts) == 3 and parts[2].startswith(b'"'):
            found.add((parts[2][1:], m.group(1)))
    return {(_unescape(body), name.decode("ascii")) for body, name in found}


def _bad_code_point(text: str) -> str | None:
    for ch in text:
        cp = ord(ch)
        if 0xD800 <= cp <= 0xDFFF:
            return f"a surrogate code point U+{cp:04X} (I-JSON, RFC 7493 section 2.1)"
        if 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE:
            return f"a noncharacter U+{cp:04X} (I-JSON, RFC 7493 section 2.1)"
    return None


class _Bad(ValueError):
    pass


def _pairs(pairs: list) -> dict:
    names = [name for name, _ in pairs]
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        raise _Bad(f"the member name {json.dumps(dup, ensure_ascii=False)} twice in one object "
                   "(I-JSON, RFC 7493 section 2.3)")
    return dict(pairs)


def _constant(name: str):
    raise _Bad(f"{name} is not JSON")


def json_reason(lexical: str) -> str | None:
    """Why ``lexical`` is not in rdf:JSON's lexical space (None if it is)."""
    try:
        value = json.loads(lexical, object_pairs_hook=_pairs, parse_constant=_constant)
    except _Bad as err:
        return str(err)
    except json.JSONDecodeError as err:
        return f"not JSON (RFC 8259): {err.msg} at character {err.pos + 1}"
    except RecursionError:
        return f"{UNUSABLE}nested too deeply for aireg to check that it is JSON"
    todo = [value]
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            bad = _bad_code_point(item)
            if bad:
                return f"holds {bad}"
        elif isinstance(item, dict):
            todo.extend(item.keys())
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return None


def xml_reason(lexical: str) -> str | None:
    """Why ``lexical`` is not in rdf:XMLLiteral's lexical space (None if it is)."""
    from xml.parsers import expat

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    wrapped = "<aireg-content>" + _C0_REF.sub("&#x20;", lexical) + "</aireg-content>"
    try:
        parser.Parse(wrapped, True)
    except expat.ExpatError as err:
        what = expat.errors.messages.get(err.code, str(err)) if hasattr(expat.errors, "messages") else str(err)
        if what == "junk after document element":
            what = "not well-balanced (an end tag closes more than the literal opened)"
        return f"not well-balanced, self-contained XML content: {what}"
    return None


def reason(lexical: str, name: str) -> str | None:
    """Why ``lexical`` is not a valid ``rdf:name`` (None if it is, or if the type is not checked)."""
    if name == "JSON":
        return json_reason(lexical)
    if name == "XMLLiteral":
        return xml_reason(lexical)
    return None


def first_ill_formed(literals) -> tuple[str, str, str] | None:
    """The first (lexical, type name, reason) that is ill-formed, in a stable order, or None."""
    for lexical, name in sorted(literals):
        why = reason(lexical, name)
        if why:
            return lexical, name, why
    return None


__all__ = ["CHECKED", "first_ill_formed", "rdf_typed_literals", "reason"]
