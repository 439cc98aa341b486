"""The local SPARQL layer: parameters, read-only guard, errors, and identical rows on both engines."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef
from rdflib import namespace as rdfns

from aireg.errors import QueryError
from aireg.load import load_graph
from aireg.namespaces import ID
from aireg.sparql import (
    QueryResult,
    bound_text,
    normalize_term,
    parse_param,
    prepare_query,
    result_difference,
    run_query,
    same_results,
)

# Queries that must give the same rows on every engine (no prefixes declared:
# the project prefixes are known everywhere).
SAME_ROW_QUERIES = [
    ("SELECT * WHERE { ?s ?p ?o }", None),
    ("SELECT ?s ?title WHERE { ?s dcterms:title ?title } ORDER BY ?s STR(?title)", None),
    ("SELECT ?s ?w ?n WHERE { ?s aireg:sectionCount ?n OPTIONAL { ?s aireg:weight ?w } } ORDER BY DESC(?n)", None),
    ("SELECT (AVG(?n) AS ?avg) (SUM(?n) AS ?sum) (COUNT(*) AS ?c) (1/3 AS ?third) WHERE { ?s aireg:sectionCount ?n }", None),
    ("SELECT ?s (?w * 2 AS ?w2) (?x + 1 AS ?x1) WHERE { ?s aireg:weight ?w OPTIONAL { ?s aireg:score ?x } }", None),
    ("SELECT ?s ?label WHERE { ?s skos:altLabel|dcterms:title ?label FILTER(LANG(?label) = '') }", None),
    ("SELECT ?s WHERE { ?s dcterms:issued ?d FILTER(?d >= ?since) } ORDER BY ?s", {"since": "2024-01-01"}),
    ("SELECT ?s ?d WHERE { ?s a ?type ; dcterms:issued ?d }", {"type": "aireg:ExecutiveOrder"}),
    ("SELECT ?s WHERE { ?s aireg:sectionCount ?n FILTER(?n > ?min) }", {"min": "10"}),
    ("SELECT ?later WHERE { ?later aireg:revokes|aireg:amends ?target }", {"target": "id:eo-14110"}),
    ("SELECT ?s ?n WHERE { { SELECT ?s ?n WHERE { ?s aireg:sectionCount ?n } } }", {"s": "https://w3id.org/aireg/id/eo-14179"}),
    ("SELECT ?note ?text WHERE { ?s aireg:note ?note . ?note skos:note ?text }", None),
    ("ASK { ?s aireg:binding true }", None),
    ("ASK { ?s aireg:sectionCount ?n }", {"n": "999"}),
    ("CONSTRUCT { ?s dcterms:title ?t } WHERE { ?s dcterms:title ?t }", None),
    ("CONSTRUCT { ?s aireg:count ?n } WHERE { ?s aireg:sectionCount ?n }", {"s": "id:eu-ai-act"}),
    ("CONSTRUCT WHERE { ?s aireg:sectionCount ?n }", {"n": "7"}),
    ("DESCRIBE ?s", {"s": "id:eo-14179"}),
]


@pytest.fixture(scope="module")
def graphs(sparql_sample_ttl):
    """The sample file on rdflib's Memory store and on Oxigraph (oxrdflib)."""
    return {
        "rdflib": load_graph([sparql_sample_ttl], engine="rdflib"),
        "oxigraph": load_graph([sparql_sample_ttl], engine="oxigraph"),
    }


# -- parameters ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("<https://w3id.org/aireg/id/eo-14110>", ID["eo-14110"]),
        ("https://w3id.org/aireg/id/eo-14110", ID["eo-14110"]),
        ("urn:isbn:123", URIRef("urn:isbn:123")),
        ("id:eo-14110", ID["eo-14110"]),
        ("2024-01-01", Literal("2024-01-01", datatype=rdfns.XSD.date)),
        ("2024-01-01T09:30:00Z", Literal("2024-01-01T09:30:00Z", datatype=rdfns.XSD.dateTime)),
        ("42", Literal("42", datatype=rdfns.XSD.integer)),
        ("-4.5", Literal("-4.5", datatype=rdfns.XSD.decimal)),
        ("4.5e1", Literal("4.5e1", datatype=rdfns.XSD.double)),
        ("true", Literal("true", datatype=rdfns.XSD.boolean)),
        ("EU AI Act", Literal("EU AI Act")),
        ('"id:eo-14110"', Literal("id:eo-14110")),
        ('"42"', Literal("42")),
        ('"AI"@en', Literal("AI", lang="en")),
        ('"7"^^xsd:int', Literal("7", datatype=rdfns.XSD.int)),
        ('"x"^^<http://example.org/t>', Literal("x", datatype=URIRef("http://example.org/t"))),
        ("", Literal("")),
    ],
)
def test_parse_param_rules(text, expected):
    term = parse_param(text)
    assert term == expected and type(term) is type(expected)


