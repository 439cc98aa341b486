"""A timeline picture: instruments, versions and events by date, one row per jurisdiction.

It answers "who moved when" at a glance (an executive order, its revocation,
the EU AI Act's drafts and adoption) that the network pictures cannot show.
"""

from __future__ import annotations

import datetime as dt
import textwrap

import networkx as nx

from aireg.errors import InputError
from aireg.export import kinds, mpl

TIMELINE_KINDS = ("instrument", "instrument-version", "event")
MARKERS = {"instrument": "s", "instrument-version": "o", "event": "^"}
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
        y = row_of[p["jurisdiction"]]
        ax.scatter([p["date"]], [y], marker=MARKERS[p["kind"]], s=70, color=kinds.colour(p["kind"]),
                   edgecolors="#333333", linewidths=0.6, zorder=3)
        offset = _offset(p["level"])
        up = offset > 0
        ax.annotate(_text(p, up), (mdates.date2num(p["date"]), y), xytext=(0, offset), textcoords="offset points",
                    ha="center", va="bottom" if up else "top", fontsize=FONT_PT, linespacing=1.1,
                    arrowprops={"arrowstyle": "-", "color": "#aaaaaa", "linewidth": 0.5})
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


def _limits(ax, pts, old=False):
    """Set the era's date range and ticks; returns the range in days."""
    import matplotlib.dates as mdates

    first, last = pts[0]["date"], pts[-1]["date"]
    span = (last - first).days
    if old:  # the narrow panel before the break: years only
        pad = dt.timedelta(days=max(540, span // 6))
        ax.xaxis.set_major_locator(mdates.YearLocator(base=max(1, (span + 2 * pad.days) // 365 // 3)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    else:
        pad = dt.timedelta(days=max(45, span // 10))
        locator = mdates.AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlim(first - pad, last + pad)
    return span + 2 * pad.days


def write_timeline(G: nx.MultiDiGraph, out, fmt: str) -> str:
    from matplotlib.lines import Line2D

    pts = points(G)
    if not pts:
        raise InputError("the view has no dated instruments, versions or events to put on a timeline")
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
            days = _limits(ax, era, old=len(eras) == 2 and i == 0)
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
        axes[0].set_yticks(list(row_of.values()), list(row_of.keys()))
        axes[0].set_ylim(-bottom, len(rows) - 1 + top)
        axes[0].set_ylabel("jurisdiction")
        if len(eras) == 2:
            axes[1].tick_params(axis="y", left=False)
            # The break: two slashes where the axis is cut.
            for ax, x in ((axes[0], 1), (axes[1], 0)):
                ax.plot([x - 0.012, x + 0.012], [-0.02, 0.02], transform=ax.transAxes, color="#333333",
                        clip_on=False, linewidth=1)
        present = [k for k in TIMELINE_KINDS if any(p["kind"] == k for p in pts)]
        fig.legend(handles=[Line2D([0], [0], marker=MARKERS[k], linestyle="", markersize=8,
                                   markerfacecolor=kinds.colour(k), markeredgecolor="#333333", label=k)
                            for k in present], loc="upper left", fontsize=8, frameon=False, ncol=len(present))
        fig.suptitle("aireg timeline · " + G.graph.get("view", "all"), fontsize=10, x=0.98, ha="right")
        mpl.save(fig, out, fmt)
    skipped = sum(1 for _, d in G.nodes(data=True) if d.get("kind") in TIMELINE_KINDS) - len(pts)
    note = f", {skipped} undated left out" if skipped else ""
    brk = ", axis broken before " + str(eras[1][0]["date"].year) if len(eras) == 2 else ""
    fonts = mpl.font_note(p["label"] for p in pts) if fmt == "png" else ""
    return f"{len(pts)} dated items in {len(rows)} jurisdiction rows{note}{brk}, drawn by matplotlib{fonts}"
