"""Blank nodes named by structure, so equal graphs give equal N-Triples lines.

Parsers number blank nodes differently on every run. ``aireg build`` must
rebuild unchanged data byte for byte and ``aireg diff`` must not report a
citation that did not change, so each blank node gets a name computed from
where it hangs and what it holds, and the graph becomes a plain set of
N-Triples lines that can be sorted and compared.

* A blank node in a tree (one incoming link at most, no cycle: the citations,
  selectors and conditions of this graph) is named by a hash of its parent,
  the linking predicate and its content, computed bottom-up and top-down
  without recursion, so a chain 50,000 deep costs what it weighs.
* The others (shared by two parents, in cycles) are named by colour
  refinement (hashing their neighbourhood until the partition stops
  changing). Where two of them still share a colour the naming is not
  guaranteed canonical, and :func:`canonical_lines` says so: ``aireg diff``
  then compares those components by graph isomorphism.

Everything works on N-Triples lines as bytes (``<s> <p> <o> .``), as
``pyoxigraph.serialize`` writes them: subject and predicate hold no spaces, the
object is the rest.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable


def _hash(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=12).hexdigest().encode("ascii")


def split_line(line: bytes) -> tuple[bytes, bytes, bytes]:
    """``<s> <p> <o> .`` -> (s, p, o) as written in N-Triples."""
    s, p, o = line.split(b" ", 2)
    return s, p, o[:-2] if o.endswith(b" .") else o


def _is_bnode(term: bytes) -> bool:
    return term[:2] == b"_:"


def canonical_names(lines: Iterable[bytes]) -> tuple[dict[bytes, bytes], bool]:
    """``{blank node as written: name by structure}`` for the blank nodes of N-Triples lines, and
    whether the naming is exact (see :func:`canonical_lines`)."""
    linked = []
    for line in lines:
        if b"_:" in line:
            s, p, o = split_line(line)
            if _is_bnode(s) or _is_bnode(o):
                linked.append((s, p, o))
    if not linked:
        return {}, True
    return _names(linked)


def rename(line: bytes, names: dict[bytes, bytes]) -> bytes:
    """One N-Triples line with its blank nodes renamed (``names`` from :func:`canonical_names`)."""
    if b"_:" not in line:
        return line
    s, p, o = split_line(line)
    if not (_is_bnode(s) or _is_bnode(o)):
        return line
    s = b"_:" + names[s] if _is_bnode(s) else s
    o = b"_:" + names[o] if _is_bnode(o) else o
    return s + b" " + p + b" " + o + b" ."


def canonical_lines(lines: Iterable[bytes]) -> tuple[list[bytes], bool]:
    """Distinct N-Triples lines with blank nodes renamed by structure, and whether the naming is exact.

    ``exact`` is False when some blank nodes outside trees could not be told
    apart by their neighbourhoods: the lines are still a faithful copy of the
    graph, but two isomorphic graphs may get different names there.
    """
    lines = lines if isinstance(lines, (set, list, tuple)) else list(lines)
    names, exact = canonical_names(lines)
    return [rename(line, names) for line in lines], exact


def _names(triples: list[tuple[bytes, bytes, bytes]]) -> tuple[dict[bytes, bytes], bool]:
    outgoing: dict[bytes, list] = defaultdict(list)
    incoming: dict[bytes, list] = defaultdict(list)
    for s, p, o in triples:
        if _is_bnode(s):
            outgoing[s].append((p, o))
        if _is_bnode(o):
            incoming[o].append((s, p))
    nodes = set(outgoing) | set(incoming)
    tree = _tree_nodes(nodes, outgoing, incoming)
    names: dict[bytes, bytes] = {}
    content = _tree_contents(tree, outgoing)
    # top-down: a root's anchor is "(root)", a child's is its parent's name
    order = [b for b in tree if not incoming.get(b) or not _is_bnode(incoming[b][0][0])]
    order.sort(key=lambda b: content[b])
    seen: dict[bytes, int] = {}
    stack = list(reversed(order))
    while stack:
        node = stack.pop()
        parents = incoming.get(node)
        if parents:
            s, p = parents[0]
            anchor = names[s] if _is_bnode(s) else s
            key = _hash(anchor + b" " + p + b" " + content[node])
        else:
            key = _hash(b"(root) " + content[node])
        n = seen.get(key, 0)
        seen[key] = n + 1
        names[node] = b"t" + key + (b"_%d" % n if n else b"")
        children = sorted((o for _, o in outgoing.get(node, ()) if o in tree and o not in names),
                          key=lambda c: content[c], reverse=True)
        stack.extend(children)
    tangled = nodes - tree
    exact = True
    if tangled:
        exact = _refine(tangled, outgoing, incoming, names)
    return names, exact


def _tree_nodes(nodes: set, outgoing: dict, incoming: dict) -> set:
    """Blank nodes reachable from a root through nodes of one incoming link each (no cycle)."""
    tree: set = set()
    stack = [b for b in nodes if not incoming.get(b) or (len(incoming[b]) == 1 and not _is_bnode(incoming[b][0][0]))]
    while stack:
        node = stack.pop()
        if node in tree:
            continue
        tree.add(node)
        for _, o in outgoing.get(node, ()):
            if _is_bnode(o) and len(incoming[o]) == 1 and o not in tree:
                stack.append(o)
    return tree


def _tree_contents(tree: set, outgoing: dict) -> dict[bytes, bytes]:
    """Each tree node's content hash, children before parents, without recursion."""
    content: dict[bytes, bytes] = {}
    for root in tree:
        if root in content:
            continue
        stack = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            if node in content:
                continue
            kids = [o for _, o in outgoing.get(node, ()) if o in tree and o not in content]
            if kids and not expanded:
                stack.append((node, True))
                stack.extend((k, False) for k in kids)
                continue
            parts = sorted(p + b" " + (content.get(o, b"_:?") if _is_bnode(o) else o)
                           for p, o in outgoing.get(node, ()))
            content[node] = _hash(b"[" + b";".join(parts) + b"]")
    return content


