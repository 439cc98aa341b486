"""From the RDF graph to a networkx view: the one bridge every export format uses.

RDF carries schema and bookkeeping (types, axioms, labels, citations) that a
picture should not draw: this module folds them into node attributes (label in
both languages, kind, jurisdiction, date, citation) and keeps as edges only the
relations between instances. Views then cut a neighbourhood out of that graph.
"""

from __future__ import annotations

import difflib
import textwrap
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from aireg.errors import InputError
from aireg.export import LANGS, VIEWS, kinds
from aireg.namespaces import AIREG, ELI, ID, OA, PREFIXES, SCHEMA

DEFAULT_DEPTH = {"all": None, "instrument": 1, "legal-basis": 3, "actors": 1, "versions": 3}

SH = "http://www.w3.org/ns/shacl#"

# Types that make a subject a schema term rather than an instance.
META_TYPES = {
    OWL.Class, RDFS.Class, RDFS.Datatype, RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty,
    OWL.AnnotationProperty, OWL.TransitiveProperty, OWL.SymmetricProperty, OWL.FunctionalProperty,
    OWL.InverseFunctionalProperty, OWL.AsymmetricProperty, OWL.IrreflexiveProperty,
    OWL.ReflexiveProperty, OWL.Ontology, OWL.Restriction, OWL.AllDisjointClasses,
    OWL.AllDifferent, SKOS.ConceptScheme,
}
# Kinds of nodes typed only with classes of the vocabularies aireg builds on.
EXTERNAL_KINDS = {
    ELI.LegalResource: "instrument",
    ELI.Work: "instrument",
    ELI.LegalResourceSubdivision: "provision",
    ELI.LegalExpression: "version",
    PROV.Activity: "event",
    SCHEMA.Event: "event",
    SCHEMA.Legislation: "instrument",
}
# Types that carry no meaning for the picture.
IGNORED_TYPES = {OWL.NamedIndividual, OWL.Thing, RDFS.Resource}

# Citation and provenance machinery: folded into `citation`, drawn only on request.
PROV_TYPES = {
    OA.SpecificResource, OA.Annotation, OA.TextQuoteSelector, OA.TextPositionSelector,
    OA.FragmentSelector, OA.RangeSelector, OA.XPathSelector, OA.CssSelector, OA.DataPositionSelector,
    AIREG.Citation,
}
CITATION_PREDICATES = {AIREG.citation, AIREG.evidence, AIREG.source, PROV.wasDerivedFrom,
                       PROV.hadPrimarySource, DCTERMS.source}

LABEL_PREDICATES = (SKOS.prefLabel, RDFS.label, DCTERMS.title, SCHEMA.name)
ALT_LABEL_PREDICATES = (SKOS.altLabel, SKOS.notation, DCTERMS.identifier, ELI.id_local, SCHEMA.identifier)
COMMENT_PREDICATES = (RDFS.comment, SKOS.definition, DCTERMS.description, SCHEMA.description)
DATE_PREDICATES = (
    ELI.date_document, ELI.date_publication, ELI.first_date_entry_in_force, ELI.date_applicability,
    AIREG.date, AIREG.startDate, AIREG.publishedOn, DCTERMS.date, DCTERMS.issued, SCHEMA.startDate, PROV.atTime, SCHEMA.datePublished,
)
JURISDICTION_PREDICATES = (AIREG.jurisdiction, ELI.jurisdiction, DCTERMS.spatial, DCTERMS.coverage)
# Child -> parent relations along which a jurisdiction is inherited.
PARENT_PREDICATES = (
    ELI.is_member_of, ELI.is_part_of, ELI.realizes, DCTERMS.isPartOf,
    DCTERMS.isVersionOf, AIREG.versionOf, AIREG.isVersionOf, AIREG.imposedBy, AIREG.partOf,
)

