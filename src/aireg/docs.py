"""Reference documentation of the aireg ontology as one static HTML page.

Generated from ontology/aireg.ttl itself, so the page cannot drift from the
vocabulary: every class and property with its English and Chinese labels,
comments, super- and subterms, domains, ranges and alignments to published
vocabularies (ELI, PROV-O, ODRL, Web Annotation, DPV, AIRO, schema.org).
No script, no external stylesheet: the page opens offline. (pyLODE was tried;
its release does not run from an installed wheel.)
"""

from __future__ import annotations

import html
from collections import defaultdict
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, VANN

from aireg import atomic
from aireg.errors import InputError
from aireg.namespaces import AIREG, PREFIXES

ALIGNMENTS = (
    (OWL.equivalentClass, "equivalent class"),
    (OWL.equivalentProperty, "equivalent property"),
    (SKOS.exactMatch, "exact match"),
    (SKOS.closeMatch, "close match"),
    (SKOS.broadMatch, "broad match"),
    (SKOS.narrowMatch, "narrow match"),
    (SKOS.relatedMatch, "related match"),
)
PROPERTY_TYPES = (
    (OWL.ObjectProperty, "object property"),
    (OWL.DatatypeProperty, "datatype property"),
    (OWL.AnnotationProperty, "annotation property"),
    (RDF.Property, "property"),
)
CHARACTERISTICS = (
    (OWL.FunctionalProperty, "functional"),
    (OWL.InverseFunctionalProperty, "inverse functional"),
    (OWL.TransitiveProperty, "transitive"),
    (OWL.SymmetricProperty, "symmetric"),
)
TERM_TYPES = {OWL.Class, RDFS.Class, *(t for t, _ in PROPERTY_TYPES), *(t for t, _ in CHARACTERISTICS),
              OWL.Ontology, OWL.NamedIndividual, OWL.Restriction}

e = html.escape


def curie(term) -> str:
    text = str(term)
    best = max((p for p, ns in PREFIXES.items() if text.startswith(str(ns))),
               key=lambda p: len(str(PREFIXES[p])), default=None)
    return f"{best}:{text[len(str(PREFIXES[best])):]}" if best else text


def is_own(term) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(str(AIREG))


def anchor(term) -> str:
    return "t-" + str(term)[len(str(AIREG)):] if is_own(term) else ""


def texts(g: Graph, term, pred) -> dict[str, list[str]]:
    """Literal values of ``pred`` by language tag ('' for none)."""
    out: dict[str, list[str]] = defaultdict(list)
    for v in g.objects(term, pred):
        if isinstance(v, Literal):
            out[(v.language or "").lower()].append(str(v))
    return {k: sorted(v) for k, v in out.items()}


def first(d: dict, *langs: str) -> str:
    for lang in langs:
        for tag, values in d.items():
            if (tag == lang or tag.startswith(lang + "-")) and values:
                return values[0]
    return ""


