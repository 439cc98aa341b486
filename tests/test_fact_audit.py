"""Facts after the newsletter that a second reading against the official texts corrected.

Each test names the official text and the place in it that the corrected value comes from, so
that a later edit which brings back the old value fails here.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from aireg.namespaces import AIREG, ID
from aireg.paths import project_root

BIBO_LOCATOR = URIRef("http://purl.org/ontology/bibo/locator")


def test_art_5_1_a_harm_is_caused_or_reasonably_likely(graph):
    # Regulation (EU) 2024/1689, Art. 5(1)(a): "in a manner that causes or is reasonably likely
    # to cause that person, another person or group of persons significant harm".
    texts = {str(o) for o in graph.objects(ID["practice-manipulation-of-persons"], AIREG.description)
             if isinstance(o, Literal) and o.language == "en" and o.startswith("In the Regulation")}
    assert len(texts) == 1
    (text,) = texts
    assert "causes or is reasonably likely to cause significant harm" in text


def test_sources_point_to_the_official_publisher(graph):
    # The Commission's page for C(2025) 5045 (publication of 18 July 2025) and the Governor of
    # California's own release of 29 September 2025, not third-party copies.
    expected = {
        "src-ec-c-2025-5045": "https://digital-strategy.ec.europa.eu/en/library/"
                              "guidelines-scope-obligations-providers-general-purpose-ai-models-under-ai-act",
        "src-ca-governor-2025-09-29": "https://www.gov.ca.gov/2025/09/29/governor-newsom-signs-sb-53-"
                                      "advancing-californias-world-leading-artificial-intelligence-industry/",
    }
    for node, url in expected.items():
        assert {str(u) for u in graph.objects(ID[node], RDFS.seeAlso)} == {url}


def test_cets_225_signatory_list_is_said_to_be_incomplete(graph):
    # Global Affairs Canada, 11 February 2025: "Canada is joining 11 other countries and the
    # European Union"; the graph records ten other countries, so its note must say the list is
    # short of one signature rather than let the list pass for complete.
    treaty = ID["coe-ai-convention"]
    parties = set(graph.objects(treaty, AIREG.signatory))
    assert ID["state-canada"] in parties and ID["eu"] in parties
    others = parties - {ID["state-canada"], ID["eu"]}
    assert len(others) == 10
    notes = " ".join(str(n) for n in graph.objects(treaty, SKOS.editorialNote))
    assert "11 other countries and the European Union" in notes
    assert "not complete as of 11 February 2025" in notes


def test_art_113_points_are_in_its_third_paragraph(graph):
    # Art. 113: first paragraph entry into force, second "It shall apply from 2 August 2026.",
    # third "However: (a) ... (b) ... (c) ...". No locator, in the data or in the modelling guide,
    # puts the points in the second paragraph.
    root = project_root()
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "data").glob("*.ttl"))]
    texts.append((root / "docs" / "modelling-time.md").read_text(encoding="utf-8"))
    for text in texts:
        assert "Art. 113, second paragraph, point" not in text
    app = ID["eu-ai-act-2024-1689-application-prohibitions"]
    locators = {str(o) for c in graph.objects(app, AIREG.citation)
                for o in graph.objects(c, BIBO_LOCATOR)}
    assert locators == {"Art. 113, third paragraph, point (a)"}


def test_action_plan_title_is_only_what_the_official_texts_share(graph):
    # The White House article of 23 July 2025 says "Winning the AI Race: America's AI Action
    # Plan"; citations of the plan's PDF say "Winning the Race: ...". Neither full form is
    # recorded as the title; the note says why.
    plan = ID["us-ai-action-plan-2025"]
    titles = {str(t) for t in graph.objects(plan, AIREG.title) if t.language == "en"}
    assert titles == {"America's AI Action Plan"}
    notes = " ".join(str(n) for n in graph.objects(plan, SKOS.editorialNote))
    assert "Winning the AI Race" in notes and "Winning the Race" in notes
