"""The pictures and the page show time: spans to an end of force, application and amendment marks
on the timeline, and each node's periods (in force, status history, application dates) on the page."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import pytest

from aireg.export import export
from aireg.export import view as views
from aireg.export.html import page_data
from aireg.export.timeline import add_time_model, points
from aireg.export.timeline_select import SlideOptions

# The whole graph's timeline is a slide with no room for every label (the report counts those left
# out); the two instruments with marks and a span fit with every label.
EU = SlideOptions(instruments=("eo-14110", "eu-ai-act"))


@pytest.fixture(scope="module")
def all_view(graph):
    return views.build_view(graph, view="all", lang="en")


def test_eo_14110_is_a_span_from_signature_to_revocation(graph, all_view):
    pts = points(all_view)
    marks = add_time_model(graph, all_view, pts)
    eo = [p for p in pts if p["id"].endswith("/eo-14110")][0]
    assert (eo["date"], eo["until"]) == (dt.date(2023, 10, 30), dt.date(2025, 1, 20))
    assert not [p for p in pts if p["id"].endswith("/eo-14148") and p.get("until")]  # still in force
    applies = sorted((m["date"], m["label"]) for m in marks if m["kind"] == "applies from")
    # current rules only: Regulation (EU) 2026/1744 replaced the 2027-08-02 rule (now 2028-08-02) and
    # restated the general one, and added 2026-07-27, 2026-12-02 and 2027-12-02
    assert [d for d, _ in applies] == [dt.date(2025, 2, 2), dt.date(2025, 8, 2), dt.date(2026, 7, 27), dt.date(2026, 8, 2),
                                       dt.date(2026, 12, 2), dt.date(2027, 12, 2), dt.date(2028, 8, 2)]
    assert applies[0][1].startswith("applies: Chapters I and II")
    regulation = [p for p in pts if p["id"].endswith("/eu-ai-act-2024-1689")][0]
    assert {m["jurisdiction"] for m in marks if m["kind"] == "applies from"} == {regulation["jurisdiction"]}
    amendments = [m for m in marks if m["kind"] == "amendment"]
    assert any(m["date"] == dt.date(2025, 11, 19) and "Digital Omnibus" in m["label"] for m in amendments)
    assert any(m["date"] == dt.date(2026, 7, 8) and m["label"].startswith("amended by: Regulation (EU) 2026/1744")
               for m in amendments)


def test_timeline_svg_draws_the_marks(graph, tmp_path, timeline_svg):
    _, report = timeline_svg("en")  # the whole graph's timeline, drawn once for the session
    assert "spans to an end of force" in report and "application and amendment marks" in report
    out = tmp_path / "timeline.svg"
    slide_report = export(graph, "timeline", out, slide=EU)
    text = " ".join("".join(el.itertext()) for el in ET.fromstring(out.read_bytes()).iter())
    assert "left out for room" not in slide_report
    for words in ("applies: Chapters I and II", "amendment proposed", "amended by", "in force until its end", "2028-08-02"):
        assert words in text, words


def test_timeline_in_chinese_names_the_marks(graph, tmp_path):
    out = tmp_path / "timeline.svg"
    export(graph, "timeline", out, lang="zh", slide=EU)
    text = " ".join("".join(el.itertext()) for el in ET.fromstring(out.read_bytes()).iter())
    assert "適用：" in text and "修正提案：" in text


def test_page_shows_each_node_s_periods(graph, tmp_path):
    out = tmp_path / "aireg.html"
    export(graph, "html", out)
    data = json.loads(re.search(r'<script type="application/json" id="aireg-data">(.*?)</script>',
                                out.read_text(encoding="utf-8"), re.S).group(1))
    by_id = {n["id"].rsplit("/", 1)[-1]: n for n in data["nodes"]}
    assert "2025-01-20: revoked" in by_id["eo-14110"]["periods"]
    assert "no longer in force from 2025-01-20" in by_id["eo-14110"]["periods"]
    act = by_id["eu-ai-act"]["periods"]
    assert act[0] == "in force since 2024-08-01"
    assert [line for line in act if line.startswith("applies from")][0].startswith(
        "applies from 2025-02-02: Chapters I and II")


def test_page_periods_in_chinese(graph):
    G = views.build_view(graph, view="instrument:eu-ai-act", lang="zh")
    data = page_data(G, graph)
    act = [n for n in data["nodes"] if n["id"].endswith("/eu-ai-act")][0]
    assert "2024-08-01 起生效" in act["periods"]
    assert any(line.startswith("2025-02-02 起適用：") for line in act["periods"])
