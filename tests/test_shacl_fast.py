"""The fast SHACL engine gives exactly pySHACL's findings, on the bundled graph and on broken copies.

pySHACL takes about half a minute on the whole graph, so it runs once per broken
copy and store (``_Copies``, shared by the whole session): a file edit that
makes the same graph as a SPARQL mutation reuses that mutation's reference run.
Blank nodes (citations, selectors) are compared by their names
by structure (``aireg.bnodes``), so two loads of one copy compare equal.
"""

from __future__ import annotations

import pytest
from rdflib import Graph

from aireg import paths
from aireg.load import load_graph
from aireg.validate import load_shapes, validate
from helpers import copy_data, data_files, drop_citations_of_consultation_duty, edit

PREFIXES = """
PREFIX aireg: <https://w3id.org/aireg/ont#>
PREFIX id: <https://w3id.org/aireg/id/>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX odrl: <http://www.w3.org/ns/odrl/2/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


SHAPES = load_shapes()  # one shapes graph: its property shapes keep their blank-node names across tests


def _labels(graph: Graph) -> dict[str, str]:
    """Blank-node id -> its name by structure (aireg.bnodes), the same on every load of one graph."""
    from aireg.bnodes import canonical_names

    lines = [b" ".join(t.n3().encode("utf-8") for t in triple) + b" ." for triple in graph]
    names, _ = canonical_names(lines)
    return {k[2:].decode("utf-8"): "_:" + v.decode("ascii") for k, v in names.items()}


def _keys(result, labels: dict[str, str]) -> list[tuple]:
    """Every field of every finding, blank nodes of the data by their stable label."""
    return sorted(tuple(labels.get(x, x) if x else "" for x in
                        (f.severity, f.focus, f.path, f.value, f.message, f.shape, f.constraint))
                  for f in result.findings)


def _triples(graph: Graph, labels: dict[str, str]) -> set:
    from rdflib import BNode

    def name(t):
        return labels.get(str(t), str(t)) if isinstance(t, BNode) else t.n3()

    return {(name(s), name(p), name(o)) for s, p, o in graph}


class _Copies:
    """Broken copies and pySHACL's findings on them, each made once per session."""

    def __init__(self):
        self.graphs: dict = {}
        self.refs: dict = {}

    def graph(self, key, make) -> tuple[Graph, dict]:
        if key not in self.graphs:
            graph = make()
            self.graphs[key] = (graph, _labels(graph))
        return self.graphs[key]

    def reference(self, key, make) -> tuple[list, bool]:
        """pySHACL's findings (as keys) and verdict on the copy ``key``."""
        if key not in self.refs:
            graph, labels = self.graph(key, make)
            ref = validate(graph, SHAPES, shacl_engine="pyshacl")
            self.refs[key] = (_keys(ref, labels), ref.conforms)
        return self.refs[key]


COPIES = _Copies()


def assert_same_findings(key, make):
    """The fast engine on the copy ``key`` finds, field by field, what pySHACL finds on it."""
    graph, labels = COPIES.graph(key, make)
    ref_keys, ref_conforms = COPIES.reference(key, make)
    fast = validate(graph, SHAPES, shacl_engine="fast")
    assert fast.engine == "fast", fast.note
    b = _keys(fast, labels)
    only_ref = [k for k in ref_keys if k not in b]
    only_fast = [k for k in b if k not in ref_keys]
    assert ref_keys == b, f"only pySHACL: {only_ref[:5]}\nonly fast: {only_fast[:5]}"
    assert all(r.engine == "fast" for r in fast.shapes), [r for r in fast.shapes if r.engine != "fast"]
    assert ref_conforms == fast.conforms
    return fast


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_bundled_graph_same_findings(engine):
    result = assert_same_findings(("bundled", engine), lambda: load_graph(engine=engine))
    assert result.count("Violation") == result.count("Warning") == 0
    assert result.conforms == (not result.findings)  # SHACL: Info results too make sh:conforms false


