"""The ontology and the data agree with the vocabularies they align to.

The OWL 2 RL closure (owlrl) of ontology/aireg.ttl + the bundled data + the axioms of PROV-O, ELI
and ODRL that matter here (written below, as the published ontologies state them) must hold no
clash: no individual in two disjoint classes, no property used as a class or as an individual's
match, no literal as the value of an object property.
"""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from aireg import load_graph, paths

PREFIXES = """
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix eli:  <http://data.europa.eu/eli/ontology#> .
@prefix odrl: <http://www.w3.org/ns/odrl/2/> .
"""

# The axioms of the aligned vocabularies that can clash with aireg's use of them.
ALIGNED = PREFIXES + """
# PROV-O (https://www.w3.org/TR/prov-o/): activities and entities are disjoint; derivation is
# between entities.
prov:Activity owl:disjointWith prov:Entity .
prov:wasDerivedFrom a owl:ObjectProperty ; rdfs:domain prov:Entity ; rdfs:range prov:Entity .
prov:hadPrimarySource a owl:ObjectProperty ; rdfs:subPropertyOf prov:wasDerivedFrom .
prov:wasGeneratedBy a owl:ObjectProperty ; rdfs:domain prov:Entity ; rdfs:range prov:Activity .
prov:used a owl:ObjectProperty ; rdfs:domain prov:Activity ; rdfs:range prov:Entity .

# ELI (http://data.europa.eu/eli/ontology#): domains and ranges of the properties aireg uses or
# specialises. ELI is FRBR-based: a work is not an expression of it (the disjointness is FRBR's
# reading, stated here because ELI's title properties are expression-level).
eli:Work owl:disjointWith eli:Expression .
eli:LegalExpression rdfs:subClassOf eli:Expression .
eli:LegalResource rdfs:subClassOf eli:Work .
eli:LegalResourceSubdivision rdfs:subClassOf eli:LegalResource .
eli:title a owl:DatatypeProperty ; rdfs:domain eli:Expression .
eli:title_short a owl:DatatypeProperty ; rdfs:domain eli:Expression .
eli:title_alternative a owl:DatatypeProperty ; rdfs:domain eli:Expression .
eli:version a owl:ObjectProperty ; rdfs:range eli:Version .
eli:date_document a owl:DatatypeProperty ; rdfs:domain eli:Work .
eli:is_member_of a owl:ObjectProperty ; rdfs:domain eli:Work ; rdfs:range eli:Work .
eli:is_part_of a owl:ObjectProperty ; rdfs:domain eli:Work ; rdfs:range eli:Work .
eli:based_on a owl:ObjectProperty ; rdfs:domain eli:Work .
eli:is_realized_by a owl:ObjectProperty ; rdfs:domain eli:Work ; rdfs:range eli:Expression .
eli:language a owl:ObjectProperty ; rdfs:domain eli:Expression .
eli:passed_by a owl:ObjectProperty ; rdfs:domain eli:LegalResource .
eli:jurisdiction a owl:ObjectProperty .
eli:repeals a owl:ObjectProperty .
eli:amends a owl:ObjectProperty .
eli:changed_by a owl:ObjectProperty .
eli:implements a owl:ObjectProperty .
eli:corrects a owl:ObjectProperty .
eli:date_applicability a owl:DatatypeProperty .

# ODRL (http://www.w3.org/ns/odrl/2/): and/or are properties of a logical constraint, not values.
odrl:and a owl:ObjectProperty ; rdfs:domain odrl:LogicalConstraint .
odrl:or a owl:ObjectProperty ; rdfs:domain odrl:LogicalConstraint .
odrl:assignee a owl:ObjectProperty .
"""

PROPERTY_TYPES = {RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                  OWL.FunctionalProperty, OWL.TransitiveProperty, OWL.SymmetricProperty}
MATCHES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)


@pytest.fixture(scope="module")
def closure():
    import owlrl

    g = Graph()
    for t in load_graph():
        g.add(t)
    g.parse(data=ALIGNED, format="turtle")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(g)
    return g


def _properties(g):
    return {s for t in PROPERTY_TYPES for s in g.subjects(RDF.type, t)}


@pytest.mark.slow
def test_no_individual_in_two_disjoint_classes(closure):
    clashes = []
    for a, b in closure.subject_objects(OWL.disjointWith):
        both = set(closure.subjects(RDF.type, a)) & set(closure.subjects(RDF.type, b))
        clashes += [(str(x), str(a), str(b)) for x in both]
    # owlrl records the inconsistencies it finds itself as well
    errors = [str(o) for o in closure.objects(None, URIRef("http://www.w3.org/2002/07/owl#Nothing"))]
    assert not clashes, clashes[:10]
    assert not list(closure.subjects(RDF.type, OWL.Nothing)), errors[:5]


def test_no_property_used_as_class_or_matched_to_a_non_property(closure):
    props = _properties(closure)
    as_class = {o for o in closure.objects(None, RDF.type) if o in props}
    assert not as_class, as_class
    as_superclass = {o for o in closure.objects(None, RDFS.subClassOf) if o in props}
    assert not as_superclass, as_superclass
    aireg = "https://w3id.org/aireg/ont#"
    classes = (set(closure.subjects(RDF.type, OWL.Class)) | set(closure.subjects(RDF.type, RDFS.Class))
               | set(closure.objects(None, RDF.type)) | set(closure.objects(None, RDFS.subClassOf))) - props
    # a term is matched like with like: a property to a property, a class or individual to a
    # non-property (external terms the graph does not declare count by what is known of them)
    wrong = [(str(s), str(p), str(o)) for p in MATCHES for s, o in closure.subject_objects(p)
             if str(s).startswith(aireg) and ((s in props and o in classes) or (s not in props and o in props))]
    assert not wrong, wrong


