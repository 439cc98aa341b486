"""Side-by-side comparison tables built from the library's queries.

* ``definitions``: one row per term in the order of the source's table
  (``aireg:tableOrder``; a narrower term such as *dual-use foundation model*
  sits in the row of its broader term), one column per text: instruments
  without versions first (the US order), then each version of a versioned
  instrument (the EU AI Act) in date order; cells hold the definition in the
  chosen language. This regenerates the newsletter's own table from the graph,
  with the adopted Regulation (EU) 2024/1689 as an extra column.
* ``thresholds``: every numeric threshold of every instrument or version (federal
  and state laws, EU texts, guidance) with its jurisdiction, kind of text,
  quantity and unit, grouped by kind of quantity and largest first, and the
  text's status in a column headed with the dataset's data-as-of date.
* ``obligations``: every norm grouped by the role or actor that bears it, with
  the correct provision number beside the source's where the source is wrong.
* ``penalties``: every penalty with its maximum fine and share of turnover, and
  beside each the correct figure where the source's is wrong (aireg:Correction).

Each table comes from a library query (``definitions-table``, ``all-thresholds``,
``obligations-by-addressee``, ``penalties``) run through
:class:`aireg.library.Runner`, so the same table can be made from the bundled
graph or from a SPARQL endpoint.
"""

from __future__ import annotations

from collections import OrderedDict

from aireg.errors import QueryError
from aireg.library import Runner, is_zh, lang_tag
from aireg.tables import Table, cell_text, format_double

KINDS = ("definitions", "thresholds", "obligations", "penalties")
EMPTY_CELL = "—"

_WORDS = {
    "en": {
        "term": "term",
        "definitions": "Definitions of AI terms by instrument and version",
        "thresholds": "Compute and network thresholds",
        "obligations": "Norms by addressee",
        "document": "instrument or version",
        "date": "date",
        "quantity": "measured quantity",
        "threshold": "threshold",
        "applies": "applies to",
        "addressee": "addressee",
        "provision": "provision",
        "type": "type",
        "norm": "norm",
        "deadline": "deadline (days)",
        "reports": "reports to",
        "corrected": "correct provision (source wrong)",
        "jurisdiction": "jurisdiction",
        "kind": "kind of text",
        "status": "status as of {date} (data as of)",
        "since": "since",
        "penalties": "Penalties, with corrections of the source",
        "of": "penalty of",
        "penalty": "penalty",
        "maxFine": "maximum fine",
        "correctFine": "correct maximum fine (source wrong)",
        "share": "share of turnover (%)",
        "correctShare": "correct share (source wrong)",
        "sources": "Sources",
        "translated": "† the project's translation (the source's text is in {lang}), not the official wording",
        "zh-Hant": "Chinese: for the drafts, the newsletter's paraphrase",
        "en": "English",
    },
    "zh": {
        "term": "用語",
        "definitions": "各規範文件與版本之 AI 用語定義對照",
        "thresholds": "運算與網路門檻",
        "obligations": "依規範對象列出之規範義務",
        "document": "規範文件或版本",
        "date": "日期",
        "quantity": "衡量量",
        "threshold": "門檻",
        "applies": "適用對象",
        "addressee": "規範對象",
        "provision": "條文",
        "type": "類型",
        "norm": "規範義務",
        "deadline": "期限（日）",
        "reports": "通報對象",
        "corrected": "正確條文（來源有誤）",
        "jurisdiction": "管轄",
        "kind": "文件種類",
        "status": "狀態（資料基準日 {date}）",
        "since": "起",
        "penalties": "罰則（並列來源更正）",
        "of": "罰則出處",
        "penalty": "罰則",
        "maxFine": "罰鍰上限",
        "correctFine": "正確罰鍰上限（來源有誤）",
        "share": "營業額比例（%）",
        "correctShare": "正確比例（來源有誤）",
        "sources": "資料來源",
        "translated": "† 本專案的翻譯（來源原文為{lang}），非官方文字",
        "zh-Hant": "中文",
        "en": "英文",
    },
}


def words(lang: str | None) -> dict[str, str]:
    return _WORDS["zh" if is_zh(lang) else "en"]


def _rows(result) -> list[dict[str, str]]:
    out = []
    for row in result.rows:
        out.append({v: t for v, t in zip(result.variables, row)})
    return out


