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
  guaranteed canonical, and :func:`canonical` says so: ``aireg diff``
  then compares those components by graph isomorphism.

Everything works on N-Triples lines as bytes (``<s> <p> <o> .``), as
``pyoxigraph.serialize`` writes them: subject and predicate hold no spaces, the
object is the rest.
"""

from __future__ import annotations

import gc
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager


def _hash(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=12).hexdigest().encode("ascii")


def split_line(line: bytes) -> tuple[bytes, bytes, bytes]:
    """``<s> <p> <o> .`` -> (s, p, o) as written in N-Triples."""
    s, p, o = line.split(b" ", 2)
    return s, p, o[:-2] if o.endswith(b" .") else o


def canonical(lines: Iterable[bytes]) -> tuple[list[bytes], dict[bytes, bytes], bool]:
    """Distinct N-Triples lines -> (the lines renamed, ``{blank node: name}``, whether the naming is exact).

    ``exact`` is False when some blank nodes outside trees could not be told
    apart by their neighbourhoods: the lines are still a faithful copy of the
    graph, but two isomorphic graphs may get different names there. The input
    must hold each line once (a repeated line would count as a second link).
    """
    with no_gc():
        return _canonical(lines)


@contextmanager
def no_gc():
    """Python's cycle collector off while millions of small objects that hold no cycles are made.

    Each collection walks every tracked object; with a million tuples alive it
    runs again and again and doubles the time of a build or a diff.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _canonical(lines: Iterable[bytes]) -> tuple[list[bytes], dict[bytes, bytes], bool]:
    out: list[bytes] = []
    linked: list[tuple[bytes, bytes, bytes]] = []
    for line in lines:
        if b"_:" in line:
            s, p, o = line[:-2].split(b" ", 2)
            if s[:2] == b"_:" or o[:2] == b"_:":
                linked.append((s, p, o))
                continue
        out.append(line)
    if not linked:
        return out, {}, True
    names, exact = _names(linked)
    for s, p, o in linked:
        if s[:2] == b"_:":
            s = b"_:" + names[s]
        if o[:2] == b"_:":
            o = b"_:" + names[o]
        out.append(s + b" " + p + b" " + o + b" .")
    return out, names, exact


def canonical_names(lines: Iterable[bytes]) -> tuple[dict[bytes, bytes], bool]:
    """``{blank node as written: name by structure}`` and whether the naming is exact (see :func:`canonical`)."""
    _, names, exact = canonical(lines)
    return names, exact


def rename(line: bytes, names: dict[bytes, bytes]) -> bytes:
    """One N-Triples line with its blank nodes renamed (``names`` from :func:`canonical_names`)."""
    if b"_:" not in line:
        return line
    s, p, o = line[:-2].split(b" ", 2)
    if not (s[:2] == b"_:" or o[:2] == b"_:"):
        return line
    if s[:2] == b"_:":
        s = b"_:" + names[s]
    if o[:2] == b"_:":
        o = b"_:" + names[o]
    return s + b" " + p + b" " + o + b" ."


def _names(triples: list[tuple[bytes, bytes, bytes]]) -> tuple[dict[bytes, bytes], bool]:
    static: dict[bytes, list] = defaultdict(list)  # node -> "p o" of its links to IRIs and literals
    kids: dict[bytes, list] = defaultdict(list)  # node -> (p, blank node) of its links to blank nodes
    parent: dict[bytes, tuple] = {}  # node -> its first incoming link (s, p)
    shared: set = set()  # nodes with more than one incoming link
    for s, p, o in triples:
        if o[:2] == b"_:":
            if s[:2] == b"_:":
                kids[s].append((p, o))
            if o in parent:
                shared.add(o)
            else:
                parent[o] = (s, p)
        elif s[:2] == b"_:":
            static[s].append(p + b" " + o)
    nodes = set(static)
    nodes.update(kids)
    nodes.update(parent)
    depth = _tree_depths(nodes, parent, shared)
    levels: dict[int, list] = defaultdict(list)
    for node, d in depth.items():
        levels[d].append(node)
    # bottom-up: a node's content from its links, its tree children's contents first
    content: dict[bytes, bytes] = {}
    empty: list = []
    for d in sorted(levels, reverse=True):
        for node in levels[d]:
            parts = static.get(node, empty)
            children = kids.get(node)
            if children:
                parts = parts + [p + b" " + content.get(o, b"_:?") for p, o in children]
            parts.sort()
            content[node] = _digest(b";".join(parts))
    # top-down: a tree node is named after its parent's name (or IRI), the predicate and its content
    names: dict[bytes, bytes] = {}
    seen: dict[bytes, int] = {}
    for d in sorted(levels):
        for node in levels[d]:
            link = parent.get(node)
            if link is not None:
                s, p = link
                key = _hash((names[s] if s[:2] == b"_:" else s) + b" " + p + b" " + content[node])
            else:
                key = _hash(b"(root) " + content[node])
            n = seen.get(key, 0)
            seen[key] = n + 1
            names[node] = b"t" + key + (b"_%d" % n if n else b"")
    tangled = nodes - depth.keys()
    exact = True
    if tangled:
        outgoing: dict[bytes, list] = defaultdict(list)
        incoming: dict[bytes, list] = defaultdict(list)
        for s, p, o in triples:
            if s in tangled:
                outgoing[s].append((p, o))
            if o in tangled:
                incoming[o].append((s, p))
        exact = _refine(tangled, outgoing, incoming, names)
    return names, exact


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=12).digest()


def _tree_depths(nodes: set, parent: dict, shared: set) -> dict[bytes, int]:
    """Depth of each blank node that sits in a tree (one incoming link at most, up to a root, no cycle)."""
    depth: dict[bytes, int] = {}
    bad: set = set()
    for start in nodes:
        if start in depth or start in bad:
            continue
        chain: list = []
        on_chain: set = set()
        node = start
        while True:
            if node in depth:
                base = depth[node]
                break
            if node in bad or node in shared or node in on_chain:
                bad.update(chain)
                bad.add(node)
                chain = []
                break
            chain.append(node)
            on_chain.add(node)
            link = parent.get(node)
            if link is None or link[0][:2] != b"_:":
                base = -1
                break
            node = link[0]
        for i, n in enumerate(reversed(chain)):
            depth[n] = base + 1 + i
    return depth


def _refine(tangled: set, outgoing: dict, incoming: dict, names: dict, max_rounds: int = 64) -> bool:
    """Name shared or cyclic blank nodes by colour refinement; True if every colour ended unique."""
    colour = {b: b"" for b in tangled}

    def of(term: bytes) -> bytes:
        if term[:2] != b"_:":
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
