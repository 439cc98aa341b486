"""aireg.parse_once: one translation per query text during a pySHACL run, the same answers."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql import algebra

from aireg.parse_once import parse_once

EX = "http://example.org/"
QUERY = "SELECT ?o WHERE { $this <http://example.org/p> ?o }"


def _graph() -> Graph:
    graph = Graph()
    for i in range(3):
        graph.add((URIRef(f"{EX}s{i}"), URIRef(EX + "p"), Literal(i)))
    return graph


def _answers(graph: Graph) -> list:
    return [sorted(r.o for r in graph.query(QUERY, initBindings={"this": URIRef(f"{EX}s{i}")})) for i in range(3)]


def test_each_text_is_translated_once_with_the_same_answers(monkeypatch):
    graph = _graph()
    plain = _answers(graph)
    calls = []
    real = algebra.translateQuery  # rdflib's translation, which aireg.parse_once calls
    monkeypatch.setattr(algebra, "translateQuery", lambda *a, **k: calls.append(1) or real(*a, **k))
    with parse_once():
        memo = _answers(graph)
        _answers(graph)
    assert memo == plain == [[Literal(0)], [Literal(1)], [Literal(2)]]
    assert len(calls) == 1  # six queries of one text and one set of namespaces
    with parse_once():
        _answers(graph)
    assert len(calls) == 2  # the cache lives as long as the block


def test_namespaces_and_base_are_part_of_the_key():
    graph = _graph()
    text = "SELECT ?o WHERE { ?s ex:p ?o } ORDER BY ?o"
    with parse_once():
        first = [r.o for r in graph.query(text, initNs={"ex": EX})]
        other = [r.o for r in graph.query(text, initNs={"ex": "http://example.org/other#"})]
    assert first == [Literal(0), Literal(1), Literal(2)] and other == []


def test_outside_a_block_every_query_is_translated_and_errors_still_raise(monkeypatch):
    graph = _graph()
    with parse_once():
        with parse_once():  # nested blocks share the cache
            pass
        _answers(graph)
        with pytest.raises(Exception, match="Expected"):
            graph.query("SELECT WHERE {")
    # outside: rdflib's own parse and translation on every call, nothing kept
    calls = []
    real = algebra.translateQuery  # rdflib's translation, which aireg.parse_once calls
    monkeypatch.setattr(algebra, "translateQuery", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert _answers(graph) == [[Literal(0)], [Literal(1)], [Literal(2)]]
    assert len(calls) == 3
    with pytest.raises(Exception, match="Expected"):
        graph.query("SELECT WHERE {")
