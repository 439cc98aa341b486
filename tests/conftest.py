"""Shared fixtures: the bundled graph is loaded once per test session."""

from __future__ import annotations

import contextlib
import os
import signal
import threading

import pytest
from hypothesis import settings

from aireg import load_graph

# The property tests draw the same examples on every run, so a red run can be
# repeated and a green one means the same thing on any machine. For a wider,
# random search: HYPOTHESIS_PROFILE=explore (with AIREG_FUZZ_SCALE=20 for more).
settings.register_profile("gate", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "gate"))


@pytest.fixture(scope="session", autouse=True)
def _query_check_cache(tmp_path_factory):
    """The front door's verdicts (aireg.sparql.cache) go to a folder of this session, not ~/.cache."""


    os.environ["AIREG_CACHE_DIR"] = str(tmp_path_factory.mktemp("aireg-cache"))
    from aireg.sparql import cache

    cache._memory = None
    yield


@pytest.fixture(scope="session")
def graph():
    """The bundled ontology and data on the default engine."""
    return load_graph()


@pytest.fixture(scope="session")
def rdflib_graph():
    """The bundled ontology and data on rdflib's in-memory store."""
    return load_graph(engine="rdflib")


@pytest.fixture(scope="session")
def timeline_svg(graph, tmp_path_factory):
    """``timeline_svg(lang)``: (the SVG timeline of the whole bundled graph, export's report), drawn once
    per language for the session (tests of the picture and of its time marks read the same file)."""
    from aireg.export import export

    drawn: dict = {}

    def get(lang: str = "en"):
        if lang not in drawn:
            out = tmp_path_factory.mktemp(f"timeline-{lang}") / "timeline.svg"
            drawn[lang] = (out, export(graph, "timeline", out, lang=lang))
        return drawn[lang]
    return get


# --- Real SPARQL servers (aireg.server): Oxigraph on 127.0.0.1 ---------------

SPARQL_SAMPLE_TTL = """\
@prefix aireg: <https://w3id.org/aireg/ont#> .
@prefix id: <https://w3id.org/aireg/id/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

id:eo-14110 a aireg:ExecutiveOrder ;
    dcterms:title "Executive Order 14110"@en-US ;
    skos:altLabel "Safe, Secure, and Trustworthy AI" ;
    dcterms:issued "2023-10-30"^^xsd:date ;
    aireg:sectionCount 13 ;
    aireg:weight 2.50 ;
    aireg:score 1.5e0 ;
    aireg:binding true .

id:eu-ai-act a aireg:Regulation ;
    dcterms:title "Artificial Intelligence Act"@en-GB , "Verordnung über künstliche Intelligenz"@de ;
    dcterms:issued "2024-06-13"^^xsd:date ;
    aireg:sectionCount 113 ;
    aireg:weight 3.0 ;
    aireg:binding true ;
    aireg:amends id:eo-14110 .

id:eo-14179 a aireg:ExecutiveOrder ;
    dcterms:title "Removing Barriers to American Leadership in AI"^^xsd:string ;
    dcterms:issued "2025-01-23"^^xsd:date ;
    aireg:sectionCount 7 ;
    aireg:revokes id:eo-14110 ;
    aireg:note [ a aireg:Note ; skos:note "a blank node with \\"quotes\\"" ] .
"""


@pytest.fixture(scope="session")
def sparql_sample_ttl(tmp_path_factory):
    """A small Turtle file in the project's namespaces, for the SPARQL layer tests."""
    path = tmp_path_factory.mktemp("sparql-sample") / "sample.ttl"
    path.write_text(SPARQL_SAMPLE_TTL, encoding="utf-8")
    return path


@contextlib.contextmanager
def _sigterm_ends_the_session():
    """Turn the first SIGTERM into an interrupt, which pytest answers with an orderly teardown.

    pytest survives Ctrl-C long enough to stop the session's servers, but dies
    at once on SIGTERM (``timeout``, a CI runner cancelling the job); a second
    SIGTERM still ends the run at once.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        yield
        return
    previous = signal.getsignal(signal.SIGTERM) or signal.SIG_DFL

    def interrupt(signum, frame):
        signal.signal(signal.SIGTERM, previous)
        raise KeyboardInterrupt("SIGTERM")

    signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@pytest.fixture(scope="session")
def oxigraph_server_factory():
    """Start real Oxigraph servers on 127.0.0.1: ``start(*files, **options)``.

    Every server started through the factory is stopped at the end of the
    session, whether tests fail, the run is interrupted or it gets SIGTERM.
    """
    from aireg.server import OxigraphServer

    servers = []

    def start(*files, **options):
        srv = OxigraphServer(list(files), **options)
        servers.append(srv)
        return srv.start()

    with _sigterm_ends_the_session():
        try:
            yield start
        finally:
            for srv in servers:
                srv.stop()


@pytest.fixture(scope="session")
def sample_oxigraph_server(oxigraph_server_factory, sparql_sample_ttl):
    """A real Oxigraph server serving the sample file (read only: tests must not write)."""
    return oxigraph_server_factory(sparql_sample_ttl, read_only=True)


@pytest.fixture(scope="session")
def oxigraph_server(oxigraph_server_factory, tmp_path_factory):
    """A real Oxigraph server on 127.0.0.1 serving the bundled graph (as N-Triples).

    Skipped while the bundled ontology and data cannot be loaded.
    """
    from aireg.errors import AiregError

    try:
        bundled = load_graph()
    except AiregError as err:
        pytest.skip(f"bundled graph not available: {err}")
    path = tmp_path_factory.mktemp("bundled") / "aireg.nt"
    bundled.serialize(destination=str(path), format="nt", encoding="utf-8")
    return oxigraph_server_factory(path, read_only=True)


# --- OpenLink Virtuoso (Debian's virtuoso-opensource; .ci/run installs it) ---

AIREG_GRAPH = "https://w3id.org/aireg/graph"


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory):
    """A real Virtuoso on 127.0.0.1 with the bundled graph in the named graph AIREG_GRAPH.

    Started once per session from its own ini and database in a temp folder,
    stopped (and the folder removed) however the session ends, SIGTERM included.
    Skipped only where the virtuoso-t binary is absent.
    """
    from virtuoso import VirtuosoServer, available

    if not available():
        pytest.skip("virtuoso-t is not installed (apt-get install virtuoso-opensource; .ci/run does)")
    bundled = load_graph()
    path = tmp_path_factory.mktemp("virtuoso-data") / "aireg.nt"
    bundled.serialize(destination=str(path), format="nt", encoding="utf-8")
    server = VirtuosoServer()
    with _sigterm_ends_the_session():
        try:
            server.start()
            server.load(path, AIREG_GRAPH)
            yield server
        finally:
            server.stop()
