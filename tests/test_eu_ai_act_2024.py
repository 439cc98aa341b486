"""Regulation (EU) 2024/1689 in depth, and what came after it, read back from the real data.

The facts are the Official Journal's (OJ L, 2024/1689, 12.7.2024) and the Commission's; these
tests check their shape: the eight Art. 5(1) practices, the eight Annex III areas, the four
penalty tiers with their figures, the Art. 113 dates, the GPAI duties, and that every node of
the two files is cited to an official document, never to the newsletter alone.
"""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from aireg.namespaces import AIREG, ELI, ID
from aireg.paths import project_root

OA_SOURCE = URIRef("http://www.w3.org/ns/oa#hasSource")
BIBO_LOCATOR = URIRef("http://purl.org/ontology/bibo/locator")
EU_AIACT = "https://w3id.org/dpv/legal/eu/aiact#"
REG = ID["eu-ai-act-2024-1689"]
FILES = ("eu-ai-act-2024-1689.ttl", "eu-ai-act-implementation.ttl")


def local(term) -> str:
    return str(term).rsplit("/", 1)[-1]


@pytest.fixture(scope="module")
def g(graph):
    return graph


@pytest.fixture(scope="module")
def files() -> dict[str, Graph]:
    return {name: Graph().parse(project_root() / "data" / name) for name in FILES}


def rows(g, body):
    prefixes = """
        PREFIX aireg: <https://w3id.org/aireg/ont#>
        PREFIX id: <https://w3id.org/aireg/id/>
        PREFIX eli: <http://data.europa.eu/eli/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    """
    return [tuple(r) for r in g.query(prefixes + body)]


def test_article_5_lists_eight_prohibited_practices_and_two_inserted_in_2026(g):
    found = rows(g, """
        SELECT ?p ?number WHERE {
            ?p a aireg:AIPractice ; aireg:inRiskCategory id:eu-risk-prohibited ; aireg:inProvision ?prov .
            ?prov eli:is_part_of id:eu-ai-act-2024-1689 ; eli:number ?number .
        }""")
    numbers = sorted(str(n) for _, n in found)
    # points (a)-(h) of the 2024 text, and (ba) and (bb) inserted by Regulation (EU) 2026/1744, Art. 1(7)(a)
    assert numbers == sorted([f"Art. 5(1)({c})" for c in "abcdefgh"] + ["Art. 5(1)(ba)", "Art. 5(1)(bb)"])
    assert len({p for p, _ in found}) == 10
    inserted = {str(n): local(p) for p, n in found if str(n) in ("Art. 5(1)(ba)", "Art. 5(1)(bb)")}
    assert inserted == {"Art. 5(1)(ba)": "practice-non-consensual-intimate-imagery",
                        "Art. 5(1)(bb)": "practice-csam-generation"}
    for practice in inserted.values():
        sources = {g.value(c, OA_SOURCE) for c in g.objects(ID[practice], AIREG.citation)}
        assert sources == {ID["src-oj-2026-1744"]}


def test_the_commission_proposals_practices_are_kept_in_the_regulation(g):
    commission = set(g.subjects(AIREG.inProvision, ID["eu-ai-act-com-2021-art-5"]))
    assert len(commission) == 4
    in_regulation = {p: {str(g.value(prov, ELI.number)) for prov in g.objects(p, AIREG.inProvision)
                         if g.value(prov, ELI.is_part_of) == REG} for p in commission}
    assert in_regulation == {
        ID["practice-manipulation-of-persons"]: {"Art. 5(1)(a)"},
        ID["practice-manipulation-of-vulnerable-groups"]: {"Art. 5(1)(b)"},
        ID["practice-social-scoring"]: {"Art. 5(1)(c)"},
        ID["practice-realtime-remote-biometric-identification"]: {"Art. 5(1)(h)"},
    }
    # each points to the DPV concept of its point of Art. 5(1)
    dpv = {local(p): str(g.value(p, SKOS.closeMatch)).rsplit("#", 1)[-1] for p in commission}
    assert dpv["practice-social-scoring"] == "ProhibitedAISystem-A5-1-c"


