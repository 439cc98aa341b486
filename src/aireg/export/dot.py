"""Graphviz DOT text of a view, written by hand so no pydot/pygraphviz is needed.

Nodes are filled and shaped by kind, wear their label in the chosen language and
carry a tooltip (kind, date, jurisdiction, source) that SVG viewers show on hover;
a legend cluster lists the kinds present.
"""

from __future__ import annotations

import textwrap

import networkx as nx

from aireg import atomic
from aireg.export import kinds, words

DATED_KINDS = ("instrument", "instrument-version", "event")


def quote(text) -> str:
    """A DOT double-quoted string; newlines become DOT's centred line breaks."""
    s = str(text).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + s.replace("\r", "").replace("\n", "\\n") + '"'


def wrap(text: str, width: int = 26) -> str:
    """Break long labels; CJK text has no spaces, so it is cut by characters."""
    if " " not in text and len(text) > width // 2:
        width = max(8, width // 2)
        return "\n".join(text[i:i + width] for i in range(0, len(text), width))
    return "\n".join(textwrap.wrap(text, width=width)) or text


def tooltip(data: dict) -> str:
    lines = [f"{data.get('curie', '')} ({data.get('type') or data.get('kind')})"]
    for key in ("date", "jurisdiction", "citation"):
        if data.get(key):
            lines.append(f"{key}: {data[key]}")
    return "\n".join(lines)


def _attrs(**attrs) -> str:
    return "[" + ", ".join(f"{k}={quote(v)}" for k, v in attrs.items() if v is not None) + "]"


def to_dot(G: nx.MultiDiGraph, legend: bool = True) -> str:
    """The DOT source of ``G``; node ids are the IRIs, so the file is stable across runs."""
    lines = [
        "digraph aireg {",
        '  graph [rankdir="LR", fontname="DejaVu Sans", fontsize="11", nodesep="0.3", ranksep="0.6", '
        'overlap="false", splines="true", bgcolor="white"' + (
            f", label={quote(words.view_title(G))}, labelloc=\"t\"" if G.graph.get("view") else ""
        ) + "];",
        '  node [fontname="DejaVu Sans", fontsize="10", style="filled", penwidth="0.8"];',
        '  edge [fontname="DejaVu Sans", fontsize="8", color="#555555", fontcolor="#333333", arrowsize="0.7"];',
    ]
    focus = G.graph.get("focus")
    for n, data in sorted(G.nodes(data=True)):
        kind = data.get("kind", "other")
        label = wrap(data.get("label", n))
        if data.get("date") and kind in DATED_KINDS:
            label += "\n" + data["date"]
        lines.append(
            f"  {quote(n)} "
            + _attrs(
                label=label,
                shape=kinds.shape(kind),
                fillcolor=kinds.colour(kind),
                fontcolor=kinds.font_colour(kind),
                tooltip=tooltip(data),
                penwidth="2.5" if n == focus else None,
            )
            + ";"
        )
    by_date = str(G.graph.get("view", "")).startswith("versions:")
    for u, v, _key, data in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        lines.append(f"  {quote(u)} -> {quote(v)} " + _attrs(label=data.get("label", ""), tooltip=data.get("predicate"),
                                                             constraint="false" if by_date else None) + ";")
    if by_date:
        lines += date_order(G)
    if legend:
        present = sorted({k for _, k in G.nodes(data="kind")})
        if present:
            lines.append(f'  subgraph cluster_legend {{ label={quote(words.word("kinds", words.lang_of(G)))}; '
                         'fontsize="10"; style="rounded"; color="#999999";')
            prev = None
            for kind in present:
                name = f"legend:{kind}"
                lines.append(
                    f"    {quote(name)} "
                    + _attrs(label=words.kind_label(G, kind), shape=kinds.shape(kind), fillcolor=kinds.colour(kind),
                             fontcolor=kinds.font_colour(kind), fontsize="9", tooltip=kind)
                    + ";"
                )
                if prev:
                    lines.append(f'    {quote(prev)} -> {quote(name)} [style="invis"];')
                prev = name
            lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def date_order(G: nx.MultiDiGraph) -> list[str]:
    """Invisible edges from each dated node to the next: dates run left to right (rankdir LR).

    A version points at its instrument (``version of``); left to the edges, dot
    would put the instrument first and the versions before it in no order of time.
    """
    dated = sorted((d["date"], n) for n, d in G.nodes(data=True) if d.get("date") and d.get("kind") in DATED_KINDS)
    out = []
    for (d1, a), (d2, b) in zip(dated, dated[1:]):
        if d1 != d2:
            out.append(f"  {quote(a)} -> {quote(b)} [style=\"invis\", weight=\"10\"];")
    same = {}
    for d, n in dated:
        same.setdefault(d, []).append(n)
    for nodes in same.values():
        if len(nodes) > 1:
            out.append("  { rank=same; " + " ".join(quote(n) + ";" for n in nodes) + " }")
    return out


def write_dot(G: nx.MultiDiGraph, out) -> str:
    atomic.write_text(out, to_dot(G))
    return f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges"
