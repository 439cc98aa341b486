"""From the RDF graph to the networkx instance graph every export format draws.

RDF carries schema and bookkeeping (types, axioms, labels, citations) that a
picture should not draw: the builder folds them into node attributes (label in
both languages, kind, jurisdiction, date, citation) and keeps as edges only the
relations between instances.
"""

from __future__ import annotations

import textwrap

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from aireg.errors import InputError
from aireg.export import LANGS, kinds
from aireg.export.labels import (
    KNOWN_PREDICATES,
    Vocab,
    choose_label,
    humanise,
    is_lang,
    labels_of,
    literal_text,
    local_name,
    short,
)
from aireg.export.schema import CITATION_KIND, IGNORED_TYPES, META_TYPES, PROV_TYPES, SH, Schema, classify
from aireg.namespaces import AIREG, ID, OA


class _Builder:
    """One build of the instance graph: the RDF graph, the language of the labels, whether citations are drawn."""

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
            values = sorted(literal_text(v) for v in self.rdf.objects(node, pred) if isinstance(v, Literal))
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
                props.setdefault(self.pred_labels(p)["en"], []).append(literal_text(o))
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
            mine = [v for v in values if v.language and is_lang(v, lang)]
            plain = [v for v in values if not v.language]
            chosen = mine + plain or values
            out[self.pred_labels(p)[lang]] = "; ".join(sorted(literal_text(v) for v in chosen))
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