TRANSLATED = " †"


def _translated(r: dict, lang: str | None) -> str | None:
    """The source language of a definition whose text in ``lang`` is the project's translation, else None."""
    source = cell_text(r.get("sourceLanguage"))
    if not source:
        return None
    return None if source.lower().startswith("zh") == is_zh(lang) else source


def _term_filter(rows: list[dict], term: str) -> list[dict]:
    """The rows of one term (``id:term-ai-system``, ``term-ai-system`` or a label), or an error naming the terms."""
    import difflib

    from aireg.cite import ID_NS as ID_PREFIX

    want = term.strip()
    iri = ID_PREFIX + want.removeprefix("id:") if not want.startswith("http") else want.strip("<>")
    keep = [r for r in rows if iri in (str(r.get("rowTerm")), str(r.get("def")))
            or want.lower() in (cell_text(r.get("rowLabel")).lower(), cell_text(r.get("definedTerm")).lower())]
    if keep:
        rows_of = {str(r["row"]) for r in keep}
        return [r for r in rows if str(r["row"]) in rows_of]
    names = sorted({"id:" + str(r["rowTerm"]).rsplit("/", 1)[1] for r in rows}
                   | {cell_text(r.get("rowLabel")) for r in rows} - {""})
    close = difflib.get_close_matches(want, names, n=3, cutoff=0.4)
    listed = close + [n for n in names if n not in close]
    raise QueryError(f"--term {term!r}: no such term in the definitions table; terms: {', '.join(listed)}")


def definitions_table(runner: Runner, lang: str | None = "en", term: str | None = None) -> Table:
    """Terms down, texts across (see the module doc); translated cells end with a dagger."""
    w = words(lang)
    result = runner.run_named("definitions-table", lang=lang)
    rows = _rows(result)
    if term:
        rows = _term_filter(rows, term)
    translated_from: set[str] = set()
    # columns: one per defining text; unversioned instruments first, then versions, each by date
    columns: OrderedDict[str, dict] = OrderedDict()
    for r in sorted(rows, key=lambda r: (str(r["doc"]) != str(r["instrument"]), str(r["instrument"]),
                                         str(r["date"]), str(r["doc"]))):
        doc = str(r["doc"])
        if doc not in columns:
            columns[doc] = {"label": cell_text(r.get("document")) or cell_text(r["doc"])}
    # rows: one per table row (tableOrder), labelled by the broadest term of that row
    table_rows: OrderedDict[int, dict] = OrderedDict()
    for r in sorted(rows, key=lambda r: int(r["row"])):
        n = int(r["row"])
        entry = table_rows.setdefault(n, {"label": cell_text(r.get("rowLabel")), "cells": {}})
        text = cell_text(r["definition"])
        defined = cell_text(r.get("definedTerm"))
        if defined and defined != entry["label"] and defined.lower() not in text.lower():
            text = (f"〔{defined}〕" if is_zh(lang) else f"[{defined}] ") + text
        source = _translated(r, lang)
        if source:
            text += TRANSLATED
            translated_from.add(source)
        cell = entry["cells"].setdefault(str(r["doc"]), [])
        if text not in cell:
            cell.append(text)
    headers = [w["term"]] + [c["label"] for c in columns.values()]
    body = []
    for entry in table_rows.values():
        body.append([entry["label"]] + ["\n".join(entry["cells"].get(doc, [])) or EMPTY_CELL for doc in columns])
    table = Table(headers, body, w["definitions"], lang_tag(lang))
    table.nodes = [str(r["def"]) for r in rows if r.get("def") is not None]
    for source in sorted(translated_from):
        table.notes.append(w["translated"].format(lang=w.get(source, source)))
    return table


def thresholds_table(runner: Runner, lang: str | None = "en") -> Table:
    """Every threshold of every text; the status column is headed with the data-as-of date."""
    w = words(lang)
    result = runner.run_named("all-thresholds", lang=lang)
    rows = _rows(result)
    as_of = {cell_text(r.get("dataAsOf")) for r in rows} - {""}
    body = []
    for r in rows:
        threshold = f"{cell_text(r.get('operator'))} {format_double(str(r['value']))} {cell_text(r.get('unit'))}"
        status = cell_text(r.get("status"))
        if status and cell_text(r.get("statusAsOf")):
            status += f" ({w['since']} {cell_text(r.get('statusAsOf'))})"
        body.append([
            cell_text(r.get("document")),
            cell_text(r.get("jurisdiction")),
            cell_text(r.get("kind")),
            cell_text(r.get("date")),
            cell_text(r.get("quantity")),
            threshold.strip(),
            cell_text(r.get("appliesTo")),
            status,
        ])
    headers = [w["document"], w["jurisdiction"], w["kind"], w["date"], w["quantity"], w["threshold"], w["applies"],
               w["status"].format(date=", ".join(sorted(as_of)) or "?")]
    return _with_nodes(Table(headers, body, w["thresholds"], lang_tag(lang)), result)


