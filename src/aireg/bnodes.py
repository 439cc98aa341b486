"""Blank nodes named after where they hang, so equal graphs get equal names.

Parsers and SPARQL engines number blank nodes differently on every run. The
citations and selectors of this graph are blank nodes that hang from exactly
one place; naming each after its parent, the linking predicate and its own
content makes serialisations reproducible and lets two results be compared
as plain sets of triples instead of by graph isomorphism, which is slow on
many look-alike blank nodes.
"""

from __future__ import annotations

import hashlib

from rdflib import BNode, Graph


def stable_bnode_labels(graph: Graph) -> dict[BNode, str]:
    """Name each blank node after where it hangs and what it holds.

    Parsers number blank nodes differently on every run; a blank node that
    hangs from exactly one place (the citations and selectors of this graph)
    gets a label hashed from its parent's label, the linking predicate and its
    own content, so an unchanged graph serialises to the same bytes. Blank
    nodes that are shared or in cycles keep the parser's label.
    """
    incoming: dict[BNode, list] = {}
    outgoing: dict[BNode, list] = {}
    for s, p, o in graph:
        if isinstance(o, BNode):
            incoming.setdefault(o, []).append((s, p))
        if isinstance(s, BNode):
            outgoing.setdefault(s, []).append((p, o))
    labels: dict[BNode, str] = {}

    def content(node: BNode, depth: int) -> str:
        parts = []
        for p, o in outgoing.get(node, []):
            parts.append(p.n3() + " " + (content(o, depth + 1) if isinstance(o, BNode) and depth < 8 else o.n3()))
        return "[" + ";".join(sorted(parts)) + "]"

    def label(node: BNode, depth: int = 0) -> str:
        if node in labels:
            return labels[node]
        parents = incoming.get(node, [])
        if len(parents) != 1 or depth > 8:
            labels[node] = str(node)
            return labels[node]
        s, p = parents[0]
        anchor = label(s, depth + 1) if isinstance(s, BNode) else s.n3()
        digest = hashlib.sha1(f"{anchor} {p.n3()} {content(node, 0)}".encode()).hexdigest()[:16]
        labels[node] = "b" + digest
        return labels[node]

    for node in set(incoming) | set(outgoing):
        label(node)
    return labels


def relabelled(graph: Graph) -> set[tuple] | None:
    """The triples with stable blank-node names, or None if some blank node has no stable name."""
    labels = stable_bnode_labels(graph)
    if any(name == str(node) for node, name in labels.items()):
        return None
    if len(set(labels.values())) != len(labels):
        return None

    def term(t):
        return BNode(labels[t]) if isinstance(t, BNode) else t

    return {(term(s), term(p), term(o)) for s, p, o in graph}
