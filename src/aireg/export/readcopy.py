"""A read-only in-memory copy of an Oxigraph-backed graph, made once per export.

Building the instance graph asks the RDF graph tens of thousands of small
questions (the labels, types and literals of each node). On an Oxigraph store
each one crosses into the store and converts its answer to rdflib terms. One
pass over the store (the same rdflib terms the look-ups would have returned,
blank nodes keeping their ids) into three dictionaries, subject, predicate and
object first, answers them as dictionary look-ups; a read-only store of its own
is built in a fraction of what filling rdflib's Memory store costs (that store
keeps contexts and more indexes, which an export never reads).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import Graph
from rdflib.store import Store


class FrozenTriples(Store):
    """The triples given, indexed three ways; nothing can be added or removed."""

    context_aware = False
    formula_aware = False
    transaction_aware = False
    graph_aware = False

    def __init__(self, triples: Iterable) -> None:
        super().__init__()
        spo: dict = {}
        pos: dict = {}
        osp: dict = {}
        n = 0
        for s, p, o in triples:
            spo.setdefault(s, {}).setdefault(p, {})[o] = None
            pos.setdefault(p, {}).setdefault(o, {})[s] = None
            osp.setdefault(o, {}).setdefault(s, {})[p] = None
            n += 1
        self._spo, self._pos, self._osp, self._len = spo, pos, osp, n

    def triples(self, triple_pattern, context=None) -> Iterator:
        return ((t, iter(())) for t in self._match(*triple_pattern))

    def _match(self, s, p, o) -> Iterator:
        spo, pos, osp = self._spo, self._pos, self._osp
        if s is not None:
            by_p = spo.get(s)
            if not by_p:
                return
            if p is not None:
                objects = by_p.get(p, ())
                if o is not None:
                    if o in objects:
                        yield s, p, o
                    return
                for x in objects:
                    yield s, p, x
            elif o is not None:
                for x in osp.get(o, {}).get(s, ()):
                    yield s, x, o
            else:
                for x, objects in by_p.items():
                    for y in objects:
                        yield s, x, y
        elif p is not None:
            by_o = pos.get(p)
            if not by_o:
                return
            if o is not None:
                for x in by_o.get(o, ()):
                    yield x, p, o
            else:
                for y, subjects in by_o.items():
                    for x in subjects:
                        yield x, p, y
        elif o is not None:
            for x, predicates in osp.get(o, {}).items():
                for y in predicates:
                    yield x, y, o
        else:
            for x, by_p in spo.items():
                for y, objects in by_p.items():
                    for z in objects:
                        yield x, y, z

    def __len__(self, context=None) -> int:
        return self._len

    def contexts(self, triple=None) -> Iterator:
        return iter(())

    def add(self, triple, context, quoted=False) -> None:
        raise TypeError("a read-only copy of the graph")

    def remove(self, triple, context=None) -> None:
        raise TypeError("a read-only copy of the graph")


def readable(rdf: Graph) -> Graph:
    """``rdf`` itself, or a read-only in-memory copy of its triples if it sits on an Oxigraph store."""
    if type(rdf.store).__name__ != "OxigraphStore":
        return rdf
    return Graph(store=FrozenTriples(rdf.triples((None, None, None))))
