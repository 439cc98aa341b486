"""Node kinds: what a node is, for colours, shapes and legends in every format.

A node's kind is read from its most specific aireg: class, walking
rdfs:subClassOf in the graph up to one of the roots below; the same palette is
used by the DOT, matplotlib, HTML and timeline writers so a researcher sees
the same colour for the same kind everywhere.
"""

from __future__ import annotations

import re

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
}
GREY = ("#dbdb8d", "ellipse")

# Text on these fills reads better in white.
DARK = {"instrument", "obligation", "actor", "legal-basis", "penalty", "source", "event"}


def colour(kind: str) -> str:
    return STYLE.get(kind, GREY)[0]


def shape(kind: str) -> str:
    return STYLE.get(kind, GREY)[1]


def font_colour(kind: str) -> str:
    return "#ffffff" if kind in DARK else "#000000"


def kebab(name: str) -> str:
    """``RiskCategory`` -> ``risk-category``: a kind for classes without a root."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "-", name).lower()
