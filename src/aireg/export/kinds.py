"""Node kinds: what a node is, for colours, shapes and legends in every format.

A node's kind is read from its most specific aireg: class, walking
rdfs:subClassOf in the graph up to one of the roots below; the same palette is
used by the DOT, matplotlib, HTML and timeline writers so a researcher sees
the same colour for the same kind everywhere.
"""

from __future__ import annotations

import re
import zlib

# aireg: class local name -> kind, most general classes of the ontology.
ROOT_KINDS = {
    "Instrument": "instrument",
    "InstrumentVersion": "version",
    "Version": "version",
    "Provision": "provision",
    "Obligation": "obligation",
    "Prohibition": "obligation",
    "Permission": "permission",
    "Norm": "obligation",
    "Actor": "actor",
    "Role": "role",
    "LegalBasis": "legal-basis",
    "Threshold": "threshold",
    "Condition": "condition",
    "Trigger": "condition",
    "Definition": "definition",
    "RiskCategory": "risk",
    "RiskLevel": "risk",
    "Penalty": "penalty",
    "Sanction": "penalty",
    "Event": "event",
    "Source": "source",
    "SourceDocument": "source",
    "Document": "source",
    "Jurisdiction": "jurisdiction",
    "Citation": "citation",
}

# kind -> (fill colour, graphviz shape); unknown kinds get GREY.
STYLE = {
    "instrument": ("#1f77b4", "box"),
    "version": ("#aec7e8", "box"),
    "provision": ("#9edae5", "note"),
    "obligation": ("#d62728", "hexagon"),
    "permission": ("#ff9896", "hexagon"),
    "actor": ("#2ca02c", "ellipse"),
    "role": ("#98df8a", "ellipse"),
    "legal-basis": ("#9467bd", "house"),
    "threshold": ("#ff7f0e", "diamond"),
    "condition": ("#ffbb78", "diamond"),
    "definition": ("#c5b0d5", "note"),
    "risk": ("#e377c2", "octagon"),
    "penalty": ("#8c564b", "octagon"),
    "event": ("#bcbd22", "circle"),
    "source": ("#7f7f7f", "folder"),
    "jurisdiction": ("#17becf", "ellipse"),
    "citation": ("#c7c7c7", "note"),
    "class": ("#f7b6d2", "component"),
    "delegation": ("#6b6ecf", "box"),
    "term": ("#e7cb94", "plain"),
    "ai-practice": ("#ad494a", "octagon"),
    "legislative-stage": ("#cedb9c", "tab"),
}
GREY = ("#dbdb8d", "ellipse")
# Kinds the ontology grows later get a stable colour from this list.
SPARE = ("#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363")

# Text on these fills reads better in white.
DARK = {"instrument", "obligation", "actor", "legal-basis", "penalty", "source", "delegation", "ai-practice"}


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