@pytest.mark.parametrize("text", ["nosuch:thing", "<https://x.org/a b>", "<https://x.org/a>b>", '"x"^^nosuch:t'])
def test_parse_param_rejects_unclear_values(text):
    with pytest.raises(QueryError) as err:
        parse_param(text, "p")
    assert "parameter p" in str(err.value) and "\n" not in str(err.value)


def test_unknown_parameter_is_named():
    with pytest.raises(QueryError, match="unknown parameter 'nope'"):
        prepare_query("SELECT ?s WHERE { ?s ?p ?o }", {"nope": "1"})


def test_parameter_names_accept_sparql_sigils():
    prepared = prepare_query("SELECT ?s WHERE { ?s ?p ?o }", {"?s": "id:a", "$p": "id:b"})
    assert prepared.bindings == {"s": ID["a"], "p": ID["b"]}


def test_blank_node_parameter_is_refused():
    with pytest.raises(QueryError, match="blank node"):
        prepare_query("SELECT ?s WHERE { ?s ?p ?o }", {"s": BNode()})


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_injection_attempt_is_a_literal(graphs, engine):
    graph = graphs[engine]
    before = len(graph)
    evil = '"} ; DROP ALL ; {'
    result = run_query(graph, "SELECT ?s ?label WHERE { ?s skos:altLabel ?label }", {"label": evil})
    assert result.rows == []
    echo = run_query(graph, "SELECT ?v WHERE { }", {"v": evil})
    assert echo.rows == [(Literal(evil),)]
    assert len(graph) == before


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_string_round_trips_as_a_term(graphs, text):
    """Whatever the user types, it is bound as one term and nothing else runs."""
    try:
        term = parse_param(text, "v")
    except QueryError:
        return
    expected = [(normalize_term(term),)]
    for graph in graphs.values():
        assert run_query(graph, "SELECT ?v WHERE { }", {"v": text}).rows == expected


def test_parameters_are_written_as_terms_in_place_of_their_variable():
    prepared = prepare_query(
        "SELECT ?s ?min # where { is not here\nWHERE { ?s ?p ?o FILTER(?o > ?min) }", {"min": "3"}
    )
    text = bound_text(prepared)
    integer = '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
    assert text == f"SELECT ?s ({integer} AS ?min) # where {{ is not here\nWHERE {{ ?s ?p ?o FILTER(?o > {integer}) }}"
    tab = bound_text(prepare_query("SELECT ?v WHERE { }", {"v": '"a\tb\\"'}))
    assert tab == 'SELECT ("a\\tb\\\\" AS ?v) WHERE { }'


def test_values_block_opens_the_where_group_where_a_term_cannot_stand():
    # a literal cannot be a subject: the parameter is given by VALUES instead (and matches nothing)
    prepared = prepare_query("SELECT ?o # where { is not here\nWHERE { ?s ?p ?o }", {"s": "text"})
    assert bound_text(prepared) == 'SELECT ?o # where { is not here\nWHERE { VALUES (?s) { ("text") }  ?s ?p ?o }'


# -- read-only guard and errors -------------------------------------------------


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { id:a id:b id:c }",
        "DELETE WHERE { ?s ?p ?o }",
        "DROP ALL",
        "CLEAR DEFAULT",
        "LOAD <http://127.0.0.1:9/x.ttl>",
        "CREATE GRAPH <http://example.org/g>",
        "PREFIX ex: <http://example.org/> DELETE { ?s ?p ?o } INSERT { ?s ex:q ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_refused_by_default(graphs, update):
    for graph in graphs.values():
        before = len(graph)
        with pytest.raises(QueryError, match="refusing SPARQL Update"):
            run_query(graph, update)
        assert len(graph) == before


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_updates_run_when_allowed(sparql_sample_ttl, engine):
    graph = load_graph([sparql_sample_ttl], engine=engine)
    before = len(graph)
    result = run_query(graph, "INSERT DATA { id:x skos:note 'added' }", allow_update=True)
    assert result.kind == "UPDATE" and len(graph) == before + 1


def test_service_is_refused_unless_loopback():
    with pytest.raises(QueryError, match="refusing SERVICE <https://query.wikidata.org/sparql>"):
        prepare_query("SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }")
    with pytest.raises(QueryError, match="refusing SERVICE <https://w3id.org/aireg/id/x>"):
        prepare_query("SELECT * WHERE { SERVICE id:x { ?s ?p ?o } }")
    with pytest.raises(QueryError, match="refusing SERVICE \\?svc"):
        prepare_query("SELECT * WHERE { SERVICE ?svc { ?s ?p ?o } }")
    assert prepare_query("SELECT * WHERE { SERVICE <http://127.0.0.1:7878/query> { ?s ?p ?o } }").kind == "SELECT"
    allowed = prepare_query("SELECT * WHERE { SERVICE <https://example.org/sparql> { ?s ?p ?o } }", allow_service=True)
    assert allowed.kind == "SELECT"


