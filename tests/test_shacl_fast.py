"""The fast SHACL engine gives exactly pySHACL's findings, on the bundled graph and on broken copies.

pySHACL takes about half a minute on the whole graph, so it runs once per broken
copy and store (``_Copies``, shared by the whole session): a file edit that
makes the same graph as a SPARQL mutation reuses that mutation's reference run.
Blank nodes (citations, selectors) are compared by their names
by structure (``aireg.bnodes``), so two loads of one copy compare equal.
"""

from __future__ import annotations

import functools

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


def _labelled(graph: Graph) -> tuple[dict[str, str], frozenset]:
    """Blank-node id -> its name by structure (aireg.bnodes), the same on every load of one graph; and
    the graph's triples with blank nodes by that name (``_triples``): one pass, each term written once."""
    from aireg.bnodes import canonical_names

    rows = [tuple(t.n3() for t in triple) for triple in graph]
    names, _ = canonical_names([" ".join(row).encode("utf-8") + b" ." for row in rows])
    labels = {k[2:].decode("utf-8"): "_:" + v.decode("ascii") for k, v in names.items()}

    def name(n3: str) -> str:
        return labels.get(n3[2:], n3[2:]) if n3.startswith("_:") else n3

    return labels, frozenset((name(s), name(p), name(o)) for s, p, o in rows)


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
        self.triple_sets: dict = {}
        self.refs: dict = {}
        self.by_triples: dict = {}
        self.runs = 0  # pySHACL runs so far

    def graph(self, key, make) -> tuple[Graph, dict]:
        if key not in self.graphs:
            graph = make()
            labels, self.triple_sets[key] = _labelled(graph)
            self.graphs[key] = (graph, labels)
        return self.graphs[key]

    def triples(self, key, make) -> frozenset:
        """The copy's triples with blank nodes by their stable label (``_triples``), computed once."""
        self.graph(key, make)
        return self.triple_sets[key]

    def reference(self, key, make) -> tuple[list, bool]:
        """pySHACL's findings (as keys) and verdict on the copy ``key``."""
        if key not in self.refs:
            graph, labels = self.graph(key, make)
            triples = self.triples(key, make)
            if triples not in self.by_triples:  # a copy with the same triples shares pySHACL's run
                ref = validate(graph, SHAPES, shacl_engine="pyshacl")
                self.by_triples[triples] = (_keys(ref, labels), ref.conforms)
                self.runs += 1
            self.refs[key] = self.by_triples[triples]
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


def _snapshot(graph: Graph) -> set:
    """The graph's triples, to see that an update changed it: on Oxigraph as its own terms (no rdflib
    conversion, a tenth of the time), on rdflib's store as they are."""
    from aireg.sparql.oxigraph_engine import store_of

    direct = store_of(graph)
    if direct is None:
        return set(graph)
    store, options = direct
    return set(store.quads_for_pattern(None, None, None, options["default_graph"]))


def _mutated(name: str, engine: str = "oxigraph"):
    def make() -> Graph:
        graph = load_graph(engine=engine)
        before = _snapshot(graph)
        graph.update(PREFIXES + MUTATIONS[name])
        assert _snapshot(graph) != before, "the mutation changed nothing"
        return graph

    return make


# --- Grouping: one pySHACL run per group of mutations, not per mutation ------
#
# Why it is sound. A SHACL result belongs to one focus node, and what a shape
# finds on a focus node depends only on the triples it reads from there: the
# node's own values, nested shapes (sh:node) down its blank nodes (citations,
# selectors), and the few sh:sparql constraints that join with another node
# (CROSS_NODE: a revocation and the order it revokes, a version and its
# predecessor, an instrument and its status changes, two instruments sharing
# an identifier). ``_touched(name)`` is every node a mutation changes a triple
# as a subject, the IRI parents of its changed blank nodes, and the nodes that a
# cross-node constraint joins with those. If no two mutations of a group share
# a touched node (``test_mutation_groups_are_disjoint``), then in the group's
# combined copy each touched node sees exactly what it sees in its own
# mutation's copy, and every other node sees the bundled graph. So pySHACL's
# findings on mutation M alone are: the combined copy's findings on M's touched
# nodes, plus the bundled graph's findings on every other node
# (``_expected``). The argument is also checked, not only trusted: on the nodes
# no mutation of a group touches, pySHACL's findings on the combined copy must
# be the bundled graph's, so a touched set drawn too narrowly fails the test.
# A copy with the same triples as another (a file edit and its mutation)
# shares that copy's pySHACL reference: pySHACL sees the same graph.

