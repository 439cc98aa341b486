"""Units in Chinese tables: a unit named by an English word ("operations"@en) is written with the
ontology's zh-Hant label of the unit; a symbol (FLOP, op/s, Gbit/s, USD) stays as it is."""

from __future__ import annotations

import pytest
from rdflib import Literal
from rdflib.namespace import RDFS

from aireg.assess import Profile, assess
from aireg.compare import compare
from aireg.library import Runner, find_query
from aireg.namespaces import AIREG
from aireg.sparql import run_query

SYMBOLS = {"FLOP", "op/s", "Gbit/s", "USD"}


def zh_label(graph, unit) -> str:
    return next(str(v) for v in graph.objects(unit, RDFS.label) if (v.language or "").lower() == "zh-hant")


def units(graph, name, lang):
    q = find_query(name)
    result = run_query(graph, q.text, q.bindings({}, lang))
    i = result.variables.index("unit")
    return [None if row[i] is None else str(row[i]) for row in result.rows]


def test_word_units_are_tagged_and_labelled_in_both_languages(graph):
    for unit in set(graph.subjects(AIREG.symbol, None)):
        symbols = list(graph.objects(unit, AIREG.symbol))
        assert len(symbols) >= 1
        if any(s.language for s in symbols):  # a word: the table in the other language needs its label
            langs = {(v.language or "").lower() for v in graph.objects(unit, RDFS.label)}
            assert {"en", "zh-hant"} <= langs, unit
    assert list(graph.objects(AIREG.Operation, AIREG.symbol)) == [Literal("operations", lang="en")]


@pytest.mark.parametrize("name", ["thresholds", "all-thresholds", "threshold-logic"])
def test_query_units_in_chinese(graph, name):
    en = [u for u in units(graph, name, "en") if u]
    zh = [u for u in units(graph, name, "zh") if u]
    assert "operations" in en and len(en) == len(zh)
    operations = zh_label(graph, AIREG.Operation)
    assert operations == "整數或浮點數運算"
    for e, z in zip(en, zh):
        assert z == (operations if e == "operations" else e), (e, z)
        assert z in SYMBOLS or z == operations
    assert "operations" not in zh


def test_compare_thresholds_in_chinese():
    zh = compare("thresholds", Runner(), "zh")
    cells = [row[5] for row in zh.rows]
    assert cells == ["> 1e26 整數或浮點數運算"] * 3 + ["> 1e25 FLOP", "> 1e23 整數或浮點數運算", "> 100 Gbit/s",
                                                      "> 500000000 USD", "≥ 1e20 op/s"]
    assert not any("operations" in c for row in zh.rows for c in row)


def test_assess_in_chinese_writes_the_unit_label(graph):
    import datetime as dt

    from aireg.commands.assess import tables

    result = assess(graph, Profile(training_compute=3e26, markets={"US"}, date=dt.date(2024, 6, 1)))
    assert {c.unit["en"] for c in result.crossed} == {"operations"}
    zh = tables(result, "zh")[0]
    tests = [row[4] for row in zh.rows]
    assert tests and all(t.endswith(" 整數或浮點數運算") for t in tests), tests
    en = tables(result, "en")[0]
    assert all(row[4].endswith(" operations") for row in en.rows)
