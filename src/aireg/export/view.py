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
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from aireg.errors import InputError
from aireg.export import LANGS, VIEWS, kinds
from aireg.namespaces import AIREG, ELI, ID, OA, ODRL, PREFIXES

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
# Types that carry no meaning for the picture.
IGNORED_TYPES = {OWL.NamedIndividual, OWL.Thing, RDFS.Resource}

# Citation machinery (besides the ontology's citation kind): drawn only on request.
PROV_TYPES = {OA.SpecificResource, OA.TextQuoteSelector}
CITATION_KIND = "citation"
CITATION_PREDICATES = {AIREG.citation}

# The roles of predicates, named by the published terms; the ontology's own
# properties join them through rdfs:subPropertyOf (see Vocab).
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
    classes: set  # everything declared or used as a class

    @classmethod
    def of(cls, rdf: Graph) -> Schema:
        parents: dict = {}
        for sub, sup in rdf.subject_objects(RDFS.subClassOf):
            if isinstance(sup, URIRef):
                parents.setdefault(sub, set()).add(sup)
        classes = set(parents) | {o for s in parents.values() for o in s}
        classes |= set(rdf.subjects(RDF.type, OWL.Class)) | set(rdf.subjects(RDF.type, RDFS.Class))
        meta = set(classes)
        for t in META_TYPES:
            meta.update(rdf.subjects(RDF.type, t))
        for pred in (RDFS.subPropertyOf, RDFS.domain, RDFS.range):
            meta.update(rdf.subjects(pred, None))
        return cls(parents, meta, classes)

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

    def own_roots(self, cls_) -> list:
        """The aireg: classes above ``cls_`` (itself included) that have no aireg: superclass."""
        own = [a for a in self.ancestors(cls_) if str(a).startswith(str(AIREG))]
        return [a for a in own if not any(str(p).startswith(str(AIREG)) for p in self.parents.get(a, ()))]

    def kind_of(self, cls_) -> str | None:
        """The kind of an instance of ``cls_``: its aireg: root class, kebab-cased (Obligation -> norm).

        A class of another vocabulary (eli:LegalResource) takes the kind of the nearest
        aireg: class below it (aireg:BindingInstrument ⊑ eli:LegalResource: instrument;
        aireg:AdoptedVersion ⊑ eli:LegalResource too, and a tie goes to the first kind by name).
        """
        roots = self.own_roots(cls_)
        if roots:
            return kinds.kebab(local_name(sorted(roots, key=str)[0]))
        best = None  # (steps up to cls_, kind): the nearest, ties to the kind first by name
        for sub in self.parents:
            if not str(sub).startswith(str(AIREG)):
                continue
            ancestors = self.ancestors(sub)
            if cls_ in ancestors:
                rank = (ancestors.index(cls_), self.kind_of(sub) or "")
                if best is None or rank < best:
                    best = rank
        return best[1] if best else None

    def kind_labels(self, rdf: Graph, kind: str) -> dict[str, str]:
        """The English and Chinese labels of a kind: its root class's rdfs:label in the ontology."""
        for cls_ in self.classes:
            if kinds.kebab(local_name(cls_)) == kind and str(cls_).startswith(str(AIREG)):
                lab = labels_of(rdf, cls_)
                return {"en": lab["en"] or kind, "zh": lab["zh"] or lab["en"] or kind}
        return {"en": kind, "zh": kinds.OTHER_LABELS.get(kind, kind)}


