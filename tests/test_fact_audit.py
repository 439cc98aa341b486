"""Facts after the newsletter that a second reading against the official texts corrected.

Each test names the official text and the place in it that the corrected value comes from, so
that a later edit which brings back the old value fails here.
"""

from __future__ import annotations

from rdflib import Literal

from aireg.namespaces import AIREG, ID


def test_art_5_1_a_harm_is_caused_or_reasonably_likely(graph):
    # Regulation (EU) 2024/1689, Art. 5(1)(a): "in a manner that causes or is reasonably likely
    # to cause that person, another person or group of persons significant harm".
    texts = {str(o) for o in graph.objects(ID["practice-manipulation-of-persons"], AIREG.description)
             if isinstance(o, Literal) and o.language == "en" and o.startswith("In the Regulation")}
    assert len(texts) == 1
    (text,) = texts
    assert "causes or is reasonably likely to cause significant harm" in text


def test_sources_point_to_the_official_publisher(graph):
    from rdflib.namespace import RDFS

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
