"""Citable output: aireg cite, compare/query --sources, translated cells, sources-of-node URLs."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from aireg.cli import main
from aireg.compare import compare
from aireg.library import Runner

NEWSLETTER_URL = "https://web.wtocenter.org.tw/"
THR = "eo-14110-thr-training-1e26"


@pytest.fixture(scope="module")
def runner():
    return Runner()


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cite_text_in_english_and_chinese(capsys):
    code, en, err = run(capsys, "cite", THR)
    assert code == 0 and err == ""
    assert en.startswith("黃禾田") and "\u201cWTO and RTA Newsletter no. 809" in en
    assert "17 Nov. 2023, p. 4, n. 4, E.O. 14110, Sec.4.2(a) and (b). " + NEWSLETTER_URL in en
    code, zh, _ = run(capsys, "cite", "id:" + THR, "--lang", "zh")
    assert code == 0
    assert "〈WTO 及 RTA 電子報第 809 期" in zh and "2023 年 11 月 17 日，頁 4，註 4" in zh and zh.rstrip().endswith(NEWSLETTER_URL)


def test_cite_bibtex_and_csl_json(capsys):
    code, bib, _ = run(capsys, "cite", "eu-2024-thr-gpai-systemic-risk", "--format", "bibtex")
    assert code == 0
    entry = re.search(r"@misc\{src-oj-2024-1689,\n(.*?)\n\}", bib, re.S)
    assert entry, bib
    fields = dict(re.findall(r"^  (\w+) = \{(.*)\},?$", entry.group(1), re.M))
    assert fields["url"] == "http://data.europa.eu/eli/reg/2024/1689/oj" and fields["date"] == "2024-07-12"
    assert "Art. 51(2)" in fields["note"]
    code, out, _ = run(capsys, "cite", "eu-2024-thr-gpai-systemic-risk", "--format", "csl-json")
    items = json.loads(out)
    oj = next(i for i in items if i["id"] == "src-oj-2024-1689")
    assert oj["issued"] == {"date-parts": [[2024, 7, 12]]} and oj["URL"].startswith("http://data.europa.eu/eli/")


def test_cite_unknown_node_names_the_nearest(capsys):
    code, out, err = run(capsys, "cite", "eo-14110-thr-training-1e2")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "no node id:eo-14110-thr-training-1e2" in err and "id:eo-14110-thr-training-1e26" in err


def test_sources_of_node_gives_urls(capsys):
    code, out, _ = run(capsys, "query", "sources-of-node", "-p", f"node={THR}", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows and rows[0]["url"] == NEWSLETTER_URL and rows[0]["page"] == "4"


def test_query_table_ends_with_its_sources(capsys):
    code, out, _ = run(capsys, "query", "thresholds", "-p", "min=1e26", "--sources", "-f", "markdown")
    assert code == 0
    table, _, notes = out.partition("**Sources**")
    assert "eo-14110-thr-training-1e26" in table
    assert "p. 4, nn. 4, 5" in notes and NEWSLETTER_URL in notes
    code, out, err = run(capsys, "query", "thresholds", "--sources", "-f", "json")
    assert code == 2 and "--sources ends a table" in err


def test_compare_definitions_one_term_with_sources_and_translation_marks(runner):
    t = compare("definitions", runner, "en", sources=True, term="term-ai-system")
    assert [row[0] for row in t.rows] == ["AI system"]
    eo, *drafts, adopted = t.rows[0][1:]
    # the drafts' and the order's English cells translate the newsletter's Chinese: marked
    assert eo.endswith(" †") and all(d.endswith(" †") for d in drafts)
    # the adopted regulation is quoted in its English original: not marked
    assert adopted.startswith("'AI system' means") and not adopted.endswith("†")
    assert t.notes_title == "Sources"
    assert any(n.startswith("† the project's translation") for n in t.notes)
    assert any("p. 3" in n and NEWSLETTER_URL in n for n in t.notes)
    assert any("Art. 3(1)" in n and "data.europa.eu/eli/reg/2024/1689" in n for n in t.notes)


def test_compare_zh_marks_the_translated_adopted_text(runner):
    t = compare("definitions", runner, "zh", term="id:term-ai-system")
    adopted = t.rows[0][-1]
    assert adopted.startswith("「AI 系統」指") and adopted.endswith(" †")
    assert not t.rows[0][2].endswith("†")  # the Commission draft in the newsletter's own Chinese
    assert any(n.startswith("† 本專案的翻譯（來源原文為英文）") for n in t.notes)


def test_compare_term_errors(capsys):
    code, out, err = run(capsys, "compare", "definitions", "--term", "no-such-term")
    assert code == 2 and "no such term" in err and "id:term-ai-system" in err
    code, out, err = run(capsys, "compare", "thresholds", "--term", "term-ai-system")
    assert code == 2 and "definitions table only" in err


def test_compare_csv_sources_after_a_blank_row(capsys):
    code, out, _ = run(capsys, "compare", "thresholds", "--sources", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    blank = rows.index([])
    assert rows[blank + 1] == ["Sources"] and rows[blank + 2][0].startswith("[1] ")
    assert any("https://" in r[0] or "http://" in r[0] for r in rows[blank + 2:])


def test_cite_formats_agree():
    from aireg import cite
    from aireg.commands import cite as command

    assert command.FORMATS == cite.FORMATS


def test_query_tables_mark_translated_cells(capsys):
    code, out, _ = run(capsys, "query", "definitions-of-term", "-f", "csv")
    table, _, notes = out.partition("\r\n\r\n")
    rows = {r["definitionNode"].rsplit("/", 1)[1]: r for r in csv.DictReader(io.StringIO(table))}
    assert rows["def-eo-14110-ai-system"]["definition"].endswith(" †")  # English of the newsletter's Chinese
    assert not rows["def-eu-2024-ai-system"]["definition"].endswith("†")  # the regulation's own English
    assert not rows["def-eo-14110-ai-system"]["document"].endswith("†")  # labels are not translations of a source
    assert "† the project's translation" in notes
    code, out, _ = run(capsys, "query", "definitions-of-term", "--lang", "zh", "-f", "csv")
    table, _, notes = out.partition("\r\n\r\n")
    rows = {r["識別碼"].rsplit("/", 1)[1]: r for r in csv.DictReader(io.StringIO(table))}
    assert rows["def-eu-2024-ai-system"]["定義"].endswith(" †") and not rows["def-eo-14110-ai-system"]["定義"].endswith("†")
    assert "† 本專案的翻譯" in notes


def test_bibtex_escapes_each_special_character_once():
    """A backslash became \\textbackslash\\{\\} (its braces escaped again); ~ and ^ were left raw."""
    from aireg.cite import _bib

    assert _bib(r"a\b {x} 50% & #1 _y $ ~ ^") == (r"a\textbackslash{}b \{x\} 50\% \& \#1 \_y \$ "
                                                   r"\textasciitilde{} \textasciicircum{}")
