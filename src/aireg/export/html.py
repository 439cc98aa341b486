"""One standalone HTML page to explore a view: offline, no server, no CDN.

The vis-network script and stylesheet are read from the installed pyvis package
and inlined (pyvis's own "local"/"in_line" modes still point at a CDN and write a
lib/ folder into the working directory). The graph travels as JSON inside the
page; all text reaches the DOM through textContent, never as markup.
"""

from __future__ import annotations

import html
import json
from importlib import resources

import networkx as nx

from aireg import atomic
from aireg.errors import AiregError
from aireg.export import kinds, words
from aireg.export.page_template import PAGE

VIS_DIR = "lib/vis-9.1.2"

# vis-network shapes that hold their label inside.
VIS_SHAPES = {"instrument": "box", "instrument-version": "box", "provision": "box", "definition": "box",
              "source-document": "box", "citation": "box", "class": "box"}


def vis_assets() -> tuple[str, str]:
    """(script, stylesheet) of vis-network as shipped inside the pyvis wheel."""
    try:
        base = resources.files("pyvis") / VIS_DIR
        script = (base / "vis-network.min.js").read_text(encoding="utf-8")
        style = (base / "vis-network.css").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError) as err:
        raise AiregError(f"the html format needs the vis-network files of the pyvis package ({err}); pip install pyvis") from None
    return script, style


def _inline_code(text: str, tag: str) -> str:
    """Script or style text that cannot close its element early."""
    return text.replace("</" + tag, "<\\/" + tag).replace("</" + tag.upper(), "<\\/" + tag.upper())


def _inline_json(payload: str) -> str:
    """JSON whose strings cannot contain markup: <, > and & become \\u escapes."""
    return payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page_data(G: nx.MultiDiGraph, rdf=None) -> dict:
    """The page's JSON; with the RDF graph, each node also gets its time in words (periods)."""
    from rdflib import URIRef

    from aireg.export.periods import periods

    lang = G.graph.get("lang", "en")
    nodes = []
    for n, d in sorted(G.nodes(data=True)):
        kind = d.get("kind", "other")
        nodes.append({
            "periods": periods(rdf, URIRef(n), lang) if rdf is not None and not n.startswith("_:") else [],
            "id": n,
            "curie": d.get("curie", n),
            "label_en": d.get("label_en", n),
            "label_zh": d.get("label_zh", n),
            "kind": kind,
            "type": d.get("type", ""),
            "type_en": d.get("type_en", d.get("type", "")),
            "type_zh": d.get("type_zh", d.get("type", "")),
            "date": d.get("date", ""),
            "jurisdiction": d.get("jurisdiction", ""),
            "citation": d.get("citation", ""),
            "comment": d.get("comment", ""),
            "comment_en": d.get("comment_en", d.get("comment", "")),
            "comment_zh": d.get("comment_zh", d.get("comment", "")),
            "identifiers": list(d.get("identifiers", [])),
            "properties": dict(d.get("properties", {})),
            "properties_en": dict(d.get("properties_en", d.get("properties", {}))),
            "properties_zh": dict(d.get("properties_zh", d.get("properties", {}))),
            "color": kinds.colour(kind),
            "font": kinds.font_colour(kind),
            "shape": VIS_SHAPES.get(kind, "ellipse"),
        })
    edges = []
    for i, (u, v, d) in enumerate(sorted(G.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("predicate", "")))):
        edges.append({"id": f"e{i}", "from": u, "to": v, "predicate": d.get("predicate", ""),
                      "label_en": d.get("label_en", ""), "label_zh": d.get("label_zh", "")})
    present = sorted({n["kind"] for n in nodes})
    names = G.graph.get("kinds", {})
    legend = [{"kind": k, "label_en": names.get(k, {}).get("en", k), "label_zh": names.get(k, {}).get("zh", k),
               "color": kinds.colour(k), "count": sum(1 for n in nodes if n["kind"] == k)} for k in present]
    return {
        "view": G.graph.get("view", "all"),
        "focus": G.graph.get("focus", ""),
        "lang": G.graph.get("lang", "en"),
        "nodes": nodes,
        "edges": edges,
        "legend": legend,
        "degree": {n: G.degree(n) for n in G.nodes},
        "jurisdictions": G.graph.get("jurisdictions", {}),
        "title_en": words.view_title(_in_lang(G, "en")),
        "title_zh": words.view_title(_in_lang(G, "zh")),
    }


def _in_lang(G: nx.MultiDiGraph, lang: str) -> nx.MultiDiGraph:
    """A shallow stand-in of ``G`` whose labels and language are ``lang`` (for the page's two titles)."""
    H = nx.MultiDiGraph()
    H.graph.update(G.graph, lang=lang)
    focus = G.graph.get("focus")
    if focus and focus in G:
        H.add_node(focus, label=G.nodes[focus].get("label_" + lang, G.nodes[focus].get("label", focus)))
    return H


def to_html(G: nx.MultiDiGraph, title: str | None = None, rdf=None) -> str:
    script, style = vis_assets()
    data = page_data(G, rdf)
    title = title or (data["title_zh"] if data["lang"] == "zh" else data["title_en"])
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        PAGE.replace("@@LANG@@", "zh-Hant" if data["lang"] == "zh" else "en")
        .replace("@@TITLE@@", html.escape(title))
        .replace("@@VIS_CSS@@", _inline_code(style, "style"))
        .replace("@@DATA@@", _inline_json(payload))
        .replace("@@VIS_JS@@", _inline_code(script, "script"))
    )


def write_html(G: nx.MultiDiGraph, out, rdf=None) -> str:
    atomic.write_text(out, to_html(G, rdf=rdf))
    return f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges, vis-network inlined (works offline)"
