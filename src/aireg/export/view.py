"""Views: the part of the instance graph a picture shows (an instrument, its legal bases, actors, versions).

Every export format receives a networkx graph from :func:`build_view`: the
whole instance graph (:mod:`aireg.export.instance_graph`) cut down to one
view, with the view, its focus and its depth in the graph's attributes.
"""

from __future__ import annotations

import difflib
import re
from collections import deque
from collections.abc import Iterable

import networkx as nx
from rdflib import Graph

from aireg.errors import InputError
from aireg.export import VIEWS, kinds
from aireg.export.instance_graph import build_graph
from aireg.export.labels import Vocab, labels_of, local_name
from aireg.namespaces import AIREG, ELI, ID, PREFIXES

DEFAULT_DEPTH = {"all": None, "instrument": 1, "legal-basis": 3, "actors": 1, "versions": 3}


def expand_id(ident: str, rdf: Graph | None = None) -> str:
    """``eo-14110``, ``id:eo-14110`` or a full IRI -> the full IRI."""
    text = ident.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    if "://" in text or text.startswith("urn:"):
        return text
    if ":" in text:
        prefix, rest = text.split(":", 1)
        if prefix in PREFIXES:
            return str(PREFIXES[prefix]) + rest
        if rdf is not None:
            for p, ns in rdf.namespaces():
                if p == prefix:
                    return str(ns) + rest
        if prefix == "_":
            return text
    return str(ID) + text


def resolve(G: nx.MultiDiGraph, ident: str, wanted: set[str] | None, what: str,
            suggest: list[str] | None = None) -> str:
    """The node key for ``ident``, or an InputError listing the real ids, closest first.

    ``suggest`` narrows the ids listed (e.g. the instruments that take part in
    legal bases); by default every node of the wanted kinds.
    """
    if not ident:
        raise InputError(f"the view needs an identifier, e.g. {what.split()[0]}:eo-14110")
    iri = expand_id(ident)
    candidates = [n for n, k in G.nodes(data="kind") if wanted is None or k in wanted]
    if iri not in G:
        by_name = {local_name(n).lower(): n for n in candidates}
        if ident.lower() in by_name:
            iri = by_name[ident.lower()]
    if iri in G and (wanted is None or G.nodes[iri]["kind"] in wanted):
        return iri
    names = sorted({local_name(n) for n in (suggest if suggest is not None else
                                            [c for c in candidates if G.nodes[c]["kind"] == INSTRUMENT]
                                            or candidates)})
    close = difflib.get_close_matches(local_name(iri), names, n=3, cutoff=0.5)
    listed = close + [n for n in names if n not in close]
    more = f" (and {len(listed) - 12} more)" if len(listed) > 12 else ""
    known = ", ".join(listed[:12]) + more
    if iri in G:
        raise InputError(f"{ident!r} is of kind {G.nodes[iri]['kind']}, not {what}; known: {known}")
    raise InputError(f"unknown {what} {ident!r}; known: {known}" if known else f"unknown {what} {ident!r}")


def neighbourhood(G: nx.MultiDiGraph, seeds: Iterable[str], depth: int | None,
                  through: set[str] | None = None) -> set[str]:
    """Nodes within ``depth`` hops of ``seeds`` in either direction (optionally only via kinds)."""
    seen = {s: 0 for s in seeds}
    queue = deque(seen)
    while queue:
        n = queue.popleft()
        if depth is not None and seen[n] >= depth:
            continue
        for m in list(G.successors(n)) + list(G.predecessors(n)):
            if m in seen:
                continue
            if through is not None and G.nodes[m]["kind"] not in through:
                continue
            seen[m] = seen[n] + 1
            queue.append(m)
    return set(seen)


# Legal bases: aireg:hasLegalBasis (⊑ eli:based_on) and aireg:supplements.
BASIS_PREDICATES = {str(ELI.based_on), str(AIREG.hasLegalBasis), str(AIREG.supplements)}
PART_PREDICATES = {str(ELI.is_part_of), str(AIREG.partOf)}
# What belongs to an instrument: its provisions, the norms they impose, the delegations it makes.
OWN_PREDICATES = PART_PREDICATES | {str(AIREG.imposedBy), str(AIREG.delegatedBy)}
# What a norm's content reaches: its trigger, and the members of a condition group.
CONTENT_PREDICATES = {str(AIREG.hasTrigger), str(AIREG.member)}
INSTRUMENT = "instrument"
VERSION = "instrument-version"


def members(G: nx.MultiDiGraph, focus: str) -> dict[str, str | None]:
    """``focus`` and what belongs to it (parts, norms, delegations), each with the node it belongs to."""
    found: dict[str, str | None] = {focus: None}
    todo = [focus]
    while todo:
        n = todo.pop()
        for m, _, p in G.in_edges(n, data="predicate"):
            if p in OWN_PREDICATES and m not in found:
                found[m] = n
                todo.append(m)
    return found


def _owners(G: nx.MultiDiGraph, n: str) -> set[str]:
    """``n`` and what it belongs to, up to its instrument (a norm's provision, a section's statute)."""
    found, todo = {n}, [n]
    while todo:
        for _, whole, p in G.out_edges(todo.pop(), data="predicate"):
            if p in OWN_PREDICATES and whole not in found:
                found.add(whole)
                todo.append(whole)
    return found


def _path_to(belongs: dict[str, str | None], n: str) -> set[str]:
    path = set()
    while n is not None and n not in path:
        path.add(n)
        n = belongs[n]
    return path


def takes_part_in_legal_bases(G: nx.MultiDiGraph) -> list[str]:
    """The instruments that rest on something or that something rests on (their parts count)."""
    ends = {n for u, v, p in G.edges(data="predicate") if p in BASIS_PREDICATES for n in (u, v)}
    found = {o for n in ends for o in _owners(G, n) if G.nodes[o]["kind"] == INSTRUMENT}
    return sorted(found, key=local_name)


