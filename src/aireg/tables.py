"""Render query results and comparison tables: aligned text, CSV, TSV, JSON, Turtle, Markdown, HTML.

Every writer escapes what its format needs, and nothing more is trusted:

* aligned text: control characters (including ESC, so no terminal escape
  sequence gets through) and bidirectional overrides are shown as ``\\xNN`` /
  ``\\uNNNN``; columns are aligned by display width, East Asian wide and
  full-width characters counting as two columns (``unicodedata.east_asian_width``);
* CSV: quoted by the csv module; a text cell that a spreadsheet would read as a
  formula (starting with ``=``, ``+``, ``-``, ``@``, tab or CR) gets a leading
  ``'``;
* TSV: tab, newline, carriage return and backslash written as ``\\t``,
  ``\\n``, ``\\r``, ``\\\\``;
* JSON: the SPARQL 1.1 Query Results JSON format (lossless: types and
  language tags kept);
* Markdown: ``|``, backslash and the inline markup characters backslash-escaped,
  ``<``/``>``/``&`` as entities, line breaks as ``<br>``;
* HTML: everything through ``html.escape``, a complete UTF-8 document.

Cells show values the way a reader cites them: IRIs in the project's prefixes
(``id:eo-14110``) in text, Markdown and HTML (full IRIs in CSV/TSV/JSON), text
without its language tag, doubles as ``1e26`` and ``100``.

Results may hold rdflib terms or light terms (:mod:`aireg.lightterms`, the
query path without rdflib): cells read only the text, language and datatype,
which both kinds give alike. rdflib is imported only for graph results
(CONSTRUCT, DESCRIBE), which are serialised by rdflib.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aireg.canonical import FLOAT_IRIS, XSD
from aireg.errors import QueryError
from aireg.lightterms import term_kind
from aireg.prefixes import PREFIX_IRIS as PREFIXES

if TYPE_CHECKING:
    from aireg.sparql.result import QueryResult

QUERY_FORMATS = ("table", "csv", "tsv", "json", "ttl", "markdown", "html")
DEFAULT_MAX_WIDTH = 60
EMPTY = ""

# control characters and the bidirectional formatting characters that can reorder a line
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


@dataclass
class Table:
    """Rows of text cells with a header, ready for any writer."""

    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    title: str = ""
    lang: str = "en"
    # lines after the table (its sources, what a mark means), under notes_title
    notes: list[str] = field(default_factory=list)
    notes_title: str = ""
    # the graph nodes the rows come from (for their sources); not rendered
    nodes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------
# Cells


def compact_iri(iri: str) -> str:
    """``id:eo-14110`` for an IRI in a project namespace, else the IRI itself."""
    best = ""
    best_prefix = ""
    for prefix, ns in PREFIXES.items():
        ns = str(ns)
        if iri.startswith(ns) and len(ns) > len(best):
            local = iri[len(ns):]
            if local and re.match(r"^[\w.-]*$", local) and not local.endswith("."):
                best, best_prefix = ns, prefix
    return f"{best_prefix}:{iri[len(best):]}" if best else iri


def format_double(lexical: str) -> str:
    """``1e26`` for 1.0E26, ``100`` for 100.0, ``1.5`` for 1.5E0."""
    try:
        value = float(lexical)
    except ValueError:
        return lexical
    if value != value or value in (float("inf"), float("-inf")):
        return lexical
    text = f"{value:.15g}"
    return text.replace("e+", "e").replace("e-0", "e-").replace("e0", "e")


def cell_text(term, compact: bool = True) -> str:
    """The text a reader sees for one RDF term (``""`` when unbound)."""
    if term is None:
        return EMPTY
    kind = term_kind(term)
    if kind == "iri":
        return compact_iri(str(term)) if compact else str(term)
    if kind == "bnode":
        return "_:" + str(term)
    if kind == "literal":
        if term.datatype is not None and str(term.datatype) in FLOAT_IRIS:
            return format_double(str(term))
        return str(term)
    return str(term)


def result_table(result: QueryResult, compact: bool = True, lang: str = "en", title: str = "",
                 headers: Mapping[str, str] | None = None) -> Table:
    """A SELECT result (or a graph, as subject/predicate/object rows) as a Table of text.

    ``headers`` maps variables to the column headers a person reads (a query's
    ``columns-zh``); a variable without one heads its column itself.
    """
    if result.kind == "SELECT":
        rows = [[cell_text(t, compact) for t in row] for row in result.rows]
        names = [(headers or {}).get(v, v) for v in result.variables]
        table = Table(names, rows, title, lang)
        mark_translations(table, result)
        return table
    if result.kind == "ASK":
        return Table(["boolean"], [["true" if result.boolean else "false"]], title, lang)
    triples = sorted(result.graph or (), key=lambda t: tuple(x.n3() for x in t))
    rows = [[cell_text(t, compact) for t in triple] for triple in triples]
    return Table(["subject", "predicate", "object"], rows, title, lang)


TRANSLATED = " †"
# the columns whose text the source language speaks of (labels are the project's in both languages)
TEXT_COLUMNS = ("definition", "definitionText", "quote", "text")
TRANSLATED_NOTE = {
    "en": "† the project's translation: the source's text is in another language ({langs}), not this wording",
    "zh-Hant": "† 本專案的翻譯：來源原文為另一語言（{langs}），非此文字",
}


def mark_translations(table: Table, result: QueryResult) -> None:
    """Cells that translate the source end with a dagger, and a note says so.

    A result with a ``sourceLanguage`` column (the language the source gives a
    text in) marks its language-tagged cells in another language: those are
    the project's translation, not the official or quoted wording.
    """
    if "sourceLanguage" not in result.variables:
        return
    at = result.variables.index("sourceLanguage")
    texts = [i for i, v in enumerate(result.variables) if v in TEXT_COLUMNS]
    seen = set()
    for row, cells in zip(result.rows, table.rows):
        source = str(row[at]).lower() if row[at] is not None else ""
        if not source:
            continue
        for i in texts:
            term = row[i]
            tag = (term.language or "").lower() if term_kind(term) == "literal" else ""
            if tag and tag.split("-")[0] != source.split("-")[0]:
                cells[i] += TRANSLATED
                seen.add(str(row[at]))
    if seen:
        note = TRANSLATED_NOTE.get(table.lang, TRANSLATED_NOTE["en"]).format(langs=", ".join(sorted(seen)))
        table.notes.append(note)
        table.notes_title = table.notes_title or ("說明" if table.lang == "zh-Hant" else "Notes")


# --------------------------------------------------------------------------
# Aligned text


def safe_text(text: str) -> str:
    """Control and bidi-override characters made visible (``\\x1b``, ``\\u202e``)."""

    def show(m: re.Match) -> str:
        code = ord(m.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNSAFE.sub(show, text)


def char_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Terminal columns taken by ``text`` (wide East Asian characters count 2)."""
    return sum(char_width(ch) for ch in text)


