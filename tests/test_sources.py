"""Every quotation in the data occurs in the source it cites."""

from __future__ import annotations

import re

from aireg import load_graph, paths
from aireg.namespaces import AIREG, ID, OA

NEWSLETTER = ID["src-newsletter-809"]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_quote_is_in_the_newsletter_text():
    g = load_graph(engine="rdflib")
    source = _squash(paths.source_text().read_text(encoding="utf-8"))
    quotes = []
    for citation in g.subjects(OA.hasSource, NEWSLETTER):
        for selector in g.objects(citation, OA.hasSelector):
            for exact in g.objects(selector, OA.exact):
                quotes.append(str(exact))
    assert len(quotes) > 150
    missing = [q for q in quotes if _squash(q) not in source]
    assert missing == []


def test_footnote_citations_point_at_the_page_of_the_footnote():
    """Footnotes 1-2 are on page 2, 3-7 on 3, 8-10 on 4, 11-19 on 5, 20-21 on 6, 22-24 on 7."""
    page_of = {n: p for p, notes in {2: range(1, 3), 3: range(3, 8), 4: range(8, 11), 5: range(11, 20),
                                     6: range(20, 22), 7: range(22, 25)}.items() for n in notes}
    g = load_graph(engine="rdflib")
    wrong = []
    for citation, footnote in g.subject_objects(AIREG.footnote):
        page = g.value(citation, AIREG.page).toPython()
        fn = footnote.toPython()
        # the citing sentence may sit on the page before its footnote text
        if page not in (page_of[fn], page_of[fn] - 1):
            wrong.append((fn, page))
    assert wrong == []
