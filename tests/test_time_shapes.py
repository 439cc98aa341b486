"""The time model's SHACL contract: application rules, status changes, corrections, and the rule
that a fact dated after the newsletter is cited to a document other than the newsletter."""

from __future__ import annotations

import time

import pytest

from aireg import validate
from helpers import copy_data, data_files, edit

AFTER_NEWSLETTER = "cited to the newsletter only"


def _violations(result):
    return {(f.focus.rsplit("/", 1)[-1], f.message) for f in result.findings if f.severity == "Violation"}


def _cite_eo_14148_to_newsletter(data):
    edit(data / "us-executive-orders.ttl",
         'aireg:citation [ a aireg:Citation ; oa:hasSource id:src-fr-eo-14148 ; bibo:locator "90 FR 8237, Sec. 2" ] .',
         'aireg:citation [ a aireg:Citation ; oa:hasSource id:src-newsletter-809 ; aireg:page 1 ] .')


@pytest.mark.parametrize("shacl_engine", ["fast", pytest.param("pyshacl", marks=pytest.mark.slow)])
def test_post_newsletter_fact_cited_to_the_newsletter_only_is_a_violation(tmp_path, shacl_engine):
    data = copy_data(tmp_path)
    _cite_eo_14148_to_newsletter(data)
    result = validate(data_files(data), shacl_engine=shacl_engine)
    assert not result.conforms
    hits = [f for f in result.findings if f.focus.endswith("/eo-14148") and AFTER_NEWSLETTER in f.message]
    # dates after 2023-11-17: the order and its status as of (2025-01-20), its publication (2025-01-28)
    assert sorted({str(f.value) for f in hits}) == ["2025-01-20", "2025-01-28"]
    assert all(f.severity == "Violation" for f in hits)


def test_post_newsletter_rule_spares_official_citations_and_the_newsletter_day(tmp_path):
    data = copy_data(tmp_path)
    assert not [f for f in validate(data_files(data)).findings if AFTER_NEWSLETTER in f.message]
    # the newsletter's own day is not after it
    _cite_eo_14148_to_newsletter(data)
    edit(data / "us-executive-orders.ttl", 'eli:date_document "2025-01-20"^^xsd:date', 'eli:date_document "2023-11-17"^^xsd:date')
    edit(data / "us-executive-orders.ttl", 'eli:date_publication "2025-01-28"^^xsd:date', 'eli:date_publication "2023-11-17"^^xsd:date')
    # a status known as of a later day is a later fact too
    left = [f for f in validate(data_files(data)).findings if AFTER_NEWSLETTER in f.message]
    assert [(f.focus.rsplit("/", 1)[-1], str(f.value)) for f in left] == [("eo-14148", "2025-01-20")]
    edit(data / "us-executive-orders.ttl", 'aireg:statusAsOf "2025-01-20"^^xsd:date', 'aireg:statusAsOf "2023-11-17"^^xsd:date')
    assert not [f for f in validate(data_files(data)).findings if AFTER_NEWSLETTER in f.message]


BROKEN_TIME = """
@prefix aireg: <https://w3id.org/aireg/ont#> .
@prefix id:    <https://w3id.org/aireg/id/> .
@prefix oa:    <http://www.w3.org/ns/oa#> .
@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:   <http://www.w3.org/2001/XMLSchema#> .

id:test-app-1 a aireg:Application ;
    aireg:appliesFrom "2025-02-02" ;
    aireg:validFrom "2024-08-01"^^xsd:date ;
    aireg:validUntil "2024-07-01"^^xsd:date ;
    aireg:supersededBy id:test-app-2 ;
    aireg:citation [ a aireg:Citation ; oa:hasSource id:src-fr-eo-14148 ] .
id:test-app-2 a aireg:Application ;
    aireg:applicationOf id:eu-ai-act-2024-1689 ;
    aireg:appliesFrom "2026-08-02"^^xsd:date ;
    aireg:citation [ a aireg:Citation ; oa:hasSource id:src-fr-eo-14148 ] .
id:test-status a aireg:StatusChange ;
    aireg:statusOf id:eo-14110 ;
    aireg:citation [ a aireg:Citation ; oa:hasSource id:src-fr-eo-14148 ] .
id:test-correction a aireg:Correction ;
    aireg:correctionOf id:eo-14110 ;
    aireg:correctedProperty aireg:identifier ;
    aireg:sourceValue "x" ;
    aireg:correctValue "y" ;
    aireg:citation [ a aireg:Citation ; oa:hasSource id:src-newsletter-809 ; aireg:page 1 ] .
"""


@pytest.mark.parametrize("shacl_engine", ["fast", pytest.param("pyshacl", marks=pytest.mark.slow)])
def test_broken_time_nodes_are_violations(tmp_path, shacl_engine):
    data = copy_data(tmp_path)
    (data / "broken-time.ttl").write_text(BROKEN_TIME, encoding="utf-8")
    got = _violations(validate(data_files(data), shacl_engine=shacl_engine))
    expected = {
        ("test-app-1", "an application rule names what applies (aireg:applicationOf a provision group, provision, "
                       "instrument or version)"),
        ("test-app-1", "an application rule has exactly one aireg:appliesFrom, an xsd:date"),
        ("test-app-1", "aireg:validUntil (2024-07-01) is before aireg:validFrom"),
        ("test-status", "a status change has exactly one new status (aireg:toStatus, an aireg:Status)"),
        ("test-status", "a status change has exactly one aireg:effectiveDate, an xsd:date"),
        ("test-correction", "a correction is cited to a document other than the newsletter it corrects"),
    }
    assert expected <= got, expected - got
    assert ("test-app-2", "an application rule has exactly one aireg:appliesFrom, an xsd:date") not in got


def test_dataset_has_its_data_as_of_date():
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    from aireg import load_graph
    g = load_graph()
    asof = g.value(URIRef("https://w3id.org/aireg/id/aireg-dataset"), URIRef("https://w3id.org/aireg/ont#dataAsOf"))
    assert asof == Literal("2026-12-01", datatype=XSD.date)


def test_validation_stays_fast():
    start = time.perf_counter()
    result = validate()
    # the gate passes: nothing at Violation (Info findings make SHACL's own sh:conforms false)
    assert not result.fails_at("violation"), [f for f in result.findings if f.severity == "Violation"]
    assert {run.engine for run in result.shapes} == {"fast"}  # the fast engine compiled every shape
    assert time.perf_counter() - start < 20


@pytest.mark.parametrize("shacl_engine", ["fast", pytest.param("pyshacl", marks=pytest.mark.slow)])
def test_status_that_disagrees_with_its_history_is_a_warning(tmp_path, shacl_engine):
    data = copy_data(tmp_path)
    edit(data / "eo-14110.ttl", "aireg:status aireg:Revoked", "aireg:status aireg:InForce")
    result = validate(data_files(data), shacl_engine=shacl_engine)
    hits = [f for f in result.findings if "latest aireg:StatusChange" in f.message]
    assert [(f.severity, f.focus.rsplit("/", 1)[-1], str(f.value).rsplit("#", 1)[-1]) for f in hits] == [
        ("Warning", "eo-14110", "InForce")]