def wrap_cell(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns: broken at spaces where possible, else between characters."""
    if width <= 0:
        return text.split("\n") or [""]
    out: list[str] = []
    for para in text.split("\n"):
        line, line_w = "", 0
        word, word_w = "", 0

        def flush_word() -> None:
            nonlocal line, line_w, word, word_w
            if not word:
                return
            if line_w + word_w <= width:
                line, line_w = line + word, line_w + word_w
            else:
                if line.strip():
                    out.append(line.rstrip())
                line, line_w = "", 0
                w = word.lstrip(" ")
                for ch in w:  # a word wider than the column is cut between characters
                    cw = char_width(ch)
                    if line_w + cw > width and line:
                        out.append(line)
                        line, line_w = "", 0
                    line, line_w = line + ch, line_w + cw
            word, word_w = "", 0

        for ch in para:
            cw = char_width(ch)
            if ch == " ":
                flush_word()
                word, word_w = " ", 1
            elif cw == 2:  # CJK text breaks between any two characters
                flush_word()
                word, word_w = ch, 2
                flush_word()
            else:
                word, word_w = word + ch, word_w + cw
        flush_word()
        out.append(line.rstrip())
    return out


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def render_aligned(table: Table, max_width: int = DEFAULT_MAX_WIDTH) -> str:
    """Columns aligned by display width, long cells wrapped to ``max_width`` columns (0: never)."""
    headers = [safe_text(h) for h in table.headers]
    cells = [[wrap_cell(safe_text(c), max_width) for c in row] for row in table.rows]
    widths = [display_width(h) for h in headers]
    for row in cells:
        for i, lines in enumerate(row):
            widths[i] = max(widths[i], *(display_width(line) for line in lines))
    sep = "  "
    out = [sep.join(pad(h, w) for h, w in zip(headers, widths)).rstrip()]
    out.append(sep.join("-" * w for w in widths))
    for row in cells:
        height = max((len(lines) for lines in row), default=1)
        for n in range(height):
            parts = [pad(lines[n] if n < len(lines) else "", w) for lines, w in zip(row, widths)]
            out.append(sep.join(parts).rstrip())
    count = len(table.rows)
    out.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------
# CSV / TSV


def csv_cell(text: str) -> str:
    """A cell that no spreadsheet will take for a formula (numbers stay as they are)."""
    if text.startswith(_FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text


def render_csv(table: Table) -> str:
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([csv_cell(c) for c in row])
    return buf.getvalue()


def tsv_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def render_tsv(table: Table) -> str:
    lines = ["\t".join(tsv_cell(h) for h in table.headers)]
    lines += ["\t".join(tsv_cell(c) for c in row) for row in table.rows]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# JSON (SPARQL 1.1 Query Results JSON) and Turtle


def json_term(term) -> dict:
    kind = term_kind(term)
    if kind == "iri":
        return {"type": "uri", "value": str(term)}
    if kind == "bnode":
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and str(term.datatype) != XSD + "string":
        out["datatype"] = str(term.datatype)
    return out


def render_json(result: QueryResult) -> str:
    if result.kind == "ASK":
        data = {"head": {}, "boolean": bool(result.boolean)}
    elif result.kind == "SELECT":
        bindings = [
            {v: json_term(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows
        ]
        data = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    else:
        from rdflib import Graph

        graph = result.graph or Graph()
        return graph.serialize(format="json-ld", indent=2) + "\n"
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_ttl(result: QueryResult) -> str:
    if result.kind not in ("CONSTRUCT", "DESCRIBE"):
        raise QueryError(f"--format ttl is for CONSTRUCT and DESCRIBE queries; this is a {result.kind} query")
    from rdflib import Graph

    from aireg.namespaces import bind_prefixes

    graph = Graph()
    bind_prefixes(graph)
    for triple in result.graph or Graph():
        graph.add(triple)
    return graph.serialize(format="turtle")


# --------------------------------------------------------------------------
# Markdown and HTML


def md_cell(text: str) -> str:
    text = safe_text(text)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>") or " "


def render_markdown(table: Table) -> str:
    lines = ["| " + " | ".join(md_cell(h) for h in table.headers) + " |"]
    lines.append("|" + "|".join("---" for _ in table.headers) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(md_cell(c) for c in row) + " |")
    return "\n".join(lines) + "\n"


def html_cell(text: str) -> str:
    import html

    return html.escape(text, quote=True).replace("\r\n", "\n").replace("\n", "<br>")


def render_html(table: Table) -> str:
    import html

    lang = html.escape(table.lang or "en", quote=True)
    title = html.escape(table.title or "aireg", quote=True)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{title}</title>",
        "<style>table{border-collapse:collapse}th,td{border:1px solid #999;padding:.3em .5em;"
        "vertical-align:top;text-align:left}th{background:#eee}</style>",
        "</head>",
        "<body>",
        "<table>",
    ]
    if table.title:
        out.append(f"<caption>{title}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{html_cell(h)}</th>" for h in table.headers) + "</tr></thead>")
    out.append("<tbody>")
    for row in table.rows:
        out.append("<tr>" + "".join(f"<td>{html_cell(c)}</td>" for c in row) + "</tr>")
    out += ["</tbody>", "</table>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def render_table(table: Table, fmt: str, max_width: int = DEFAULT_MAX_WIDTH) -> str:
    """A Table in one of table, csv, tsv, markdown, html, its notes (sources) after it."""
    if fmt == "table":
        return render_aligned(table, max_width) + render_notes(table, fmt)
    if fmt == "csv":
        return render_csv(table) + render_notes(table, fmt)
    if fmt == "tsv":
        return render_tsv(table) + render_notes(table, fmt)
    if fmt == "markdown":
        return render_markdown(table) + render_notes(table, fmt)
    if fmt == "html":
        page = render_html(table)
        return page.replace("</body>", render_notes(table, fmt) + "</body>", 1) if table.notes else page
    raise QueryError(f"unknown table format {fmt!r}; use one of table, csv, tsv, markdown, html")


def render_notes(table: Table, fmt: str) -> str:
    """The notes under the table: a blank line (a blank row in CSV/TSV), the heading, one line each."""
    if not table.notes:
        return ""
    title = table.notes_title or "Notes"
    if fmt == "csv":
        import csv

        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow([])
        for line in [title, *table.notes]:
            writer.writerow([csv_cell(line)])
        return buf.getvalue()
    if fmt == "tsv":
        return "\n" + "\n".join(tsv_cell(line) for line in [title, *table.notes]) + "\n"
    if fmt == "markdown":
        return "\n**" + md_cell(title) + "**\n\n" + "".join(f"- {md_cell(line)}\n" for line in table.notes)
    if fmt == "html":
        items = "".join(f"<li>{html_cell(line)}</li>" for line in table.notes)
        return f'<h2>{html_cell(title)}</h2>\n<ul class="notes">{items}</ul>\n'
    return "\n" + safe_text(title) + "\n" + "".join(safe_text(line) + "\n" for line in table.notes)


def render_result(
    result: QueryResult,
    fmt: str = "table",
    *,
    lang: str = "en",
    title: str = "",
    max_width: int = DEFAULT_MAX_WIDTH,
    headers: Mapping[str, str] | None = None,
) -> str:
    """A query result in any of :data:`QUERY_FORMATS`.

    A CONSTRUCT/DESCRIBE result asked for as a ``table`` comes out as Turtle;
    in the other tabular formats it is one row per triple.
    """
    if fmt not in QUERY_FORMATS:
        raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(QUERY_FORMATS)}")
    if fmt == "json":
        return render_json(result)
    if fmt == "ttl" or (fmt == "table" and result.kind in ("CONSTRUCT", "DESCRIBE")):
        return render_ttl(result)
    compact = fmt in ("table", "markdown", "html")
    return render_table(result_table(result, compact, lang, title, headers), fmt, max_width)


__all__ = [
    "QUERY_FORMATS",
    "Table",
    "cell_text",
    "compact_iri",
    "display_width",
    "format_double",
    "render_result",
    "render_table",
    "result_table",
    "safe_text",
    "wrap_cell",
]

