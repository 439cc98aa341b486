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
