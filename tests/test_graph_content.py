"""The bundled graph holds the source's facts, and they read back as data."""

from __future__ import annotations

import pytest
from rdflib import Literal

from aireg import load_graph
from aireg.namespaces import AIREG, ELI, ID, ODRL
from aireg.sparql import run_query

PREFIXES = """
PREFIX aireg: <https://w3id.org/aireg/ont#>
PREFIX id: <https://w3id.org/aireg/id/>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX odrl: <http://www.w3.org/ns/odrl/2/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def g(request):
    return load_graph(engine=request.param)


def select(g, body):
    return [tuple(row) for row in g.query(PREFIXES + body)]


def test_eo_14110_thresholds_read_back_as_numbers_with_units(g):
    rows = select(g, """
        SELECT ?value ?symbol WHERE {
            ?t a aireg:Threshold ; odrl:rightOperand ?value ; odrl:unit/aireg:symbol ?symbol ;
               aireg:citation/<http://www.w3.org/ns/oa#hasSource> id:src-newsletter-809 .
        }""")
    found = {(float(v.toPython()), str(s)) for v, s in rows}
    assert found == {(1e26, "operations"), (1e23, "operations"), (1e20, "op/s"), (100.0, "Gbit/s")}
    assert all(str(v.datatype) == "http://www.w3.org/2001/XMLSchema#double" for v, _ in rows)


def test_threshold_filter_compares_numbers_not_strings(g):
    rows = select(g, """
        SELECT ?t WHERE { ?t a aireg:Threshold ; odrl:rightOperand ?v . FILTER (?v >= 1e25) }""")
    names = {str(r[0]).rsplit("/", 1)[-1] for r in rows}
    assert names == {"eo-14110-thr-training-1e26", "eo-14110-thr-iaas-1e26", "eu-2024-thr-gpai-systemic-risk",
                     "ca-sb53-thr-frontier-1e26"}


def test_model_test_is_1e26_or_bio_data_and_1e23(g):
    combination = g.value(ID["eo-14110-cond-model"], AIREG.combination)
    assert combination == AIREG.AnyOf
    members = set(g.objects(ID["eo-14110-cond-model"], AIREG.member))
    assert members == {ID["eo-14110-thr-training-1e26"], ID["eo-14110-cond-bio"]}
    assert g.value(ID["eo-14110-cond-bio"], AIREG.combination) == AIREG.AllOf
    bio_members = set(g.objects(ID["eo-14110-cond-bio"], AIREG.member))
    assert bio_members == {ID["eo-14110-thr-bio-1e23"], ID["eo-14110-cond-bio-data"]}


def test_cluster_test_needs_colocation_and_network_and_capacity(g):
    assert g.value(ID["eo-14110-cond-cluster"], AIREG.combination) == AIREG.AllOf
    members = set(g.objects(ID["eo-14110-cond-cluster"], AIREG.member))
    assert members == {ID["eo-14110-cond-colocated"], ID["eo-14110-thr-network-100g"], ID["eo-14110-thr-cluster-1e20"]}
    # a rate and a data rate, never a count
    kinds = {g.value(g.value(m, ODRL.unit), AIREG.quantityKind) for m in members if g.value(m, ODRL.unit)}
    assert kinds == {AIREG.RateKind, AIREG.DataRateKind}


def test_reporting_duty_rests_on_50_usc_4555_of_the_dpa(g):
    rows = select(g, """
        SELECT ?section ?statute WHERE {
            ?duty aireg:addressee id:role-dual-use-foundation-model-developer ;
                  aireg:imposedBy/eli:is_part_of id:eo-14110 ;
                  aireg:hasLegalBasis ?section .
            ?section eli:is_part_of ?statute .
        }""")
    assert rows == [(ID["usc-50-4555"], ID["dpa"])]
    assert str(g.value(ID["usc-50-4555"], ELI.number)) == "50 U.S.C. 4555"


def test_each_ai_act_version_has_its_own_ai_system_definition(g):
    rows = select(g, """
        SELECT ?version ?date ?zh WHERE {
            ?version aireg:versionOf id:eu-ai-act ; eli:version_date ?date .
            ?def aireg:definedIn ?version ; aireg:definesTerm id:term-ai-system ; aireg:definitionText ?zh .
            FILTER (LANGMATCHES(LANG(?zh), "zh-Hant"))
        } ORDER BY ?date""")
    versions = [str(v).rsplit("/", 1)[-1] for v, _, _ in rows]
    assert versions == ["eu-ai-act-com-2021", "eu-ai-act-council-2022", "eu-ai-act-ep-2023", "eu-ai-act-2024-1689"]
    texts = [str(zh) for _, _, zh in rows]
    assert len(set(texts)) == 4
    assert texts[0].startswith("採用該法附錄一")
    assert "自主性" in texts[2]


def test_eo_14110_is_revoked_by_eo_14148(g):
    assert (ID["eo-14148"], ELI.repeals, ID["eo-14110"]) in g
    assert g.value(ID["eo-14110"], AIREG.status) == AIREG.Revoked
    assert g.value(ID["eo-14110"], ELI.date_no_longer_in_force).toPython().isoformat() == "2025-01-20"
    assert g.value(ID["eo-14110"], ELI.date_document).toPython().isoformat() == "2023-10-30"


def test_bletchley_signatories_match_the_stated_count(g):
    signatories = set(g.objects(ID["bletchley-declaration"], AIREG.signatory))
    stated = g.value(ID["bletchley-declaration"], AIREG.statedSignatoryCount).toPython()
    assert len(signatories) == stated == 29
    assert ID["eu"] in signatories and ID["state-china"] in signatories


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_every_instrument_has_a_label_in_each_language(g, lang):
    result = run_query(g, PREFIXES + """
        SELECT ?i WHERE {
            ?i a/rdfs:subClassOf* aireg:Instrument .
            FILTER NOT EXISTS { ?i rdfs:label ?l FILTER (LANGMATCHES(LANG(?l), ?lang)) }
        }""", {"lang": Literal(lang)})
    assert result.rows == []


def test_parliament_penalty_is_30_million_or_6_percent(g):
    p = ID["eu-ep-2023-penalty-max"]
    assert g.value(p, AIREG.maxFineAmount).toPython() == 30_000_000
    assert g.value(p, AIREG.maxTurnoverPercent).toPython() == 6
    assert str(g.value(p, AIREG.currency)) == "EUR"
