"""triple_count is len(graph) on every engine, without oxrdflib's all-graphs DISTINCT count."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from aireg.load import load_graph, triple_count


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_count_of_the_bundled_graph(engine):
    graph = load_graph(engine=engine)
    assert triple_count(graph) == len(graph) > 3000


def test_a_triple_given_twice_counts_once_and_other_graphs_do_not_count(tmp_path):
    one = tmp_path / "one.ttl"
    one.write_text("<urn:a> <urn:p> <urn:b> .\n<urn:a> <urn:p> <urn:c> .\n", encoding="utf-8")
    two = tmp_path / "two.nt"
    two.write_text("<urn:a> <urn:p> <urn:b> .\n", encoding="utf-8")
    graph = load_graph([one, two], engine="oxigraph")
    other = load_graph([one], engine="oxigraph")  # its own store: must not leak into the count
    assert triple_count(graph) == len(graph) == 2
    graph.store._inner.add(ox.Quad(ox.NamedNode("urn:x"), ox.NamedNode("urn:p"), ox.NamedNode("urn:y"),
                                   ox.NamedNode("urn:another-graph")))
    assert triple_count(graph) == 2  # a quad in another named graph of the store is not in this graph
    assert triple_count(other) == 2
