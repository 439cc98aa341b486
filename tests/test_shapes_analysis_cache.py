"""What the gate learns about a shape's SPARQL text is kept between runs, and only for that text and code.

Each check parses the text with rdflib's SPARQL parser (a fifth of a second a
text, most of a bundled ``aireg validate``); the answers are kept like the
query verdicts (aireg.sparql.cache). A later process must give the same
answers without parsing, and a text or code never seen must still be parsed.
"""

from __future__ import annotations

import pytest

from aireg import literal_shapes, shapes_sparql
from aireg.sparql import cache
from aireg.validate import load_shapes

SH_SELECT = "http://www.w3.org/ns/shacl#select"
FORBIDDEN = {
    "SELECT $this WHERE { $this ?p ?o MINUS { $this a ?t } }": "MINUS is not allowed in SHACL constraints",
    "SELECT $this WHERE { { SELECT ?x WHERE { ?x ?p ?o } } $this ?q ?x }":
        "a sub-SELECT must return the pre-bound variables the query uses (it does not return $this)",
    "SELECT $this WHERE { { SELECT $this WHERE { $this ?p ?o } } }": None,
}


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("AIREG_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("AIREG_NO_CACHE", raising=False)

    def new_process():  # what a new run starts with: no memory, only the files
        monkeypatch.setattr(cache, "_memory", None)
        shapes_sparql.forbidden.cache_clear()

    new_process()
    yield new_process
    new_process()


def _bundled_texts() -> list[tuple[str, str]]:
    """(text, prefixes) of every SELECT constraint of the bundled shapes."""
    from rdflib import URIRef

    shapes = load_shapes()
    return sorted((str(text), shapes_sparql.prefixes(shapes, node))
                  for node, text in shapes.subject_objects(URIRef(SH_SELECT)))


def _answers(texts, predicates):
    return [literal_shapes.sparql_sees(t, prefixes, predicates) for t, prefixes in texts]


def test_sparql_sees_answers_come_back_without_a_parse(fresh_cache, monkeypatch):
    texts = _bundled_texts()
    assert len(texts) >= 10
    predicates = frozenset(literal_shapes.URIRef(i) for i in (
        "https://w3id.org/aireg/ont#amount", "http://data.europa.eu/eli/ontology#date_document"))
    first = _answers(texts, predicates)
    assert True in first and False in first  # the analysis tells texts apart

    fresh_cache()
    monkeypatch.setattr(literal_shapes, "_sees", lambda *a: pytest.fail("parsed again"))
    assert _answers(texts, predicates) == first

    # another predicate set is another question: it is computed, not looked up
    monkeypatch.undo()
    other = frozenset({literal_shapes.URIRef("urn:x:not-used")})
    assert not any(_answers(texts, other))


def test_forbidden_answers_come_back_without_a_parse(fresh_cache, monkeypatch):
    first = {text: shapes_sparql.forbidden(text) for text in FORBIDDEN}
    assert first == FORBIDDEN

    fresh_cache()
    monkeypatch.setattr(shapes_sparql, "_forbidden_by_parse", lambda *a: pytest.fail("parsed again"))
    assert {text: shapes_sparql.forbidden(text) for text in FORBIDDEN} == FORBIDDEN


def test_no_cache_gives_the_same_answers(fresh_cache, monkeypatch):
    cached = {text: shapes_sparql.forbidden(text) for text in FORBIDDEN}
    fresh_cache()
    monkeypatch.setenv("AIREG_NO_CACHE", "1")
    calls = []
    parse = shapes_sparql._forbidden_by_parse
    monkeypatch.setattr(shapes_sparql, "_forbidden_by_parse", lambda *a: calls.append(a) or parse(*a))
    assert {text: shapes_sparql.forbidden(text) for text in FORBIDDEN} == cached
    assert len(calls) == len(FORBIDDEN)  # switched off: every text parsed


def test_a_changed_analysis_code_is_never_answered_from_old_files(fresh_cache, monkeypatch, tmp_path):
    text = next(iter(FORBIDDEN))
    assert shapes_sparql.forbidden(text) == FORBIDDEN[text]
    fresh_cache()
    changed = tmp_path / "shapes_sparql_changed.py"
    changed.write_text("# another version of the analysis\n", encoding="utf-8")
    monkeypatch.setattr(shapes_sparql, "__file__", str(changed))
    calls = []
    monkeypatch.setattr(shapes_sparql, "_forbidden_by_parse", lambda *a: calls.append(a) or "changed")
    assert shapes_sparql.forbidden(text) == "changed" and calls
