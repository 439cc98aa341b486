"""Benchmark tasks of the build/diff pipeline, for bench/run.py.

* build: ``aireg.build.build`` of the ontology and the synthetic data (parse,
  name blank nodes, sort, write N-Triples and Turtle) vs pyoxigraph loading
  both files into a Store and dumping N-Triples and Turtle;
* diff: ``aireg.diff.diff`` of the data against a changed copy (the same graph
  as N-Triples in reverse order, other blank-node labels, one literal in a
  thousand changed) vs an N-Triples set comparison with pyoxigraph (which
  does not match blank nodes, so it reports every triple with one as changed).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path


def changed_path(data: str | Path) -> Path:
    data = Path(data)
    return data.with_name(data.stem + "-changed.nt")


def changed_copy(data: Path) -> Path:
    """Write (once) the changed N-Triples copy of ``data`` that the diff tasks compare with."""
    import pyoxigraph as ox

    target = changed_path(data)
    if target.exists():
        return target
    quads = list(ox.parse(path=str(data), format=ox.RdfFormat.TURTLE, rename_blank_nodes=True))
    for i, q in enumerate(quads):
        if i % 1000 == 0 and isinstance(q.object, ox.Literal) and not q.object.language:
            quads[i] = ox.Quad(q.subject, q.predicate, ox.Literal(q.object.value + " (changed)"), q.graph_name)
    target.write_bytes(ox.serialize(reversed(quads), format=ox.RdfFormat.N_TRIPLES))
    return target


def task_build_aireg(data: str) -> dict:
    from aireg import paths
    from aireg.build import build

    with tempfile.TemporaryDirectory(dir=Path(data).parent) as tmp:
        t = time.perf_counter()
        result = build(Path(tmp) / "out", files=[paths.ontology_file(), data], max_bytes=0)
        seconds = time.perf_counter() - t
    return {"seconds": seconds, "triples": result.triples}


def task_build_pyoxigraph(data: str) -> dict:
    import pyoxigraph as ox

    from aireg import paths

    with tempfile.TemporaryDirectory(dir=Path(data).parent) as tmp:
        t = time.perf_counter()
        store = ox.Store()
        store.load(path=str(paths.ontology_file()), format=ox.RdfFormat.TURTLE)
        store.load(path=data, format=ox.RdfFormat.TURTLE)
        store.dump(str(Path(tmp) / "out.nt"), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        store.dump(str(Path(tmp) / "out.ttl"), format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
        seconds = time.perf_counter() - t
    return {"seconds": seconds, "triples": len(store)}


def task_diff_aireg(data: str) -> dict:
    from aireg.diff import diff

    t = time.perf_counter()
    result = diff(data, changed_path(data), max_bytes=0)
    seconds = time.perf_counter() - t
    return {"seconds": seconds, "added": result.added, "removed": result.removed}


def task_diff_sort_nt(data: str) -> dict:
    import pyoxigraph as ox

    t = time.perf_counter()
    a = set(ox.serialize(ox.parse(path=data, format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES).split(b"\n"))
    b = set(ox.serialize(ox.parse(path=str(changed_path(data)), format=ox.RdfFormat.N_TRIPLES),
                         format=ox.RdfFormat.N_TRIPLES).split(b"\n"))
    added, removed = len(b - a), len(a - b)
    seconds = time.perf_counter() - t
    return {"seconds": seconds, "added": added, "removed": removed}


TASKS = {
    "build/aireg": task_build_aireg,
    "build/pyoxigraph": task_build_pyoxigraph,
    "diff/aireg": task_diff_aireg,
    "diff/sort-nt": task_diff_sort_nt,
}

# (label, aireg task, peer name, peer task) rows of the results table
PAIRS = [
    ("build (N-Triples + Turtle)", "build/aireg", "pyoxigraph load + dump", "build/pyoxigraph"),
    ("diff against a changed copy", "diff/aireg", "N-Triples set compare", "diff/sort-nt"),
]
