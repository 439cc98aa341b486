"""The fast Oxigraph term conversion gives exactly the terms of the reference path.

The reference is what the query layer did before it had a converter of its
own: oxrdflib's ``from_ox`` (an rdflib term built the usual way) followed by
:func:`aireg.terms.normalize_term`. Terms are compared on spelling, datatype,
language and Python value, so a shortcut that changed any of them fails here.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oxrdflib._converter import from_ox
from rdflib import BNode, Literal, URIRef

from aireg.canonical import canonical_duration, canonical_year_month
from aireg.terms import OxigraphTerms, canonical_day_time, normalize_term

XSD_NS = "http://www.w3.org/2001/XMLSchema#"
# rdflib warns when it reads an ill-typed boolean such as "maybe"; these tests make them on purpose
pytestmark = pytest.mark.filterwarnings("ignore:Parsing weird boolean:UserWarning")


def _typed(lexical: str, local: str) -> ox.Literal:
    return ox.Literal(lexical, datatype=ox.NamedNode(XSD_NS + local))


SAMPLES = [
    ox.NamedNode("https://w3id.org/aireg/id/eo-14110"),
    ox.Literal("Executive Order 14110"),
    ox.Literal("第14110號行政命令", language="zh-Hant"),
    ox.Literal("Safe, Secure", language="en-GB"),
    _typed("2023-10-30", "date"),
    _typed("2023-10-30Z", "date"),
    _typed("2023-10-30+01:00", "date"),
    _typed("2023-02-30", "date"),  # ill-typed: no such day
    _typed("12023-10-30", "date"),
    _typed("2023-10-30T09:30:00Z", "dateTime"),
    _typed("2023-10-30T09:30:00.500+02:00", "dateTime"),
    _typed("P90D", "dayTimeDuration"),
    _typed("P1Y2M", "duration"),
    _typed("1E40", "dayTimeDuration"),  # seconds beyond the default decimal precision
    _typed("P12345678901234567890123456789D", "dayTimeDuration"),
    _typed("007", "integer"),
    _typed("-0", "integer"),
    _typed("twelve", "integer"),
    _typed("100000000000000000000000000000", "nonNegativeInteger"),
    _typed("2.50", "decimal"),
    _typed("0.6666666666666666666666666667", "decimal"),
    _typed("1e26", "double"),
    _typed("1.0E25", "double"),
    _typed("INF", "float"),
    _typed("NaN", "double"),
    _typed("1", "boolean"),
    _typed("maybe", "boolean"),
    _typed("x", "string"),
    _typed("  a  b ", "token"),
    _typed("<p>hi</p>", "anyURI"),
    ox.Literal("10^26", datatype=ox.NamedNode("https://w3id.org/aireg/ont#notation")),
]


def _same(fast, reference) -> None:
    assert type(fast) is type(reference)
    assert str(fast) == str(reference)
    if isinstance(reference, Literal):
        assert fast.datatype == reference.datatype
        assert fast.language == reference.language
        assert fast.ill_typed == reference.ill_typed
        assert fast.value == reference.value or (fast.value != fast.value and reference.value != reference.value)


@pytest.mark.parametrize("term", SAMPLES, ids=str)
def test_fast_conversion_matches_reference(term):
    _same(OxigraphTerms()[term], normalize_term(from_ox(term)))


def test_unbound_cells_and_blank_nodes():
    terms = OxigraphTerms()
    assert terms[None] is None
    blank = terms[ox.BlankNode("b0")]
    assert isinstance(blank, BNode)


def test_each_distinct_term_is_converted_once():
    terms = OxigraphTerms()
    a = terms[ox.NamedNode("https://w3id.org/aireg/id/x")]
    b = terms[ox.NamedNode("https://w3id.org/aireg/id/x")]
    assert a is b and a == URIRef("https://w3id.org/aireg/id/x")


LOCALS = ["string", "date", "dateTime", "integer", "decimal", "double", "float", "boolean",
          "nonNegativeInteger", "gYear", "dayTimeDuration", "duration", "yearMonthDuration"]


# any literal: free text, numbers and dates, under every datatype of LOCALS or a language tag
ANY_LITERAL = {
    "lexical": st.one_of(
        st.text(max_size=12),
        st.from_regex(r"\A[+-]?\d{1,5}(\.\d{0,4})?([eE][+-]?\d{1,2})?\Z"),
        st.from_regex(r"\A\d{4}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?\Z"),
    ),
    "local": st.sampled_from(LOCALS),
    "lang": st.sampled_from([None, "en", "zh-Hant", "EN-gb"]),
}


def _drawn(lexical: str, local: str, lang: str | None) -> ox.Literal | None:
    """The drawn literal, or None for a lexical form Oxigraph itself refuses."""
    try:
        return ox.Literal(lexical, language=lang) if lang else _typed(lexical, local)
    except ValueError:
        return None


@settings(max_examples=400, deadline=None)
@given(**ANY_LITERAL)
def test_fast_conversion_matches_reference_on_any_literal(lexical, local, lang):
    term = _drawn(lexical, local, lang)
    if term is not None:
        _same(OxigraphTerms()[term], normalize_term(from_ox(term)))


@pytest.mark.parametrize(("lexical", "canonical"), [
    ("P90D", "P90D"),
    ("7.776e+06", "P90D"),  # Virtuoso's seconds for P90D
    ("P1DT25H", "P2DT1H"),
    ("1E40", "P115740740740740740740740740740740740DT17H46M40S"),
    ("P12345678901234567890123456789DT24H", "P12345678901234567890123456790D"),
    ("1E999", None),  # too long to spell in days: kept as written
])
def test_day_time_canonical_form_is_exact_at_any_size(lexical, canonical):
    assert canonical_day_time(lexical) == canonical


# --------------------------------------------------------------------------
# Light terms (aireg.lightterms): the same values without rdflib, rendered alike


def _same_light(term) -> None:
    from aireg.lightterms import LightTerms, answer_to_rdflib, term_kind
    from aireg.tables import cell_text, json_term

    light, heavy = LightTerms()[term], OxigraphTerms()[term]
    assert term_kind(light) == term_kind(heavy)
    assert str(light) == str(heavy)
    if term_kind(heavy) == "literal":
        assert light.language == heavy.language
        assert (None if light.datatype is None else str(light.datatype)) == (
            None if heavy.datatype is None else str(heavy.datatype))
    for compact in (True, False):
        assert cell_text(light, compact) == cell_text(heavy, compact)
    assert json_term(light) == json_term(heavy)
    _same(answer_to_rdflib(light), heavy)  # what a CONSTRUCT answer's graph holds


@pytest.mark.parametrize("term", [*SAMPLES, ox.BlankNode("b0")], ids=str)
def test_light_conversion_matches_the_rdflib_one(term):
    _same_light(term)


@settings(max_examples=400, deadline=None)
@given(**ANY_LITERAL)
def test_light_conversion_matches_the_rdflib_one_on_any_literal(lexical, local, lang):
    term = _drawn(lexical, local, lang)
    if term is not None:
        _same_light(term)


@pytest.mark.parametrize(("lexical", "local", "canonical"), [
    # Virtuoso's answers: a year-month duration as its months, a day-time one as its seconds (a double)
    ("120", "duration", "P10Y"),
    ("14", "duration", "P1Y2M"),
    ("7.776e+06", "duration", "P90D"),
    ("93600.0", "duration", "P1DT2H"),
    ("120", "yearMonthDuration", "P10Y"),
    ("120", "dayTimeDuration", "PT2M"),  # a day-time duration has no months: seconds
    # lexical forms of the data, spelled as Oxigraph spells them
    ("P12M", "duration", "P1Y"),
    ("-P13M", "duration", "-P1Y1M"),
    ("P0Y", "duration", "PT0S"),
    ("P0M", "yearMonthDuration", "P0M"),
    ("P1Y2M3DT4H", "duration", None),  # both kinds of part: kept as written
])
def test_durations_take_one_spelling_whichever_engine_gave_them(lexical, local, canonical):
    function = {"duration": canonical_duration, "yearMonthDuration": canonical_year_month,
                "dayTimeDuration": canonical_day_time}[local]
    assert function(lexical) == canonical


@pytest.mark.parametrize("lexical, local", [("P12M", "duration"), ("-P13M", "duration"), ("P0Y", "duration"),
                                            ("P14M", "yearMonthDuration"), ("P1Y2M3DT4H", "duration")])
def test_duration_spelling_is_oxigraphs_own(lexical, local):
    """What the canonical forms promise: Oxigraph's own spelling of the value."""
    store = ox.Store()
    (row,) = store.query(f'SELECT ?x WHERE {{ BIND("{lexical}"^^<{XSD_NS}{local}> AS ?x) }}')
    assert str(OxigraphTerms()[_typed(lexical, local)]) == row[0].value