def legal_basis_chain(G: nx.MultiDiGraph, focus: str, depth: int | None) -> set[str]:
    """What ``focus`` rests on, up to the code sections and their statutes, and what rests on it.

    Upwards: the legal bases of the instrument, of its provisions, norms and
    delegations, and of whatever they build on (``depth`` links); a code section
    brings the statute it is part of. Downwards: whatever rests on the instrument
    or one of its parts, with the instrument it belongs to (``depth`` links).
    """
    belongs = members(G, focus)
    keep = {focus}
    frontier = {m for m in belongs if any(p in BASIS_PREDICATES for _, _, p in G.out_edges(m, data="predicate"))}
    for m in frontier:
        keep |= _path_to(belongs, m)
    level = 0
    while frontier and (depth is None or level < depth):
        nxt = set()
        for n in frontier:
            for _, basis, p in G.out_edges(n, data="predicate"):
                if p in BASIS_PREDICATES and basis not in keep:
                    nxt |= _owners(G, basis)
        nxt -= keep
        keep |= nxt
        frontier, level = nxt, level + 1
    frontier, level = set(belongs), 0
    while frontier and (depth is None or level < depth):
        nxt = set()
        for n in frontier:
            for dependent, _, p in G.in_edges(n, data="predicate"):
                if p in BASIS_PREDICATES:
                    nxt |= _owners(G, dependent)
                    keep.add(n)
        nxt -= keep
        keep |= nxt
        frontier, level = nxt, level + 1
    return keep


def contents(G: nx.MultiDiGraph, focus: str, depth: int) -> set[str]:
    """An instrument's own structure, ``depth`` levels down: provisions (1), norms (2), triggers (3), members..."""
    seen = {focus: 0}
    queue = deque([focus])
    while queue:
        n = queue.popleft()
        if seen[n] >= depth:
            continue
        below = [m for m, _, p in G.in_edges(n, data="predicate") if p in OWN_PREDICATES]
        below += [m for _, m, p in G.out_edges(n, data="predicate") if p in CONTENT_PREDICATES]
        for m in below:
            if m not in seen:
                seen[m] = seen[n] + 1
                queue.append(m)
    return set(seen)


def parse_view(view: str) -> tuple[str, str]:
    name, _, ident = view.partition(":")
    name = name.strip()
    if name not in DEFAULT_DEPTH:
        raise InputError(f"unknown view {view!r}; use one of: {', '.join(VIEWS)}")
    if name in ("all", "actors") and ident:
        raise InputError(f"view {name!r} takes no identifier")
    return name, ident.strip()


def select(G: nx.MultiDiGraph, view: str = "all", depth: int | None = None) -> nx.MultiDiGraph:
    """Cut ``view`` out of the full graph; the result's graph attributes say which view."""
    name, ident = parse_view(view)
    if depth is not None and depth < 0:
        raise InputError(f"--depth must be 0 or more, not {depth}")
    radius = depth if depth is not None else DEFAULT_DEPTH[name]
    focus = None
    if name == "all":
        keep = set(G.nodes)  # --depth has no centre to count from here
    elif name == "instrument":
        focus = resolve(G, ident, {INSTRUMENT}, "instrument")
        # its neighbours, and its own structure down to --depth levels (norms at 2, thresholds from 4)
        keep = neighbourhood(G, [focus], min(radius, 1)) | contents(G, focus, radius)
    elif name == "legal-basis":
        focus = resolve(G, ident, {INSTRUMENT, "provision"}, "legal basis",
                        suggest=takes_part_in_legal_bases(G))
        keep = legal_basis_chain(G, focus, radius)
    elif name == "actors":
        seeds = [n for n, k in G.nodes(data="kind") if k in ("actor", "role")]
        if not seeds:
            raise InputError("the graph has no actors or roles to show")
        keep = neighbourhood(G, seeds, radius)
    else:  # versions
        focus = resolve(G, ident, {INSTRUMENT}, "instrument")
        keep = neighbourhood(G, [focus], radius, through={INSTRUMENT, VERSION, "event"})
    out = G.subgraph(keep).copy()
    out.graph.update(view=view, focus=focus or "", depth=radius if radius is not None else -1)
    return out


def build_view(rdf: Graph, view: str = "all", depth: int | None = None, lang: str = "en",
               with_provenance: bool = False) -> nx.MultiDiGraph:
    """``build_graph`` then ``select``: the graph a format writer receives."""
    parse_view(view)  # fail fast on a bad view before the graph is built
    return printable(select(build_graph(rdf, lang=lang, with_provenance=with_provenance), view, depth))


_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def printable(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Every text of the view with no character XML 1.0 cannot hold (a control character of the data,
    written ``\\u001b``): GraphML, GEXF and SVG with one are not well-formed, and yEd or Gephi refuse them."""
    def clean(attrs: dict) -> None:
        for key, value in attrs.items():
            if isinstance(value, str) and _UNPRINTABLE.search(value):
                attrs[key] = _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", value)

    clean(G.graph)
    for _, attrs in G.nodes(data=True):
        clean(attrs)
    for _, _, attrs in G.edges(data=True):
        clean(attrs)
    return G


# what the formats and callers read as ``views.*`` (the builder's names too, so one import serves)
__all__ = ["DEFAULT_DEPTH", "Vocab", "build_graph", "build_view", "contents", "expand_id", "kinds", "labels_of",
           "legal_basis_chain", "local_name", "members", "neighbourhood", "parse_view", "resolve", "select",
           "takes_part_in_legal_bases"]
