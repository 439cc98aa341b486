"""The US threads of the newsletter followed to their outcome, checked on the real data.

EO 14110's deadlines lead to the measures that met them, each with a status history; the
OMB draft leads to its final memorandum; the 2025 orders are cited to the Federal Register;
California SB 53's thresholds sit beside EO 14110's. Facts after the newsletter are cited to
official documents only.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from aireg import paths
from aireg.namespaces import AIREG, ELI, ID, OA, ODRL

NEWSLETTER = ID["src-newsletter-809"]
RDFS_SEE_ALSO = URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso")
SKOS_NOTE = URIRef("http://www.w3.org/2004/02/skos/core#editorialNote")
NEW_FILES = ("eo-14110-implementation.ttl", "us-2025-orders.ttl", "us-state-laws.ttl")
UNDATED_SOURCES = {ID["src-cdt-tfaia"], ID["src-fr-2025-00637"], ID["src-omb-ai-reporting-2025"],
                   ID["src-ntia-open-weights-report"], ID["src-nist-pub-sp-800-218a"],
                   # read without its date line: its address gives the month only
                   ID["src-commerce-caisi-2025"],
                   # the Assembly's bill page and the Senate's consolidated law carry no date of their own
                   ID["src-nyassembly-a6453"], ID["src-nysenate-gbl-1420"]}


def _data_dir() -> Path:
    return paths.data_dir()


@pytest.fixture(scope="module")
def new_files() -> dict[str, Graph]:
    out = {}
    for name in NEW_FILES:
        g = Graph()
        g.parse(_data_dir() / name, format="turtle")
        out[name] = g
    return out


def _measures_of(g, norm):
    return set(g.subjects(AIREG.implements, norm))


@pytest.mark.parametrize("norm, expected", [
    ("eo-14110-obl-commerce-reporting-rules", {"bis-ai-reporting-nprm-2024"}),
    ("eo-14110-obl-commerce-iaas-rules", {"bis-iaas-nprm-2024"}),
    ("eo-14110-obl-nist-guidelines", {"nist-ai-600-1", "nist-ai-800-1-ipd", "nist-sp-800-218a"}),
    ("eo-14110-obl-commerce-consultation", {"ntia-open-weights-rfc-2024", "ntia-open-weights-report-2024"}),
])
def test_each_eo_14110_deadline_leads_to_the_measures_that_met_it(rdflib_graph, norm, expected):
    measures = _measures_of(rdflib_graph, ID[norm])
    assert {str(m).rsplit("/", 1)[-1] for m in measures} == expected


def test_every_implementing_measure_of_a_deadline_has_a_fate(rdflib_graph):
    """A measure with a status carries the history that led to it: its last change is its status."""
    deadlines = set(rdflib_graph.subjects(AIREG.deadlineDays, None))
    assert len(deadlines) == 3
    for norm in deadlines:
        measures = [m for m in _measures_of(rdflib_graph, norm) if rdflib_graph.value(m, AIREG.status)]
        assert measures, f"{norm} has no implementing measure with a status"
        for m in measures:
            changes = list(rdflib_graph.subjects(AIREG.statusOf, m))
            assert changes, f"{m} has no status history"
            last = max(changes, key=lambda c: rdflib_graph.value(c, AIREG.effectiveDate).toPython())
            assert rdflib_graph.value(last, AIREG.toStatus) == rdflib_graph.value(m, AIREG.status)
            assert rdflib_graph.value(last, AIREG.effectiveDate) == rdflib_graph.value(m, AIREG.statusAsOf)


def test_commerce_rules_are_federal_register_proposals_with_their_citations(rdflib_graph):
    expected = {
        "bis-ai-reporting-nprm-2024": ("89 FR 73612", "2024-09-11", "RIN 0694-AJ55", "2024-20529"),
        "bis-iaas-nprm-2024": ("89 FR 5698", "2024-01-29", "RIN 0694-AJ35", "2024-01580"),
    }
    for name, (cite, day, rin, doc) in expected.items():
        rule = ID[name]
        assert rdflib_graph.value(rule, AIREG.status) == AIREG.Proposed
        assert str(rdflib_graph.value(rule, AIREG.officialCitation)) == cite
        assert rdflib_graph.value(rule, ELI.date_publication).toPython().isoformat() == day
        assert str(rdflib_graph.value(rule, AIREG.identifier)) == rin
        assert str(rdflib_graph.value(rule, AIREG.officialText)).endswith(doc)
        assert rdflib_graph.value(rule, AIREG.issuedBy) == ID["us-bis"]
        # no official withdrawal was read: the history is the proposal alone, and the note says
        # which official record (the Unified Agenda) is still unread
        history = [(rdflib_graph.value(c, AIREG.toStatus), rdflib_graph.value(c, AIREG.effectiveDate).toPython().isoformat())
                   for c in rdflib_graph.subjects(AIREG.statusOf, rule)]
        assert history == [(AIREG.Proposed, day)]
        notes = " ".join(str(n) for n in rdflib_graph.objects(rule, SKOS_NOTE) if n.language == "en")
        assert "Unified Agenda (reginfo.gov)" in notes


def test_omb_draft_keeps_the_newsletter_and_is_superseded_by_m_24_10(rdflib_graph):
    draft = ID["omb-ai-guidance-2023"]
    assert rdflib_graph.value(draft, AIREG.status) == AIREG.Superseded
    assert rdflib_graph.value(draft, AIREG.statusAsOf).toPython().isoformat() == "2024-03-28"
    sources = {rdflib_graph.value(c, OA.hasSource) for c in rdflib_graph.objects(draft, AIREG.citation)}
    assert NEWSLETTER in sources and ID["src-omb-m-24-10"] in sources
    history = sorted((rdflib_graph.value(c, AIREG.effectiveDate).toPython().isoformat(),
                      rdflib_graph.value(c, AIREG.toStatus)) for c in rdflib_graph.subjects(AIREG.statusOf, draft))
    assert history == [("2023-11-01", AIREG.Draft), ("2024-03-28", AIREG.Superseded)]
    final = ID["omb-m-24-10"]
    assert (final, AIREG.replaces, draft) in rdflib_graph
    assert (final, AIREG.implements, ID["eo-14110"]) in rdflib_graph
    assert str(rdflib_graph.value(final, AIREG.identifier)) == "OMB M-24-10"


def test_eo_14179_directs_review_of_eo_14110_and_the_2025_orders_are_in_the_federal_register(rdflib_graph):
    assert (ID["eo-14179"], AIREG.directsReviewOf, ID["eo-14110"]) in rdflib_graph
    expected = {"eo-14179": ("90 FR 8741", "2025-01-23", "2025-01-31"),
                "eo-14318": ("90 FR 35385", "2025-07-23", "2025-07-28"),
                "eo-14319": ("90 FR 35389", "2025-07-23", "2025-07-28"),
                "eo-14365": ("90 FR 58499", "2025-12-11", "2025-12-16")}
    for name, (cite, signed, published) in expected.items():
        eo = ID[name]
        assert str(rdflib_graph.value(eo, AIREG.officialCitation)) == cite
        assert rdflib_graph.value(eo, ELI.date_document).toPython().isoformat() == signed
        assert rdflib_graph.value(eo, ELI.date_publication).toPython().isoformat() == published
        assert rdflib_graph.value(eo, AIREG.signatory) == ID["donald-trump"]


def test_sb_53_thresholds_are_a_count_and_a_sum_of_money_in_california(rdflib_graph):
    sb53 = ID["ca-sb-53"]
    assert rdflib_graph.value(sb53, AIREG.jurisdiction) == URIRef("https://w3id.org/dpv/loc#US-CA")
    assert str(rdflib_graph.value(sb53, AIREG.identifier)) == "Cal. Stats. 2025, ch. 138 (SB 53)"
    assert rdflib_graph.value(sb53, ELI.first_date_entry_in_force).toPython().isoformat() == "2026-01-01"
    group = ID["ca-sb53-cond-large-frontier-developer"]
    assert rdflib_graph.value(group, AIREG.combination) == AIREG.AllOf
    found = {}
    for member in rdflib_graph.objects(group, AIREG.member):
        unit = rdflib_graph.value(member, ODRL.unit)
        found[rdflib_graph.value(unit, AIREG.quantityKind)] = rdflib_graph.value(member, ODRL.rightOperand).toPython()
    assert found == {AIREG.CountKind: 1e26, AIREG.MonetaryKind: 5e8}


def test_every_new_fact_is_cited_to_an_official_document_and_never_the_newsletter_alone(new_files, rdflib_graph):
    checked = 0
    for name, g in new_files.items():
        for node in set(g.subjects(AIREG.citation, None)):
            sources = {g.value(c, OA.hasSource) for c in g.objects(node, AIREG.citation)}
            official = sources - {NEWSLETTER}
            assert official, f"{name}: {node} is cited to the newsletter only"
            for src in official:
                assert rdflib_graph.value(src, RDFS_SEE_ALSO) is not None, f"{src} has no URL"
            checked += 1
    assert checked >= 30


def test_new_source_documents_are_labelled_in_both_languages_and_dated(new_files):
    rdfs_label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    for g in new_files.values():
        for src in g.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), AIREG.SourceDocument):
            langs = {lbl.language for lbl in g.objects(src, rdfs_label)}
            assert langs == {"en", "zh-Hant"}, src
            # official pages whose own publication date was not read: a state agency's background
            # page, a Federal Register notice, OMB's guidance, NTIA's report pages, NIST's
            # publication record of SP 800-218A
            assert (g.value(src, AIREG.publishedOn) is not None
                    or src in UNDATED_SOURCES), f"{src} has no publication date"


def _in_force_on(graph, day: str) -> set[str]:
    from aireg.library import find_query
    from aireg.sparql import run_query

    query = find_query("in-force-on")
    result = run_query(graph, query.text, query.bindings({"date": day}, "en"))
    i = result.variables.index("doc")
    return {str(row[i]).rsplit("/", 1)[-1] for row in result.rows}


def test_proposed_rules_are_never_in_force_and_sb_53_is_from_2026(graph):
    before, after = _in_force_on(graph, "2025-12-31"), _in_force_on(graph, "2026-06-01")
    assert not {"bis-ai-reporting-nprm-2024", "bis-iaas-nprm-2024"} & (before | after)
    assert "ca-sb-53" not in before and "ca-sb-53" in after
    assert {"eo-14179", "eo-14318", "eo-14319", "eo-14365"} <= after and "eo-14110" not in after


def test_omb_m_24_10_is_rescinded_and_replaced_by_m_25_21_under_eo_14179(rdflib_graph):
    m2410, m2521 = ID["omb-m-24-10"], ID["omb-m-25-21"]
    assert rdflib_graph.value(m2410, AIREG.status) == AIREG.Rescinded
    assert rdflib_graph.value(m2410, ELI.date_no_longer_in_force).toPython().isoformat() == "2025-04-03"
    assert (m2521, AIREG.replaces, m2410) in rdflib_graph
    assert (m2521, AIREG.implements, ID["eo-14179"]) in rdflib_graph
    changes = {rdflib_graph.value(c, AIREG.toStatus): rdflib_graph.value(c, AIREG.causedBy)
               for c in rdflib_graph.subjects(AIREG.statusOf, m2410)}
    assert changes == {AIREG.Issued: None, AIREG.Rescinded: m2521}


def test_action_plan_and_july_orders_follow_eo_14179(rdflib_graph):
    assert (ID["us-ai-action-plan-2025"], AIREG.implements, ID["eo-14179"]) in rdflib_graph
    july = {str(o).rsplit("/", 1)[-1] for o in rdflib_graph.subjects(ELI.date_document, None)
            if rdflib_graph.value(o, ELI.date_document).toPython().isoformat() == "2025-07-23"}
    assert {"eo-14318", "eo-14319", "eo-14320", "us-ai-action-plan-2025"} <= july


def test_sb_53_penalty_is_a_civil_fine_in_dollars_enforced_by_the_attorney_general(rdflib_graph):
    p = ID["ca-sb53-penalty"]
    assert rdflib_graph.value(p, AIREG.penaltyKind) == AIREG.CivilPenalty
    assert rdflib_graph.value(p, AIREG.maxFineAmount).toPython() == 1_000_000
    assert str(rdflib_graph.value(p, AIREG.currency)) == "USD"
    assert rdflib_graph.value(p, AIREG.maxTurnoverPercent) is None
    norm = rdflib_graph.value(p, AIREG.penaltyOf)
    assert rdflib_graph.value(norm, AIREG.implementedBy) == ID["california-attorney-general"]


def test_sp_800_218a_is_nist_s_final_ssdf_companion_under_eo_14110_sec_4_1(rdflib_graph):
    """NIST SP 800-218A: draft posted 29 April 2024 (CSRC), final 26 July 2024 (NIST's EO page for
    Sec. 4.1(a)(i)(B)); its own abstract says it supports EO 14110."""
    sp = ID["nist-sp-800-218a"]
    assert str(rdflib_graph.value(sp, AIREG.identifier)) == "NIST SP 800-218A"
    assert rdflib_graph.value(sp, AIREG.issuedBy) == ID["us-nist"]
    assert (sp, AIREG.implements, ID["eo-14110-obl-nist-guidelines"]) in rdflib_graph
    assert rdflib_graph.value(sp, ELI.date_document).toPython().isoformat() == "2024-07-26"
    history = sorted((rdflib_graph.value(c, AIREG.effectiveDate).toPython().isoformat(),
                      rdflib_graph.value(c, AIREG.toStatus)) for c in rdflib_graph.subjects(AIREG.statusOf, sp))
    assert history == [("2024-04-29", AIREG.Draft), ("2024-07-26", AIREG.Issued)]
    sources = {rdflib_graph.value(c, OA.hasSource) for c in rdflib_graph.objects(sp, AIREG.citation)}
    assert sources == {ID["src-nist-pub-sp-800-218a"], ID["src-nist-eo-secure-software"]}
    urls = {str(rdflib_graph.value(s, RDFS_SEE_ALSO)) for s in sources}
    assert all(u.startswith("https://www.nist.gov/") for u in urls)
    locators = " ".join(str(rdflib_graph.value(c, URIRef("http://purl.org/ontology/bibo/locator")))
                        for c in rdflib_graph.objects(sp, AIREG.citation))
    assert "4.1(a)(i)(B)" in locators


def test_sp_800_218a_is_in_the_implementation_tracker_and_never_in_force(graph, rdflib_graph):
    """Soft law is issued, not in force: the in-force table leaves it out, the implementation
    tracker lists it under EO 14110 Sec. 4.1 with its status and date."""
    from aireg.library import find_query
    from aireg.sparql import run_query

    assert "nist-sp-800-218a" not in _in_force_on(graph, "2025-01-01")
    query = find_query("implementation-tracker")
    result = run_query(graph, query.text, query.bindings({}, "en"))
    col = {v: i for i, v in enumerate(result.variables)}
    rows = [r for r in result.rows if r[col["m"]] is not None and str(r[col["m"]]).endswith("/nist-sp-800-218a")]
    assert len(rows) == 1
    row = rows[0]
    assert str(row[col["provision"]]) == "Sec. 4.1"
    assert str(row[col["status"]]) == "issued (non-binding)"
    assert str(row[col["issued"]]).startswith("2024-07-26")


def test_the_us_ai_safety_institute_was_reformed_into_caisi_per_commerce(graph, rdflib_graph):
    """Commerce's own release says the agency formerly known as the U.S. AI Safety Institute becomes
    CAISI; the succession query walks from one to the other, and no day is invented for it."""
    from aireg.library import find_query
    from aireg.sparql import run_query

    aisi, caisi = ID["us-aisi"], ID["us-caisi"]
    assert (caisi, AIREG.replaces, aisi) in rdflib_graph
    assert str(rdflib_graph.value(caisi, URIRef("http://www.w3.org/2004/02/skos/core#altLabel"))) == "CAISI"
    src = ID["src-commerce-caisi-2025"]
    assert str(rdflib_graph.value(src, RDFS_SEE_ALSO)).startswith("https://www.commerce.gov/news/press-releases/2025/06/")
    assert rdflib_graph.value(src, AIREG.publishedOn) is None
    quotes = [str(q) for c in rdflib_graph.objects(aisi, AIREG.citation)
              for s in rdflib_graph.objects(c, OA.hasSelector) for q in rdflib_graph.objects(s, OA.exact)]
    assert any("formerly known as the U.S. AI Safety Institute" in q for q in quotes)
    query = find_query("succession")
    result = run_query(graph, query.text, query.bindings({"instrument": "id:us-aisi"}, "en"))
    col = {v: i for i, v in enumerate(result.variables)}
    assert [(str(r[col["direction"]]), str(r[col["relation"]]), str(r[col["node"]]).rsplit("/", 1)[-1])
            for r in result.rows] == [("later", "replaces", "us-caisi")]


def test_bis_rules_stay_proposed_on_the_data_as_of_date_and_say_why(graph, rdflib_graph):
    """No later Federal Register document was found for either rule: both keep the status their
    proposed rule gives, are not in force on 2026-12-01, and their notes say what was checked."""
    today = _in_force_on(graph, "2026-12-01")
    for name, rin, doc in (("bis-ai-reporting-nprm-2024", "0694-AJ55", "2024-20529"),
                           ("bis-iaas-nprm-2024", "0694-AJ35", "2024-01580")):
        rule = ID[name]
        assert rdflib_graph.value(rule, AIREG.status) == AIREG.Proposed
        assert name not in today
        note = {n.language.lower(): str(n) for n in rdflib_graph.objects(rule, SKOS_NOTE)}
        assert set(note) == {"en", "zh-hant"}
        assert "2026-12-01" in note["en"] and f"RIN {rin}" in note["en"] and f"FR Doc. {doc}" in note["en"]
        assert "not a finding that the rulemaking is still open" in note["en"]


def test_new_york_raise_act_is_signed_not_yet_in_force_and_has_no_unread_thresholds(graph, rdflib_graph):
    """Signed on 19 December 2025 (the Senate sponsor's release on nysenate.gov): adopted, with no
    entry into force recorded, so no in-force or applies-on table lists it; its thresholds were not
    read in an official text and are not in the graph; the note names the chapter amendment."""
    from aireg.library import find_query
    from aireg.sparql import run_query

    act = ID["ny-raise-act"]
    assert rdflib_graph.value(act, AIREG.jurisdiction) == URIRef("https://w3id.org/dpv/loc#US-NY")
    assert rdflib_graph.value(act, ELI.date_document).toPython().isoformat() == "2025-12-19"
    assert rdflib_graph.value(act, AIREG.status) == AIREG.Adopted
    assert rdflib_graph.value(act, ELI.first_date_entry_in_force) is None
    history = [(rdflib_graph.value(c, AIREG.toStatus), rdflib_graph.value(c, AIREG.effectiveDate).toPython().isoformat())
               for c in rdflib_graph.subjects(AIREG.statusOf, act)]
    assert history == [(AIREG.Adopted, "2025-12-19")]
    sources = {rdflib_graph.value(c, OA.hasSource) for c in rdflib_graph.objects(act, AIREG.citation)}
    urls = {str(rdflib_graph.value(s, RDFS_SEE_ALSO)) for s in sources}
    assert "https://www.nysenate.gov/newsroom/press-releases/2025/andrew-gounardes/landmark-ai-safety-bill-signed-law" in urls
    assert all(u.startswith(("https://www.nysenate.gov/", "https://nyassembly.gov/", "https://assembly.state.ny.us/"))
               for u in urls)
    note = " ".join(str(n) for n in rdflib_graph.objects(act, SKOS_NOTE) if n.language == "en")
    assert "A9449" in note and "S8828" in note and "not recorded" in note
    # no threshold, provision or norm of the act is in the graph
    assert not set(rdflib_graph.subjects(ELI.is_part_of, act))
    assert not set(rdflib_graph.subjects(AIREG.imposedBy, act))
    assert "ny-raise-act" not in _in_force_on(graph, "2026-12-01")
    query = find_query("applies-on")
    result = run_query(graph, query.text, query.bindings({"date": "2026-12-01"}, "en"))
    i = result.variables.index("target")
    assert not any(str(r[i]).endswith("/ny-raise-act") for r in result.rows)
    query = find_query("changelog")
    result = run_query(graph, query.text, query.bindings({"from": "2025-12-19", "to": "2025-12-19"}, "en"))
    i = result.variables.index("node")
    assert sum(str(r[i]).endswith("/ny-raise-act") for r in result.rows) == 2