class _Page:
    def __init__(self, g: Graph):
        self.g = g

    # -- naming and linking ---------------------------------------------------------------
    def name(self, term) -> str:
        """A term as HTML: a local link for our own, an outbound link with its CURIE otherwise."""
        if isinstance(term, BNode):
            return self.expression(term)
        if isinstance(term, Literal):
            return f"<code>{e(str(term))}</code>"
        if is_own(term):
            label = first(texts(self.g, term, RDFS.label), "en")
            tip = f' title="{e(label)}"' if label else ""
            return f'<a href="#{e(anchor(term))}"{tip}><code>{e(curie(term))}</code></a>'
        return f'<a class="ext" href="{e(str(term))}"><code>{e(curie(term))}</code></a>'

    def expression(self, node) -> str:
        """Class expressions (unions, restrictions) in words."""
        g = self.g
        for pred, word in ((OWL.unionOf, " or "), (OWL.intersectionOf, " and "), (OWL.oneOf, ", ")):
            lst = g.value(node, pred)
            if lst is not None:
                return "(" + word.join(self.name(m) for m in Collection(g, lst)) + ")"
        prop = g.value(node, OWL.onProperty)
        if prop is not None:
            for pred, word in ((OWL.someValuesFrom, "some"), (OWL.allValuesFrom, "only"), (OWL.hasValue, "value"),
                               (OWL.cardinality, "exactly"), (OWL.minCardinality, "min"),
                               (OWL.maxCardinality, "max"), (OWL.qualifiedCardinality, "exactly"),
                               (OWL.minQualifiedCardinality, "min"), (OWL.maxQualifiedCardinality, "max")):
                val = g.value(node, pred)
                if val is not None:
                    extra = g.value(node, OWL.onClass)
                    tail = " " + self.name(extra) if extra is not None else ""
                    return f"{self.name(prop)} {word} {self.name(val)}{tail}"
        comp = g.value(node, OWL.complementOf)
        if comp is not None:
            return "not " + self.name(comp)
        return "<em>(anonymous)</em>"

    def names(self, terms) -> str:
        terms = sorted(set(terms), key=lambda t: (isinstance(t, BNode), curie(t)))
        return ", ".join(self.name(t) for t in terms)

    # -- term lists -----------------------------------------------------------------------
    def classes(self) -> list:
        g = self.g
        found = {s for t in (OWL.Class, RDFS.Class) for s in g.subjects(RDF.type, t)}
        return sorted((c for c in found if is_own(c)), key=str)

    def properties(self) -> dict[str, list]:
        g, out, seen = self.g, {}, set()
        for t, title in PROPERTY_TYPES:
            terms = sorted((p for p in g.subjects(RDF.type, t) if is_own(p) and p not in seen), key=str)
            seen.update(terms)
            out[title] = terms
        return out

    def individuals(self) -> list:
        g, out = self.g, []
        for s, t in g.subject_objects(RDF.type):
            if is_own(s) and (t not in TERM_TYPES or t == OWL.NamedIndividual):
                out.append(s)
        classes = set(self.classes())
        props = {p for ps in self.properties().values() for p in ps}
        return sorted({s for s in out if s not in classes and s not in props}, key=str)

    # -- pieces ---------------------------------------------------------------------------
    def labels_block(self, term) -> str:
        g = self.g
        labels = texts(g, term, RDFS.label)
        comments = texts(g, term, RDFS.comment) or texts(g, term, SKOS.definition)
        rows = []
        en, zh = first(labels, "en", ""), first(labels, "zh")
        rows.append(("label (en)", e(en) if en else "<em>none</em>"))
        rows.append(("標籤 (zh-Hant)", f'<span lang="zh-Hant">{e(zh)}</span>' if zh else "<em>none</em>"))
        for tag in sorted(comments):
            for text in comments[tag]:
                lang = f' lang="{e(tag)}"' if tag else ""
                rows.append((f"comment{' (' + tag + ')' if tag else ''}", f"<span{lang}>{e(text)}</span>"))
        for pred, title in ((SKOS.scopeNote, "scope note"), (SKOS.example, "example"), (SKOS.editorialNote, "editorial note")):
            for _tag, values in sorted(texts(g, term, pred).items()):
                for text in values:
                    rows.append((title, e(text)))
        return rows

    def alignment_rows(self, term) -> list[tuple[str, str]]:
        g, rows = self.g, []
        for pred, title in ((RDFS.subClassOf, "subclass of"), (RDFS.subPropertyOf, "subproperty of")):
            ext = [o for o in g.objects(term, pred) if isinstance(o, URIRef) and not is_own(o)]
            if ext:
                rows.append((title + " (external)", self.names(ext)))
        for pred, title in ALIGNMENTS:
            objs = list(g.objects(term, pred))
            if objs:
                rows.append((title, self.names(objs)))
        return rows

    def term_card(self, term, kind: str, rows: list[tuple[str, str]]) -> str:
        g = self.g
        en = first(texts(g, term, RDFS.label), "en", "")
        zh = first(texts(g, term, RDFS.label), "zh")
        head = (f'<h3><code>{e(curie(term))}</code> <span class="kind">{e(kind)}</span>'
                f'<span class="labels">{e(en)}{" · " if en and zh else ""}<span lang="zh-Hant">{e(zh)}</span></span></h3>')
        body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in
                       [("IRI", f"<code>{e(str(term))}</code>")] + self.labels_block(term) + rows)
        return f'<section class="term" id="{e(anchor(term))}">{head}<table>{body}</table></section>'

    def class_card(self, cls) -> str:
        g = self.g
        rows = []
        own_sup = [o for o in g.objects(cls, RDFS.subClassOf) if is_own(o) or isinstance(o, BNode)]
        if own_sup:
            rows.append(("superclasses", self.names(own_sup)))
        subs = [s for s in g.subjects(RDFS.subClassOf, cls) if is_own(s)]
        if subs:
            rows.append(("subclasses", self.names(subs)))
        in_domain = [p for p in g.subjects(RDFS.domain, cls) if is_own(p)]
        if in_domain:
            rows.append(("properties (domain)", self.names(in_domain)))
        in_range = [p for p in g.subjects(RDFS.range, cls) if is_own(p)]
        if in_range:
            rows.append(("used as range of", self.names(in_range)))
        members = [s for s in g.subjects(RDF.type, cls) if is_own(s)]
        if members:
            rows.append(("instances", self.names(members)))
        disjoint = list(g.objects(cls, OWL.disjointWith))
        if disjoint:
            rows.append(("disjoint with", self.names(disjoint)))
        rows += self.alignment_rows(cls)
        return self.term_card(cls, "class", rows)

    def property_card(self, prop, title: str) -> str:
        g = self.g
        rows = []
        chars = [word for t, word in CHARACTERISTICS if (prop, RDF.type, t) in g]
        if chars:
            rows.append(("characteristics", e(", ".join(chars))))
        own_sup = [o for o in g.objects(prop, RDFS.subPropertyOf) if is_own(o)]
        if own_sup:
            rows.append(("superproperties", self.names(own_sup)))
        subs = [s for s in g.subjects(RDFS.subPropertyOf, prop) if is_own(s)]
        if subs:
            rows.append(("subproperties", self.names(subs)))
        for pred, label in ((RDFS.domain, "domain"), (RDFS.range, "range"), (OWL.inverseOf, "inverse of")):
            objs = list(g.objects(prop, pred))
            if objs:
                rows.append((label, self.names(objs)))
        rows += self.alignment_rows(prop)
        return self.term_card(prop, title, rows)

    def individual_card(self, ind) -> str:
        types = [t for t in self.g.objects(ind, RDF.type) if t != OWL.NamedIndividual]
        return self.term_card(ind, "individual", [("type", self.names(types))] + self.alignment_rows(ind))

    def hierarchy(self, classes: list) -> str:
        """The aireg class tree (own superclasses only), roots first."""
        g = self.g
        own = set(classes)
        children = defaultdict(list)
        roots = []
        for c in classes:
            parents = [p for p in g.objects(c, RDFS.subClassOf) if p in own]
            if parents:
                for p in parents:
                    children[p].append(c)
            else:
                roots.append(c)

        def branch(c, seen) -> str:
            if c in seen:
                return ""
            kids = sorted(children.get(c, []), key=str)
            inner = "".join(branch(k, seen | {c}) for k in kids)
            en, zh = first(texts(g, c, RDFS.label), "en", ""), first(texts(g, c, RDFS.label), "zh")
            zh_html = f' {e(en)} <span class="zh" lang="zh-Hant">{e(zh)}</span>'
            return f"<li>{self.name(c)}{zh_html}{'<ul>' + inner + '</ul>' if inner else ''}</li>"

        return "<ul class=\"tree\">" + "".join(branch(r, set()) for r in sorted(roots, key=str)) + "</ul>"

    def alignment_table(self, terms) -> str:
        rows = []
        for t in terms:
            for rel, objs in self.alignment_rows(t):
                rows.append(f"<tr><td>{self.name(t)}</td><td>{e(rel)}</td><td>{objs}</td></tr>")
        if not rows:
            return "<p>No alignments.</p>"
        return ("<table class=\"align\"><tr><th>aireg term</th><th>relation</th><th>external term</th></tr>"
                + "".join(rows) + "</table>")

    def toc(self, title: str, terms) -> str:
        if not terms:
            return ""
        return (f"<h3>{e(title)} ({len(terms)})</h3><p class=\"toc\">"
                + " ".join(self.name(t) for t in terms) + "</p>")

    # -- the page -------------------------------------------------------------------------
    def render(self) -> str:
        g = self.g
        onto = next(iter(sorted(g.subjects(RDF.type, OWL.Ontology), key=str)), None)
        title_en = title_zh = "aireg ontology"
        meta_rows = []
        if onto is not None:
            labels = texts(g, onto, RDFS.label) or texts(g, onto, DCTERMS.title)
            title_en = first(labels, "en", "") or title_en
            title_zh = first(labels, "zh")
            meta_rows.append(("IRI", f"<code>{e(str(onto))}</code>"))
            for pred, label in ((OWL.versionInfo, "version"), (OWL.versionIRI, "version IRI"),
                                (DCTERMS.description, "description"), (RDFS.comment, "comment"),
                                (DCTERMS.license, "license"), (DCTERMS.creator, "creator"),
                                (DCTERMS.created, "created"), (DCTERMS.modified, "modified"),
                                (OWL.priorVersion, "prior version"), (VANN.preferredNamespacePrefix, "preferred prefix"),
                                (VANN.preferredNamespaceUri, "preferred namespace"), (OWL.imports, "imports")):
                for v in sorted(g.objects(onto, pred), key=str):
                    meta_rows.append((label, e(str(v)) if isinstance(v, Literal) else self.name(v)))
        meta_rows.append(("namespace", f"<code>{e(str(AIREG))}</code> (prefix <code>aireg:</code>)"))
        classes = self.classes()
        props = self.properties()
        individuals = self.individuals()
        all_props = [p for ps in props.values() for p in ps]
        prefix_rows = "".join(f"<tr><td><code>{e(p)}:</code></td><td><code>{e(str(ns))}</code></td></tr>"
                              for p, ns in PREFIXES.items())
        parts = [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="generator" content="aireg docs">',
            f"<title>{e(title_en)}</title><style>{STYLE}</style></head><body>",
            f'<header><h1>{e(title_en)}</h1><p class="zh" lang="zh-Hant">{e(title_zh)}</p></header>',
            '<nav><a href="#overview">Overview</a> <a href="#hierarchy">Class hierarchy</a> '
            '<a href="#alignments">Alignments</a> <a href="#classes">Classes</a> '
            '<a href="#properties">Properties</a> <a href="#individuals">Individuals</a> '
            '<a href="#prefixes">Prefixes</a></nav><main>',
            '<section id="overview"><h2>Overview</h2><table>'
            + "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in meta_rows)
            + f"<tr><th>terms</th><td>{len(classes)} classes, {len(all_props)} properties, "
            f"{len(individuals)} individuals</td></tr></table>",
            self.toc("Classes", classes),
            "".join(self.toc(title[0].upper() + title[1:-1] + "ies", terms) for title, terms in props.items()),
            self.toc("Individuals", individuals),
            "</section>",
            f'<section id="hierarchy"><h2>Class hierarchy</h2>{self.hierarchy(classes)}</section>',
            '<section id="alignments"><h2>Alignments to published vocabularies</h2>'
            "<p>External superclasses and superproperties, OWL equivalences and SKOS mapping relations.</p>"
            f"{self.alignment_table(classes + all_props + individuals)}</section>",
            '<section id="classes"><h2>Classes</h2>' + "".join(self.class_card(c) for c in classes) + "</section>",
            '<section id="properties"><h2>Properties</h2>'
            + "".join(self.property_card(p, title) for title, ps in props.items() for p in ps) + "</section>",
            '<section id="individuals"><h2>Individuals</h2>'
            + "".join(self.individual_card(i) for i in individuals) + "</section>",
            f'<section id="prefixes"><h2>Prefixes</h2><table>{prefix_rows}</table></section>',
            "</main><footer>Generated by <code>aireg docs</code> from the ontology file.</footer></body></html>",
        ]
        return "\n".join(parts) + "\n"