def _refine(tangled: set, outgoing: dict, incoming: dict, names: dict, max_rounds: int = 64) -> bool:
    """Name shared or cyclic blank nodes by colour refinement; True if every colour ended unique."""
    colour = {b: b"" for b in tangled}

    def of(term: bytes) -> bytes:
        if not _is_bnode(term):
            return term
        return colour.get(term) or names.get(term, b"_:?")

    classes = 1
    for _ in range(max_rounds):
        new = {}
        for b in tangled:
            out = sorted(b"+" + p + b" " + of(o) for p, o in outgoing.get(b, ()))
            inc = sorted(b"-" + of(s) + b" " + p for s, p in incoming.get(b, ()))
            new[b] = _hash(colour[b] + b"|" + b"\n".join(out + inc))
        colour = new
        count = len(set(colour.values()))
        if count == classes:
            break
        classes = count
    seen: dict[bytes, int] = {}
    exact = True
    for b in sorted(tangled, key=lambda x: colour[x]):
        n = seen.get(colour[b], 0)
        seen[colour[b]] = n + 1
        if n:
            exact = False
        names[b] = b"c" + colour[b] + (b"_%d" % n if n else b"")
    return exact


def relabelled(graph) -> set[tuple] | None:
    """An rdflib graph's triples with blank nodes named by structure, or None where the naming is not exact.

    Two graphs with equal results are isomorphic; None asks the caller for a
    full isomorphism test.
    """
    from rdflib import BNode

    triples = list(graph)
    lines = []
    for s, p, o in triples:
        lines.append(b" ".join(t.n3().encode("utf-8") for t in (s, p, o)) + b" .")
    names, exact = canonical_names(lines)
    if not exact:
        return None

    def term(t):
        return BNode(names[b"_:" + str(t).encode("utf-8")].decode("ascii")) if isinstance(t, BNode) else t

    return {(term(s), term(p), term(o)) for s, p, o in triples}
