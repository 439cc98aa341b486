"""Cytoscape.js JSON (the ``.cyjs`` layout Cytoscape desktop also imports).

Elements carry every attribute of the view plus a colour per kind, and a
``style`` list is included so ``cytoscape({container, ...json})`` draws the
graph as the other formats do.
"""

from __future__ import annotations

import json

import networkx as nx

from aireg import atomic
from aireg.export import kinds


def to_cytoscape(G: nx.MultiDiGraph) -> dict:
    nodes = []
    for n, data in sorted(G.nodes(data=True)):
        kind = data.get("kind", "other")
        nodes.append({"data": {"id": n, **data, "color": kinds.colour(kind), "shape": kinds.shape(kind)}})
    edges = []
    for i, (u, v, key, data) in enumerate(sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2])))):
        edges.append({"data": {"id": f"e{i}", "source": u, "target": v, "key": str(key), **data}})
    style = [
        {"selector": "node", "style": {"label": "data(label)", "background-color": "data(color)",
                                       "font-size": 10, "text-wrap": "wrap", "text-max-width": 140}},
        {"selector": "edge", "style": {"label": "data(label)", "curve-style": "bezier",
                                       "target-arrow-shape": "triangle", "font-size": 8, "width": 1}},
    ]
    return {
        "format_version": "1.0",
        "generated_by": "aireg",
        "target_cytoscapejs_version": "~3",
        "data": {k: v for k, v in G.graph.items() if isinstance(v, (str, int, float, bool))},
        "elements": {"nodes": nodes, "edges": edges},
        "style": style,
    }


def write_cytoscape(G: nx.MultiDiGraph, out) -> str:
    atomic.write_text(out, json.dumps(to_cytoscape(G), ensure_ascii=False, indent=1) + "\n")
    return f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges"