STYLE = """
body { font-family: "DejaVu Sans", "Noto Sans CJK TC", "Microsoft JhengHei", sans-serif; margin: 0; color: #222; line-height: 1.45; }
header { background: #1f77b4; color: #fff; padding: 16px 24px; }
header h1 { margin: 0; font-size: 24px; }
header .zh { margin: 4px 0 0; font-size: 18px; }
nav { position: sticky; top: 0; background: #f3f3f3; border-bottom: 1px solid #ccc; padding: 6px 24px; z-index: 1; }
nav a { margin-right: 14px; }
main { padding: 0 24px 40px; max-width: 1100px; }
h2 { border-bottom: 2px solid #1f77b4; padding-bottom: 4px; margin-top: 36px; }
table { border-collapse: collapse; margin: 6px 0; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid #e3e3e3; }
th { width: 180px; color: #555; font-weight: 600; font-size: 13px; }
.term { border: 1px solid #d6d6d6; border-radius: 6px; padding: 4px 12px 8px; margin: 14px 0; }
.term:target { border-color: #1f77b4; box-shadow: 0 0 0 2px #aec7e8; }
.term h3 { font-size: 16px; margin: 8px 0; }
.kind { font-size: 11px; font-weight: normal; background: #eee; border-radius: 3px; padding: 1px 6px; margin: 0 8px; color: #444; }
.labels { font-weight: normal; color: #333; }
.tree, .tree ul { list-style: none; padding-left: 18px; }
.tree li { margin: 2px 0; }
.zh { color: #555; }
.toc a { margin-right: 6px; display: inline-block; }
.align th { width: auto; }
a.ext code { color: #7a3e9d; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 13px; }
footer { color: #777; font-size: 12px; padding: 12px 24px; border-top: 1px solid #ddd; }
"""


def build_docs(ontology: Graph) -> str:
    """The HTML page documenting ``ontology``."""
    return _Page(ontology).render()


def write_docs(out: str | Path, ontology_file: str | Path | None = None) -> str:
    """Load the ontology (default: the bundled one), write the page, return a report line."""
    from aireg import paths
    from aireg.load import load_graph

    src = Path(ontology_file) if ontology_file else paths.ontology_file()
    g = load_graph([src], engine="rdflib")
    page = _Page(g)
    if not page.classes() and not any(page.properties().values()):
        raise InputError(f"no aireg: classes or properties found (namespace {AIREG})", src)
    text = page.render()
    atomic.write_text(out, text)
    n_props = sum(len(v) for v in page.properties().values())
    return f"{len(page.classes())} classes, {n_props} properties, {len(page.individuals())} individuals from {src.name}"
