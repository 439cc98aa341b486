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

import networkx as nx

from aireg.errors import InputError
from aireg.export import kinds, mpl, words

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
        marks.append({"id": str(app), "date": when, "kind": "applies from", "jurisdiction": owner["jurisdiction"],
                      "label": ("適用：" if lang.startswith("zh") else "applies: ") + _label(rdf, target, lang)})
    for pred, word in ((E("amends"), ("amended by: ", "修正：")), (A("proposesAmendmentOf"), ("amendment proposed: ", "修正提案："))):
        for amending, amended in rdf.subject_objects(pred):
            owner = text_of(amended)
            date = rdf.value(amending, E("date_document")) or rdf.value(amending, E("version_date"))
            when = parse_date(str(date)) if date is not None else None
            if owner is None or when is None:
                continue
            marks.append({"id": f"{amending}#amends", "date": when, "kind": "amendment",
                          "jurisdiction": owner["jurisdiction"],
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


FONT_PT = 6.5
LINE_PT = FONT_PT * 1.15
LEVEL_PT = 40.0  # vertical step between label levels
MAX_LEVELS = 10


def _short(label: str) -> str:
    return "\n".join(textwrap.wrap(textwrap.shorten(label, 70, placeholder="…"), 26))


def _text(p: dict, up: bool) -> str:
    date = p["date"].isoformat()
    return f"{date}\n{_short(p['label'])}" if up else f"{_short(p['label'])}\n{date}"


def _offset(level: int) -> float:
    """Level 0 just above the line, 1 just below, 2 further above, ..."""
    return (10.0 + (level // 2) * LEVEL_PT) * (1 if level % 2 == 0 else -1)


def _extent(level: int, lines: int) -> float:
    return abs(_offset(level)) + lines * LINE_PT + 4


def place_labels(pts: list[dict], era_of: dict, scale: dict) -> None:
    """Give each point a label level so that labels on the same level do not overlap.

    ``scale[era]`` is days per point of that era's axis; widths are estimated
    from the character count, which is enough for a clean first layout.
    """
    taken: dict = {}  # (jurisdiction, era, level) -> list of (start, end) in days
    for p in pts:
        era = era_of[p["id"]]
        lines = _short(p["label"]).split("\n") + [p["date"].isoformat()]
        width_pt = max(len(line) for line in lines) * FONT_PT * 0.62 + 8
        half = width_pt * scale[era] / 2
        x = p["date"].toordinal()
        span = (x - half, x + half)
        best = None
        for level in range(MAX_LEVELS):
            spans = taken.setdefault((p["jurisdiction"], era, level), [])
            if all(span[1] < a or span[0] > b for a, b in spans):
                best = level
                break
        if best is None:  # crowded: the least used level
            best = min(range(MAX_LEVELS), key=lambda lv: len(taken[(p["jurisdiction"], era, lv)]))
        taken[(p["jurisdiction"], era, best)].append(span)
        p["level"], p["lines"] = best, len(lines)


def _draw(ax, pts, row_of, old=False):
    import matplotlib.dates as mdates

    for y in row_of.values():
        ax.axhline(y, color="#dddddd", linewidth=1, zorder=0)
    for p in pts:
        if p.get("until"):  # in force from its date until its end: a span
            ax.plot([p["date"], p["until"]], [row_of[p["jurisdiction"]]] * 2, color=_colour(p["kind"]), alpha=0.35,
                    linewidth=7, solid_capstyle="butt", zorder=1)
    for p in pts:
        y = row_of[p["jurisdiction"]]
        mark = p["kind"] in MARK_KINDS
        ax.scatter([p["date"]], [y], marker=MARKERS[p["kind"]], s=40 if mark else 70, color=_colour(p["kind"]),
                   edgecolors="#333333", linewidths=0.6, zorder=3)
        offset = _offset(p["level"])
        up = offset > 0
        ax.annotate(_text(p, up), (mdates.date2num(p["date"]), y), xytext=(0, offset), textcoords="offset points",
                    ha="center", va="bottom" if up else "top", fontsize=FONT_PT, linespacing=1.1,
                    arrowprops={"arrowstyle": "-", "color": "#aaaaaa", "linewidth": 0.5})
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


def _limits(ax, pts, old=False, zh=False):
    """Set the era's date range and ticks; returns the range in days."""
    import matplotlib.dates as mdates

    first = pts[0]["date"]
    last = max([p["date"] for p in pts] + [p["until"] for p in pts if p.get("until")])
    span = (last - first).days
    if old:  # the narrow panel before the break: years only
        pad = dt.timedelta(days=max(540, span // 6))
        ax.xaxis.set_major_locator(mdates.YearLocator(base=max(1, (span + 2 * pad.days) // 365 // 3)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    else:
        pad = dt.timedelta(days=max(45, span // 10))
        locator = mdates.AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        # Chinese pictures: numeric months (ConciseDateFormatter would print English month names)
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m") if zh else mdates.ConciseDateFormatter(locator))
    ax.set_xlim(first - pad, last + pad)
    return span + 2 * pad.days


def write_timeline(G: nx.MultiDiGraph, out, fmt: str, rdf=None) -> str:
    from matplotlib.lines import Line2D

    pts = points(G)
    if not pts:
        raise InputError("the view has no dated instruments, versions or events to put on a timeline")
    marks = add_time_model(rdf, G, pts)
    spans = sum(1 for p in pts if p.get("until"))
    pts = sorted(pts + marks, key=lambda p: (p["date"], p["jurisdiction"], p["label"]))
    rows = sorted({p["jurisdiction"] for p in pts}, key=lambda j: (j == NO_JURISDICTION, j))
    row_of = {j: i for i, j in enumerate(reversed(rows))}
    eras = split_eras(pts)
    era_of = {p["id"]: i for i, era in enumerate(eras) for p in era}
    with mpl.rc_context():
        width = max(10.0, min(30.0, 4 + 0.5 * len(pts)))
        fig = mpl.new_figure(width, 6.0)
        ratios = [1] if len(eras) == 1 else [1, 3]
        axes = fig.subplots(1, len(eras), sharey=True, squeeze=False,
                            gridspec_kw={"width_ratios": ratios, "wspace": 0.04})[0]
        scale = {}
        for i, (ax, era) in enumerate(zip(axes, eras)):
            days = _limits(ax, era, old=len(eras) == 2 and i == 0, zh=words.lang_of(G) == "zh")
            scale[i] = days / (ax.get_position().width * width * 72)  # days per point
        place_labels(pts, era_of, scale)
        # Height: enough points between rows for the deepest labels above and below.
        above = {j: max([_extent(p["level"], p["lines"]) for p in pts if p["jurisdiction"] == j and p["level"] % 2 == 0] or [0]) for j in rows}
        below = {j: max([_extent(p["level"], p["lines"]) for p in pts if p["jurisdiction"] == j and p["level"] % 2 == 1] or [0]) for j in rows}
        ordered = list(reversed(rows))  # bottom row first, as on the axis
        gaps = [below[ordered[i + 1]] + above[ordered[i]] + 12 for i in range(len(ordered) - 1)]
        unit = max(gaps + [60.0])  # points per row
        top = above[ordered[-1]] / unit + 0.15
        bottom = below[ordered[0]] / unit + 0.15
        axes_height_in = unit * (len(rows) - 1 + top + bottom) / 72
        fig.set_size_inches(width, axes_height_in / 0.77 + 0.4)
        for i, (ax, era) in enumerate(zip(axes, eras)):
            ax.patch.set_visible(False)  # labels near the break may cross into the next panel
            _draw(ax, era, row_of, old=len(eras) == 2 and i == 0)
        names = G.graph.get("jurisdictions", {})
        lang = words.lang_of(G)
        axes[0].set_yticks(list(row_of.values()), [
            words.word("no-jurisdiction", lang) if j == NO_JURISDICTION else names.get(j, {}).get(lang, j)
            for j in row_of])
        axes[0].set_ylim(-bottom, len(rows) - 1 + top)
        axes[0].set_ylabel(words.word("jurisdiction", words.lang_of(G)))
        if len(eras) == 2:
            axes[1].tick_params(axis="y", left=False)
            # The break: two slashes where the axis is cut.
            for ax, x in ((axes[0], 1), (axes[1], 0)):
                ax.plot([x - 0.012, x + 0.012], [-0.02, 0.02], transform=ax.transAxes, color="#333333",
                        clip_on=False, linewidth=1)
        present = [k for k in TIMELINE_KINDS + MARK_KINDS if any(p["kind"] == k for p in pts)]
        lang = words.lang_of(G)

        def name(k):
            return words.kind_label(G, k) if k in TIMELINE_KINDS else words.word(k, lang)

        handles = [Line2D([0], [0], marker=MARKERS[k], linestyle="", markersize=8,
                          markerfacecolor=_colour(k), markeredgecolor="#333333", label=name(k)) for k in present]
        if spans:
            handles.append(Line2D([0], [0], color="#888888", alpha=0.5, linewidth=7,
                                  label=words.word("in force until its end", lang)))
        fig.legend(handles=handles, loc="upper left", fontsize=8, frameon=False, ncol=len(handles))
        fig.suptitle(words.word("timeline", lang) + " · " + words.view_title(G).split(" · ", 1)[1],
                     fontsize=10, x=0.98, ha="right")
        mpl.save(fig, out, fmt)
    skipped = sum(1 for _, d in G.nodes(data=True) if d.get("kind") in TIMELINE_KINDS) - (len(pts) - len(marks))
    note = f", {skipped} undated left out" if skipped else ""
    if spans or marks:
        note += f", {spans} spans to an end of force, {len(marks)} application and amendment marks"
    brk = ", axis broken before " + str(eras[1][0]["date"].year) if len(eras) == 2 else ""
    fonts = mpl.font_note(p["label"] for p in pts) if fmt == "png" else ""
    return f"{len(pts) - len(marks)} dated items in {len(rows)} jurisdiction rows{note}{brk}, drawn by matplotlib{fonts}"