# Labels for common external predicates, used when the graph itself has none.
KNOWN_PREDICATES = {
    ELI.is_part_of: ("is part of", "屬於"),
    ELI.has_part: ("has part", "包含"),
    ELI.is_member_of: ("version of", "版本所屬"),
    ELI.has_member: ("has version", "版本"),
    ELI.based_on: ("based on", "依據"),
    ELI.basis_for: ("basis for", "為其依據"),
    ELI.amends: ("amends", "修正"),
    ELI.amended_by: ("amended by", "被修正"),
    ELI.repeals: ("repeals", "廢止"),
    ELI.repealed_by: ("repealed by", "被廢止"),
    ELI.changes: ("changes", "變更"),
    ELI.changed_by: ("changed by", "被變更"),
    ELI.cites: ("cites", "引用"),
    ELI.realizes: ("realizes", "實現"),
    ELI.is_realized_by: ("is realized by", "實現為"),
    ELI.transposes: ("transposes", "轉化"),
    ELI.implements: ("implements", "施行"),
    ELI.passed_by: ("passed by", "通過機關"),
    ELI.responsibility_of: ("responsibility of", "負責機關"),
    DCTERMS.isPartOf: ("is part of", "屬於"),
    DCTERMS.source: ("source", "來源"),
    PROV.wasDerivedFrom: ("derived from", "衍生自"),
    OA.hasSource: ("source", "來源"),
    OA.hasSelector: ("selector", "選取器"),
    RDF.type: ("type", "類型"),
}


def humanise(name: str) -> str:
    """``is_part_of`` / ``imposedBy`` -> ``is part of`` / ``imposed by``."""
    return kinds.kebab(name).replace("-", " ").replace("_", " ")


# Predicates folded into attributes, never drawn as edges.
FOLDED = set(LABEL_PREDICATES) | set(ALT_LABEL_PREDICATES) | set(COMMENT_PREDICATES) | set(
    DATE_PREDICATES
) | set(JURISDICTION_PREDICATES) | {RDF.type, OWL.sameAs, SKOS.exactMatch, SKOS.closeMatch,
                                    SKOS.relatedMatch, SKOS.broadMatch, SKOS.narrowMatch, RDFS.seeAlso,
                                    SKOS.inScheme, RDFS.isDefinedBy}


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


def _is_lang(literal: Literal, lang: str) -> bool:
    tag = (literal.language or "").lower()
    if lang == "zh":
        return tag.startswith("zh")
    return tag.startswith(lang)


def pick_text(values: Iterable, lang: str) -> str | None:
    """The value in ``lang`` (zh prefers zh-Hant), else None."""
    found = [v for v in values if isinstance(v, Literal) and _is_lang(v, lang)]
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


@dataclass
class Schema:
    """What the graph says about its own classes, used to classify instances."""

    parents: dict  # class -> set of superclasses
    meta_subjects: set  # classes, properties, the ontology itself

    @classmethod
    def of(cls, rdf: Graph) -> Schema:
        parents: dict = {}
        for sub, sup in rdf.subject_objects(RDFS.subClassOf):
            if isinstance(sup, URIRef):
                parents.setdefault(sub, set()).add(sup)
        meta = set(parents) | {o for s in parents.values() for o in s}
        for t in META_TYPES:
            meta.update(rdf.subjects(RDF.type, t))
        for pred in (RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.inverseOf, OWL.equivalentClass):
            meta.update(rdf.subjects(pred, None))
        return cls(parents, meta)

    def ancestors(self, cls_) -> list:
        """``cls_`` then its superclasses, breadth first (nearest first)."""
        seen, order, queue = {cls_}, [cls_], deque([cls_])
        while queue:
            for sup in sorted(self.parents.get(queue.popleft(), ())):
                if sup not in seen:
                    seen.add(sup)
                    order.append(sup)
                    queue.append(sup)
        return order

    def depth(self, cls_) -> int:
        return len(self.ancestors(cls_))


def classify(schema: Schema, types: Iterable) -> tuple[str, str | None]:
    """(kind, most specific class IRI) from a node's rdf:types."""
    types = [t for t in types if isinstance(t, URIRef) and t not in IGNORED_TYPES]
    if not types:
        return "other", None
    if any(t in PROV_TYPES for t in types):
        return "citation", str(sorted(types)[0])
    own = [t for t in types if str(t).startswith(str(AIREG))]
    pool = own or types
    # Most specific: the one with most ancestors; ties broken by name for stable output.
    best = sorted(pool, key=lambda t: (-schema.depth(t), str(t)))[0]
    for anc in schema.ancestors(best):
        if str(anc).startswith(str(AIREG)) and local_name(anc) in kinds.ROOT_KINDS:
            return kinds.ROOT_KINDS[local_name(anc)], str(best)
    for t in pool:
        for anc in schema.ancestors(t):
            if str(anc).startswith(str(AIREG)) and local_name(anc) in kinds.ROOT_KINDS:
                return kinds.ROOT_KINDS[local_name(anc)], str(best)
    for t in pool:  # typed only with published classes (an ELI legal resource)
        for anc in schema.ancestors(t):
            if anc in EXTERNAL_KINDS:
                return EXTERNAL_KINDS[anc], str(best)
    return kinds.kebab(local_name(best)), str(best)


