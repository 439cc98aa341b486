"""The timeline is a slide: 16:9 (or the asked aspect), labels at slide size, none over another,
narrowed by dates, jurisdictions and instruments, Chinese with --lang zh."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest

from aireg.cli import main
from aireg.errors import InputError
from aireg.export import export, mpl
from aireg.export import view as views
from aireg.export.timeline import FONT_PT, draw_timeline
from aireg.export.timeline_select import SlideOptions


def svg_size(path):
    head = path.read_text(encoding="utf-8")[:600]
    w, h = (float(v) for v in re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', head).groups())
    return w, h


def font_sizes(path):
    return [float(v) for v in re.findall(r"font(?:-size)?:\s*(?:bold\s+)?([\d.]+)px", path.read_text(encoding="utf-8"))]


def texts(path):
    return " ".join(re.findall(r">([^<>]+)</text>", path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def whole(graph, tmp_path_factory):
    out = tmp_path_factory.mktemp("slide") / "timeline.svg"
    report = export(graph, "timeline", out)
    return out, report


def test_whole_graph_is_a_16_9_slide_with_readable_labels(whole):
    out, report = whole
    w, h = svg_size(out)
    assert w / h == pytest.approx(16 / 9, rel=1e-3) and (w, h) == (960, 540)  # 13.33 x 7.5 in
    sizes = font_sizes(out)
    assert sizes and min(sizes) >= 10  # points on the slide (the SVG's user unit is the point)
    assert "16:9 slide" in report


def test_crowded_slide_says_how_many_labels_it_left_out(whole):
    _, report = whole
    m = re.search(r"(\d+) of (\d+) labels left out for room", report)
    assert m and 0 < int(m.group(1)) < int(m.group(2)), report
    assert "--from/--to" in report


def label_boxes(graph, lang="en", **opts):
    G = views.build_view(graph, "all", lang=lang)
    with mpl.rc_context():
        d = draw_timeline(G, graph, SlideOptions(**opts))
        renderer = d.fig.canvas.get_renderer()
        return d, [(t.get_text(), t.get_window_extent(renderer)) for t in d.labels]


@pytest.mark.parametrize("opts", [{}, {"jurisdictions": ("EU", "none")}, {"aspect": (4.0, 3.0)}, {"aspect": (5.0, 4.0)},
                                  {"aspect": (4.0, 1.0)},
                                  {"aspect": (4.0, 3.0), "instruments": ("eo-14110", "eu-ai-act", "eo-14148", "eo-14179")}])
def test_no_two_labels_overlap_and_all_stay_on_the_slide(graph, opts):
    d, boxes = label_boxes(graph, **opts)
    assert len(boxes) >= (10 if opts.get("instruments") else 20)
    for (a, ba), (b, bb) in itertools.combinations(boxes, 2):
        assert not ba.overlaps(bb), (a, b)
    width, height = d.fig.bbox.width, d.fig.bbox.height
    for text, box in boxes:
        assert box.x0 >= 0 and box.x1 <= width and box.y0 >= 0 and box.y1 <= height, text
        assert box.height * 72 / d.fig.dpi >= FONT_PT  # drawn at the label size
    renderer = d.fig.canvas.get_renderer()
    for artist in [*d.fig.texts, *d.fig.legends]:  # title, lane names, legend: on the slide too
        box = artist.get_window_extent(renderer)
        assert box.x0 >= 0 and box.x1 <= width and box.y0 >= 0 and box.y1 <= height, artist


def test_selected_jurisdiction_and_dates(graph, tmp_path):
    out = tmp_path / "eu.svg"
    report = export(graph, "timeline", out,
                    slide=SlideOptions(jurisdictions=("EU",), start=dt.date(2024, 1, 1), end=dt.date(2026, 12, 31)))
    text = texts(out)
    assert "2024-06-13  EU Artificial Intelligence Act" in text
    assert "applies: Chapters I and II" in text and "amended by: Regulation (EU) 2026/1744" in text
    assert "Executive Order 14110" not in text  # US
    assert "EU AI Act, Commission proposal" not in text  # 2021
    assert "2027-12-02" not in text and "2028-08-02" not in text  # after --to
    assert "left out for room" not in report  # every selected label fits
    assert "2024-01-01 – 2026-12-31" in text  # the title says what is shown


def test_selected_instrument(graph, tmp_path):
    out = tmp_path / "eo.svg"
    export(graph, "timeline", out, slide=SlideOptions(instruments=("eo-14110", "id:eu-ai-act")))
    text = texts(out)
    assert "Executive Order 14110" in text and "EU Artificial Intelligence Act" in text
    assert "applies: Chapters I and II" in text
    assert "Executive Order 14148" not in text and "Bletchley Declaration" not in text


def test_chinese_slide(graph, tmp_path):
    out = tmp_path / "zh.svg"
    export(graph, "timeline", out, lang="zh", slide=SlideOptions(jurisdictions=("EU",)))
    text = texts(out)
    assert "歐盟 AI 法" in text and "適用：" in text and "歐盟" in text
    assert "European Union" not in text and "applies:" not in text
    assert mpl.cjk_font() is None or mpl.cjk_font() in out.read_text(encoding="utf-8")  # CJK font named


@pytest.mark.parametrize("argv, message", [
    (["--jurisdiction", "XX"], "unknown jurisdiction 'XX'"),
    (["--instrument", "eo-1411"], "unknown instrument 'eo-1411'"),
    (["--from", "2024-13"], "--from must be a date"),
    (["--from", "2025", "--to", "2024"], "is after --to"),
    (["--aspect", "16x9"], "--aspect must be W:H"),
    (["--aspect", "9:16"], "from 5:4 to 4:1"),
    (["--from", "2030"], "no dated item"),
])
def test_bad_selections_exit_2_without_output(tmp_path, capsys, argv, message):
    out = tmp_path / "t.svg"
    assert main(["export", "--format", "timeline", "-o", str(out), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_timeline_options_refused_for_other_formats(tmp_path, capsys):
    assert main(["export", "--format", "svg", "--from", "2024", "-o", str(tmp_path / "x.svg")]) == 2
    assert "apply to --format timeline only" in capsys.readouterr().err


def test_png_is_1920_by_1080(graph, tmp_path):
    import struct

    out = tmp_path / "t.png"
    export(graph, "timeline", out, slide=SlideOptions(jurisdictions=("US",)))
    assert struct.unpack(">II", out.read_bytes()[16:24]) == (1920, 1080)


def test_instrument_error_is_input_error(graph, tmp_path):
    with pytest.raises(InputError, match="known: eo-14110"):
        export(graph, "timeline", tmp_path / "t.svg", slide=SlideOptions(instruments=("eo-14110x",)))


def test_few_items_keep_the_date_axis_under_their_lanes(graph):
    d, boxes = label_boxes(graph, instruments=("eo-14110",))
    ax = d.fig.axes[0]
    lowest_label = min(box.y0 for _, box in boxes)
    axis_y = ax.get_window_extent().y0
    assert 0 < lowest_label - axis_y < 40 * d.fig.dpi / 72  # not at the foot of an empty slide
    title = [t.get_text() for t in d.fig.texts if t.get_text().startswith("aireg timeline")]
    assert title == ["aireg timeline · Executive Order 14110"]
