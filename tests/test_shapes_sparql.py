"""SPARQL in shapes: what SHACL forbids is refused before any engine runs; SERVICE never reaches the network."""

from __future__ import annotations

import http.server
import threading

import pytest
from rdflib import URIRef

from aireg.cli import main
from aireg.shapes_sparql import ShapesError, forbidden, join_safe, prebind

SH_SELECT = URIRef("http://www.w3.org/ns/shacl#select")

SHAPE = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix aireg: <https://w3id.org/aireg/ont#> .
@prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass aireg:Instrument ;
  sh:sparql [ sh:message "m" ; sh:select \"\"\"SELECT $this WHERE { %s }\"\"\" ] .
"""


@pytest.mark.parametrize("body, word", [
    ("$this ?p ?o . MINUS { $this ?p 1 }", "MINUS"),
    ("VALUES ?x { 1 } $this ?p ?x", "VALUES"),
    ("$this ?p ?o . SERVICE <http://127.0.0.1:9/> { ?a ?b ?c }", "SERVICE"),
    ("BIND (1 AS ?this)", "pre-bound"),
    ("$this ?p ?o . { SELECT ?o WHERE { ?o ?q ?r } }", "sub-SELECT"),
    ("{ SELECT * WHERE { FILTER ($this = <http://x>) } }", "sub-SELECT"),
])
def test_forbidden_constructs(body, word):
    assert word in (forbidden("SELECT $this WHERE { " + body + " }") or "")


def test_the_word_service_in_a_string_or_a_variable_is_no_service(tmp_path):
    from rdflib import Graph

    from aireg.shapes_sparql import check_shapes_sparql

    g = Graph().parse(data=SHAPE % '$this <http://example.org/p> ?service . FILTER (?service != "SERVICE desk")',
                      format="turtle")
    check_shapes_sparql(g)  # nothing refused


def test_allowed_queries():
    assert forbidden("SELECT $this WHERE { { SELECT $this WHERE { FILTER ($this = <http://x>) } } }") is None
    assert forbidden("SELECT $this ?value WHERE { $this <http://p> ?value FILTER NOT EXISTS { ?value <http://q> 1 } }") is None


def test_join_is_used_only_where_it_equals_pre_binding():
    assert join_safe("SELECT $this WHERE { $this <http://p> ?v . FILTER NOT EXISTS { $this <http://q> ?w } }")
    assert join_safe("SELECT $this WHERE { BIND ($this AS ?that) FILTER (?that = <http://x>) }")
    assert not join_safe("SELECT $this WHERE { { FILTER (false) } UNION { FILTER ($this = <http://x>) } }")
    assert not join_safe("SELECT $this WHERE { { { FILTER ($this = <http://x>) } } }")
    # OPTIONAL directly in the top group: the left join meets $this bound by the focus pattern put first
    assert join_safe("SELECT $this WHERE { OPTIONAL { $this <http://p> ?v } }")
    assert join_safe("SELECT $this WHERE { OPTIONAL { ?c <http://p> ?v FILTER (?c = $this) } FILTER (!BOUND(?v)) }")
    # ... but not a BIND inside it (run before the join), nor a group or EXISTS nested in it
    assert not join_safe("SELECT $this WHERE { OPTIONAL { BIND ($this AS ?v) } }")
    assert not join_safe("SELECT $this WHERE { OPTIONAL { { $this <http://p> ?v } } }")
    assert not join_safe("SELECT $this WHERE { OPTIONAL { ?v <http://p> 1 FILTER EXISTS { $this <http://q> ?v } } }")
    assert not join_safe("SELECT $this (COUNT(?v) AS ?n) WHERE { $this <http://p> ?v } GROUP BY $this")


def test_prebind_writes_the_value_in():
    import pyoxigraph as ox

    text, rest = prebind("SELECT $this WHERE { FILTER (bound($this) && $this = <http://x>) } GROUP BY $this",
                         {"this": ox.NamedNode("http://x")})
    assert rest == {}
    assert text == ("SELECT (<http://x> AS ?this) WHERE { FILTER ((true) && <http://x> = <http://x>) } "
                    "GROUP BY (<http://x>)")
    text, rest = prebind("ASK { FILTER (?value = $p) }", {"value": ox.Literal("a"), "p": ox.BlankNode("b")})
    assert text.startswith("SELECT ?p WHERE ") and set(rest) == {"p"}


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: list = []

    def do_GET(self):  # noqa: N802
        _Counter.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(b'{"head": {"vars": ["a"]}, "results": {"bindings": [{"a": {"type": "uri", "value": "http://x"}}]}}')

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def endpoint():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Counter)
    _Counter.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_service_in_shapes_is_refused_and_never_called(endpoint, engine, tmp_path, capsys):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPE % f"$this ?p ?o . SERVICE <{endpoint}> {{ ?a ?b ?c }}", encoding="utf-8")
    assert main(["validate", "--shacl-engine", engine, "--shapes-file", str(shapes)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "SERVICE" in err and str(shapes) in err
    # also through the library, with the shapes as a graph
    from aireg import validate
    from aireg.validate import load_shapes

    with pytest.raises(ShapesError):
        validate(shapes=load_shapes(shapes), shacl_engine=engine)
    assert _Counter.hits == []


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_pyshacl_refusing_the_shapes_is_one_line_exit_2(tmp_path, capsys, engine):
    """pySHACL cannot run $shapesGraph; the fast engine can, but hands this shape over (a SPARQL-based target)."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPE % "GRAPH $shapesGraph { ?s ?p ?o }" + """
ex:S sh:target [ a sh:SPARQLTarget ;
        sh:select "SELECT ?this WHERE { ?this a <https://w3id.org/aireg/ont#ExecutiveOrder> }" ] .
""", encoding="utf-8")
    assert main(["validate", "--shacl-engine", engine, "--shapes-file", str(shapes)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "pySHACL refuses the shapes" in err and "Traceback" not in err
    assert str(shapes) in err


def test_shapes_graph_is_pre_bound_by_the_fast_engine(tmp_path):
    """$shapesGraph names a graph holding the shapes; the user's store is not written to."""
    from aireg import load_graph, validate
    from aireg.validate import load_shapes

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPE % "GRAPH $shapesGraph { $currentShape sh:targetClass aireg:Instrument }"
                      .replace("sh:targetClass", "<http://www.w3.org/ns/shacl#targetClass>")
                      .replace("aireg:Instrument", "<https://w3id.org/aireg/ont#Instrument>"), encoding="utf-8")
    graph = load_graph()
    before = len(graph)
    result = validate(graph, load_shapes(shapes))
    assert result.engine == "fast" and len(graph) == before
    assert {f.message for f in result.findings if f.shape == "http://example.org/S"} == {"m"}
    assert sum(f.shape == "http://example.org/S" for f in result.findings) >= 10  # every instrument