def classify(schema: Schema, types: Iterable) -> tuple[str, str | None]:
    """(kind, most specific class IRI) from a node's rdf:types; the kind comes from the ontology."""
    types = [t for t in types if isinstance(t, URIRef) and t not in IGNORED_TYPES]
    if not types:
        return "other", None
    own = [t for t in types if str(t).startswith(str(AIREG))]
    pool = own or types
    # Most specific: the one with most ancestors; ties broken by name for stable output.
    best = sorted(pool, key=lambda t: (-schema.depth(t), str(t)))[0]
    for t in [best, *sorted(pool, key=str)]:
        kind = schema.kind_of(t)
        if kind:
            return kind, str(best)
    if any(t in PROV_TYPES for t in types):
        return CITATION_KIND, str(best)
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
        sources = list(rdf.objects(cit, OA.hasSource))
        for src in sources:
            lab = labels_of(rdf, src, self.vocab.labels)
            bits.append(textwrap.shorten(choose_label(lab, self.lang, local_name(src)), 80, placeholder="…"))
        detail_nodes = [cit] + list(rdf.objects(cit, OA.hasSelector))
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
            if kind == CITATION_KIND and not self.with_provenance:
                continue
            self._add_node(G, node, kind, cls, types)
        for node in list(G.nodes):
            self._add_edges(G, self._term(node), instances)
        if not self.with_provenance:
            # Sources are reached through citations: without those they would float alone.
            for n in [n for n, k in G.nodes(data="kind") if k == kinds.SOURCE and G.degree(n) == 0]:
                G.remove_node(n)
        self._inherit_jurisdiction(G)
        G.graph["kinds"] = {k: self.schema.kind_labels(self.rdf, k)
                            for k in sorted({k for _, k in G.nodes(data="kind")})}
        G.graph["jurisdictions"] = self.jurisdiction_names({j for _, j in G.nodes(data="jurisdiction") if j})
        return G

    def jurisdiction_names(self, codes: set[str]) -> dict[str, dict[str, str]]:
        """Code (``US``) -> {"en", "zh"}: the state or union whose jurisdiction it is (美國, 歐盟), else the code."""
        names: dict[str, dict[str, str]] = {}
        for pred in self.vocab.jurisdictions:  # a jurisdiction with its own label (loc:US-CA 加州)
            for j in set(self.rdf.objects(None, pred)):
                code = str(j) if isinstance(j, Literal) else local_name(j)
                lab = labels_of(self.rdf, j, self.vocab.labels) if not isinstance(j, Literal) else None
                if code in codes and lab and (lab["en"] or lab["zh"]):
                    names[code] = {"en": choose_label(lab, "en", code), "zh": choose_label(lab, "zh", code)}
        for cls in (AIREG.State, AIREG.SupranationalOrganisation):
            for holder in sorted(self.rdf.subjects(RDF.type, cls), key=str):
                for pred in self.vocab.jurisdictions:
                    for j in self.rdf.objects(holder, pred):
                        code = str(j) if isinstance(j, Literal) else local_name(j)
                        if code in codes and code not in names:
                            lab = labels_of(self.rdf, holder, self.vocab.labels)
                            names[code] = {"en": choose_label(lab, "en", code), "zh": choose_label(lab, "zh", code)}
        return {c: names.get(c, {"en": c, "zh": c}) for c in sorted(codes)}

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
        by_pred: dict = {}
        for p, o in rdf.predicate_objects(node):
            if isinstance(o, Literal) and p not in self.vocab.folded:
                props.setdefault(self.pred_labels(p)["en"], []).append(_literal_text(o))
                by_pred.setdefault(p, []).append(o)
        type_labels = labels_of(rdf, URIRef(cls)) if cls else {"en": None, "zh": None, "any": None}
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
            # for pages that switch language: names and values in each language
            "type_en": choose_label(type_labels, "en", local_name(cls) if cls else ""),
            "type_zh": choose_label(type_labels, "zh", local_name(cls) if cls else ""),
            "comment_en": choose_label(comments, "en", "") if any(comments.values()) else "",
            "comment_zh": choose_label(comments, "zh", "") if any(comments.values()) else "",
            "properties_en": self._props_in(by_pred, "en"),
            "properties_zh": self._props_in(by_pred, "zh"),
        }
        G.add_node(self._key(node), **attrs)

    def _props_in(self, by_pred: dict, lang: str) -> dict[str, str]:
        """Literal properties named in ``lang``, with the values in ``lang`` where the graph has them."""
        out = {}
        for p, values in by_pred.items():
            mine = [v for v in values if v.language and _is_lang(v, lang)]
            plain = [v for v in values if not v.language]
            chosen = mine + plain or values
            out[self.pred_labels(p)[lang]] = "; ".join(sorted(_literal_text(v) for v in chosen))
        return dict(sorted(out.items()))

    def _add_edges(self, G, node, instances):
        src = self._key(node)
        for p, o in sorted(self.rdf.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
            if isinstance(o, Literal):
                continue
            if p in self.vocab.citations:  # drawn only on request (folded into `citation` otherwise)
                if not self.with_provenance:
                    continue
            elif p in self.vocab.folded and not (self.with_provenance and p == RDF.type):
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
                    for lang in ("en", "zh"):
                        named = G.nodes[src]["properties_" + lang]
                        key, val = self.pred_labels(p)[lang], choose_label(concept, lang, local_name(o))
                        named[key] = "; ".join(sorted(filter(None, {named.get(key), val})))
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


def resolve(G: nx.MultiDiGraph, ident: str, wanted: set[str] | None, what: str,
            suggest: list[str] | None = None) -> str:
    """The node key for ``ident``, or an InputError listing the real ids, closest first.

    ``suggest`` narrows the ids listed (e.g. the instruments that take part in
    legal bases); by default every node of the wanted kinds.
    """
    if not ident:
        raise InputError(f"the view needs an identifier, e.g. {what.split()[0]}:eo-14110")
    iri = expand_id(ident)
    candidates = [n for n, k in G.nodes(data="kind") if wanted is None or k in wanted]
    if iri not in G:
        by_name = {local_name(n).lower(): n for n in candidates}
        if ident.lower() in by_name:
            iri = by_name[ident.lower()]
    if iri in G and (wanted is None or G.nodes[iri]["kind"] in wanted):
        return iri
    names = sorted({local_name(n) for n in (suggest if suggest is not None else
                                            [c for c in candidates if G.nodes[c]["kind"] == INSTRUMENT]
                                            or candidates)})
    close = difflib.get_close_matches(local_name(iri), names, n=3, cutoff=0.5)
    listed = close + [n for n in names if n not in close]
    more = f" (and {len(listed) - 12} more)" if len(listed) > 12 else ""
    known = ", ".join(listed[:12]) + more
    if iri in G:
        raise InputError(f"{ident!r} is of kind {G.nodes[iri]['kind']}, not {what}; known: {known}")
    raise InputError(f"unknown {what} {ident!r}; known: {known}" if known else f"unknown {what} {ident!r}")


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


# Legal bases: aireg:hasLegalBasis (⊑ eli:based_on) and aireg:supplements.
BASIS_PREDICATES = {str(ELI.based_on), str(AIREG.hasLegalBasis), str(AIREG.supplements)}
PART_PREDICATES = {str(ELI.is_part_of), str(AIREG.partOf)}
# What belongs to an instrument: its provisions, the norms they impose, the delegations it makes.
OWN_PREDICATES = PART_PREDICATES | {str(AIREG.imposedBy), str(AIREG.delegatedBy)}
# What a norm's content reaches: its trigger, and the members of a condition group.
CONTENT_PREDICATES = {str(AIREG.hasTrigger), str(AIREG.member)}
INSTRUMENT = "instrument"
VERSION = "instrument-version"


def members(G: nx.MultiDiGraph, focus: str) -> dict[str, str | None]:
    """``focus`` and what belongs to it (parts, norms, delegations), each with the node it belongs to."""
    found: dict[str, str | None] = {focus: None}
    todo = [focus]
    while todo:
        n = todo.pop()
        for m, _, p in G.in_edges(n, data="predicate"):
            if p in OWN_PREDICATES and m not in found:
                found[m] = n
                todo.append(m)
    return found


def _owners(G: nx.MultiDiGraph, n: str) -> set[str]:
    """``n`` and what it belongs to, up to its instrument (a norm's provision, a section's statute)."""
    found, todo = {n}, [n]
    while todo:
        for _, whole, p in G.out_edges(todo.pop(), data="predicate"):
            if p in OWN_PREDICATES and whole not in found:
                found.add(whole)
                todo.append(whole)
    return found


def _path_to(belongs: dict[str, str | None], n: str) -> set[str]:
    path = set()
    while n is not None and n not in path:
        path.add(n)
        n = belongs[n]
    return path


def takes_part_in_legal_bases(G: nx.MultiDiGraph) -> list[str]:
    """The instruments that rest on something or that something rests on (their parts count)."""
    ends = {n for u, v, p in G.edges(data="predicate") if p in BASIS_PREDICATES for n in (u, v)}
    found = {o for n in ends for o in _owners(G, n) if G.nodes[o]["kind"] == INSTRUMENT}
    return sorted(found, key=local_name)


def legal_basis_chain(G: nx.MultiDiGraph, focus: str, depth: int | None) -> set[str]:
    """What ``focus`` rests on, up to the code sections and their statutes, and what rests on it.

    Upwards: the legal bases of the instrument, of its provisions, norms and
    delegations, and of whatever they build on (``depth`` links); a code section
    brings the statute it is part of. Downwards: whatever rests on the instrument
    or one of its parts, with the instrument it belongs to (``depth`` links).
    """
    belongs = members(G, focus)
    keep = {focus}
    frontier = {m for m in belongs if any(p in BASIS_PREDICATES for _, _, p in G.out_edges(m, data="predicate"))}
    for m in frontier:
        keep |= _path_to(belongs, m)
    level = 0
    while frontier and (depth is None or level < depth):
        nxt = set()
        for n in frontier:
            for _, basis, p in G.out_edges(n, data="predicate"):
                if p in BASIS_PREDICATES and basis not in keep:
                    nxt |= _owners(G, basis)
        nxt -= keep
        keep |= nxt
        frontier, level = nxt, level + 1
    frontier, level = set(belongs), 0
    while frontier and (depth is None or level < depth):
        nxt = set()
        for n in frontier:
            for dependent, _, p in G.in_edges(n, data="predicate"):
                if p in BASIS_PREDICATES:
                    nxt |= _owners(G, dependent)
                    keep.add(n)
        nxt -= keep
        keep |= nxt
        frontier, level = nxt, level + 1
    return keep


def contents(G: nx.MultiDiGraph, focus: str, depth: int) -> set[str]:
    """An instrument's own structure, ``depth`` levels down: provisions (1), norms (2), triggers (3), members..."""
    seen = {focus: 0}
    queue = deque([focus])
    while queue:
        n = queue.popleft()
        if seen[n] >= depth:
            continue
        below = [m for m, _, p in G.in_edges(n, data="predicate") if p in OWN_PREDICATES]
        below += [m for _, m, p in G.out_edges(n, data="predicate") if p in CONTENT_PREDICATES]
        for m in below:
            if m not in seen:
                seen[m] = seen[n] + 1
                queue.append(m)
    return set(seen)


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
        focus = resolve(G, ident, {INSTRUMENT}, "instrument")
        # its neighbours, and its own structure down to --depth levels (norms at 2, thresholds from 4)
        keep = neighbourhood(G, [focus], min(radius, 1)) | contents(G, focus, radius)
    elif name == "legal-basis":
        focus = resolve(G, ident, {INSTRUMENT, "provision"}, "legal basis",
                        suggest=takes_part_in_legal_bases(G))
        keep = legal_basis_chain(G, focus, radius)
    elif name == "actors":
        seeds = [n for n, k in G.nodes(data="kind") if k in ("actor", "role")]
        if not seeds:
            raise InputError("the graph has no actors or roles to show")
        keep = neighbourhood(G, seeds, radius)
    else:  # versions
        focus = resolve(G, ident, {INSTRUMENT}, "instrument")
        keep = neighbourhood(G, [focus], radius, through={INSTRUMENT, VERSION, "event"})
    out = G.subgraph(keep).copy()
    out.graph.update(view=view, focus=focus or "", depth=radius if radius is not None else -1)
    return out


def build_view(rdf: Graph, view: str = "all", depth: int | None = None, lang: str = "en",
               with_provenance: bool = False) -> nx.MultiDiGraph:
    """``build_graph`` then ``select``: the graph a format writer receives."""
    parse_view(view)  # fail fast on a bad view before the graph is built
    return select(build_graph(rdf, lang=lang, with_provenance=with_provenance), view, depth)
