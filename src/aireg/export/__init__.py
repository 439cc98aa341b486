"""Exports of the graph for people and tools: files a researcher can open.

``view`` turns RDF into a networkx graph; one module per format writes it.
``export`` is the single entry point the command and the tests use: it checks
the format and the output path before any work, so bad input fails fast and
leaves no file behind.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from aireg.errors import InputError

if TYPE_CHECKING:
    from rdflib import Graph

LANGS = ("en", "zh")
VIEWS = ("all", "instrument:ID", "legal-basis:ID", "actors", "versions:ID")
RENDERERS = ("auto", "graphviz", "matplotlib")

# format -> (suffixes it is guessed from, what it is)
FORMATS = {
    "graphml": ((".graphml",), "GraphML for yEd, Gephi, Cytoscape desktop (networkx writer)"),
    "gexf": ((".gexf",), "GEXF for Gephi, with colours by kind"),
    "dot": ((".dot", ".gv"), "Graphviz DOT source"),
    "svg": ((".svg",), "network picture, drawn by graphviz dot or matplotlib"),
    "png": ((".png",), "network picture, drawn by graphviz dot or matplotlib"),
    "cytoscape": ((".cyjs",), "Cytoscape.js JSON (elements, style)"),
    "jsonld": ((".jsonld",), "JSON-LD of the view's triples with the project's prefixes"),
    "html": ((".html", ".htm"), "standalone interactive page (offline, vis-network inlined)"),
    "timeline": ((), "a slide (16:9) of dated items, one lane per jurisdiction (PNG or SVG by the output suffix)"),
    "timeline-png": ((), "timeline picture as PNG"),
    "timeline-svg": ((), "timeline picture as SVG"),
}


def guess_format(out: str | Path) -> str:
    suffix = Path(out).suffix.lower()
    for fmt, (suffixes, _) in FORMATS.items():
        if suffix in suffixes:
            return fmt
    raise InputError(
        f"cannot tell the format from {suffix or 'a name without suffix'!r}; give --format, one of: "
        + ", ".join(FORMATS)
    )


def check_format(fmt: str | None, out: str | Path) -> str:
    """The format to write, from ``--format`` or the output suffix."""
    if fmt is None:
        return guess_format(out)
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of: " + ", ".join(FORMATS))
    if fmt == "timeline":
        suffix = Path(out).suffix.lower()
        fmt = "timeline-svg" if suffix == ".svg" else "timeline-png"
    return fmt


def check_output(out: str | Path) -> Path:
    """Refuse an output we could not write, before spending time on the graph."""
    try:
        return _check_output(out)
    except PermissionError:  # a folder on the path that cannot be searched
        raise InputError("cannot write here: permission denied (a folder on its path cannot be searched)",
                         out) from None


def _check_output(out: str | Path) -> Path:
    path = Path(out)
    if str(out) in ("", "-"):
        raise InputError("give an output file with -o (these formats are not written to stdout)")
    if path.is_dir():
        raise InputError("is a folder; give a file name", path)
    parent = path.parent if str(path.parent) else Path(".")
    existing = parent
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise InputError(f"cannot write here: {existing} is not a folder", path)
    if not os.access(existing, os.W_OK | os.X_OK):
        raise InputError(f"cannot write here: no permission to write in {existing}", path)
    if path.exists() and not os.access(path, os.W_OK):
        raise InputError("cannot overwrite: file is read-only", path)
    return path


def export(
    rdf: Graph,
    fmt: str | None,
    out: str | Path,
    view: str = "all",
    depth: int | None = None,
    lang: str = "en",
    with_provenance: bool = False,
    renderer: str = "auto",
    slide=None,
) -> str:
    """Write ``view`` of ``rdf`` to ``out`` as ``fmt``; returns a one-line report.

    ``slide`` (a :class:`~aireg.export.timeline_select.SlideOptions`) shapes and narrows a timeline.
    """
    from aireg.export import render as render_mod
    from aireg.export import view as views

    fmt = check_format(fmt, out)
    path = check_output(out)
    views.parse_view(view)
    if renderer not in render_mod.RENDERERS:
        raise InputError(f"unknown renderer {renderer!r}; choose one of {', '.join(render_mod.RENDERERS)}")
    from aireg.export.readcopy import readable

    rdf = readable(rdf)  # one pass over an Oxigraph store instead of one call per look-up
    G = views.build_view(rdf, view=view, depth=depth, lang=lang, with_provenance=with_provenance)
    if G.number_of_nodes() == 0:
        raise InputError(f"the view {view!r} has no nodes to export")
    try:
        return _write(rdf, G, fmt, path, renderer, slide)
    except OSError as err:
        raise InputError(f"cannot write: {err.strerror or err}", path) from None


def _write(rdf: Graph, G, fmt: str, path: Path, renderer: str, slide=None) -> str:
    if fmt == "graphml":
        from aireg.export.graphml import write_graphml

        return write_graphml(G, path)
    if fmt == "gexf":
        from aireg.export.graphml import write_gexf

        return write_gexf(G, path)
    if fmt == "dot":
        from aireg.export.dot import write_dot

        return write_dot(G, path)
    if fmt in ("svg", "png"):
        from aireg.export.render import render

        return render(G, path, fmt, renderer)
    if fmt == "cytoscape":
        from aireg.export.cytoscape import write_cytoscape

        return write_cytoscape(G, path)
    if fmt == "jsonld":
        from aireg.export.jsonld import write_jsonld

        return write_jsonld(rdf, G, path)
    if fmt == "html":
        from aireg.export.html import write_html

        return write_html(G, path, rdf=rdf)
    from aireg.export.timeline import write_timeline

    return write_timeline(G, path, fmt.split("-", 1)[1], rdf=rdf, opts=slide)