AIREG = "https://w3id.org/aireg/ont#"
CROSS_NODE = {"http://data.europa.eu/eli/ontology#repeals", AIREG + "precededBy", AIREG + "statusOf"}
SHARED_VALUE = {AIREG + "identifier"}  # unique-identifier constraint: nodes with one value meet


def _node(term: str) -> str | None:
    """A triple term (from ``_triples``) as a finding names its focus; None for a literal."""
    if term.startswith("<"):
        return term[1:-1]
    return term if term.startswith("_:") else None


def _bundled_triples(engine: str = "oxigraph") -> frozenset:
    return COPIES.triples(("bundled", engine), lambda: load_graph(engine=engine))


def _copy_triples(name: str, engine: str = "oxigraph") -> frozenset:
    return COPIES.triples((name, engine), _mutated(name, engine))


@functools.cache  # a pure function of the session's copies, which no test changes
def _touched(name: str, engine: str = "oxigraph") -> frozenset:
    """The focus nodes whose findings mutation ``name`` can change (see above)."""
    bundled, mutated = _bundled_triples(engine), _copy_triples(name, engine)
    changed = bundled ^ mutated
    both = bundled | mutated
    nodes = {_node(s) for s, _, o in changed}  # objects: only through CROSS_NODE (sh:targetObjectsOf)
    parents: dict[str, set] = {}
    for s, _, o in both:
        if _node(o) and _node(s):
            parents.setdefault(_node(o), set()).add(_node(s))
    todo = [n for n in nodes if n.startswith("_:")]
    while todo:  # up the blank-node trees to the IRI that holds them
        for parent in parents.get(todo.pop(), ()):
            if parent not in nodes:
                nodes.add(parent)
                if parent.startswith("_:"):
                    todo.append(parent)
    partners = set()
    for s, p, o in both:
        if p[1:-1] in CROSS_NODE and _node(o) and (_node(s) in nodes or _node(o) in nodes):
            partners |= {_node(s), _node(o)}
    values = {o for s, p, o in both if p[1:-1] in SHARED_VALUE and _node(s) in nodes}
    partners |= {_node(s) for s, p, o in both if p[1:-1] in SHARED_VALUE and o in values}
    return frozenset(nodes | partners)


_GROUPS: dict[str, list[list[str]]] = {}


def _store_mutations(engine: str) -> list[str]:
    return sorted(MUTATIONS) if engine == "oxigraph" else sorted(ON_BOTH_STORES)


def _groups(engine: str = "oxigraph") -> list[list[str]]:
    """Mutations grouped greedily (sorted by name) so that no two in a group share a touched node.

    Per store: rdflib keeps language tags as written, Oxigraph lowercases them, so
    the two stores' copies are different graphs with their own pySHACL runs.
    """
    if engine not in _GROUPS:
        groups: list[list[str]] = []
        taken: list[set] = []
        for name in _store_mutations(engine):
            touched = _touched(name, engine)
            for group, nodes in zip(groups, taken):
                if not nodes & touched:
                    group.append(name)
                    nodes |= touched
                    break
            else:
                groups.append([name])
                taken.append(set(touched))
        _GROUPS[engine] = groups
    return _GROUPS[engine]


def _group_of(name: str, engine: str) -> tuple[str, ...]:
    return next(tuple(g) for g in _groups(engine) if name in g)


def _combined(group: tuple[str, ...], engine: str):
    def make() -> Graph:
        graph = load_graph(engine=engine)
        for name in group:
            before = _snapshot(graph)
            graph.update(PREFIXES + MUTATIONS[name])
            assert _snapshot(graph) != before, f"the mutation {name!r} changed nothing"
        return graph

    return make


def _group_reference(group: tuple[str, ...], engine: str) -> list:
    """pySHACL's findings on the group's combined copy, once the fast engine is shown to match them."""
    key = ("group", engine, group)
    assert_same_findings(key, _combined(group, engine))
    ref_keys, ref_conforms = COPIES.reference(key, _combined(group, engine))
    assert ref_conforms == (not ref_keys)
    return ref_keys


def _baseline_reference(engine: str) -> list:
    return COPIES.reference(("bundled", engine), lambda: load_graph(engine=engine))[0]


