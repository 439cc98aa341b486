"""Where the compiled queries run: the data's own Oxigraph store, read, never written.

Data already in an Oxigraph store (aireg's default) is queried in place; an
rdflib graph of another store is copied into a new one. Queries that use
``$shapesGraph`` run on a second store that holds the shapes graph too.
"""

from __future__ import annotations

from rdflib import Graph

from aireg.shacl_fast.terms import to_rdflib
from aireg.shacl_fast.vocab import SHAPES_GRAPH, Unsupported


def oxigraph_view(graph: Graph):
    """The pyoxigraph store holding ``graph``, the name of its graph there, and whether that is the union."""
    import pyoxigraph as ox
    from oxrdflib._converter import to_ox

    if type(graph.store).__name__ == "OxigraphStore":
        union = getattr(graph, "default_union", False)
        return graph.store._inner, to_ox(graph.identifier), union
    store = ox.Store()
    store.extend([ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph()) for s, p, o in graph])
    return store, ox.DefaultGraph(), False


class Queries:
    """Running queries for :class:`~aireg.shacl_fast.engine.FastValidator` (needs ``store``,
    ``graph_name``, ``union``, ``shapes``, ``queries`` and ``_shapes_store``)."""

    def select(self, query: str, substitutions: dict | None = None):
        self.queries += 1
        store = self.store
        kwargs = {"use_default_graph_as_union": True} if self.union else {"default_graph": self.graph_name}
        if SHAPES_GRAPH in query:  # $shapesGraph: the copy that holds the shapes graph too
            import pyoxigraph as ox

            store, kwargs = self.with_shapes_graph(), {"default_graph": ox.DefaultGraph()}
        if substitutions:
            kwargs["substitutions"] = substitutions
        try:
            solutions = store.query(query, **kwargs)
        except SyntaxError as err:
            raise Unsupported(f"compiled query does not parse ({err}):\n{query}") from None
        names = [v.value for v in solutions.variables]
        for row in solutions:
            yield {n: row[i] for i, n in enumerate(names)}

    def with_shapes_graph(self):
        """A store holding the data (default graph) and the shapes graph (named SHAPES_GRAPH).

        Only queries that use $shapesGraph need it, so it is made once, on demand;
        the user's store is never written to.
        """
        if self._shapes_store is None:
            import pyoxigraph as ox
            from oxrdflib._converter import to_ox

            store = ox.Store()
            if self.union:
                quads = self.store.quads_for_pattern(None, None, None)
            else:
                quads = self.store.quads_for_pattern(None, None, None, self.graph_name)
            store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads)
            name = ox.NamedNode(SHAPES_GRAPH)
            store.extend(ox.Quad(to_ox(t[0]), to_ox(t[1]), to_ox(t[2]), name) for t in self.shapes)
            self._shapes_store = store
        return self._shapes_store

    def focus_nodes(self, focus) -> list:
        """The focus nodes ``focus('this')`` binds, as pyoxigraph terms."""
        return [row["this"] for row in self.select(f"SELECT DISTINCT ?this WHERE {{ {focus('this')} }}")]

    def value_pairs(self, shape, focus):
        """(focus node, value node) of ``shape`` for the focus nodes ``focus('this')`` binds, as rdflib terms."""
        for row in self.select(f"SELECT DISTINCT ?this ?v WHERE {{ {focus('this')} {shape.value_pattern} }}"):
            yield to_rdflib(row["this"]), to_rdflib(row["v"])