@pytest.mark.parametrize(
    "query, message",
    [
        ("SELECT ?x WHRE { ?x ?y ?z }", "SPARQL syntax error at line 1, column 11: unexpected 'WHRE'"),
        ("SELECT ?x\nWHERE { ?x ?y ?z", "SPARQL syntax error at line 2, column 17: unexpected end of query"),
        ("SELECT ?x WHERE { ?x nosuch:y ?z }", "invalid SPARQL query: Unknown namespace prefix : nosuch"),
        ("   ", "empty query"),
    ],
)
def test_errors_are_one_clear_line(graphs, query, message):
    for graph in graphs.values():
        with pytest.raises(QueryError) as err:
            run_query(graph, query)
        assert str(err.value) == message


# -- same rows on both engines ----------------------------------------------------


@pytest.mark.parametrize("query, params", SAME_ROW_QUERIES)
def test_same_results_on_rdflib_and_oxigraph(graphs, query, params):
    a = run_query(graphs["rdflib"], query, params)
    b = run_query(graphs["oxigraph"], query, params)
    assert result_difference(a, b) is None
    assert a.variables == b.variables
    if a.kind == "SELECT":
        assert len(a.rows) > 0 or params, "a cross-check query should return rows"


def test_select_star_columns_follow_the_query(graphs):
    for graph in graphs.values():
        result = run_query(graph, "SELECT * WHERE { ?doc dcterms:issued ?date ; aireg:sectionCount ?n }")
        assert result.variables == ["doc", "date", "n"]


def test_rows_are_normalised(graphs):
    for graph in graphs.values():
        rows = run_query(
            graph,
            "SELECT ?w ?t ?x WHERE { id:eo-14110 aireg:weight ?w OPTIONAL { id:eo-14110 aireg:none ?x } "
            "id:eu-ai-act dcterms:title ?t FILTER(LANG(?t) != 'de') }",
        ).rows
        assert rows == [(Literal("2.5", datatype=rdfns.XSD.decimal), Literal("Artificial Intelligence Act", lang="en-gb"), None)]


def test_normalize_term():
    assert normalize_term(Literal("x", datatype=rdfns.XSD.string)) == Literal("x")
    assert normalize_term(Literal("x", lang="en-GB")) == Literal("x", lang="en-gb")
    assert str(normalize_term(Literal("2.50", datatype=rdfns.XSD.decimal))) == "2.5"
    assert str(normalize_term(Literal("3.0", datatype=rdfns.XSD.decimal))) == "3"
    assert str(normalize_term(Literal("0.6666666666666666666666666667", datatype=rdfns.XSD.decimal))) == "0.666666666666666666"
    assert str(normalize_term(Literal("007", datatype=rdfns.XSD.integer))) == "7"
    assert str(normalize_term(Literal("1.5E0", datatype=rdfns.XSD.double))) == "1.5"
    assert str(normalize_term(Literal("1", datatype=rdfns.XSD.boolean))) == "true"
    assert normalize_term(None) is None
    assert normalize_term(ID.x) == ID.x


def test_result_difference_sees_order_and_content():
    row1, row2 = (Literal(1),), (Literal(2),)
    a = QueryResult(kind="SELECT", variables=["n"], rows=[row1, row2], ordered=True, order_by=("n",))
    b = QueryResult(kind="SELECT", variables=["n"], rows=[row2, row1])
    assert "order differs" in result_difference(a, b)
    assert same_results(a, b, ordered=False)
    c = QueryResult(kind="SELECT", variables=["n"], rows=[row1])
    assert "rows differ" in result_difference(a, c)
    d = QueryResult(kind="SELECT", variables=["m"], rows=[row1, row2])
    assert "variables differ" in result_difference(a, d)
    assert same_results(
        QueryResult(kind="SELECT", variables=["b"], rows=[(BNode("x"),)]),
        QueryResult(kind="SELECT", variables=["b"], rows=[(BNode("y"),)]),
    )


def test_long_decimals_normalise_without_error():
    from rdflib import Literal as L

    from aireg.sparql import normalize_term

    long = "123456789012345678901234567890123.5"
    assert str(normalize_term(L(long, datatype=rdfns.XSD.decimal))).startswith("123456789012345678901234567890123")
    assert normalize_term(L("1" * 40, datatype=rdfns.XSD.decimal)) == normalize_term(L("1" * 40 + ".000", datatype=rdfns.XSD.decimal))