def test_object_properties_have_no_literal_values(closure):
    objprops = set(closure.subjects(RDF.type, OWL.ObjectProperty))
    bad = [(str(s), str(p), str(o)) for p in objprops for s, o in closure.subject_objects(p)
           if isinstance(o, Literal)]
    assert not bad, bad[:10]


def test_norms_are_no_works_and_soft_law_is_no_legal_resource(closure):
    """ELI's domains reach only what they should: legal bases and issuers used on norms, delegations
    and soft law do not make them ELI works or legal resources."""
    ns = "https://w3id.org/aireg/ont#"
    eli = "http://data.europa.eu/eli/ontology#"
    works = set(closure.subjects(RDF.type, URIRef(eli + "Work")))
    resources = set(closure.subjects(RDF.type, URIRef(eli + "LegalResource")))
    for cls in ("Norm", "Delegation", "Event", "Condition", "Definition", "Actor", "Application", "StatusChange"):
        members = set(closure.subjects(RDF.type, URIRef(ns + cls)))
        assert members, cls
        assert not members & works, (cls, sorted(members & works)[:3])
    soft = set(closure.subjects(RDF.type, URIRef(ns + "SoftLawInstrument")))
    assert soft and not soft & resources, sorted(soft & resources)[:3]
    binding = set(closure.subjects(RDF.type, URIRef(ns + "BindingInstrument")))
    assert binding and binding <= resources


def test_events_are_activities_and_their_citations_make_them_no_entity(closure):
    event = URIRef("https://w3id.org/aireg/id/ai-safety-summit-2023")
    prov = "http://www.w3.org/ns/prov#"
    types = set(closure.objects(event, RDF.type))
    assert URIRef(prov + "Activity") in types
    assert URIRef(prov + "Entity") not in types


def test_the_old_alignments_would_clash():
    """The check is not vacuous: put back aireg:citation ⊑ prov:wasDerivedFrom and it finds the
    events that become entities."""
    import owlrl

    g = Graph()
    g.parse(data=ALIGNED + """
        @prefix aireg: <https://w3id.org/aireg/ont#> .
        aireg:Event rdfs:subClassOf prov:Activity .
        aireg:citation rdfs:subPropertyOf prov:wasDerivedFrom .
        <urn:x:summit> a aireg:Event ; aireg:citation <urn:x:cite> .
        <urn:x:act> a eli:Work ; eli:title "t" .
    """, format="turtle")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(g)
    types = set(g.objects(URIRef("urn:x:summit"), RDF.type))
    assert {URIRef("http://www.w3.org/ns/prov#Activity"), URIRef("http://www.w3.org/ns/prov#Entity")} <= types
    assert URIRef("http://data.europa.eu/eli/ontology#Expression") in set(g.objects(URIRef("urn:x:act"), RDF.type))


def test_every_term_has_an_english_and_a_chinese_comment():
    g = Graph().parse(paths.ontology_file(), format="turtle")
    ns = "https://w3id.org/aireg/ont#"
    terms = {s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(ns)}
    assert len(terms) > 150
    missing = {str(t)[len(ns):]: [lang for lang in ("en", "zh-Hant")
                                  if not any(isinstance(c, Literal) and c.language == lang
                                             for c in g.objects(t, RDFS.comment))]
               for t in terms}
    missing = {k: v for k, v in missing.items() if v}
    assert not missing, f"{len(missing)} terms lack a comment: {sorted(missing)[:20]}"


def test_ontology_publishing_metadata():
    from rdflib.namespace import DCTERMS
    g = Graph().parse(paths.ontology_file(), format="turtle")
    onto = URIRef("https://w3id.org/aireg/ont")
    vann = "http://purl.org/vocab/vann/"
    for p in (OWL.versionIRI, OWL.versionInfo, DCTERMS.creator, DCTERMS.created, DCTERMS.modified,
              DCTERMS.license, URIRef(vann + "preferredNamespacePrefix"), URIRef(vann + "preferredNamespaceUri")):
        assert g.value(onto, p) is not None, p
    assert str(g.value(onto, URIRef(vann + "preferredNamespaceUri"))) == "https://w3id.org/aireg/ont#"
    assert str(g.value(onto, OWL.versionIRI)).endswith(str(g.value(onto, OWL.versionInfo)))
    assert not isinstance(g.value(onto, OWL.versionIRI), BNode)


def test_docs_page_renders_both_comments_of_the_new_terms():
    import html

    from aireg.docs import build_docs
    g = Graph().parse(paths.ontology_file(), format="turtle")
    page = build_docs(g)
    ns = "https://w3id.org/aireg/ont#"
    for text in ("0.2.0", "https://w3id.org/aireg/ont/0.2.0", "2026-11-25", "preferred prefix"):
        assert text in page, text
    for name in ("Application", "StatusChange", "Correction", "dataAsOf", "citation"):
        comments = list(g.objects(URIRef(ns + name), RDFS.comment))
        assert {c.language for c in comments} == {"en", "zh-Hant"}
        for c in comments:
            assert html.escape(str(c), quote=False) in page or html.escape(str(c)) in page, (name, c.language)