# Broken copies made by SPARQL Update, so that each constraint component of the
# contract fails at least once; several also break nested shapes (sh:node).
MUTATIONS = {
    "missing citation": "DELETE WHERE { id:eo-14110-obl-commerce-consultation aireg:citation ?c }",
    "string-typed date": 'DELETE { id:eo-14110 eli:date_document ?d } INSERT { id:eo-14110 eli:date_document "2023-10-30" }'
                         " WHERE { id:eo-14110 eli:date_document ?d }",
    "decimal threshold": "DELETE { id:eo-14110-thr-cluster-1e20 odrl:rightOperand ?v }"
                         " INSERT { id:eo-14110-thr-cluster-1e20 odrl:rightOperand 100000000000000000000.0 }"
                         " WHERE { id:eo-14110-thr-cluster-1e20 odrl:rightOperand ?v }",
    "unit of another kind": "DELETE { id:eo-14110-thr-cluster-1e20 odrl:unit ?u }"
                            " INSERT { id:eo-14110-thr-cluster-1e20 odrl:unit aireg:Operation }"
                            " WHERE { id:eo-14110-thr-cluster-1e20 odrl:unit ?u }",
    "revocation before the revoked order": "DELETE { ?x eli:date_document ?d } INSERT { ?x eli:date_document \"2023-01-20\"^^xsd:date }"
                                           " WHERE { ?x eli:repeals id:eo-14110 ; eli:date_document ?d }",
    "missing zh label": "DELETE { id:eo-14110 rdfs:label ?l } WHERE { id:eo-14110 rdfs:label ?l FILTER(langMatches(lang(?l), 'zh-Hant')) }",
    "second identifier": 'INSERT DATA { id:eo-14110 aireg:identifier "EO14110" }',
    "signatory count mismatch": "DELETE WHERE { ?d aireg:signatory id:state-kenya }",
    "two labels in one language": 'INSERT DATA { id:eo-14110 rdfs:label "Another title"@en }',
    "jurisdiction as a literal": 'INSERT DATA { id:eo-14110 aireg:jurisdiction "US" }',
    "operator outside the list": "DELETE { ?t odrl:operator ?o } INSERT { ?t odrl:operator odrl:neq } WHERE { ?t a aireg:Threshold ; odrl:operator ?o }",
    "currency pattern and fine": 'DELETE { ?p aireg:currency ?c } INSERT { ?p aireg:currency "eur" ; aireg:maxTurnoverPercent 150.0 }'
                                 " WHERE { ?p aireg:currency ?c }",
    "fine without currency": "DELETE WHERE { id:eu-ep-2023-penalty-max aireg:currency ?c }",
    "page zero, a string page and two footnotes": 'DELETE { ?c aireg:page ?p } INSERT { ?c aireg:page 0 , "5" ; aireg:footnote 1 , 2 }'
                                                  " WHERE { id:eo-14110 aireg:citation ?c . ?c aireg:page ?p }",
    "one-letter quote": 'DELETE { ?s oa:exact ?e } INSERT { ?s oa:exact "x" } WHERE { id:eo-14110 aireg:citation/oa:hasSelector ?s . ?s oa:exact ?e }',
    "citation without source": "DELETE { ?c oa:hasSource ?s } WHERE { id:eo-14110-obl-nist-guidelines aireg:citation ?c . ?c oa:hasSource ?s }",
    "newsletter citation without page": "DELETE { ?c aireg:page ?p } WHERE { ?n aireg:citation ?c . ?c aireg:page ?p ; oa:hasSource id:src-newsletter-809 }",
    "addressee a literal and imposed by nothing known": "DELETE { ?n aireg:imposedBy ?p } INSERT { ?n aireg:addressee \"someone\" ; aireg:imposedBy id:nowhere }"
                                                        " WHERE { VALUES ?n { id:eo-14110-obl-nist-guidelines } ?n aireg:imposedBy ?p }",
    "delegation without basis": "DELETE { ?d aireg:hasLegalBasis ?b . ?d aireg:delegatedBy ?e } WHERE { ?d a aireg:Delegation OPTIONAL { ?d aireg:hasLegalBasis ?b } OPTIONAL { ?d aireg:delegatedBy ?e } }",
    "second English definition text": 'INSERT { ?d aireg:definitionText "another text"@en } WHERE { ?d a aireg:Definition }',
    "source language and flag": 'DELETE { ?d aireg:sourceLanguage ?l ; aireg:explicitDefinition ?e } INSERT { ?d aireg:sourceLanguage "fr" ; aireg:explicitDefinition "yes" }'
                                " WHERE { ?d a aireg:Definition ; aireg:sourceLanguage ?l ; aireg:explicitDefinition ?e }",
    "ill-typed and disagreeing deadlines": 'DELETE { id:eo-14110-obl-commerce-iaas-rules aireg:deadlineDays ?d } INSERT { id:eo-14110-obl-commerce-iaas-rules aireg:deadlineDays "ninety"^^xsd:integer . id:eo-14110-obl-nist-guidelines aireg:deadlineDays 30 , -1 }'
                                           " WHERE { id:eo-14110-obl-commerce-iaas-rules aireg:deadlineDays ?d }",
    "signatory count twice and as text": 'INSERT { ?d aireg:statedSignatoryCount "29" } WHERE { ?d aireg:statedSignatoryCount ?n }',
    "event ending before it starts": 'INSERT DATA { id:apec-leaders-week-2023 aireg:endDate "2020-01-01"^^xsd:date , "2020-01-02"^^xsd:date }',
    "version older than its predecessor": 'DELETE { id:eu-ai-act-2024-1689 eli:version_date ?d } INSERT { id:eu-ai-act-2024-1689 eli:version_date "2019-01-01"^^xsd:date }'
                                          " WHERE { id:eu-ai-act-2024-1689 eli:version_date ?d }",
    "revoked without end date": "DELETE WHERE { ?x aireg:status aireg:Revoked ; eli:date_no_longer_in_force ?e }",
    "end of force before the making": 'INSERT DATA { id:eo-14110 eli:date_no_longer_in_force "2001-01-01"^^xsd:date }',
    "condition group of one": "DELETE { ?g aireg:member ?m . ?g aireg:combination ?c } INSERT { ?g aireg:combination aireg:Sometimes ; aireg:member \"x\" }"
                              " WHERE { ?g a aireg:ConditionGroup ; aireg:member ?m ; aireg:combination ?c }",
    "provision without number or host": "DELETE WHERE { id:cfr-15-part-7 eli:number ?n ; eli:is_part_of ?h }",
    "actor without labels and citation": "DELETE WHERE { id:donald-trump rdfs:label ?l ; aireg:citation ?c }",
    "version without stage or instrument": "DELETE WHERE { id:eu-ai-act-ep-2023 aireg:stage ?s ; aireg:versionOf ?i }",
    "instrument status missing, two dates": 'DELETE { id:eo-14110 aireg:status ?s } INSERT { id:eo-14110 eli:date_document "2023-10-31"^^xsd:date }'
                                            " WHERE { id:eo-14110 aireg:status ?s }",
    "definition of no term": "DELETE WHERE { ?d a aireg:Definition ; aireg:definesTerm ?t ; aireg:definedIn ?i }",
}


