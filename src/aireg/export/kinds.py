"""Node kinds: what a node is, for colours, shapes and legends in every format.

A node's kind is its aireg: root class, found by walking rdfs:subClassOf in the
loaded ontology (aireg.export.schema); the same palette is
used by the DOT, matplotlib, HTML and timeline writers so a researcher sees
the same colour for the same kind everywhere.
"""

from __future__ import annotations

import re
import zlib

# The kinds are the ontology's root classes (aireg:Instrument -> instrument,
# aireg:Norm -> norm...), found by aireg.export.schema.Schema.kind_of; this module
# only gives each a colour and a shape. Kinds the ontology grows later get a
# stable colour from SPARE; their names and legend labels come from the ontology.
SOURCE = "source-document"

# kind -> (fill colour, graphviz shape); unknown kinds get a SPARE colour.
STYLE = {
    "instrument": ("#1f77b4", "box"),
    "instrument-version": ("#aec7e8", "box"),
    "provision": ("#9edae5", "note"),
    "norm": ("#d62728", "hexagon"),
    "actor": ("#2ca02c", "ellipse"),
    "role": ("#98df8a", "ellipse"),
    "condition": ("#ff7f0e", "diamond"),
    "definition": ("#c5b0d5", "note"),
    "risk-category": ("#e377c2", "octagon"),
    "penalty": ("#8c564b", "octagon"),
    "event": ("#bcbd22", "ellipse"),  # a circle grows to fit its label: a giant disc per event
    "source-document": ("#7f7f7f", "folder"),
    "citation": ("#c7c7c7", "note"),
    "class": ("#f7b6d2", "component"),
    "delegation": ("#6b6ecf", "box"),
    "term": ("#e7cb94", "plain"),
    "ai-practice": ("#ad494a", "octagon"),
    "legislative-stage": ("#cedb9c", "tab"),
}
# Legend labels of the kinds that are no class of the ontology.
OTHER_LABELS = {"class": "類別", "other": "其他", "dataset": "資料集"}  # kinds named after another vocabulary's class
GREY = ("#dbdb8d", "ellipse")
# Kinds the ontology grows later get a stable colour from this list.
SPARE = ("#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363")

# Text on these fills reads better in white.
DARK = {"instrument", "norm", "actor", "penalty", "source-document", "delegation", "ai-practice"}


def colour(kind: str) -> str:
    if kind in STYLE:
        return STYLE[kind][0]
    if kind in ("other", ""):
        return GREY[0]
    return SPARE[zlib.crc32(kind.encode("utf-8")) % len(SPARE)]


def shape(kind: str) -> str:
    return STYLE.get(kind, GREY)[1]


def font_colour(kind: str) -> str:
    return "#ffffff" if kind in DARK or (kind not in STYLE and colour(kind) in SPARE) else "#000000"


def kebab(name: str) -> str:
    """``RiskCategory`` -> ``risk-category``: a kind for classes without a root."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "-", name).lower()
