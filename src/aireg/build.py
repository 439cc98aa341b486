"""Merge the ontology and the data into one graph file, and count what it holds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal
from rdflib.plugins.serializers.nt import _quoteLiteral

from aireg import atomic
from aireg.bnodes import stable_bnode_labels
from aireg.load import load_graph, triple_count
from aireg.namespaces import AIREG

# What `aireg build` reports, in this order: (label, class).
COUNTED_CLASSES = [
    ("instruments", AIREG.Instrument),
    ("versions", AIREG.InstrumentVersion),
    ("provisions", AIREG.Provision),
    ("norms", AIREG.Norm),
    ("thresholds", AIREG.Threshold),
    ("definitions", AIREG.Definition),
    ("risk categories", AIREG.RiskCategory),
    ("penalties", AIREG.Penalty),
    ("delegations", AIREG.Delegation),
    ("actors", AIREG.Actor),
    ("roles", AIREG.Role),
    ("events", AIREG.Event),
    ("sources", AIREG.SourceDocument),
    ("citations", AIREG.Citation),
]

@dataclass(frozen=True)
class BuildResult:
    triples: int
    counts: dict[str, int]
    outputs: list[Path]


def count_instances(graph: Graph) -> dict[str, int]:
    """Instances of each reported class, following rdfs:subClassOf."""
    values = " ".join(cls.n3() for _, cls in COUNTED_CLASSES)
    query = f"""
        SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {{
            VALUES ?class {{ {values} }}
            ?type <http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?class .
            ?x a ?type .
        }} GROUP BY ?class"""
    found = {row[0]: int(row[1]) for row in graph.query(query)}
    return {label: found.get(cls, 0) for label, cls in COUNTED_CLASSES}


def ntriples_sorted(graph: Graph) -> bytes:
    """N-Triples, sorted and with stable blank-node labels: unchanged data rebuilds byte-identical."""
    labels = stable_bnode_labels(graph)

    def term(t) -> str:
        if isinstance(t, BNode):
            return "_:" + labels.get(t, str(t))
        return _quoteLiteral(t) if isinstance(t, Literal) else t.n3()

    lines = sorted({f"{term(s)} {term(p)} {term(o)} ." for s, p, o in graph})
    return ("\n".join(lines) + "\n").encode("utf-8")


def build(out_dir: str | Path = "out", files=None, engine: str | None = None,
          max_bytes: int | None = None) -> BuildResult:
    """Load the bundled files (or ``files``) and write out_dir/aireg.ttl and aireg.nt."""
    graph = load_graph(files, engine=engine, max_bytes=max_bytes)
    out_dir = Path(out_dir)
    ttl = atomic.write_bytes(out_dir / "aireg.ttl", graph.serialize(format="turtle", encoding="utf-8"))
    nt = atomic.write_bytes(out_dir / "aireg.nt", ntriples_sorted(graph))
    return BuildResult(triples=triple_count(graph), counts=count_instances(graph), outputs=[ttl, nt])
