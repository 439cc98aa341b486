"""GraphML and GEXF through networkx's writers, for yEd, Gephi and Cytoscape desktop.

Both formats hold only scalar attributes, so lists and dicts of the view are
flattened to strings first; GEXF also gets Gephi's viz colour per kind.
"""

from __future__ import annotations

import networkx as nx

from aireg import atomic
from aireg.export import kinds


def _flat(value):
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value)
    return value


def scalar_copy(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose node, edge and graph attributes are all str/int/float/bool (no None)."""
    out = nx.MultiDiGraph()
    out.graph.update({k: _flat(v) for k, v in G.graph.items() if v is not None})
    for n, data in G.nodes(data=True):
        out.add_node(n, **{k: _flat(v) for k, v in data.items() if v is not None})
    for u, v, key, data in G.edges(keys=True, data=True):
        out.add_edge(u, v, key=key, **{k: _flat(x) for k, x in data.items() if x is not None})
    return out


def _hex_rgb(hex_colour: str) -> dict:
    h = hex_colour.lstrip("#")
    return {"r": int(h[0:2], 16), "g": int(h[2:4], 16), "b": int(h[4:6], 16), "a": 1.0}


def write_graphml(G: nx.MultiDiGraph, out) -> str:
    flat = scalar_copy(G)
    with atomic.atomic_path(out) as tmp:
        nx.write_graphml(flat, tmp, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges"


def write_gexf(G: nx.MultiDiGraph, out) -> str:
    flat = scalar_copy(G)
    for _node, data in flat.nodes(data=True):
        data["viz"] = {"color": _hex_rgb(kinds.colour(data.get("kind", ""))), "size": 10.0}
    with atomic.atomic_path(out) as tmp:
        nx.write_gexf(flat, tmp, encoding="utf-8", prettyprint=True)
    return f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges"