def test_annex_iii_has_eight_high_risk_areas(g):
    found = rows(g, """
        SELECT ?p ?number WHERE {
            ?p a aireg:AIPractice ; aireg:inRiskCategory id:eu-risk-high ; aireg:inProvision ?prov .
            ?prov eli:is_part_of id:eu-ai-act-2024-1689 ; eli:number ?number .
            FILTER (STRSTARTS(STR(?number), "Annex III"))
        }""")
    assert sorted(str(n) for _, n in found) == [f"Annex III, point {i}" for i in range(1, 9)]
    biometrics = [p for p, n in found if str(n) == "Annex III, point 1"]
    assert biometrics == [ID["practice-biometric-identification-categorisation"]]  # the newsletter's node, kept


def test_four_penalty_tiers_with_the_regulations_figures(g):
    found = rows(g, """
        SELECT ?number ?amount ?percent WHERE {
            ?p aireg:penaltyOf id:eu-ai-act-2024-1689 ; aireg:inProvision/eli:number ?number ;
               aireg:maxFineAmount ?amount ; aireg:maxTurnoverPercent ?percent ; aireg:currency "EUR" .
        }""")
    tiers = {str(n): (a.toPython(), p.toPython()) for n, a, p in found}
    assert tiers == {
        "Art. 99(3)": (35_000_000, 7),
        "Art. 99(4)": (15_000_000, 3),
        "Art. 99(5)": (7_500_000, 1),
        "Art. 101(1)": (15_000_000, 3),
    }


def test_article_113_dates_of_application(g):
    found = rows(g, """
        SELECT ?group ?from ?since ?setBy WHERE {
            ?a a aireg:Application ; aireg:applicationOf ?group ; aireg:appliesFrom ?from ;
               aireg:validFrom ?since ; aireg:setBy ?setBy .
            ?group aireg:groupOf id:eu-ai-act-2024-1689 .
            FILTER NOT EXISTS { ?a aireg:changedBy ?amending }
        }""")
    dates = {local(grp): d.toPython() for grp, d, _, _ in found}
    assert dates == {
        "eu-ai-act-2024-1689-group-prohibitions": date(2025, 2, 2),
        "eu-ai-act-2024-1689-group-gpai-governance-penalties": date(2025, 8, 2),
        "eu-ai-act-2024-1689-group-general": date(2026, 8, 2),
        "eu-ai-act-2024-1689-group-art-6-1": date(2027, 8, 2),
    }
    assert {s.toPython() for _, _, s, _ in found} == {date(2024, 8, 1)}  # the law says so since it entered into force
    assert {local(b) for _, _, _, b in found} == {"eu-ai-act-2024-1689-art-113"}
    assert g.value(REG, ELI.first_date_entry_in_force).toPython() == date(2024, 8, 1)
    # Art. 101 is excepted from point (b): it applies from the general date (before and after 2026)
    groups = {local(grp) for grp in g.subjects(AIREG.includesProvision, ID["eu-ai-act-2024-1689-art-101"])}
    assert groups == {"eu-ai-act-2024-1689-group-general", "eu-ai-act-2024-1689-group-general-2026"}


def test_regulation_2026_1744_moves_the_dates_and_keeps_the_earlier_rules(g):
    omnibus = ID["eu-reg-2026-1744"]
    assert g.value(omnibus, ELI.amends) == REG
    assert (g.value(omnibus, ELI.date_document).toPython(), g.value(omnibus, ELI.date_publication).toPython(),
            g.value(omnibus, ELI.first_date_entry_in_force).toPython()) == (
        date(2026, 7, 8), date(2026, 7, 24), date(2026, 7, 27))
    assert str(g.value(omnibus, AIREG.officialCitation)) == "OJ L, 2026/1744, 24.7.2026"
    new = rows(g, """
        SELECT ?a ?from ?since WHERE {
            ?a a aireg:Application ; aireg:appliesFrom ?from ; aireg:validFrom ?since ;
               aireg:changedBy id:eu-reg-2026-1744 ; aireg:setBy id:eu-ai-act-2024-1689-art-113 .
        }""")
    assert {local(a).rsplit("-application-", 1)[1]: f.toPython() for a, f, _ in new} == {
        "art-5-ba-bb": date(2026, 12, 2),
        "chapter-iii-annex-iii": date(2027, 12, 2),
        "chapter-iii-annex-i": date(2028, 8, 2),
        "arts-102-110": date(2026, 7, 27),
        "general-2026": date(2026, 8, 2),
    }
    assert {s.toPython() for _, _, s in new} == {date(2026, 7, 27)}
    # the superseded rules stay, valid until the day before the amending act entered into force
    for old, successor in (("art-6-1", "chapter-iii-annex-i"), ("general", "general-2026")):
        rule = ID[f"eu-ai-act-2024-1689-application-{old}"]
        assert g.value(rule, AIREG.validUntil).toPython() == date(2026, 7, 26)
        assert g.value(rule, AIREG.supersededBy) == ID[f"eu-ai-act-2024-1689-application-{successor}"]
    # the rules the amendment left alone are not superseded
    for kept in ("prohibitions", "gpai-governance-penalties"):
        assert g.value(ID[f"eu-ai-act-2024-1689-application-{kept}"], AIREG.validUntil) is None
    # Annex III moves out of the general group into the 2027 group
    annex_iii_3 = ID["eu-ai-act-2024-1689-annex-iii-3"]
    assert {local(x) for x in g.subjects(AIREG.includesProvision, annex_iii_3)} == {
        "eu-ai-act-2024-1689-group-general", "eu-ai-act-2024-1689-group-chapter-iii-annex-iii"}


