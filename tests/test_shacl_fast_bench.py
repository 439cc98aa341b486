"""The benchmark's synthetic graph keeps the SHACL contract (tiny size, both SHACL engines)."""

from __future__ import annotations

import sys
from pathlib import Path

from aireg import paths
from aireg.load import load_graph
from aireg.validate import validate

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import pytest  # noqa: E402

from generate import generate  # noqa: E402


@pytest.mark.slow
def test_generator_is_deterministic_and_conforms(tmp_path):
    text = generate(2000, seed=7)
    assert text == generate(2000, seed=7) and text != generate(2000, seed=8)
    data = tmp_path / "synthetic.ttl"
    data.write_text(text, encoding="utf-8")
    graph = load_graph([paths.ontology_file(), data])
    assert 1500 < len(graph) - len(load_graph([paths.ontology_file()])) < 2500
    fast = validate(graph, shacl_engine="fast")
    assert fast.engine == "fast" and fast.findings == []
    assert validate(graph, shacl_engine="pyshacl").findings == []
