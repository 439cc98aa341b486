"""aireg compare: the definitions table regenerates the source's own table from the graph."""

from __future__ import annotations

import csv
import io

import pytest

from aireg.cli import main
from aireg.compare import compare
from aireg.library import Runner

COLUMNS_EN = [
    "term",
    "Executive Order 14110",
    "EU AI Act, Commission proposal (2021)",
    "EU AI Act, Council general approach (2022)",
    "EU AI Act, European Parliament position (2023)",
    "Regulation (EU) 2024/1689 (Artificial Intelligence Act)",
]
COLUMNS_ZH = ["用語", "AI 行政命令（第 14110 號行政命令）", "歐盟 AI 法（歐盟執委會）", "歐盟 AI 法（歐盟理事會）",
              "歐盟 AI 法（歐洲議會）", "(EU) 2024/1689 號規則（人工智慧法）"]

# the 'AI 系統' row of the source's table: (US, Commission, Council, Parliament) and the adopted text
AI_SYSTEM_ZH = ["AI 系統則指全部或部分使用 AI 運作的任何資料系統", "採用該法附錄一所列多種技術和方法開發的軟體",
                "設計為具有自主運作要素的系統", "基於機器的系統，其被設計為具有不同程度的自主性", "「AI 系統」指一種基於機器的系統"]
AI_SYSTEM_EN = ["Any data system, software, hardware, application, tool or utility",
                "Software developed with one or more of the techniques and approaches listed in Annex I",
                "A system designed to operate with elements of autonomy",
                "A machine-based system designed to operate with varying levels of autonomy",
                "'AI system' means a machine-based system"]


@pytest.fixture(scope="module")
def runner():
    return Runner()


def by_row(table):
    return {row[0]: row[1:] for row in table.rows}


def test_definitions_table_zh_has_the_source_columns_and_rows(runner):
    t = compare("definitions", runner, "zh")
    assert t.headers == COLUMNS_ZH
    assert [row[0] for row in t.rows] == ["AI", "AI 系統", "AI 模型", "AI 基礎模型", "通用目的 AI 系統", "通用目的 AI 模型"]
    rows = by_row(t)
    for cell, start in zip(rows["AI 系統"], AI_SYSTEM_ZH):
        assert cell.startswith(start), (cell, start)
    assert rows["AI"][0].startswith("沿用美國 AI計畫法定義（15 USC 9401(3)）")
    assert rows["AI"][1:] == ["—", "—", "—", "—"]
    assert rows["AI 模型"][3] == "指基礎模型。"
    assert rows["AI 基礎模型"][0].startswith("「兩用基礎模型」（dual-use foundation model），指基於廣泛資料")
    assert rows["AI 基礎模型"][3].startswith("基於廣泛資料實施大規模訓練的 AI 系統模型")
    assert rows["通用目的 AI 系統"][0] == "無特別定義，但兩用 AI 基礎模型定義已涵攝。"
    assert rows["通用目的 AI 系統"][2].startswith("無論做為產品銷售或用於服務提供")
    assert rows["通用目的 AI 模型"][:4] == ["—", "—", "—", "—"]


def test_definitions_table_en(runner):
    t = compare("definitions", runner, "en")
    assert t.headers == COLUMNS_EN
    rows = by_row(t)
    for cell, start in zip(rows["AI system"], AI_SYSTEM_EN):
        assert cell.startswith(start), (cell, start)
    # a narrower term in the row of its broader one is named
    assert rows["foundation model"][0].startswith("[dual-use foundation model] An AI model that is trained on broad data")
    assert rows["general-purpose AI model"][4].startswith("'general-purpose AI model' means an AI model")