def test_gpai_duties_of_articles_53_and_55(g):
    def points(role):
        """The article, paragraph and point each duty of the role is cited to."""
        return {str(g.value(c, BIBO_LOCATOR)).split(";")[0]
                for duty in g.subjects(AIREG.addressee, ID[role]) for c in g.objects(duty, AIREG.citation)}

    assert points("role-gpai-model-provider") == {f"Art. 53(1)({c})" for c in "abcd"}
    assert points("role-gpai-systemic-risk-model-provider") == {f"Art. 55(1)({c})" for c in "abcd"}
    # the systemic-risk duties are triggered by the Art. 51(1) test, of which the 10^25 FLOP presumption is a member
    trigger = ID["eu-2024-cond-gpai-systemic-risk"]
    for duty in g.subjects(AIREG.addressee, ID["role-gpai-systemic-risk-model-provider"]):
        assert g.value(duty, AIREG.hasTrigger) == trigger
    assert g.value(trigger, AIREG.combination) == AIREG.AnyOf
    assert ID["eu-2024-thr-gpai-systemic-risk"] in set(g.objects(trigger, AIREG.member))


def test_the_compute_threshold_is_updated_by_delegated_acts(g):
    threshold = ID["eu-2024-thr-gpai-systemic-risk"]
    assert g.value(threshold, AIREG.updatableBy) == ID["european-commission"]
    assert g.value(threshold, URIRef("http://www.w3.org/ns/odrl/2/rightOperand")).toPython() == 1e25
    found = rows(g, """
        SELECT ?number WHERE {
            ?d a aireg:Delegation ; aireg:delegate id:european-commission ; aireg:delegatedBy/eli:number ?number .
        }""")
    assert {"Art. 51(3)", "Art. 52(4)"} <= {str(n) for (n,) in found}


def test_article_50_transparency_duties_and_their_addressees(g):
    found = rows(g, """
        SELECT ?n ?role ?number WHERE {
            ?n a aireg:Obligation ; aireg:addressee ?role ; aireg:imposedBy ?prov .
            ?prov eli:is_part_of id:eu-ai-act-2024-1689 ; eli:number ?number .
            FILTER (STRSTARTS(STR(?number), "Art. 50("))
        }""")
    assert len(found) == 5
    by_role = {}
    for _, role, number in found:
        by_role.setdefault(local(role), set()).add(str(number))
    assert by_role == {"role-ai-system-provider": {"Art. 50(1)", "Art. 50(2)"},
                       "role-ai-system-user": {"Art. 50(3)", "Art. 50(4)"}}
    assert g.value(ID["role-ai-system-provider"], SKOS.exactMatch) == URIRef(EU_AIACT + "AIProvider")
    assert g.value(ID["role-ai-system-user"], SKOS.exactMatch) == URIRef(EU_AIACT + "AIDeployer")


