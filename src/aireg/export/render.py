"""SVG/PNG pictures of a view: Graphviz ``dot`` when installed, else matplotlib.

Graphviz lays out directed graphs far better, but it is a system package
(Debian ``graphviz``); the pure-Python fallback keeps ``aireg export`` usable
everywhere. The report line says which renderer drew the picture.
"""

from __future__ import annotations

import shutil
import subprocess
import textwrap

import networkx as nx

from aireg import atomic
from aireg.errors import InputError
from aireg.export import RENDERERS, dot, kinds, mpl, words

DOT_TIMEOUT = 120


def dot_binary() -> str | None:
    return shutil.which("dot")


def render(G: nx.MultiDiGraph, out, fmt: str, renderer: str = "auto") -> str:
    if renderer not in RENDERERS:
        raise InputError(f"unknown renderer {renderer!r}; choose one of {', '.join(RENDERERS)}")
    binary = dot_binary()
    if renderer == "graphviz" and binary is None:
        raise InputError("renderer 'graphviz' asked for, but the dot program is not installed (Debian: graphviz)")
    if renderer in ("auto", "graphviz") and binary:
        return render_graphviz(G, out, fmt, binary)
    note = "" if renderer == "matplotlib" else " (graphviz dot not found)"
    return render_matplotlib(G, out, fmt) + note


def render_graphviz(G: nx.MultiDiGraph, out, fmt: str, binary: str) -> str:
    source = dot.to_dot(G).encode("utf-8")
    try:
        proc = subprocess.run([binary, f"-T{fmt}"], input=source, capture_output=True, timeout=DOT_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise InputError(f"graphviz dot took more than {DOT_TIMEOUT}s; choose a smaller --view or --depth") from None
    if proc.returncode != 0 or not proc.stdout:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError("graphviz dot failed: " + (err[-1] if err else f"exit {proc.returncode}"))
    atomic.write_bytes(out, proc.stdout)
    version = subprocess.run([binary, "-V"], capture_output=True, text=True).stderr.strip()
    return f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges, rendered by graphviz ({version or binary})"


def layout(G: nx.MultiDiGraph) -> dict:
    """Positions for the fallback renderer: a seeded spring layout, stable across runs."""
    simple = nx.Graph(G.to_undirected())
    if len(simple) == 0:
        return {}
    # Lay out each connected piece on its own and pack the pieces in rows, largest
    # first: one spring layout of everything pushes small pieces to the far corners.
    parts = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
    pos, x, y, row_height = {}, 0.0, 0.0, 0.0
    row_width = max(4.0, 2.2 * len(simple) ** 0.5)
    for part in parts:
        sub = simple.subgraph(part)
        size = max(0.6, 0.75 * len(part) ** 0.5)
        if len(part) == 1:
            local = {part[0]: (0.0, 0.0)}
        else:
            try:
                local = nx.spring_layout(sub, seed=7, iterations=300, scale=size / 2, k=2.5 / len(part) ** 0.5)
            except ImportError:  # large graphs want scipy, which is optional
                local = nx.circular_layout(sub, scale=size / 2)
        if x > 0 and x + size > row_width:
            x, y, row_height = 0.0, y - row_height - 0.6, 0.0
        for node, (px, py) in local.items():
            pos[node] = (float(px) + x + size / 2, float(py) + y - size / 2)
        x += size + 0.6
        row_height = max(row_height, size)
    return pos


def render_matplotlib(G: nx.MultiDiGraph, out, fmt: str) -> str:
    from matplotlib.lines import Line2D

    pos = layout(G)
    n = max(1, len(G))
    side = min(40.0, max(8.0, 2.2 * n ** 0.5))
    labels = {node: "\n".join(textwrap.wrap(d.get("label", node), 22)[:3]) for node, d in G.nodes(data=True)}
    with mpl.rc_context():
        fig = mpl.new_figure(side * 1.3, side)
        ax = fig.add_axes([0, 0, 1, 1])
        ax.set_axis_off()
        ax.margins(0.12)
        present = sorted({d.get("kind", "other") for _, d in G.nodes(data=True)})
        nodes = list(G.nodes)
        nx.draw_networkx_nodes(G, pos, ax=ax, nodelist=nodes, node_size=900,
                               node_color=[kinds.colour(G.nodes[v].get("kind", "")) for v in nodes],
                               edgecolors="#333333", linewidths=0.6)
        simple = nx.DiGraph()
        simple.add_nodes_from(G.nodes)
        for u, v, d in G.edges(data=True):
            if simple.has_edge(u, v):
                simple[u][v]["label"] += " / " + d.get("label", "")
            else:
                simple.add_edge(u, v, label=d.get("label", ""))
        nx.draw_networkx_edges(simple, pos, ax=ax, arrows=True, arrowsize=12, edge_color="#777777",
                               node_size=900, width=0.8)
        nx.draw_networkx_edge_labels(simple, pos, ax=ax, edge_labels=nx.get_edge_attributes(simple, "label"),
                                     font_size=6, font_color="#444444", rotate=False, font_family=mpl.families())
        nx.draw_networkx_labels(G, pos, labels=labels, ax=ax, font_size=7, font_family=mpl.families())
        handles = [Line2D([0], [0], marker="o", linestyle="", markersize=9, markerfacecolor=kinds.colour(k),
                          markeredgecolor="#333333", label=words.kind_label(G, k)) for k in present]
        if handles:
            ax.legend(handles=handles, loc="upper left", fontsize=8, title=words.word("kinds", words.lang_of(G)),
                      frameon=True)
        if G.graph.get("view"):
            ax.set_title(words.view_title(G), fontsize=10)
        mpl.save(fig, out, fmt)
    note = mpl.font_note(labels.values()) if fmt == "png" else ""
    return f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges, rendered by matplotlib{note}"
