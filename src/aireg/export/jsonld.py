"""JSON-LD of the triples behind a view, compacted with the project's prefixes.

The other formats flatten RDF into a picture; this one keeps the RDF: every
triple about a node of the view (its types, labels, dates, jurisdiction and
its links to other nodes of the view), so the selection can be loaded back
into any RDF tool.
"""

from __future__ import annotations

import json

import networkx as nx
from rdflib import BNode, Graph, URIRef

from aireg import atomic
from aireg.export import view as views
from aireg.namespaces import PREFIXES, bind_prefixes


def _term(key: str):
    return BNode(key[2:]) if key.startswith("_:") else URIRef(key)


def _leaves_view(rdf: Graph, node: URIRef) -> bool:
    """A link to an instance outside the view; vocabulary values (status, stage) stay."""
    labels = views.labels_of(rdf, node)
    return not (labels["en"] or labels["any"]) or str(node).startswith(str(PREFIXES["id"]))


def subgraph(rdf: Graph, G: nx.MultiDiGraph) -> Graph:
    """The triples of ``rdf`` that the view ``G`` stands for."""
    out = Graph()
    bind_prefixes(out)
    keep = {_term(n) for n in G.nodes}
    with_prov = bool(G.graph.get("with_provenance"))
    vocab = views.Vocab(rdf)
    todo, done = list(keep), set()
    while todo:
        s = todo.pop()
        if s in done:
            continue
        done.add(s)
        for p, o in rdf.predicate_objects(s):
            if p in vocab.citations and not with_prov:
                continue
            if isinstance(o, URIRef) and o not in keep and p not in vocab.folded and _leaves_view(rdf, o):
                continue
            out.add((s, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    return out


def context() -> dict:
    return {prefix: str(ns) for prefix, ns in PREFIXES.items()}


def write_jsonld(rdf: Graph, G: nx.MultiDiGraph, out) -> str:
    sub = subgraph(rdf, G)
    text = sub.serialize(format="json-ld", context=context(), indent=1, sort_keys=True)
    json.loads(text)  # never write a file that is not JSON
    atomic.write_text(out, text if text.endswith("\n") else text + "\n")
    return f"{len(sub)} triples about {G.number_of_nodes()} nodes"
