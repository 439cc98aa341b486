"""How a picture names RDF terms: labels in both languages, short names, and the roles of predicates.

A node's label, alternative names, comment, date and jurisdiction are read
through the predicates listed here, widened by the graph's own
``rdfs:subPropertyOf`` (:class:`Vocab`), so a new ontology property that
refines ``rdfs:label`` or ``eli:date_document`` is understood without a code change.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from aireg.export import kinds
from aireg.namespaces import AIREG, ELI, OA, ODRL, PREFIXES

# The roles of predicates, named by the published terms; the ontology's own
# properties join them through rdfs:subPropertyOf (see Vocab).
CITATION_PREDICATES = {AIREG.citation}
LABEL_PREDICATES = (RDFS.label,)
ALT_LABEL_PREDICATES = (SKOS.altLabel, ELI.id_local)
COMMENT_PREDICATES = (RDFS.comment, SKOS.definition, DCTERMS.description)
DATE_PREDICATES = (ELI.date_document, ELI.date_publication, AIREG.startDate, AIREG.publishedOn)
JURISDICTION_PREDICATES = (ELI.jurisdiction,)
# Child -> parent relations along which a jurisdiction is inherited.
PARENT_PREDICATES = (ELI.is_member_of, ELI.is_part_of, AIREG.imposedBy, AIREG.partOf)

# Labels for the published predicates the graph uses without labelling them.
KNOWN_PREDICATES = {
    ELI.is_part_of: ("is part of", "屬於"),
    ELI.is_member_of: ("version of", "版本所屬"),
    ELI.based_on: ("based on", "依據"),
    ELI.repeals: ("repeals", "廢止"),
    ELI.amends: ("amends", "修正"),
    SKOS.broader: ("broader", "上位概念"),
    SKOS.narrower: ("narrower", "下位概念"),
    SKOS.related: ("related", "相關"),
    ELI.cites: ("cites", "引用"),
    ELI.passed_by: ("passed by", "通過機關"),
    OA.hasSource: ("source", "來源"),
    OA.hasSelector: ("selector", "選取器"),
    RDF.type: ("type", "類型"),
    ODRL.leftOperand: ("quantity", "衡量量"),
    ODRL.operator: ("operator", "運算子"),
    ODRL.rightOperand: ("value", "數值"),
    ODRL.unit: ("unit", "單位"),
}


def humanise(name: str) -> str:
    """``is_part_of`` / ``imposedBy`` -> ``is part of`` / ``imposed by``."""
    return kinds.kebab(name).replace("-", " ").replace("_", " ")


# Predicates folded into attributes, never drawn as edges.
FOLDED = set(LABEL_PREDICATES) | set(ALT_LABEL_PREDICATES) | set(COMMENT_PREDICATES) | set(
    DATE_PREDICATES
) | set(JURISDICTION_PREDICATES) | {RDF.type, SKOS.exactMatch, SKOS.closeMatch, RDFS.seeAlso,
                                    SKOS.inScheme}


def local_name(iri: str) -> str:
    text = str(iri).rstrip("/#")
    for sep in ("#", "/", ":"):
        if sep in text:
            text = text.rsplit(sep, 1)[-1]
    return text or str(iri)


def short(iri: str) -> str:
    """``https://w3id.org/aireg/id/eo-14110`` -> ``id:eo-14110`` with the project's prefixes."""
    text = str(iri)
    best = None
    for prefix, ns in PREFIXES.items():
        if text.startswith(str(ns)) and (best is None or len(str(ns)) > len(str(PREFIXES[best]))):
            best = prefix
    return f"{best}:{text[len(str(PREFIXES[best])):]}" if best else text


def is_lang(literal: Literal, lang: str) -> bool:
    tag = (literal.language or "").lower()
    if lang == "zh":
        return tag.startswith("zh")
    return tag.startswith(lang)


def pick_text(values: Iterable, lang: str) -> str | None:
    """The value in ``lang`` (zh prefers zh-Hant), else None."""
    found = [v for v in values if isinstance(v, Literal) and is_lang(v, lang)]
    if lang == "zh":
        found.sort(key=lambda v: (v.language.lower() not in ("zh-hant", "zh-tw"), str(v)))
    else:
        found.sort(key=lambda v: (v.language.lower() != "en", str(v)))
    return str(found[0]) if found else None


def labels_of(rdf: Graph, node, predicates=LABEL_PREDICATES) -> dict[str, str | None]:
    """{"en": ..., "zh": ..., "any": ...} from the first predicate that has any value."""
    for pred in predicates:
        values = list(rdf.objects(node, pred))
        if values:
            plain = sorted(str(v) for v in values if isinstance(v, Literal) and not v.language)
            return {
                "en": pick_text(values, "en"),
                "zh": pick_text(values, "zh"),
                "any": plain[0] if plain else str(values[0]),
            }
    return {"en": None, "zh": None, "any": None}


def choose_label(labels: dict, lang: str, fallback: str) -> str:
    other = "zh" if lang == "en" else "en"
    return labels.get(lang) or labels.get(other) or labels.get("any") or fallback


class Vocab:
    """The predicate sets above, widened by the graph's own rdfs:subPropertyOf.

    The ontology declares e.g. aireg:identifier as a subproperty of eli:id_local
    and aireg:citation of prov:wasDerivedFrom; such terms then play the role of
    their superproperty here without being listed by name.
    """

    def __init__(self, rdf: Graph):
        supers: dict = {}
        for sub, sup in rdf.subject_objects(RDFS.subPropertyOf):
            supers.setdefault(sub, set()).add(sup)

        def widen(base) -> tuple:
            base = tuple(base)
            extra = []
            for prop in sorted(supers, key=str):
                seen, todo = set(), [prop]
                while todo:
                    cur = todo.pop()
                    for sup in supers.get(cur, ()):
                        if sup not in seen:
                            seen.add(sup)
                            todo.append(sup)
                if prop not in base and seen & set(base):
                    extra.append(prop)
            return base + tuple(extra)

        self.labels = widen(LABEL_PREDICATES)
        self.alt_labels = widen(ALT_LABEL_PREDICATES)
        self.comments = widen(COMMENT_PREDICATES)
        self.dates = widen(DATE_PREDICATES)
        self.jurisdictions = widen(JURISDICTION_PREDICATES)
        self.citations = set(widen(CITATION_PREDICATES))
        self.parents = set(widen(PARENT_PREDICATES))
        self.folded = set(widen(FOLDED)) | set(self.labels) | set(self.alt_labels) | set(self.comments) | set(
            self.dates) | set(self.jurisdictions)


def literal_text(value) -> str:
    """Literal text that is the same on every store (Oxigraph writes 6.0 as 6)."""
    if isinstance(value, Literal):
        py = value.toPython()
        if isinstance(py, Decimal):
            return format(py.normalize(), "f")
        if isinstance(py, float) and py.is_integer() and abs(py) < 1e15:
            return str(int(py))
        return py.isoformat() if hasattr(py, "isoformat") else str(py if isinstance(py, (int, float)) else value)
    return short(value)

