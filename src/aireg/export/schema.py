"""Which subjects are schema and which are instances, and what kind of thing each instance is.

The kind of a node (instrument, norm, threshold...) is its aireg: root class,
found by walking ``rdfs:subClassOf`` in the loaded ontology: a class the
ontology adds later gets a kind, a colour and a legend label without a code change.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from aireg.export import kinds
from aireg.export.labels import labels_of, local_name
from aireg.namespaces import AIREG, OA

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


@dataclass
class Schema:
    """What the graph says about its own classes, used to classify instances."""

    parents: dict  # class -> set of superclasses
    meta_subjects: set  # classes, properties, the ontology itself
    classes: set  # everything declared or used as a class
    # answers kept per class: an export asks them of the same few classes for every node (a tuple, never mutated)
    _ancestors: dict = field(default_factory=dict, repr=False, compare=False)
    _kinds: dict = field(default_factory=dict, repr=False, compare=False)

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

    def ancestors(self, cls_) -> tuple:
        """``cls_`` then its superclasses, breadth first (nearest first)."""
        found = self._ancestors.get(cls_)
        if found is None:
            seen, order, queue = {cls_}, [cls_], deque([cls_])
            while queue:
                for sup in sorted(self.parents.get(queue.popleft(), ())):
                    if sup not in seen:
                        seen.add(sup)
                        order.append(sup)
                        queue.append(sup)
            found = self._ancestors[cls_] = tuple(order)
        return found

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
        if cls_ not in self._kinds:
            self._kinds[cls_] = self._kind_of(cls_)
        return self._kinds[cls_]

    def _kind_of(self, cls_) -> str | None:
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
