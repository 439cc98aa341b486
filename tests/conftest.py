"""Shared fixtures: the bundled graph is loaded once per test session."""

from __future__ import annotations

import pytest

from aireg import load_graph


@pytest.fixture(scope="session")
def graph():
    """The bundled ontology and data on the default engine."""
    return load_graph()


@pytest.fixture(scope="session")
def rdflib_graph():
    """The bundled ontology and data on rdflib's in-memory store."""
    return load_graph(engine="rdflib")