OPTIONAL_SHAPES = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:sparql [ sh:select \"\"\"
    SELECT $this ?value WHERE {
        OPTIONAL { $this <http://example.org/p> ?value . FILTER (?value != 2) }
        OPTIONAL { ?c <http://example.org/cites> ?src FILTER (?c = $this && ?src != <http://example.org/newsletter>) }
        FILTER (!BOUND(?src))
    }\"\"\" ] .
"""
OPTIONAL_DATA = """\
@prefix ex: <http://example.org/> .
ex:a a ex:T ; ex:p 1, 2 ; ex:cites ex:newsletter .
ex:b a ex:T ; ex:p 2 ; ex:cites ex:official .
ex:c a ex:T .
ex:d a ex:T ; ex:p 3 ; ex:cites ex:official, ex:newsletter .
ex:e ex:p 1 .
"""


@pytest.mark.parametrize("data, shapes", [(OPTIONAL_DATA, OPTIONAL_SHAPES), (None, None)], ids=["optional", "bundled"])
def test_joined_and_pre_bound_runs_find_the_same(monkeypatch, data, shapes):
    """Queries with OPTIONAL run once, joined with the targets: the findings are those of pre-binding
    focus node by focus node (forced here by declaring no query join-safe), and pySHACL's."""
    from rdflib import Graph

    from aireg import load_graph
    from aireg import shapes_sparql as module
    from aireg.validate import load_shapes, validate

    graph = Graph().parse(data=data, format="turtle") if data else load_graph()
    sg = Graph().parse(data=shapes, format="turtle") if shapes else load_shapes()
    assert any(join_safe(str(t)) and "OPTIONAL" in str(t) for t in sg.objects(None, SH_SELECT))

    def keys(result):
        return sorted((f.focus, f.value or "", f.message) for f in result.findings)

    joined = validate(graph, sg, shacl_engine="fast")
    monkeypatch.setattr(module, "join_safe", lambda *a, **k: False)
    per_focus = validate(graph, sg, shacl_engine="fast")
    assert joined.engine == per_focus.engine == "fast"
    assert keys(joined) == keys(per_focus)
    if data:
        assert {f.focus for f in joined.findings} == {"http://example.org/a", "http://example.org/c"}
        assert keys(joined) == keys(validate(graph, sg, shacl_engine="pyshacl"))