def _literal_text(value) -> str:
    """Literal text that is the same on every store (Oxigraph writes 6.0 as 6)."""
    if isinstance(value, Literal):
        py = value.toPython()
        if isinstance(py, Decimal):
            return format(py.normalize(), "f")
        if isinstance(py, float) and py.is_integer() and abs(py) < 1e15:
            return str(int(py))
        return py.isoformat() if hasattr(py, "isoformat") else str(py if isinstance(py, (int, float)) else value)
    return short(value)


class _Builder:
    def __init__(self, rdf: Graph, lang: str, with_provenance: bool):
        if lang not in LANGS:
            raise InputError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")
        self.rdf = rdf
        self.lang = lang
        self.with_provenance = with_provenance
        self.schema = Schema.of(rdf)
        self.vocab = Vocab(rdf)
        self._pred_labels: dict = {}
        self._terms: dict = {}  # node key -> RDF term

    # -- which subjects are instances -------------------------------------------------
    def instances(self) -> dict:
        """IRI/bnode -> list of types, for every subject that is data, not schema."""
        found: dict = {}
        for s, t in self.rdf.subject_objects(RDF.type):
            if s in self.schema.meta_subjects or t in META_TYPES or str(t).startswith(SH):
                continue
            if isinstance(s, URIRef) and str(s).startswith(str(AIREG)):
                continue
            found.setdefault(s, []).append(t)
        for s in set(self.rdf.subjects()):
            if isinstance(s, URIRef) and str(s).startswith(str(ID)) and s not in found \
                    and s not in self.schema.meta_subjects:
                found[s] = []
        return found

    def pred_labels(self, pred) -> dict:
        if pred not in self._pred_labels:
            labels = labels_of(self.rdf, pred)
            known_en, known_zh = KNOWN_PREDICATES.get(pred, (None, None))
            name = humanise(local_name(pred))
            self._pred_labels[pred] = {
                "en": labels["en"] or labels["any"] or known_en or name,
                "zh": labels["zh"] or known_zh or labels["en"] or labels["any"] or name,
            }
        return self._pred_labels[pred]

    # -- folded attributes --------------------------------------------------------------
    def citation_text(self, node) -> str | None:
        cits = {o for p in self.vocab.citations for o in self.rdf.objects(node, p) if not isinstance(o, Literal)}
        cits = {c for c in cits if (c, RDF.type, None) in self.rdf and any(
            t in PROV_TYPES for t in self.rdf.objects(c, RDF.type))} or set(self.rdf.objects(node, AIREG.citation))
        # Sorted by text: citations are blank nodes, whose ids differ between stores and runs.
        parts = sorted({self._one_citation(cit) for cit in cits})
        return " | ".join(p for p in parts if p) or None

    def _one_citation(self, cit) -> str:
        rdf, bits = self.rdf, []
        sources = list(rdf.objects(cit, OA.hasSource)) or list(rdf.objects(cit, DCTERMS.source))
        for src in sources:
            lab = labels_of(rdf, src, self.vocab.labels)
            bits.append(textwrap.shorten(choose_label(lab, self.lang, local_name(src)), 80, placeholder="…"))
        detail_nodes = [cit] + list(rdf.objects(cit, OA.hasSelector)) + list(rdf.objects(cit, OA.refinedBy))
        found: dict[str, list[str]] = {"page": [], "footnote": [], "locator": [], "exact": []}
        for d in detail_nodes:
            for p, o in rdf.predicate_objects(d):
                name = local_name(p).lower()
                if isinstance(o, Literal):
                    for key in found:
                        if key in name:
                            found[key].append(" ".join(str(o).split()))
        for key, prefix in (("page", "p. "), ("footnote", "fn. "), ("locator", "")):
            bits += [prefix + v for v in sorted(set(found[key]))]
        for q in sorted(set(found["exact"])):
            bits.append("\u201c" + textwrap.shorten(q, 200, placeholder="…") + "\u201d")
        return ", ".join(bits) if bits else local_name(cit)

    def first_date(self, node) -> str | None:
        for pred in self.vocab.dates:
            values = sorted(_literal_text(v) for v in self.rdf.objects(node, pred) if isinstance(v, Literal))
            if values:
                return values[0][:10] if len(values[0]) >= 10 and values[0][4] == "-" else values[0]
        return None

    def jurisdiction(self, node) -> str | None:
        for pred in self.vocab.jurisdictions:
            values = sorted(self.rdf.objects(node, pred), key=str)
            if values:
                v = values[0]
                return str(v) if isinstance(v, Literal) else local_name(v)
        return None

    # -- the graph ------------------------------------------------------------------------
    def build(self) -> nx.MultiDiGraph:
        G = nx.MultiDiGraph(lang=self.lang, with_provenance=self.with_provenance)
        instances = self.instances()
        for node, types in sorted(instances.items(), key=lambda kv: str(kv[0])):
            kind, cls = classify(self.schema, types)
            if kind == "citation" and not self.with_provenance:
                continue
            self._add_node(G, node, kind, cls, types)
        for node in list(G.nodes):
            self._add_edges(G, self._term(node), instances)
        if not self.with_provenance:
            # Sources are reached through citations: without those they would float alone.
            for n in [n for n, k in G.nodes(data="kind") if k == "source" and G.degree(n) == 0]:
                G.remove_node(n)
        self._inherit_jurisdiction(G)
        return G

    def _term(self, key: str):
        return self._terms[key]

    def _key(self, node) -> str:
        key = str(node) if isinstance(node, URIRef) else "_:" + str(node)
        self._terms[key] = node
        return key

    def _add_node(self, G, node, kind, cls, types):
        rdf = self.rdf
        labels = labels_of(rdf, node, self.vocab.labels)
        name = local_name(node) if isinstance(node, URIRef) else "_:" + str(node)
        alts = sorted({str(v) for p in self.vocab.alt_labels for v in rdf.objects(node, p) if isinstance(v, Literal)})
        comments = labels_of(rdf, node, self.vocab.comments)
        props = {}
        for p, o in rdf.predicate_objects(node):
            if isinstance(o, Literal) and p not in self.vocab.folded:
                props.setdefault(self.pred_labels(p)["en"], []).append(_literal_text(o))
        attrs = {
            "label": choose_label(labels, self.lang, name),
            "label_en": choose_label(labels, "en", name),
            "label_zh": choose_label(labels, "zh", name),
            "kind": kind,
            "type": local_name(cls) if cls else "",
            "types": sorted(local_name(t) for t in types if t not in IGNORED_TYPES),
            "curie": short(node) if isinstance(node, URIRef) else name,
            "identifiers": alts,
            "comment": choose_label(comments, self.lang, "") if comments["any"] or comments["en"] or comments["zh"] else "",
            "jurisdiction": self.jurisdiction(node) or "",
            "date": self.first_date(node) or "",
            "citation": self.citation_text(node) or "",
            "properties": {k: "; ".join(sorted(v)) for k, v in sorted(props.items())},
        }
        G.add_node(self._key(node), **attrs)

    def _add_edges(self, G, node, instances):
        src = self._key(node)
        for p, o in sorted(self.rdf.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
            if isinstance(o, Literal):
                continue
            if p in self.vocab.folded and not (self.with_provenance and p == RDF.type):
                continue
            if p in self.vocab.citations and not self.with_provenance:
                continue
            if p == RDF.type:
                if o in IGNORED_TYPES:
                    continue
                self._ensure_class_node(G, o)
            dst = str(o) if isinstance(o, URIRef) else "_:" + str(o)
            if dst not in G:
                # Vocabulary values (a status, a stage, a unit) become hover details, not hubs.
                concept = labels_of(self.rdf, o)
                if concept["en"] or concept["zh"] or concept["any"]:
                    props = G.nodes[src]["properties"]
                    name = self.pred_labels(p)["en"]
                    value = choose_label(concept, self.lang, local_name(o))
                    props[name] = "; ".join(sorted(filter(None, {props.get(name), value})))
                if not self.with_provenance or o in self.schema.meta_subjects and p != RDF.type:
                    continue
                self._add_node(G, o, "other", None, [])
            labels = self.pred_labels(p)
            G.add_edge(src, dst, key=short(p), predicate=str(p),
                       label=labels[self.lang], label_en=labels["en"], label_zh=labels["zh"])

    def _ensure_class_node(self, G, cls):
        key = str(cls)
        if key not in G:
            self._add_node(G, cls, "class", None, [])
            G.nodes[key]["type"] = "Class"

    def _inherit_jurisdiction(self, G):
        """A version, provision or norm belongs where its instrument does; an event where its host is."""
        parents = {str(p) for p in self.vocab.parents} | {str(AIREG.host)}
        changed = True
        while changed:
            changed = False
            for u, v, data in G.edges(data=True):
                if data["predicate"] in parents and not G.nodes[u]["jurisdiction"] and G.nodes[v]["jurisdiction"]:
                    G.nodes[u]["jurisdiction"] = G.nodes[v]["jurisdiction"]
                    changed = True


def build_graph(rdf: Graph, lang: str = "en", with_provenance: bool = False) -> nx.MultiDiGraph:
    """The whole instance graph of ``rdf`` as a networkx MultiDiGraph keyed by IRI."""
    return _Builder(rdf, lang, with_provenance).build()


# -- views ----------------------------------------------------------------------------------


def expand_id(ident: str, rdf: Graph | None = None) -> str:
    """``eo-14110``, ``id:eo-14110`` or a full IRI -> the full IRI."""
    text = ident.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    if "://" in text or text.startswith("urn:"):
        return text
    if ":" in text:
        prefix, rest = text.split(":", 1)
        if prefix in PREFIXES:
            return str(PREFIXES[prefix]) + rest
        if rdf is not None:
            for p, ns in rdf.namespaces():
                if p == prefix:
                    return str(ns) + rest
        if prefix == "_":
            return text
    return str(ID) + text


def resolve(G: nx.MultiDiGraph, ident: str, wanted: set[str] | None, what: str) -> str:
    """The node key for ``ident``, or an InputError naming close candidates."""
    if not ident:
        raise InputError(f"the view needs an identifier, e.g. {what}:eo-14110")
    iri = expand_id(ident)
    candidates = [n for n, k in G.nodes(data="kind") if wanted is None or k in wanted]
    if iri not in G:
        by_name = {local_name(n).lower(): n for n in candidates}
        if ident.lower() in by_name:
            iri = by_name[ident.lower()]
    if iri in G and (wanted is None or G.nodes[iri]["kind"] in wanted):
        return iri
    names = sorted(local_name(n) for n in candidates)
    close = difflib.get_close_matches(local_name(iri), names, n=5, cutoff=0.4) or names[:8]
    if iri in G:
        raise InputError(
            f"{ident!r} is of kind {G.nodes[iri]['kind']}, not {what}; try one of: " + ", ".join(close)
        )
    hint = ("; known: " + ", ".join(close)) if close else ""
    raise InputError(f"unknown {what} {ident!r}{hint}")


def neighbourhood(G: nx.MultiDiGraph, seeds: Iterable[str], depth: int | None,
                  through: set[str] | None = None) -> set[str]:
    """Nodes within ``depth`` hops of ``seeds`` in either direction (optionally only via kinds)."""
    seen = {s: 0 for s in seeds}
    queue = deque(seen)
    while queue:
        n = queue.popleft()
        if depth is not None and seen[n] >= depth:
            continue
        for m in list(G.successors(n)) + list(G.predecessors(n)):
            if m in seen:
                continue
            if through is not None and G.nodes[m]["kind"] not in through:
                continue
            seen[m] = seen[n] + 1
            queue.append(m)
    return set(seen)


BASIS_PREDICATES = {str(ELI.based_on), str(AIREG.hasLegalBasis), str(AIREG.supplements), str(AIREG.legalBasis)}
PART_PREDICATES = {str(ELI.is_part_of), str(DCTERMS.isPartOf), str(AIREG.partOf)}


def legal_bases(G: nx.MultiDiGraph) -> set[str]:
    """Nodes that empower something, the instruments they are part of, and legal-basis nodes."""
    found = {n for n, k in G.nodes(data="kind") if k == "legal-basis"}
    found |= {v for _, v, p in G.edges(data="predicate") if p in BASIS_PREDICATES}
    todo = list(found)
    while todo:
        n = todo.pop()
        for _, whole, p in G.out_edges(n, data="predicate"):
            if p in PART_PREDICATES and whole not in found:
                found.add(whole)
                todo.append(whole)
    return found


def legal_basis_chain(G: nx.MultiDiGraph, focus: str, depth: int | None) -> set[str]:
    """The basis, its parts, what rests on them (up to ``depth`` links), and what empowers it."""
    base = {focus}
    todo = [focus]
    while todo:  # the statute's sections count as the statute
        n = todo.pop()
        for part, _, p in G.in_edges(n, data="predicate"):
            if p in PART_PREDICATES and part not in base:
                base.add(part)
                todo.append(part)
    keep = set(base)
    frontier, level = set(base), 0
    while frontier and (depth is None or level < depth):
        nxt = set()
        for n in frontier:
            for dep, _, p in G.in_edges(n, data="predicate"):
                if p in BASIS_PREDICATES and dep not in keep:
                    nxt.add(dep)
        keep |= nxt
        frontier, level = nxt, level + 1
    for n in list(base):  # what the basis itself rests on
        keep |= {v for _, v, p in G.out_edges(n, data="predicate") if p in BASIS_PREDICATES}
    for n in list(keep):  # the instrument each dependent provision or norm belongs to
        keep |= {v for _, v, p in G.out_edges(n, data="predicate")
                 if p in PART_PREDICATES or p == str(AIREG.imposedBy)}
    return keep


def parse_view(view: str) -> tuple[str, str]:
    name, _, ident = view.partition(":")
    name = name.strip()
    if name not in DEFAULT_DEPTH:
        raise InputError(f"unknown view {view!r}; use one of: {', '.join(VIEWS)}")
    if name in ("all", "actors") and ident:
        raise InputError(f"view {name!r} takes no identifier")
    return name, ident.strip()


def select(G: nx.MultiDiGraph, view: str = "all", depth: int | None = None) -> nx.MultiDiGraph:
    """Cut ``view`` out of the full graph; the result's graph attributes say which view."""
    name, ident = parse_view(view)
    if depth is not None and depth < 0:
        raise InputError(f"--depth must be 0 or more, not {depth}")
    radius = depth if depth is not None else DEFAULT_DEPTH[name]
    focus = None
    if name == "all":
        keep = set(G.nodes)  # --depth has no centre to count from here
    elif name == "instrument":
        focus = resolve(G, ident, {"instrument"}, "instrument")
        keep = neighbourhood(G, [focus], radius)
    elif name == "legal-basis":
        allowed = legal_bases(G)
        focus = resolve(G.subgraph(allowed), ident, None, "legal basis") if allowed else resolve(
            G, ident, {"legal-basis"}, "legal basis")
        keep = legal_basis_chain(G, focus, radius)
    elif name == "actors":
        seeds = [n for n, k in G.nodes(data="kind") if k in ("actor", "role")]
        if not seeds:
            raise InputError("the graph has no actors or roles to show")
        keep = neighbourhood(G, seeds, radius)
    else:  # versions
        focus = resolve(G, ident, {"instrument"}, "instrument")
        keep = neighbourhood(G, [focus], radius, through={"instrument", "version", "event"})
    out = G.subgraph(keep).copy()
    out.graph.update(view=view, focus=focus or "", depth=radius if radius is not None else -1)
    return out


def build_view(rdf: Graph, view: str = "all", depth: int | None = None, lang: str = "en",
               with_provenance: bool = False) -> nx.MultiDiGraph:
    """``build_graph`` then ``select``: the graph a format writer receives."""
    parse_view(view)  # fail fast on a bad view before the graph is built
    return select(build_graph(rdf, lang=lang, with_provenance=with_provenance), view, depth)
