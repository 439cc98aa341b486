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

# Traditional Chinese first: the labels are zh-Hant
CJK_FONT_HINTS = ("Noto Sans CJK TC", "Noto Sans TC", "Noto Sans CJK", "Noto Serif CJK", "Source Han", "WenQuanYi", "AR PL", "Droid Sans Fallback",
                  "Noto Sans TC", "Noto Sans SC", "Microsoft JhengHei", "PingFang", "Heiti")


def _find_cjk(font_manager) -> str | None:
    names = sorted({f.name for f in font_manager.fontManager.ttflist})
    for hint in CJK_FONT_HINTS:
        for name in names:
            if name.startswith(hint):
                return name
    return None


def rescan_fonts(font_manager) -> None:
    """Read the system's fonts again, past matplotlib's cached list.

    matplotlib caches the font list on first use; a CJK font installed after
    that (apt-get install fonts-noto-cjk after pip install) stays invisible
    until the cache is rebuilt. Rebuilding writes the cache anew, so later runs
    find the font at once; if this matplotlib cannot rebuild, the new font
    files are added to the running list one by one (public addfont).
    """
    rebuild = getattr(font_manager, "_load_fontmanager", None)
    if rebuild is not None:
        try:
            font_manager.fontManager = rebuild(try_read_cache=False)
            return
        except TypeError:  # another signature: fall through to addfont
            pass
    known = {f.fname for f in font_manager.fontManager.ttflist}
    for path in font_manager.findSystemFonts():
        if path not in known:
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The name of an installed font with Chinese glyphs, if any (rescanning once before giving up)."""
    from matplotlib import font_manager

    found = _find_cjk(font_manager)
    if found is None:
        rescan_fonts(font_manager)
        found = _find_cjk(font_manager)
    return found


def new_figure(width: float, height: float, dpi: float = 110):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


def rc_context():
    import matplotlib

    return matplotlib.rc_context({"font.family": families(), "svg.fonttype": "none", "svg.hashsalt": "aireg"})


def families() -> list[str]:
    """DejaVu Sans, then the CJK font if there is one (matplotlib falls back glyph by glyph).

    networkx's label functions take a ``font_family`` of their own (default
    "sans-serif", which would skip the CJK font): pass them this list.
    """
    return ["DejaVu Sans"] + ([cjk_font()] if cjk_font() else [])


def save(fig, out: str | Path, fmt: str, tight: bool = True) -> None:
    """Write the figure as ``fmt`` (png or svg) atomically; ``tight=False`` keeps the figure's own size (a slide)."""
    with atomic.atomic_path(out) as tmp, warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from")
        metadata = {"Date": None} if fmt == "svg" else {"Software": "aireg"}
        fig.savefig(tmp, format=fmt, bbox_inches="tight" if tight else None, metadata=metadata)


def font_note(texts) -> str:
    """A warning for the report when Chinese text meets a machine without a CJK font."""
    if cjk_font() is None and any(any("\u3400" <= ch <= "\u9fff" for ch in t) for t in texts):
        return " (no CJK font installed: Chinese labels in PNG show as boxes; install fonts-noto-cjk)"
    return ""