# the cases of tests/test_validate.py also run on rdflib's Memory store
ON_BOTH_STORES = {"missing citation", "string-typed date", "decimal threshold", "unit of another kind",
                  "revocation before the revoked order", "missing zh label", "second identifier",
                  "signatory count mismatch"}


def _mutated(name: str, engine: str = "oxigraph"):
    def make() -> Graph:
        graph = load_graph(engine=engine)
        before = set(graph)
        graph.update(PREFIXES + MUTATIONS[name])
        assert set(graph) != before, "the mutation changed nothing"
        return graph

    return make


@pytest.mark.slow
@pytest.mark.parametrize(
    "name, engine",
    [(n, "oxigraph") for n in sorted(MUTATIONS)] + [(n, "rdflib") for n in sorted(ON_BOTH_STORES)],
)
def test_broken_graph_same_findings(name, engine):
    result = assert_same_findings((name, engine), _mutated(name, engine))
    assert result.findings, "the mutation broke no constraint"


@pytest.mark.slow
def test_all_mutations_together_same_findings():
    def make():
        graph = load_graph()
        for name in sorted(MUTATIONS):
            graph.update(PREFIXES + MUTATIONS[name])
        return graph

    result = assert_same_findings(("all mutations", "oxigraph"), make)
    assert len({f.constraint for f in result.findings}) >= 15