def test_thresholds_and_obligations_tables(runner):
    t = compare("thresholds", runner, "en")
    assert t.headers == ["instrument or version", "jurisdiction", "kind of text", "date", "measured quantity",
                         "threshold", "applies to", "status as of 2026-12-01 (data as of)"]
    # every threshold of every text, federal, state and EU: grouped by kind of quantity (counts, data
    # rates, money, rates), largest first, earliest text first
    assert [row[5] for row in t.rows] == ["> 1e26 operations", "> 1e26 operations", "> 1e26 operations",
                                         "> 1e25 FLOP", "> 1e23 operations", "> 100 Gbit/s", "> 500000000 USD",
                                         "≥ 1e20 op/s"]
    by_threshold = {(row[0], row[5], row[6]): row for row in t.rows}
    sb53 = by_threshold[("California SB 53: Transparency in Frontier Artificial Intelligence Act (2025)",
                         "> 1e26 operations",
                         "foundation model (including compute for fine-tuning, reinforcement learning and other "
                         "material modifications)")]
    assert sb53[1:4] == ["California", "statute", "2025-09-29"] and sb53[7] == "in force (since 2026-01-01)"
    eo = [row for row in t.rows if row[0] == "Executive Order 14110"]
    assert len(eo) == 5 and {row[7] for row in eo} == {"revoked (since 2025-01-20)"}
    zh = compare("thresholds", runner, "zh")
    assert zh.headers[0] == "規範文件或版本" and zh.headers[-1] == "狀態（資料基準日 2026-12-01）"
    assert "(EU) 2024/1689 號規則（人工智慧法）" in {row[0] for row in zh.rows}
    assert [row[0] for row in zh.rows][2:4] == ["加州 SB 53：前沿人工智慧透明法（2025）", "(EU) 2024/1689 號規則（人工智慧法）"]
    o = compare("obligations", runner, "zh")
    assert o.headers[0] == "規範對象" and len(o.rows) == 35  # 21 from the newsletter, 1 from California SB 53, 13 of Regulation (EU) 2024/1689
    assert sum(row[0] == "大型前沿開發者（加州 SB 53）" for row in o.rows) == 1
    assert sum(row[0] == "AI 基礎模型提供者" for row in o.rows) == 9


def test_the_source_s_wrong_figures_have_their_correction_beside_them(runner):
    o = compare("obligations", runner, "en")
    assert o.headers[2:4] == ["provision", "correct provision (source wrong)"]
    fm = [row for row in o.rows if row[2] == "Art. 28a"]
    assert len(fm) == 9 and {row[3] for row in fm} == {"Art. 28b"}
    assert {row[3] for row in o.rows if row[2] != "Art. 28a"} == {""}
    p = compare("penalties", runner, "en")
    assert p.headers[3:7] == ["maximum fine", "correct maximum fine (source wrong)", "share of turnover (%)",
                              "correct share (source wrong)"]
    ep = [row for row in p.rows if row[0] == "EU AI Act, European Parliament position (2023)"]
    assert [row[3:7] for row in ep] == [["EUR 30000000", "EUR 40000000", "6", "7"]]
    adopted = [row for row in p.rows if row[7] == "Art. 99(3)"][0]
    assert adopted[3:7] == ["EUR 35000000", "", "7", ""]  # the Regulation's own figures need no correction
    zh = compare("penalties", runner, "zh")
    assert zh.headers[4] == "正確罰鍰上限（來源有誤）"


def test_same_tables_from_a_sparql_server(runner, oxigraph_server):
    remote = Runner(endpoint=oxigraph_server.query_url)
    for kind in ("definitions", "thresholds", "obligations", "penalties"):
        for lang in ("en", "zh"):
            a, b = compare(kind, runner, lang), compare(kind, remote, lang)
            assert (a.headers, a.rows) == (b.headers, b.rows), (kind, lang)


def test_compare_writes_markdown_csv_and_html_files(tmp_path, capsys):
    md = tmp_path / "defs.md"
    assert main(["compare", "definitions", "--lang", "zh", "-o", str(md)]) == 0
    text = md.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "| " + " | ".join(COLUMNS_ZH) + " |"
    table, _, notes = text.partition("\n**說明**\n")
    assert table.count("\n") == 8  # header, rule, six terms
    # the adopted regulation's zh cells translate its English: marked, and the mark explained
    assert notes == "\n- † 本專案的翻譯（來源原文為英文），非官方文字\n"
    out = tmp_path / "t.csv"
    assert main(["compare", "thresholds", "--format", "csv", "-o", str(out)]) == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0][0] == "instrument or version" and len(rows) == 9  # header and eight thresholds
    page = tmp_path / "o.html"
    assert main(["compare", "obligations", "--format", "html", "--lang", "zh", "-o", str(page)]) == 0
    html_text = page.read_text(encoding="utf-8")
    assert html_text.startswith("<!DOCTYPE html>") and '<html lang="zh-Hant">' in html_text
    assert "<th>規範對象</th>" in html_text
    assert main(["compare", "thresholds", "--format", "html"]) == 0
    assert "&gt; 1e26 operations" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["defs.md", "o.html", "t.csv"]  # no leftovers


def test_compare_errors_are_one_line(capsys, tmp_path):
    with pytest.raises(SystemExit) as exit_:
        main(["compare", "budgets"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "invalid choice" in err
    assert main(["compare", "thresholds", "--endpoint", "http://127.0.0.1:9/query", "-o", str(tmp_path / "x.md")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot reach" in err
    assert not (tmp_path / "x.md").exists()
