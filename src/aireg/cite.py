"""Sources of the graph's facts, as a table's closing list or as formatted citations.

Every fact-bearing node carries ``aireg:citation`` records (source document,
page, footnote, locator, quoted passage). This module gathers them for a set of
nodes through a :class:`aireg.library.Runner` (so it works on the bundled graph
and on an endpoint alike) and writes them as:

* a numbered source list for the end of a table (``--sources``), each with
  page, footnote, locator and the document's URL;
* BibTeX, CSL-JSON, or citeproc-style text in English or Chinese
  (``aireg cite NODE``).

A source document's URL is its ``rdfs:seeAlso`` or ``aireg:officialText``;
its date ``aireg:publishedOn``; its author ``aireg:author``; its publisher
``dcterms:publisher``. Nothing is made up: a field the graph lacks is left out.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from aireg.errors import QueryError

ID_NS = "https://w3id.org/aireg/id/"
FORMATS = ("text", "bibtex", "csl-json")

# One row per citation of ?node, with what its source document says about itself.
CITATIONS = """
PREFIX aireg: <https://w3id.org/aireg/ont#>
PREFIX oa:    <http://www.w3.org/ns/oa#>
PREFIX bibo:  <http://purl.org/ontology/bibo/>
PREFIX rdfs:  <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?doc ?titleEn ?titleZh ?page ?footnote ?locator ?quote ?url ?date ?author ?publisherEn ?publisherZh
WHERE {
  ?node aireg:citation ?c .
  ?c oa:hasSource ?doc .
  OPTIONAL { ?doc rdfs:label ?titleEn . FILTER (LANGMATCHES(LANG(?titleEn), "en")) }
  OPTIONAL { ?doc rdfs:label ?titleZh . FILTER (LANGMATCHES(LANG(?titleZh), "zh")) }
  OPTIONAL { ?c aireg:page ?page }
  OPTIONAL { ?c aireg:footnote ?footnote }
  OPTIONAL { ?c bibo:locator ?locator }
  OPTIONAL { ?c oa:hasSelector/oa:exact ?quote }
  OPTIONAL { ?doc rdfs:seeAlso|aireg:officialText ?url }
  OPTIONAL { ?doc aireg:publishedOn ?date }
  OPTIONAL { ?doc aireg:author ?author }
  OPTIONAL { ?doc dcterms:publisher ?publisherEn . FILTER (LANGMATCHES(LANG(?publisherEn), "en")) }
  OPTIONAL { ?doc dcterms:publisher ?publisherZh . FILTER (LANGMATCHES(LANG(?publisherZh), "zh")) }
}
"""


@dataclass
class Source:
    """One source document as cited for some nodes: where in it, and where to find it."""

    doc: str
    title_en: str = ""
    title_zh: str = ""
    url: str = ""
    date: str = ""
    author: str = ""
    publisher_en: str = ""
    publisher_zh: str = ""
    pages: set[str] = field(default_factory=set)
    footnotes: set[str] = field(default_factory=set)
    locators: set[str] = field(default_factory=set)
    quotes: set[str] = field(default_factory=set)

    def title(self, lang: str = "en") -> str:
        first, second = (self.title_zh, self.title_en) if lang == "zh" else (self.title_en, self.title_zh)
        return first or second or short(self.doc)

    def publisher(self, lang: str = "en") -> str:
        first, second = (self.publisher_zh, self.publisher_en) if lang == "zh" else (self.publisher_en, self.publisher_zh)
        return first or second

    @property
    def key(self) -> str:
        return re.sub(r"[^A-Za-z0-9]+", "-", short(self.doc).removeprefix("id:")).strip("-")


def short(iri: str) -> str:
    return "id:" + iri[len(ID_NS):] if iri.startswith(ID_NS) else iri


def _num_sorted(values: Iterable[str]) -> list[str]:
    return sorted(values, key=lambda v: (len(v), v) if v.isdigit() else (99, v))


def sources_of(runner, nodes: Iterable[str]) -> list[Source]:
    """The source documents cited for ``nodes`` (IRIs), in order of first appearance, merged per document."""
    from aireg.lightterms import Iri

    found: dict[str, Source] = {}
    for node in dict.fromkeys(str(n) for n in nodes):
        result = runner.run(CITATIONS, {"node": Iri(node)})
        rows = sorted(result.rows, key=lambda r: tuple("" if t is None else str(t) for t in r))
        for row in rows:
            r = {v: ("" if t is None else str(t)) for v, t in zip(result.variables, row)}
            src = found.get(r["doc"])
            if src is None:
                src = found[r["doc"]] = Source(r["doc"])
            for attr, var in (("title_en", "titleEn"), ("title_zh", "titleZh"), ("url", "url"), ("date", "date"),
                              ("author", "author"), ("publisher_en", "publisherEn"), ("publisher_zh", "publisherZh")):
                if r[var] and (not getattr(src, attr) or (attr == "url" and r[var] < src.url)):
                    setattr(src, attr, r[var])
            for attr, var in (("pages", "page"), ("footnotes", "footnote"), ("locators", "locator"), ("quotes", "quote")):
                if r[var]:
                    getattr(src, attr).add(" ".join(unicodedata.normalize("NFKC", r[var]).split()))
    return list(found.values())


def node_ids(result) -> list[str]:
    """The graph's own nodes (``id:`` IRIs) named in a query result, in order of appearance."""
    from aireg.lightterms import term_kind

    out: dict[str, None] = {}
    for row in result.rows:
        for term in row:
            if term_kind(term) == "iri" and str(term).startswith(ID_NS):
                out[str(term)] = None
    return list(out)


