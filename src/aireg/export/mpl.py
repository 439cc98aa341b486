"""Matplotlib without a display or pyplot state, and with a font for Chinese labels.

Figures are built from ``matplotlib.figure.Figure`` with the Agg canvas, so
nothing depends on the MPLBACKEND of the user's machine; SVG keeps text as text
(a browser then draws the Chinese labels) and carries no date, so the bytes
are stable across runs.
"""

from __future__ import annotations

import warnings
from functools import lru_cache
from pathlib import Path

from aireg import atomic

CJK_FONT_HINTS = ("Noto Sans CJK", "Noto Serif CJK", "Source Han", "WenQuanYi", "AR PL", "Droid Sans Fallback",
                  "Noto Sans TC", "Noto Sans SC", "Microsoft JhengHei", "PingFang", "Heiti")


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The name of an installed font with Chinese glyphs, if any."""
    from matplotlib import font_manager

    names = sorted({f.name for f in font_manager.fontManager.ttflist})
    for hint in CJK_FONT_HINTS:
        for name in names:
            if name.startswith(hint):
                return name
    return None


def new_figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=110)
    FigureCanvasAgg(fig)
    return fig


def rc_context():
    import matplotlib

    families = ["DejaVu Sans"] + ([cjk_font()] if cjk_font() else [])
    return matplotlib.rc_context({"font.family": families, "svg.fonttype": "none", "svg.hashsalt": "aireg"})


def save(fig, out: str | Path, fmt: str) -> None:
    """Write the figure as ``fmt`` (png or svg) atomically."""
    with atomic.atomic_path(out) as tmp, warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from")
        metadata = {"Date": None} if fmt == "svg" else {"Software": "aireg"}
        fig.savefig(tmp, format=fmt, bbox_inches="tight", metadata=metadata)


def font_note(texts) -> str:
    """A warning for the report when Chinese text meets a machine without a CJK font."""
    if cjk_font() is None and any(any("\u3400" <= ch <= "\u9fff" for ch in t) for t in texts):
        return " (no CJK font installed: Chinese labels in PNG show as boxes; install fonts-noto-cjk)"
    return ""