def test_roles_map_only_to_terms_of_the_dpv_ai_act_extension(g):
    # the roles module of DPV's eu-aiact extension (v2.3) defines these operator roles
    dpv_roles = {"AIProvider", "AIDeployer", "AIImporter", "AIDistributor", "AuthorisedRepresentative",
                 "AIOperator", "AIProductManufacturer", "DownstreamAIProvider"}
    roles = ["role-ai-system-provider", "role-ai-system-user", "role-ai-importer", "role-ai-distributor",
             "role-ai-authorised-representative", "role-gpai-model-provider", "role-gpai-systemic-risk-model-provider"]
    for role in roles:
        targets = [t for p in (SKOS.exactMatch, SKOS.broadMatch) for t in g.objects(ID[role], p)]
        assert targets, role
        assert {str(t).removeprefix(EU_AIACT) for t in targets} <= dpv_roles, role
        assert g.value(ID[role], AIREG.roleDefinedBy) is not None


def test_the_act_has_a_status_history_in_order(g):
    found = rows(g, """
        SELECT ?to ?when WHERE { ?c a aireg:StatusChange ; aireg:statusOf id:eu-ai-act ;
                                   aireg:toStatus ?to ; aireg:effectiveDate ?when } ORDER BY ?when""")
    assert [(local(t).rsplit("#", 1)[-1], w.toPython()) for t, w in found] == [
        ("Proposed", date(2021, 4, 21)), ("Adopted", date(2024, 5, 21)), ("InForce", date(2024, 8, 1))]
    assert g.value(ID["eu-ai-act"], AIREG.status) == AIREG.InForce
    events = {local(e): g.value(e, AIREG.startDate).toPython()
              for e in g.subjects(RDF.type, AIREG.Event) if local(e).startswith("eu-ai-act-2024-")}
    assert events == {"eu-ai-act-2024-ep-first-reading": date(2024, 3, 13),
                      "eu-ai-act-2024-council-adoption": date(2024, 5, 21),
                      "eu-ai-act-2024-signature": date(2024, 6, 13)}


def test_newsletter_figures_are_corrected_beside_the_source(g):
    found = {(local(g.value(c, AIREG.correctionOf)), local(g.value(c, AIREG.correctedProperty)).rsplit("#", 1)[-1]):
             (g.value(c, AIREG.sourceValue).toPython(), g.value(c, AIREG.correctValue).toPython())
             for c in g.subjects(RDF.type, AIREG.Correction) if str(c).startswith(str(ID["correction-eu-"]))}
    assert found == {
        ("eu-ep-2023-penalty-max", "maxFineAmount"): (30_000_000, 40_000_000),
        ("eu-ep-2023-penalty-max", "maxTurnoverPercent"): (6, 7),
        ("eu-ai-act-ep-2023-art-28a", "number"): ("Art. 28a", "Art. 28b"),
    }
    # the source's words stay on the node
    assert g.value(ID["eu-ep-2023-penalty-max"], AIREG.maxFineAmount).toPython() == 30_000_000


def test_the_digital_omnibus_was_proposed_then_adopted_as_regulation_2026_1744(g):
    draft = ID["eu-digital-omnibus-ai-com-2025"]
    assert g.value(draft, AIREG.proposesAmendmentOf) == REG
    assert str(g.value(draft, AIREG.identifier)) == "COM(2025) 836 final"
    assert g.value(draft, ELI.version_date).toPython() == date(2025, 11, 19)
    assert g.value(draft, AIREG.status) == AIREG.Superseded
    omnibus = ID["eu-digital-omnibus-ai"]
    assert str(g.value(omnibus, AIREG.identifier)) == "2025/0359(COD)"
    assert (g.value(omnibus, AIREG.status), g.value(omnibus, AIREG.statusAsOf).toPython()) == (
        AIREG.InForce, date(2026, 7, 27))
    # the status history, in order: proposed, adopted by the Council's decision of 29 June 2026, in force
    history = sorted((g.value(c, AIREG.effectiveDate).toPython(), str(g.value(c, AIREG.toStatus)).rsplit("#", 1)[1])
                     for c in g.subjects(AIREG.statusOf, omnibus))
    assert history == [(date(2025, 11, 19), "Proposed"), (date(2026, 6, 29), "Adopted"), (date(2026, 7, 27), "InForce")]
    council = ID["eu-reg-2026-1744-council-adoption"]
    assert g.value(council, AIREG.startDate).toPython() == date(2026, 6, 29)
    assert g.value(ID["eu-reg-2026-1744-ep-position"], AIREG.startDate).toPython() == date(2026, 6, 16)
    # the only act that amends the Regulation is the adopted one, cited to the Official Journal
    assert list(g.subjects(ELI.amends, REG)) == [ID["eu-reg-2026-1744"]]
    source = ID["src-oj-2026-1744"]
    assert str(g.value(source, RDFS.seeAlso)) == "http://data.europa.eu/eli/reg/2026/1744/oj"
    assert "Formex" in str(g.value(source, SKOS.editorialNote))


