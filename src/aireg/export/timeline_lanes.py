"""Swimlanes for a slide: each jurisdiction a lane, each label a box on a sub-row of its lane.

A label sits beside its mark on one line; labels of a lane share sub-rows only
where their boxes (and a span's bar) do not meet, first fit. The picture's
height is fixed (a slide), so the sub-rows are shared out between the lanes by
need; a label that finds no free sub-row is left out and counted (its mark is
still drawn), so the report can say how many and how to narrow the picture.
"""

from __future__ import annotations

from dataclasses import dataclass

GAP_PT = 6.0  # the least horizontal room between two labels of a sub-row


@dataclass
class Box:
    """One item's mark and label, in points from the figure's left edge."""

    key: str
    lane: str
    x: float  # the mark
    width: float  # the label's measured width
    reach: float  # how far right the item's bar reaches (its span), else x
    right_edge: float  # the last point a label may reach
    row: int = -1  # the sub-row in its lane; -1: not placed
    labelled: bool = False
    flip: bool = False  # label left of the mark
    left_edge: float = 0.0  # the first point a label may reach

    def interval(self, pad: float, flip: bool) -> tuple[float, float]:
        if flip:
            return (self.x - pad - self.width, max(self.x, self.reach) + 4)
        return (self.x - 4, max(self.x + pad + self.width, self.reach))


def _free(taken: list[tuple[float, float]], span: tuple[float, float]) -> bool:
    return all(span[1] + GAP_PT <= a or span[0] >= b + GAP_PT for a, b in taken)


def pack(boxes: list[Box], rows: int, pad: float) -> list[list[tuple[float, float]]]:
    """First-fit the boxes (in the order given: the more important first) into ``rows`` sub-rows.

    When not every label fits, the last sub-row is kept for the marks left
    without a label, so no mark is drawn over another item's label.
    """
    if rows_needed(boxes, pad) <= rows:  # room for every label: by date, which packs tightest
        _fit(sorted(boxes, key=lambda b: (b.x, b.key)), rows, pad, rows)
    else:
        _fit(boxes, rows - 1 if rows > 1 else rows, pad, rows)


def _fit(boxes: list[Box], label_rows: int, pad: float, rows: int) -> None:
    taken: list[list[tuple[float, float]]] = [[] for _ in range(rows)]
    for b in boxes:
        b.row, b.labelled = -1, False
    for b in boxes:
        sides = [f for f in (False, True) if (b.x - pad - b.width >= b.left_edge if f else b.x + pad + b.width <= b.right_edge)]
        if not sides:  # wider than the room on either side: the mark alone, counted
            continue
        for r in range(label_rows):
            side = next((f for f in sides if _free(taken[r], b.interval(pad, f))), None)
            if side is not None:
                b.row, b.labelled, b.flip = r, True, side
                taken[r].append(b.interval(pad, side))
                break
    for b in boxes:  # unlabelled: the mark alone, where no label covers it
        if not b.labelled:
            mark = (b.x - 4, max(b.x + 4, b.reach))
            b.row = next((r for r in range(rows) if _free(taken[r], mark)), rows - 1)
            taken[b.row].append(mark)


def rows_needed(boxes: list[Box], pad: float) -> int:
    """Sub-rows a lane needs to label every box (at most one per box)."""
    trial = [Box(b.key, b.lane, b.x, b.width, b.reach, b.right_edge, left_edge=b.left_edge)
             for b in sorted(boxes, key=lambda b: (b.x, b.key))]
    _fit(trial, max(1, len(trial)), pad, max(1, len(trial)))
    return max([b.row + 1 for b in trial] + [1])


def share_rows(need: dict[str, int], least: dict[str, int], capacity: int) -> dict[str, int]:
    """Sub-rows per lane: each its need if all fit, else the room shared out by need (each at least ``least``)."""
    if sum(need.values()) <= capacity:
        return dict(need)
    give = {lane: min(need[lane], least[lane]) for lane in need}
    room = capacity - sum(give.values())
    while room > 0:
        wanting = [lane for lane in need if give[lane] < need[lane]]
        if not wanting:
            break
        # the lane with the most unlabelled items per row it already has
        lane = max(wanting, key=lambda ln: ((need[ln] - give[ln]) / give[ln], ln))
        give[lane] += 1
        room -= 1
    return give