# --------------------------------------------------------------------------
# A table's closing list


def where(src: Source, lang: str = "en") -> str:
    """``p. 4, fn. 4, E.O. 14110, Sec.4.2(a)`` / ``頁 4，註 4，E.O. 14110, Sec.4.2(a)``."""
    zh = lang == "zh"
    bits = []
    if src.pages:
        bits.append(("頁 " if zh else ("pp. " if len(src.pages) > 1 else "p. ")) + ", ".join(_num_sorted(src.pages)))
    if src.footnotes:
        bits.append(("註 " if zh else ("nn. " if len(src.footnotes) > 1 else "n. ")) + ", ".join(_num_sorted(src.footnotes)))
    bits += sorted(src.locators)
    return ("，" if zh else ", ").join(bits)


def source_lines(sources: list[Source], lang: str = "en") -> list[str]:
    """``[1] Title, p. 4, n. 4. https://...`` for each source."""
    lines = []
    for i, src in enumerate(sources, 1):
        text = src.title(lang)
        loc = where(src, lang)
        if loc:
            text += ("，" if lang == "zh" else ", ") + loc
        if src.url:
            text += ("。" if lang == "zh" else ". ") + src.url
        lines.append(f"[{i}] {text}")
    return lines


# --------------------------------------------------------------------------
# Formatted citations


_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")


def _date_text(date: str, lang: str) -> str:
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", date)
    if not m:
        return date
    y, mo, d = (int(g) for g in m.groups())
    return f"{y} 年 {mo} 月 {d} 日" if lang == "zh" else f"{d} {_MONTHS[mo - 1]} {y}"


def as_text(sources: list[Source], lang: str = "en") -> str:
    """Citeproc-style references (author, title, publisher, date, locator, URL), one per line."""
    zh = lang == "zh"
    out = []
    for src in sources:
        if zh:
            parts = [p for p in (src.author, f"〈{src.title('zh')}〉", src.publisher("zh"),
                                 _date_text(src.date, "zh") if src.date else "", where(src, "zh")) if p]
            line = "，".join(parts) + "。"
            if src.url:
                line += src.url
        else:
            parts = [f"{src.author}." if src.author else "", f"\u201c{src.title('en')}.\u201d",
                     ", ".join(p for p in (src.publisher("en"), _date_text(src.date, "en") if src.date else "",
                                           where(src, "en")) if p)]
            line = " ".join(p for p in parts if p).rstrip(",")
            if not line.endswith("."):
                line += "."
            if src.url:
                line += " " + src.url
        out.append(line)
    return "\n".join(out) + ("\n" if out else "")


_BIB_SPECIAL = {"\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "%": "\\%", "&": "\\&", "#": "\\#",
                "_": "\\_", "$": "\\$", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}"}


def _bib(text: str) -> str:
    """Text as a BibTeX field value, in one pass (replacing ``\\`` first and then the braces it
    brought turned ``a\\b`` into ``a\\textbackslash\\{\\}b``); ``~`` and ``^`` are LaTeX's too."""
    return "".join(_BIB_SPECIAL.get(ch, ch) for ch in text)


def as_bibtex(sources: list[Source], lang: str = "en") -> str:
    entries = []
    for src in sources:
        fields = [("title", src.title(lang))]
        if src.author:
            fields.append(("author", src.author))
        if src.publisher(lang):
            fields.append(("publisher", src.publisher(lang)))
        if src.date:
            fields += [("year", src.date[:4]), ("date", src.date[:10])]
        if src.url:
            fields.append(("url", src.url))
        loc = where(src, "en")
        if loc:
            fields.append(("note", loc))
        if lang == "zh" and src.title_en:
            fields.append(("titleaddon", src.title_en))
        # a corporate or unsplittable name stays one author inside its own braces
        body = ",\n".join(f"  {k} = {{{'{' + _bib(v) + '}' if k == 'author' else _bib(v) if k != 'url' else v}}}"
                          for k, v in fields)
        entries.append(f"@misc{{{src.key},\n{body}\n}}")
    return "\n\n".join(entries) + ("\n" if entries else "")


def as_csl_json(sources: list[Source], lang: str = "en") -> str:
    items = []
    for src in sources:
        item = {"id": src.key, "type": "document", "title": src.title(lang)}
        if src.author:
            item["author"] = [{"literal": src.author}]
        if src.publisher(lang):
            item["publisher"] = src.publisher(lang)
        m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", src.date)
        if m:
            item["issued"] = {"date-parts": [[int(g) for g in m.groups()]]}
        if src.url:
            item["URL"] = src.url
        if src.pages:
            item["page"] = ", ".join(_num_sorted(src.pages))
        notes = [("n. " + ", ".join(_num_sorted(src.footnotes))) if src.footnotes else ""] + sorted(src.locators)
        if any(notes):
            item["note"] = "; ".join(n for n in notes if n)
        item["language"] = "zh-Hant" if lang == "zh" else "en"
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def format_sources(sources: list[Source], fmt: str, lang: str = "en") -> str:
    if fmt == "text":
        return as_text(sources, lang)
    if fmt == "bibtex":
        return as_bibtex(sources, lang)
    if fmt == "csl-json":
        return as_csl_json(sources, lang)
    raise QueryError(f"unknown citation format {fmt!r}; use one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "Source", "as_bibtex", "as_csl_json", "as_text", "format_sources", "node_ids",
           "source_lines", "sources_of", "where"]
