"""The words a picture prints besides the graph's own labels, in English and Chinese.

Titles, legend headings and axis names follow ``--lang`` like the node labels:
a zh picture has no English word a reader must translate. Kind names in
legends are the ontology's own class labels (``G.graph["kinds"]``, set by
:mod:`aireg.export.instance_graph`).
"""

from __future__ import annotations

WORDS = {
    "kinds": ("kinds", "類型"),
    "jurisdiction": ("jurisdiction", "管轄"),
    "timeline": ("aireg timeline", "aireg 時間軸"),
    "all": ("the whole graph", "全圖"),
    "instrument": ("{label}", "{label}"),
    "legal-basis": ("legal bases of {label}", "{label}的法源"),
    "actors": ("actors and roles", "行為者與角色"),
    "versions": ("versions of {label}", "{label}的版本"),
    "no-jurisdiction": ("(none)", "（無）"),
    # the timeline's marks (aireg.export.timeline.MARK_KINDS)
    "applies from": ("applies from", "適用起日"),
    "amendment": ("amendment", "修正"),
    "in force until its end": ("in force until its end", "效力存續期間"),
}


def lang_of(G) -> str:
    return "zh" if G.graph.get("lang") == "zh" else "en"


def word(key: str, lang: str, **fields) -> str:
    en, zh = WORDS[key]
    return (zh if lang == "zh" else en).format(**fields)


def kind_label(G, kind: str) -> str:
    """The legend name of a kind in the view's language (the ontology's label of its root class)."""
    labels = G.graph.get("kinds", {}).get(kind)
    if not labels:
        return kind
    return labels["zh"] if lang_of(G) == "zh" else labels["en"]


def view_title(G) -> str:
    """``aireg · legal bases of Executive Order 14110`` / ``aireg · 第 14110 號行政命令的法源``."""
    view = str(G.graph.get("view", "all"))
    name = view.split(":", 1)[0]
    focus = G.graph.get("focus")
    label = G.nodes[focus]["label"] if focus and focus in G else view.partition(":")[2]
    if name not in WORDS:
        return "aireg · " + view
    return "aireg · " + word(name, lang_of(G), label=label)