def obligations_table(runner: Runner, lang: str | None = "en") -> Table:
    w = words(lang)
    result = runner.run_named("obligations-by-addressee", lang=lang)
    body = []
    for r in _rows(result):
        body.append([
            cell_text(r.get("addressee")),
            cell_text(r.get("document")),
            cell_text(r.get("provision")),
            cell_text(r.get("correctProvision")),
            cell_text(r.get("type")),
            cell_text(r.get("statement")),
            cell_text(r.get("deadlineDays")),
            cell_text(r.get("reportsTo")),
        ])
    headers = [w["addressee"], w["document"], w["provision"], w["corrected"], w["type"], w["norm"], w["deadline"],
               w["reports"]]
    return _with_nodes(Table(headers, body, w["obligations"], lang_tag(lang)), result)


def _money(term, currency: str) -> str:
    """``EUR 30000000`` for an amount, empty for none."""
    return f"{currency} {format_double(str(term))}".strip() if term is not None else ""


def penalties_table(runner: Runner, lang: str | None = "en") -> Table:
    """Each figure of the source beside its correction, where the graph records one."""
    w = words(lang)
    result = runner.run_named("penalties", lang=lang)
    body = []
    for r in _rows(result):
        currency = cell_text(r.get("currency"))
        body.append([
            cell_text(r.get("of")),
            cell_text(r.get("penalty")),
            cell_text(r.get("kind")),
            _money(r.get("maxFine"), currency),
            _money(r.get("correctMaxFine"), currency),
            format_double(str(r["maxTurnoverPercent"])) if r.get("maxTurnoverPercent") is not None else "",
            format_double(str(r["correctTurnoverPercent"])) if r.get("correctTurnoverPercent") is not None else "",
            cell_text(r.get("provision")),
        ])
    headers = [w["of"], w["penalty"], w["type"], w["maxFine"], w["correctFine"], w["share"], w["correctShare"],
               w["provision"]]
    return _with_nodes(Table(headers, body, w["penalties"], lang_tag(lang)), result)


def _with_nodes(table: Table, result) -> Table:
    from aireg.cite import node_ids

    table.nodes = node_ids(result)
    return table


def add_sources(table: Table, runner: Runner, lang: str | None = "en") -> Table:
    """End ``table`` with the sources of the nodes its rows come from: page, footnote, locator, URL."""
    from aireg.cite import source_lines, sources_of

    w = words(lang)
    lines = source_lines(sources_of(runner, table.nodes), "zh" if is_zh(lang) else "en")
    table.notes = list(table.notes) + lines
    table.notes_title = w["sources"] if lines else (table.notes_title or w["sources"])
    return table


def compare(kind: str, runner: Runner | None = None, lang: str | None = "en", *, sources: bool = False,
            term: str | None = None) -> Table:
    """The comparison table ``kind`` (one of :data:`KINDS`), ending with its sources if asked."""
    runner = runner or Runner()
    makers = {"definitions": definitions_table, "thresholds": thresholds_table, "obligations": obligations_table,
              "penalties": penalties_table}
    if kind not in makers:
        raise QueryError(f"unknown comparison {kind!r}; choose one of {', '.join(KINDS)}")
    if term is not None and kind != "definitions":
        raise QueryError("--term narrows the definitions table only")
    table = makers[kind](runner, lang, term) if kind == "definitions" else makers[kind](runner, lang)
    if table.notes and not table.notes_title:
        table.notes_title = words(lang)["sources"] if sources else ("Notes" if not is_zh(lang) else "說明")
    return add_sources(table, runner, lang) if sources else table


__all__ = ["KINDS", "add_sources", "compare", "definitions_table", "obligations_table", "penalties_table", "thresholds_table"]
