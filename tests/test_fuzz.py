"""Property-based: random bytes and mutated real files never crash aireg or hang it.

Whatever the input, ``load_graph`` returns a graph or raises ``AiregError``
with a one-line message, and ``aireg validate`` exits 0, 1 or 2 (2 with one
line on stderr, never a traceback). About 150 examples in all, so the suite
stays fast; every example has a deadline.
"""

from __future__ import annotations

import io
import os
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from aireg import paths
from aireg.cli import main
from aireg.errors import AiregError, QueryError
from aireg.load import load_graph
from aireg.sparql import run_query

SUFFIXES = [".ttl", ".nt", ".jsonld", ".rdf", ".trig", ".nq"]


def _seeds() -> dict[str, bytes]:
    """Small real files in each syntax: terms.ttl and the US executive orders, re-serialised."""
    terms = (paths.data_dir() / "terms.ttl").read_bytes()
    orders = (paths.data_dir() / "us-executive-orders.ttl").read_bytes()
    g = Graph().parse(data=terms.decode("utf-8"), format="turtle")
    return {
        "terms.ttl": terms,
        "orders.ttl": orders,
        "terms.nt": g.serialize(format="nt", encoding="utf-8"),
        "terms.jsonld": g.serialize(format="json-ld", encoding="utf-8"),
        "terms.rdf": g.serialize(format="xml", encoding="utf-8"),
    }


SEEDS = _seeds()

PAYLOADS = [b'"', b"'", b"<", b">", b"[", b"]", b"(", b")", b"{", b"}", b";", b".", b",", b"@", b"^^", b"\\",
            b'"""', b"\n", b"\x00", b"\xff", b"\xc3", b"&", b"<!ENTITY x SYSTEM 'file:///etc/passwd'>", b"&x;",
            b"_:", b"a", b"#", b"@prefix", b"\xef\xbb\xbf", b"\"abc\"^^<http://www.w3.org/2001/XMLSchema#date>",
            b"<http://example.org/a b>", b"@base <x> .", b'{"@context": "http://127.0.0.1:9/c"}']

mutation = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 1 << 20), st.integers(1, 255)),
    st.tuples(st.just("truncate"), st.integers(0, 1 << 20), st.just(0)),
    st.tuples(st.just("insert"), st.integers(0, 1 << 20), st.sampled_from(PAYLOADS)),
    st.tuples(st.just("delete"), st.integers(0, 1 << 20), st.integers(1, 64)),
)


def mutate(data: bytes, mutations) -> bytes:
    buf = bytearray(data)
    for op, pos, arg in mutations:
        at = pos % (len(buf) + 1)
        if op == "flip" and buf:
            buf[at % len(buf)] ^= arg
        elif op == "truncate":
            del buf[at:]
        elif op == "insert":
            buf[at:at] = arg
        elif op == "delete":
            del buf[at:at + arg]
    return bytes(buf)


def _check_error(err: AiregError) -> None:
    text = str(err)
    assert text and "\n" not in text, repr(text)
    assert "Traceback" not in text


def _load(data: bytes, suffix: str, engine: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("input" + suffix)
        path.write_bytes(data)
        try:
            load_graph([path], engine=engine)
        except AiregError as err:
            _check_error(err)


def _cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


# AIREG_FUZZ_SCALE=20 runs twenty times as many examples (for a deeper search, not in CI)
SCALE = float(os.environ.get("AIREG_FUZZ_SCALE", "1"))


def fuzz(max_examples: int, seconds: float) -> settings:
    """Bounded examples, a deadline per example, no example database left in the checkout."""
    return settings(max_examples=max(1, int(max_examples * SCALE)), deadline=timedelta(seconds=seconds), database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture],
                    print_blob=True)


@fuzz(40, 5)
@given(data=st.binary(max_size=2048), suffix=st.sampled_from(SUFFIXES), engine=st.sampled_from(["oxigraph", "rdflib"]))
def test_random_bytes_load_or_fail_cleanly(data, suffix, engine):
    _load(data, suffix, engine)


@fuzz(65, 5)
@given(seed=st.sampled_from(sorted(SEEDS)), mutations=st.lists(mutation, min_size=1, max_size=4),
       engine=st.sampled_from(["oxigraph", "rdflib"]))
def test_mutated_real_files_load_or_fail_cleanly(seed, mutations, engine):
    data = mutate(SEEDS[seed], mutations)
    _load(data, Path(seed).suffix, engine)


@fuzz(25, 20)
@given(seed=st.sampled_from(["terms.ttl", "orders.ttl", "terms.jsonld", "terms.rdf"]),
       mutations=st.lists(mutation, min_size=1, max_size=3), fmt=st.sampled_from(["text", "json", "junit"]))
def test_validate_exits_0_1_or_2_with_one_line(seed, mutations, fmt):
    data = mutate(SEEDS[seed], mutations)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("input" + Path(seed).suffix)
        path.write_bytes(data)
        report = Path(tmp) / "report.out"
        code, out, err = _cli(["validate", "--format", fmt, "-o", str(report), str(path)])
        assert code in (0, 1, 2)
        assert "Traceback" not in err
        if code == 2:
            assert len(err.strip().splitlines()) == 1, err
            assert not report.exists()
        else:
            assert err == "" and report.exists()


QUERY_SEEDS = [
    "SELECT ?i ?id WHERE { ?i a aireg:ExecutiveOrder ; aireg:identifier ?id } ORDER BY ?id",
    "ASK { ?x aireg:identifier \"E.O. 14110\" }",
    "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l FILTER(LANG(?l) = \"en\") } LIMIT 5",
]


@pytest.fixture(scope="module")
def query_graph():
    return load_graph([paths.data_dir() / "us-executive-orders.ttl"], engine="oxigraph")


@fuzz(10, 5)
@given(seed=st.sampled_from(QUERY_SEEDS), mutations=st.lists(mutation, min_size=1, max_size=3))
def test_mutated_queries_answer_or_fail_cleanly(query_graph, seed, mutations):
    text = mutate(seed.encode("utf-8"), mutations).decode("utf-8", errors="replace")
    before = len(query_graph)
    try:
        run_query(query_graph, text)
    except QueryError as err:
        _check_error(err)
    assert len(query_graph) == before


@fuzz(10, 10)
@given(seed=st.sampled_from(QUERY_SEEDS), mutations=st.lists(mutation, min_size=1, max_size=3),
       data_seed=st.sampled_from(["orders.ttl", "terms.ttl"]), data_mutations=st.lists(mutation, max_size=2))
def test_aireg_query_exits_0_or_2_with_one_line(seed, mutations, data_seed, data_mutations):
    query = mutate(seed.encode("utf-8"), mutations)
    data = mutate(SEEDS[data_seed], data_mutations)
    with tempfile.TemporaryDirectory() as tmp:
        rq = Path(tmp) / "q.rq"
        rq.write_bytes(query)
        path = Path(tmp) / data_seed
        path.write_bytes(data)
        out_file = Path(tmp) / "answer.json"
        try:
            code, out, err = _cli(["query", "-f", "json", "-o", str(out_file), str(rq), str(path)])
        except SystemExit as exit_:  # argparse
            code, err = exit_.code, ""
        assert code in (0, 2)
        assert "Traceback" not in err
        if code == 2:
            assert len(err.strip().splitlines()) <= 1, err
            assert not out_file.exists()