def _expected(name: str, engine: str = "oxigraph") -> list:
    """pySHACL's findings on mutation ``name`` alone, from its group's run (see above)."""
    group = _group_of(name, engine)
    combined, baseline = _group_reference(group, engine), _baseline_reference(engine)
    everyone = set().union(*(_touched(n, engine) for n in group))
    # the soundness check: nodes no mutation of the group touches keep the bundled graph's findings
    assert [k for k in combined if k[1] not in everyone] == [k for k in baseline if k[1] not in everyone], group
    touched = _touched(name, engine)
    return sorted([k for k in combined if k[1] in touched] + [k for k in baseline if k[1] not in touched])


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_mutation_groups_are_disjoint(engine):
    """No two mutations of a group touch one focus node, nor the two ends of a cross-node constraint."""
    groups = _groups(engine)
    assert sorted(n for g in groups for n in g) == _store_mutations(engine)
    for group in groups:
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                common = _touched(a, engine) & _touched(b, engine)
                assert not common, (a, b, sorted(common))
    # grouping at least halves the pySHACL runs on mutations
    assert len(groups) * 2 <= len(_store_mutations(engine)), [len(g) for g in groups]


@pytest.mark.slow
def test_touched_nodes_cover_cross_node_constraints():
    """The touched set of a mutation reaches the far end of each cross-node constraint it affects."""
    # the revoking order is re-dated: the revoked order (the constraint's other node) is touched too
    assert "https://w3id.org/aireg/id/eo-14110" in _touched("revocation before the revoked order")
    # a second identifier on EO 14110: every instrument holding that value would meet it
    assert "https://w3id.org/aireg/id/eo-14110" in _touched("second identifier")
    # a changed citation blank node: the instrument holding it is touched
    assert "https://w3id.org/aireg/id/eo-14110" in _touched("one-letter quote")


@pytest.mark.slow
@pytest.mark.parametrize(
    "name, engine",
    [(n, "oxigraph") for n in sorted(MUTATIONS)] + [(n, "rdflib") for n in sorted(ON_BOTH_STORES)],
)
def test_broken_graph_same_findings(name, engine):
    graph, labels = COPIES.graph((name, engine), _mutated(name, engine))
    expected = _expected(name, engine)
    result = validate(graph, SHAPES, shacl_engine="fast")
    assert result.engine == "fast", result.note
    assert all(r.engine == "fast" for r in result.shapes)
    got = _keys(result, labels)
    only_ref = [k for k in expected if k not in got]
    only_fast = [k for k in got if k not in expected]
    assert got == expected, f"only pySHACL: {only_ref[:5]}\nonly fast: {only_fast[:5]}"
    assert result.conforms == (not expected)
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
    # the file edit and the SPARQL mutation make the same graph: pySHACL's verdict on it is shared,
    # unless the edit writes a literal the store re-spells: the reference is then the file as written
    from aireg.load import respelled

    as_written = set(respelled(graph)) - set(respelled(load_graph()))
    same = COPIES.triples(("file edit", name), make) == _copy_triples(name) and not as_written
    if same:
        ref_keys = _expected(name)
        ref_conforms = not ref_keys
    elif as_written:
        ref_keys, ref_conforms = COPIES.reference(
            ("file edit as written", name),
            lambda: load_graph([paths.ontology_file(), *data_files(data)], engine="rdflib"))
    else:
        ref_keys, ref_conforms = COPIES.reference(("file edit", name), make)
    fast = validate(graph, SHAPES, shacl_engine="fast")
    assert fast.engine == "fast", fast.note
    assert _keys(fast, labels) == ref_keys and fast.conforms == ref_conforms and fast.findings


@pytest.mark.slow
def test_missing_citation_file_edit_same_findings(tmp_path):
    data = copy_data(tmp_path)
    drop_citations_of_consultation_duty(data)

    def make():
        return load_graph([paths.ontology_file(), *data_files(data)])

    graph, labels = COPIES.graph(("file edit", "missing citation"), make)
    if COPIES.triples(("file edit", "missing citation"), make) == _copy_triples("missing citation"):  # pySHACL's verdict is the mutation's
        fast = validate(graph, SHAPES, shacl_engine="fast")
        assert fast.engine == "fast", fast.note
        assert _keys(fast, labels) == _expected("missing citation") and fast.conforms == (not fast.findings)
    else:
        fast = assert_same_findings(("file edit", "missing citation"), make)
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
