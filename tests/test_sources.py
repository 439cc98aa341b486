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


def _pages(lines: list[str]) -> list[int]:
    """The page of every line: a page starts at a line that begins with a space and holds text."""
    pages, page = [], 0
    for line in lines:
        if line.startswith(" ") and line.strip():
            page += 1
        pages.append(max(page, 1))
    return pages


class _Extract:
    """The newsletter text: where a quote starts and on which page each footnote stands."""

    def __init__(self) -> None:
        lines = paths.source_text().read_text(encoding="utf-8").split("\n")
        self.page_of_line = _pages(lines)
        chars, self.line_of_char = [], []
        for n, line in enumerate(lines):
            for c in line:
                if not c.isspace():
                    chars.append(c)
                    self.line_of_char.append(n)
        self.squashed = "".join(chars)
        # footnote texts: "N text" at the foot of a page, numbered 1, 2, 3 ... in order
        self.footnote_page: dict[int, int] = {}
        for n, line in enumerate(lines):
            m = re.match(r"^(\d{1,2}) \S", line)
            if m and int(m.group(1)) == len(self.footnote_page) + 1:
                self.footnote_page[int(m.group(1))] = self.page_of_line[n]

    def page_of_quote(self, quote: str) -> int | None:
        at = self.squashed.find(_squash(quote))
        return None if at < 0 else self.page_of_line[self.line_of_char[at]]


def _newsletter_citations(g):
    for citation in g.subjects(OA.hasSource, NEWSLETTER):
        page = g.value(citation, AIREG.page)
        footnote = g.value(citation, AIREG.footnote)
        for selector in g.objects(citation, OA.hasSelector):
            for exact in g.objects(selector, OA.exact):
                yield str(exact), page.toPython(), footnote.toPython() if footnote is not None else None


def test_the_extract_reads_as_the_sources_readme_says():
    text = _Extract()
    starts = [n + 1 for n, p in enumerate(text.page_of_line) if n and p != text.page_of_line[n - 1]]
    assert starts[:10] == [8, 50, 276, 340, 400, 471, 535, 601, 658, 715]
    assert text.footnote_page == {1: 2, 2: 3, **dict.fromkeys(range(3, 8), 4), **dict.fromkeys(range(8, 11), 5),
                                  **dict.fromkeys(range(11, 20), 6), 20: 7, 21: 7, 22: 8, 23: 8, 24: 8}


def test_every_quote_is_cited_to_the_page_where_it_starts():
    text = _Extract()
    g = load_graph(engine="rdflib")
    cited = list(_newsletter_citations(g))
    assert len(cited) > 150
    wrong = [(quote[:20], page, text.page_of_quote(quote)) for quote, page, _ in cited
             if text.page_of_quote(quote) != page]
    assert wrong == []


def test_footnote_citations_point_at_the_page_of_the_footnote():
    """A footnote's text stands at the foot of the page of its mark; the quote may start a page earlier."""
    text = _Extract()
    g = load_graph(engine="rdflib")
    wrong = [(footnote, page) for _, page, footnote in _newsletter_citations(g)
             if footnote is not None and page not in (text.footnote_page[footnote], text.footnote_page[footnote] - 1)]
    assert wrong == []