# The broken copies of tests/test_validate.py, edited as files: same (severity, focus, path, message).
FILE_EDITS = {
    "string-typed date": ("eo-14110.ttl", 'eli:date_document "2023-10-30"^^xsd:date', 'eli:date_document "2023-10-30"'),
    "decimal threshold": ("eo-14110.ttl", 'odrl:rightOperand "1.0E20"^^xsd:double', "odrl:rightOperand 100000000000000000000.0"),
    "unit of another kind": ("eo-14110.ttl", "odrl:unit aireg:OperationPerSecond", "odrl:unit aireg:Operation"),
    "revocation before the revoked order": ("us-executive-orders.ttl", 'eli:date_document "2025-01-20"^^xsd:date',
                                            'eli:date_document "2023-01-20"^^xsd:date'),
    "missing zh label": ("eo-14110.ttl", ' , "AI 行政命令（第 14110 號行政命令）"@zh-Hant ;', " ;"),
    "second identifier": ("eo-14110.ttl", 'aireg:identifier "E.O. 14110" ;', 'aireg:identifier "E.O. 14110" , "EO14110" ;'),
    "signatory count mismatch": ("bletchley-declaration.ttl", "id:state-kenya , ", ""),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FILE_EDITS))
def test_broken_files_same_findings(tmp_path, name):
    data = copy_data(tmp_path)
    file, old, new = FILE_EDITS[name]
    edit(data / file, old, new)

    def make():
        return load_graph([paths.ontology_file(), *data_files(data)])

    graph, labels = COPIES.graph(("file edit", name), make)
    mutated, mutated_labels = COPIES.graph((name, "oxigraph"), _mutated(name))
    # the file edit and the SPARQL mutation make the same graph: pySHACL's run on it is shared
    same = _triples(graph, labels) == _triples(mutated, mutated_labels)
    ref_keys, ref_conforms = (COPIES.reference((name, "oxigraph"), _mutated(name)) if same
                              else COPIES.reference(("file edit", name), make))
    fast = validate(graph, SHAPES, shacl_engine="fast")
    assert fast.engine == "fast", fast.note
    assert _keys(fast, labels) == ref_keys and fast.conforms == ref_conforms and fast.findings


@pytest.mark.slow
def test_missing_citation_file_edit_same_findings(tmp_path):
    data = copy_data(tmp_path)
    drop_citations_of_consultation_duty(data)
    fast = assert_same_findings(("file edit", "missing citation"),
                                lambda: load_graph([paths.ontology_file(), *data_files(data)]))
    assert not fast.conforms and fast.count("Violation")


@pytest.mark.slow
def test_unsupported_shape_falls_back_to_pyshacl():
    shapes = load_shapes()
    shapes.update("""
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        PREFIX aireg: <https://w3id.org/aireg/ont#>
        INSERT DATA { <urn:x:shape> a sh:NodeShape ; sh:targetClass aireg:Instrument ;
            sh:target [ a sh:SPARQLTarget ; sh:select "SELECT ?this WHERE { ?this a aireg:ExecutiveOrder }" ;
                        sh:prefixes <https://w3id.org/aireg/shapes#> ] ;
            sh:property [ sh:path aireg:identifier ; sh:minCount 1 ] }""")
    result = validate(load_graph(), shapes, shacl_engine="fast")
    # only that shape goes to pySHACL; every other shape stays on the fast engine, and the report says so
    assert result.engine == "fast+pyshacl" and "sh:target" in result.note
    runs = {r.shape: r for r in result.shapes}
    assert runs["urn:x:shape"].engine == "pyshacl" and "sh:target" in runs["urn:x:shape"].reason
    assert runs["https://w3id.org/aireg/shapes#InstrumentShape"].engine == "fast"
    assert sum(r.engine == "pyshacl" for r in result.shapes) == 1
    assert result.count("Violation") == 0 and result.count("Warning") == 0


def test_unknown_shacl_engine_is_an_input_error():
    from aireg import InputError

    with pytest.raises(InputError):
        validate(shacl_engine="jena")
