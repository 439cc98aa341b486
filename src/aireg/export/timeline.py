"""A timeline picture: instruments, versions and events by date, one row per jurisdiction.

It answers "who moved when" at a glance (an executive order, its revocation,
the EU AI Act's drafts and adoption) that the network pictures cannot show.
An instrument that stopped being in force is drawn as a span from its date to
its end (EO 14110: signed 2023-10-30, revoked 2025-01-20); the dates from which
groups of provisions apply (aireg:Application) and amendments, adopted or
proposed, are marks on the row of the text they concern.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass, field

import networkx as nx

from aireg.errors import InputError
from aireg.export import kinds, mpl, timeline_lanes, timeline_select, words
from aireg.export.timeline_select import SlideOptions

TIMELINE_KINDS = ("instrument", "instrument-version", "event")
MARK_KINDS = ("applies from", "amendment")
MARKERS = {"instrument": "s", "instrument-version": "o", "event": "^", "applies from": "v", "amendment": "D"}
MARK_COLOURS = {"applies from": "#17becf", "amendment": "#9467bd"}
AIREG_NS = "https://w3id.org/aireg/ont#"
ELI_NS = "http://data.europa.eu/eli/ontology#"
NO_JURISDICTION = "(none)"


def parse_date(text: str) -> dt.date | None:
    for fmt, size in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        try:
            return dt.datetime.strptime(text[:size], fmt).date()
        except (ValueError, TypeError):
            continue
    return None


def points(G: nx.MultiDiGraph) -> list[dict]:
    """The dated instruments/versions/events of the view, oldest first."""
    out = []
    for n, d in G.nodes(data=True):
        if d.get("kind") not in TIMELINE_KINDS:
            continue
        when = parse_date(d.get("date", ""))
        if when is None:
            continue
        out.append({"id": n, "date": when, "kind": d["kind"], "label": d.get("label", n),
                    "jurisdiction": d.get("jurisdiction") or NO_JURISDICTION})
    out.sort(key=lambda p: (p["date"], p["jurisdiction"], p["label"]))
    return out


def _colour(kind: str) -> str:
    return MARK_COLOURS.get(kind) or kinds.colour(kind)


def _label(rdf, node, lang: str) -> str:
    from rdflib.namespace import RDFS

    labels = list(rdf.objects(node, RDFS.label))
    want = "zh" if str(lang).lower().startswith("zh") else "en"
    for lit in labels:
        if (getattr(lit, "language", None) or "").lower().startswith(want):
            return str(lit)
    return str(labels[0]) if labels else str(node).rsplit("/", 1)[-1]


def add_time_model(rdf, G: nx.MultiDiGraph, pts: list[dict]) -> list[dict]:
    """Spans and marks from the RDF graph, for the texts the view shows.

    Each point of an instrument or version gets ``until``: its
    eli:date_no_longer_in_force, or else the date of the instrument that
    repeals it. Marks are new points: an aireg:Application of a text of the
    view ("applies from", at its aireg:appliesFrom, current rules only) and an
    amendment of one (eli:amends or aireg:proposesAmendmentOf, at the amending
    text's date), on the row of the text concerned.
    """
    from rdflib import URIRef

    if rdf is None:
        return []
    A = lambda name: URIRef(AIREG_NS + name)  # noqa: E731
    E = lambda name: URIRef(ELI_NS + name)  # noqa: E731
    lang = G.graph.get("lang", "en")
    row = {p["id"]: p for p in pts}
    for p in pts:
        if p["kind"] == "event":
            continue
        node = URIRef(p["id"])
        end = rdf.value(node, E("date_no_longer_in_force"))
        if end is None:
            ends = [rdf.value(r, E("date_document")) for r in rdf.subjects(E("repeals"), node)]
            ends = [e for e in ends if e is not None]
            end = min(ends, key=str) if ends else None
        until = parse_date(str(end)) if end is not None else None
        if until and until > p["date"]:
            p["until"] = until

    def text_of(target):
        """The view's point for the text an application's target belongs to."""
        for cand in (rdf.value(target, A("groupOf")), rdf.value(target, E("is_part_of")), target):
            if cand is not None and str(cand) in row:
                return row[str(cand)]
            abstract = rdf.value(cand, A("versionOf")) if cand is not None else None
            if abstract is not None and str(abstract) in row:
                return row[str(abstract)]
        return None

    marks = []
    for app in rdf.subjects(A("appliesFrom"), None):
        if rdf.value(app, A("supersededBy")) is not None:
            continue  # a rule an amendment replaced: its successor is drawn
        target = rdf.value(app, A("applicationOf"))
        owner = text_of(target) if target is not None else None
        when = parse_date(str(rdf.value(app, A("appliesFrom"))))
        if owner is None or when is None:
            continue
        marks.append({"id": str(app), "date": when, "kind": "applies from", "jurisdiction": owner["jurisdiction"], "of": owner["id"],
                      "label": ("適用：" if lang.startswith("zh") else "applies: ") + _label(rdf, target, lang)})
    for pred, word in ((E("amends"), ("amended by: ", "修正：")), (A("proposesAmendmentOf"), ("amendment proposed: ", "修正提案："))):
        for amending, amended in rdf.subject_objects(pred):
            owner = text_of(amended)
            date = rdf.value(amending, E("date_document")) or rdf.value(amending, E("version_date"))
            when = parse_date(str(date)) if date is not None else None
            if owner is None or when is None:
                continue
            marks.append({"id": f"{amending}#amends", "date": when, "kind": "amendment",
                          "jurisdiction": owner["jurisdiction"], "of": owner["id"],
                          "label": word[1 if lang.startswith("zh") else 0] + _label(rdf, amending, lang)})
    marks.sort(key=lambda p: (p["date"], p["jurisdiction"], p["label"]))
    return marks


def split_eras(pts: list[dict]) -> list[list[dict]]:
    """One group, or two when an old item (a 1950 statute) would squash the recent ones."""
    dates = [p["date"] for p in pts]
    total = (dates[-1] - dates[0]).days
    if len(dates) < 3 or total < 3 * 365:
        return [pts]
    gaps = [((dates[i + 1] - dates[i]).days, i) for i in range(len(dates) - 1)]
    gap, at = max(gaps)
    if gap < 0.5 * total:
        return [pts]
    return [pts[: at + 1], pts[at + 1:]]


# A slide's sizes: the picture is 7.5 inches high (a PowerPoint slide), its
# width from the aspect (16:9: 13.33 in, 1920 x 1080 px as PNG), so the point
# sizes below are the sizes on the slide.
SLIDE_HEIGHT_IN = 7.5
FONT_PT = 10.0  # labels: the smallest text of the picture
LANE_FONT_PT = 11.0
TITLE_PT = 14.0
ROW_PT = 17.0  # the least height of a sub-row (a label line and its room)
MAX_ROW_PT = 24.0
LANE_GAP_PT = 6.0
PAD_PT = 7.0  # between a mark and its label
MAX_CHARS = {"en": 38, "zh": 20}
PRIORITY = {"instrument": 0, "instrument-version": 1, "event": 2, "amendment": 3, "applies from": 4}


def short(label: str, lang: str, chars: int | None = None) -> str:
    """One line of at most ``chars`` characters (at a word boundary in English), ``…`` where cut."""
    n = chars or MAX_CHARS["zh" if lang == "zh" else "en"]
    label = " ".join(label.split())
    if len(label) <= n:
        return label
    if lang != "zh":
        cut = textwrap.shorten(label, n, placeholder="…")
        if len(cut) > n // 2:
            return cut
    return label[: n - 1].rstrip() + "…"


def label_text(p: dict, lang: str, chars: int | None = None) -> str:
    return f"{p['date'].isoformat()}  {short(p['label'], lang, chars)}"


@dataclass
class Drawing:
    """A drawn timeline: the figure and what the report and the tests read from it."""

    fig: object
    labels: list = field(default_factory=list)  # the label Text artists the layout placed
    items: list = field(default_factory=list)  # the items drawn (points and marks)
    marks: int = 0
    spans: int = 0
    lanes: list = field(default_factory=list)
    eras: list = field(default_factory=list)
    dropped: list = field(default_factory=list)  # items drawn as a mark without a label (no room)
    skipped: int = 0  # undated items of the view


def _lane_names(G, lanes: list[str], lang: str) -> dict[str, str]:
    names = G.graph.get("jurisdictions", {})
    out = {}
    for j in lanes:
        name = words.word("no-jurisdiction", lang) if j == NO_JURISDICTION else names.get(j, {}).get(lang, j)
        out[j] = name if lang == "zh" else "\n".join(textwrap.wrap(name, 16))
    return out


def _measure(fig, renderer, text: str, size: float, **style) -> tuple[float, float]:
    """Width and height of ``text`` at ``size``, in points, as the figure's fonts draw it."""
    t = fig.text(0, 0, text, fontsize=size, **style)
    box = t.get_window_extent(renderer)
    t.remove()
    return box.width * 72 / fig.dpi, box.height * 72 / fig.dpi


def draw_timeline(G: nx.MultiDiGraph, rdf=None, opts: SlideOptions | None = None) -> Drawing:
    """Lay the view's dated items out on a slide; call inside :func:`mpl.rc_context`."""
    import matplotlib.dates as mdates
    from matplotlib import transforms

    opts = opts or SlideOptions()
    lang = words.lang_of(G)
    pts = points(G)
    if not pts:
        raise InputError("the view has no dated instruments, versions or events to put on a timeline")
    skipped = sum(1 for _, d in G.nodes(data=True) if d.get("kind") in TIMELINE_KINDS) - len(pts)
    marks = add_time_model(rdf, G, pts)
    items = sorted(pts + marks, key=lambda p: (p["date"], p["jurisdiction"], p["label"]))
    items = timeline_select.select(G, items, opts, NO_JURISDICTION)
    if not items:
        raise InputError("no dated item of the view matches --from/--to, --jurisdiction and --instrument")
    count = {}
    for p in items:
        count[p["jurisdiction"]] = count.get(p["jurisdiction"], 0) + 1
    lanes = sorted(count, key=lambda j: (j == NO_JURISDICTION, -count[j], j))
    lane_name = _lane_names(G, lanes, lang)
    eras = split_eras(items) if not (opts.start or opts.end) else [items]
    era_of = {p["id"]: i for i, era in enumerate(eras) for p in era}

    w_in = SLIDE_HEIGHT_IN * opts.aspect[0] / opts.aspect[1]
    fig = mpl.new_figure(w_in, SLIDE_HEIGHT_IN, dpi=1080 / SLIDE_HEIGHT_IN)
    renderer = fig.canvas.get_renderer()
    W, H = w_in * 72, SLIDE_HEIGHT_IN * 72
    left = max(_measure(fig, renderer, lane_name[j], LANE_FONT_PT)[0] for j in lanes) + 22
    legend_rows = 1 if opts.aspect[0] / opts.aspect[1] >= 1.7 else 2  # narrower: the legend in two rows
    right, top, bottom = 14.0, 44.0 + 18.0 * legend_rows, 30.0
    axes_w, axes_h = W - left - right, H - top - bottom
    rects = [(left, axes_w)] if len(eras) == 1 else [(left, axes_w * 0.12 - 6), (left + axes_w * 0.12 + 6, axes_w * 0.88 - 6)]
    axes = [fig.add_axes((x / W, bottom / H, w / W, axes_h / H)) for x, w in rects]
    for i, (ax, era) in enumerate(zip(axes, eras)):
        _limits(ax, era, old=len(eras) == 2 and i == 0, zh=lang == "zh", opts=opts)
        ax.set_ylim(axes_h, 0)  # y in points from the top of the lanes
        ax.set_zorder(len(eras) - i)  # labels of the old era may run over the next panel's lanes

    boxes, by_key = [], {}
    for p in items:
        ax = axes[era_of[p["id"]]]
        lo, hi = ax.get_xlim()
        def x_of(day, ax=ax, lo=lo, hi=hi):  # noqa: E306
            num = min(max(mdates.date2num(day), lo), hi)
            return ax.transData.transform((num, 0))[0] * 72 / fig.dpi
        text = label_text(p, lang)
        width = _measure(fig, renderer, text, FONT_PT)[0]
        chars = MAX_CHARS["zh" if lang == "zh" else "en"]
        while width > 0.45 * axes_w and chars > 8:  # a narrow aspect: shorter labels
            chars -= 4
            text = label_text(p, lang, chars)
            width = _measure(fig, renderer, text, FONT_PT)[0]
        x = x_of(p["date"])
        box = timeline_lanes.Box(p["id"], p["jurisdiction"], x, width,
                                 x_of(p["until"]) if p.get("until") else x, W - right,
                                 left_edge=rects[era_of[p["id"]]][0])  # not over the narrow panel's lanes
        box.text = text
        boxes.append(box)
        by_key[p["id"]] = p
    order = sorted(boxes, key=lambda b: (PRIORITY[by_key[b.key]["kind"]], by_key[b.key]["date"], b.key))
    in_lane = {j: [b for b in order if b.lane == j] for j in lanes}
    need = {j: timeline_lanes.rows_needed(in_lane[j], PAD_PT) for j in lanes}
    least = {j: lane_name[j].count("\n") + 1 for j in lanes}
    capacity = int((axes_h - LANE_GAP_PT * (len(lanes) - 1)) // ROW_PT)
    if sum(least.values()) > capacity:
        raise InputError(f"{len(lanes)} jurisdiction lanes do not fit on a slide; choose some with --jurisdiction")
    rows = timeline_lanes.share_rows(need, least, capacity)
    for j in lanes:
        timeline_lanes.pack(in_lane[j], rows[j], PAD_PT)
    row_pt = min(MAX_ROW_PT, (axes_h - LANE_GAP_PT * (len(lanes) - 1)) / sum(rows.values()))
    used = row_pt * sum(rows.values()) + LANE_GAP_PT * (len(lanes) - 1)
    if used < axes_h - 1:  # few items: the lanes stay under the legend, the date axis right below them
        bottom, axes_h = bottom + axes_h - used, used
        for ax, (x, w) in zip(axes, rects):
            ax.set_position((x / W, bottom / H, w / W, axes_h / H))
            ax.set_ylim(axes_h, 0)

    drawing = Drawing(fig, items=items, marks=sum(1 for p in items if p["kind"] in MARK_KINDS),
                      spans=sum(1 for p in items if p.get("until")), lanes=lanes, eras=eras, skipped=skipped)
    y0, lane_top = 0.0, {}
    for i, j in enumerate(lanes):
        lane_top[j] = y0
        height = rows[j] * row_pt
        for ax in axes:
            if i % 2 == 0:
                ax.axhspan(y0, y0 + height, color="#f3f3f3", zorder=0, linewidth=0)
        fig.text((left - 12) / W, (bottom + axes_h - y0 - height / 2) / H, lane_name[j], fontsize=LANE_FONT_PT,
                 ha="right", va="center", linespacing=1.05)
        y0 += height + LANE_GAP_PT
    fig.text((left - 12) / W, (bottom + axes_h + 4) / H, words.word("jurisdiction", lang), fontsize=FONT_PT,
             ha="right", va="bottom", color="#555555", fontstyle="italic")  # the lanes' heading
    for b in boxes:
        p = by_key[b.key]
        ax = axes[era_of[b.key]]
        y = lane_top[b.lane] + (b.row + 0.5) * row_pt
        if p.get("until"):  # in force from its date until its end: a bar
            ax.plot([p["date"], p["until"]], [y, y], color=_colour(p["kind"]), alpha=0.3,
                    linewidth=row_pt * 0.6, solid_capstyle="butt", zorder=1)
        mark = p["kind"] in MARK_KINDS
        ax.scatter([p["date"]], [y], marker=MARKERS[p["kind"]], s=34 if mark else 48, color=_colour(p["kind"]),
                   edgecolors="#333333", linewidths=0.6, zorder=3, clip_on=False)
        if not b.labelled:
            drawing.dropped.append(p)
            continue
        shift = transforms.offset_copy(ax.transData, fig=fig, x=-PAD_PT if b.flip else PAD_PT, units="points")
        drawing.labels.append(ax.text(mdates.date2num(p["date"]), y, b.text, transform=shift, fontsize=FONT_PT,
                                      ha="right" if b.flip else "left", va="center", clip_on=False, zorder=4))
    for ax in axes:
        ax.set_yticks([])
        ax.tick_params(axis="x", labelsize=FONT_PT)
        ax.patch.set_visible(False)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
    if len(eras) == 2:  # the break: two slashes where the axis is cut
        for ax, x in ((axes[0], 1), (axes[1], 0)):
            ax.plot([x - 0.012, x + 0.012], [-0.02, 0.02], transform=ax.transAxes, color="#333333",
                    clip_on=False, linewidth=1)
    _legend(fig, G, drawing, lang, left / W, (H - 30) / H, legend_rows)
    chosen = timeline_select.describe(G, opts, lang)
    view = words.view_title(G).split(" · ", 1)[1]
    if chosen and G.graph.get("view", "all") == "all":
        view = chosen  # the selection says what is shown better than "the whole graph"
    elif chosen:
        view += " · " + chosen
    title = words.word("timeline", lang) + " · " + view
    size = TITLE_PT
    wide = _measure(fig, renderer, title, size, fontweight="bold")[0]
    if wide > W - left - right:  # a long selection: a smaller title, never below the labels' size
        size = max(FONT_PT, size * (W - left - right) / wide)
    while _measure(fig, renderer, title, size, fontweight="bold")[0] > W - left - right and len(title) > 20:
        title = title[:-2].rstrip() + "…"
    fig.text(left / W, (H - 10) / H, title, fontsize=size, ha="left", va="top", fontweight="bold")
    return drawing


def _legend(fig, G, drawing: Drawing, lang: str, x: float, y: float, rows: int = 1) -> None:
    from matplotlib.lines import Line2D

    present = [k for k in TIMELINE_KINDS + MARK_KINDS if any(p["kind"] == k for p in drawing.items)]

    def name(k):
        return words.kind_label(G, k) if k in TIMELINE_KINDS else words.word(k, lang)

    handles = [Line2D([0], [0], marker=MARKERS[k], linestyle="", markersize=8,
                      markerfacecolor=_colour(k), markeredgecolor="#333333", label=name(k)) for k in present]
    if drawing.spans:
        handles.append(Line2D([0], [0], color="#888888", alpha=0.5, linewidth=7,
                              label=words.word("in force until its end", lang)))
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(x, y), fontsize=FONT_PT, frameon=False,
               ncol=-(-len(handles) // rows), borderaxespad=0, handletextpad=0.6, columnspacing=1.4)


def _limits(ax, pts, old=False, zh=False, opts: SlideOptions | None = None):
    """Set the era's date range and ticks (the --from/--to window when given)."""
    import matplotlib.dates as mdates

    first = pts[0]["date"]
    last = max([p["date"] for p in pts] + [p["until"] for p in pts if p.get("until")])
    span = max((last - first).days, 1)
    if old:  # the narrow panel before the break: years only
        pad = dt.timedelta(days=max(540, span // 6))
        ax.xaxis.set_major_locator(mdates.YearLocator(base=max(1, (span + 2 * pad.days) // 365 // 2)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    else:
        pad = dt.timedelta(days=max(20, span // 40, (365 - span) // 2))  # at least a year on the axis
        locator = mdates.AutoDateLocator(maxticks=9)
        ax.xaxis.set_major_locator(locator)
        # Chinese pictures: numeric months (ConciseDateFormatter would print English month names)
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m") if zh else mdates.ConciseDateFormatter(locator))
    start = opts.start if opts and opts.start else first - pad
    end = opts.end if opts and opts.end else last + pad
    ax.set_xlim(start, end)


def write_timeline(G: nx.MultiDiGraph, out, fmt: str, rdf=None, opts: SlideOptions | None = None) -> str:
    opts = opts or SlideOptions()
    with mpl.rc_context():
        d = draw_timeline(G, rdf, opts)
        mpl.save(d.fig, out, fmt, tight=False)
    n = len(d.items) - d.marks
    note = f", {d.skipped} undated left out" if d.skipped else ""
    if d.spans or d.marks:
        note += f", {d.spans} spans to an end of force, {d.marks} application and amendment marks"
    brk = ", axis broken before " + str(d.eras[1][0]["date"].year) if len(d.eras) == 2 else ""
    room = (f"; {len(d.dropped)} of {len(d.items)} labels left out for room (their marks are drawn; narrow with "
            "--from/--to, --jurisdiction or --instrument)") if d.dropped else ""
    w, h = opts.aspect
    size = f", {w:g}:{h:g} slide" + (f" ({round(1080 * w / h)}x1080 px)" if fmt == "png" else "")
    fonts = mpl.font_note(p["label"] for p in d.items) if fmt == "png" else ""
    return f"{n} dated items in {len(d.lanes)} jurisdiction rows{note}{brk}{size}, drawn by matplotlib{fonts}{room}"
