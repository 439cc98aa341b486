"""Which items a slide's timeline shows: a date window, some jurisdictions, some instruments.

A whole-graph timeline has some eighty items; a slide has room for a few dozen
readable labels. These selections narrow the picture to what a talk is about
and fail with one line naming the real choices, never with an empty picture.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import networkx as nx

from aireg.errors import InputError

ASPECTS = {"16:9": (16.0, 9.0), "4:3": (4.0, 3.0)}


@dataclass
class SlideOptions:
    """The timeline's shape and selection (``aireg export --aspect --from --to --jurisdiction --instrument``)."""

    aspect: tuple[float, float] = (16.0, 9.0)
    start: dt.date | None = None
    end: dt.date | None = None
    jurisdictions: tuple[str, ...] = field(default_factory=tuple)
    instruments: tuple[str, ...] = field(default_factory=tuple)

    def any_selection(self) -> bool:
        return bool(self.start or self.end or self.jurisdictions or self.instruments)


def parse_aspect(text: str) -> tuple[float, float]:
    """``16:9``, ``4:3`` or any landscape ``W:H`` from 5:4 to 4:1 (a portrait page is not a slide)."""
    if text in ASPECTS:
        return ASPECTS[text]
    try:
        w, h = (float(part) for part in text.split(":"))
    except ValueError:
        raise InputError(f"--aspect must be W:H such as 16:9 or 4:3, not {text!r}") from None
    if not (w > 0 and h > 0 and 1.25 <= w / h <= 4):
        raise InputError(f"--aspect {text!r}: the width:height ratio must be from 5:4 to 4:1 (a landscape slide)")
    return (w, h)


def parse_day(text: str, option: str, last: bool = False) -> dt.date:
    """``2024-06-13``, ``2024-06`` or ``2024`` (a month or year means its first day, or its last with ``last``)."""
    for fmt, size in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        if len(text) != size:
            continue
        try:
            day = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            break
        if last and size == 4:
            return day.replace(month=12, day=31)
        if last and size == 7:
            nxt = day.replace(year=day.year + (day.month == 12), month=day.month % 12 + 1)
            return nxt - dt.timedelta(days=1)
        return day
    raise InputError(f"{option} must be a date YYYY-MM-DD, YYYY-MM or YYYY, not {text!r}")


def check(opts: SlideOptions) -> None:
    if opts.start and opts.end and opts.start > opts.end:
        raise InputError(f"--from {opts.start} is after --to {opts.end}")


def select(G: nx.MultiDiGraph, items: list[dict], opts: SlideOptions, none_code: str) -> list[dict]:
    """The items the options keep (points and marks alike; a mark's ``of`` names its text)."""
    from aireg.export.view import resolve

    keep = items
    if opts.jurisdictions:
        present = sorted({p["jurisdiction"] for p in items})
        by_code = {j.lower(): j for j in present}
        by_code["none"] = none_code
        wanted = set()
        for j in opts.jurisdictions:
            if j.lower() not in by_code:
                raise InputError(f"unknown jurisdiction {j!r} for --jurisdiction; on this timeline: "
                                 + ", ".join(c if c != none_code else "none" for c in present))
            wanted.add(by_code[j.lower()])
        keep = [p for p in keep if p["jurisdiction"] in wanted]
    if opts.instruments:
        chosen = {resolve(G, ident, {"instrument"}, "instrument") for ident in opts.instruments}
        near = set(chosen)
        for n in chosen:  # its versions and the events whose outcome or subject it is
            near |= {m for m in nx.all_neighbors(G, n) if G.nodes[m].get("kind") in ("instrument-version", "event")}
        keep = [p for p in keep if p["id"] in near or p.get("of") in near]
    if opts.start:
        keep = [p for p in keep if p["date"] >= opts.start]
    if opts.end:
        keep = [p for p in keep if p["date"] <= opts.end]
    return keep


def describe(G: nx.MultiDiGraph, opts: SlideOptions, lang: str) -> str:
    """The selection in words for the title: ``2023-01-01 – 2025-12-31 · US, EU``."""
    parts, sep = [], "、" if lang == "zh" else ", "
    if opts.start or opts.end:
        parts.append(f"{opts.start or '…'} – {opts.end or '…'}")
    if opts.jurisdictions:
        names = {code.lower(): by_lang for code, by_lang in G.graph.get("jurisdictions", {}).items()}
        from aireg.export.words import word

        names["none"] = {lang: word("no-jurisdiction", lang)}
        parts.append(sep.join(names.get(j.lower(), {}).get(lang, j) for j in opts.jurisdictions))
    if opts.instruments:
        from aireg.export.view import resolve

        nodes = [resolve(G, ident, {"instrument"}, "instrument") for ident in opts.instruments]
        parts.append(sep.join(G.nodes[n].get("label", n) for n in nodes))
    return " · ".join(parts)