def test_guidelines_implement_the_provisions_they_explain(g):
    assert g.value(ID["eu-guidelines-prohibited-practices-2025"], AIREG.implements) == ID["eu-ai-act-2024-1689-art-5"]
    gpai = set(g.objects(ID["eu-guidelines-gpai-2025"], AIREG.implements))
    assert {ID["eu-ai-act-2024-1689-art-53-1"], ID["eu-ai-act-2024-1689-art-55-1"]} <= gpai
    assert str(g.value(ID["eu-guidelines-gpai-2025"], AIREG.identifier)) == "C(2025) 5045 final"
    assert g.value(ID["eu-ai-office"], AIREG.partOf) == ID["european-commission"]


def test_every_node_of_the_new_files_is_cited_to_an_official_document(files, g):
    newsletter = ID["src-newsletter-809"]
    checked = 0
    for name, fg in files.items():
        for node in set(fg.subjects(AIREG.citation, None)):
            sources = {fg.value(c, OA_SOURCE) for c in fg.objects(node, AIREG.citation)}
            assert sources and newsletter not in sources, (name, node)
            for source in sources:
                assert g.value(source, RDF.type) == AIREG.SourceDocument, (name, source)
                assert g.value(source, AIREG.publishedOn) is not None, (name, source)
                assert g.value(source, RDFS.seeAlso) is not None, (name, source)
            checked += 1
        # every node the file types carries a citation and a label in both languages
        for node in set(fg.subjects(RDF.type, None)):
            if fg.value(node, RDF.type) in (AIREG.SourceDocument, AIREG.Citation) or not isinstance(node, URIRef):
                continue
            assert fg.value(node, AIREG.citation) is not None, (name, node)
            langs = {lit.language for lit in fg.objects(node, RDFS.label) if isinstance(lit, Literal)}
            assert {"en", "zh-Hant"} <= langs, (name, node)
    assert checked > 100


# --- The Parliament's Article 5 (data/eu-ai-act.ttl) ---------------------------------------


def test_parliament_points_of_article_5_cite_their_amendments(g):
    ep = ID["eu-ai-act-ep-2023"]
    points = {p for p in g.subjects(ELI.is_part_of, ep) if str(g.value(p, ELI.number)).startswith("Art. 5(1)")}
    expected = {"a": 215, "b": 216, "ba": 217, "c": 218, "d": 220, "da": 224, "db": 225, "dd": 227}
    assert {str(g.value(p, ELI.number)) for p in points} == {f"Art. 5(1)({k})" for k in expected}
    for point in points:
        letter = str(g.value(point, ELI.number))[len("Art. 5(1)("):-1]
        cites = [c for c in g.objects(point, AIREG.citation) if g.value(c, OA_SOURCE) == ID["src-ep-ta-2023-0236"]]
        assert cites and str(g.value(cites[0], BIBO_LOCATOR)).startswith(f"Amendment {expected[letter]},")
        # every point holds exactly one practice, and each practice link is cited to the same text
        practices = list(g.subjects(AIREG.inProvision, point))
        assert len(practices) == 1
        assert (practices[0], RDF.type, AIREG.AIPractice) in g
    # where the copy was read is on the source; the gap (emotion recognition) is on the version
    assert "aiact.annotated.nl" in str(g.value(ID["src-ep-ta-2023-0236"], SKOS.editorialNote))
    assert "emotion recognition" in " ".join(str(n) for n in g.objects(ep, SKOS.editorialNote))


def test_post_remote_biometric_identification_is_prohibited_only_by_the_parliament(g):
    practice = ID["practice-post-remote-biometric-identification"]
    holders = {g.value(p, ELI.is_part_of) for p in g.objects(practice, AIREG.inProvision)}
    assert holders == {ID["eu-ai-act-ep-2023"]}
    assert g.value(practice, AIREG.inRiskCategory) == ID["eu-risk-prohibited"]
    assert {lab.language.lower() for lab in g.objects(practice, RDFS.label)} == {"en", "zh-hant"}
