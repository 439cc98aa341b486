"""aireg docs: the ontology reference page, generated from ontology/aireg.ttl."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS

from aireg import paths
from aireg.cli import main
from aireg.docs import build_docs
from aireg.namespaces import AIREG

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}


class TagChecker(HTMLParser):
    """Collects ids and external loads, and checks that elements nest."""

    def __init__(self):
        super().__init__()
        self.stack, self.ids, self.loads, self.errors = [], set(), [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag in ("script", "img", "iframe") and attrs.get("src"):
            self.loads.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.loads.append(attrs["href"])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
            return
        self.stack.pop()


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    out = tmp_path_factory.mktemp("docs") / "ontology.html"
    assert main(["docs", "-o", str(out)]) == 0
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ontology():
    g = Graph()
    g.parse(paths.ontology_file(), format="turtle")
    return g


def test_page_is_well_formed_and_offline(page):
    checker = TagChecker()
    checker.feed(page)
    assert not checker.errors
    assert checker.stack == []
    assert checker.loads == []
    assert "<script" not in page


def test_every_class_and_property_has_a_section(page, ontology):
    checker = TagChecker()
    checker.feed(page)
    terms = {s for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty) for s in ontology.subjects(RDF.type, t)
             if str(s).startswith(str(AIREG))}
    assert len(terms) > 20
    missing = [t for t in terms if "t-" + str(t)[len(str(AIREG)):] not in checker.ids]
    assert not missing


def test_labels_in_both_languages_and_comments(page, ontology):
    for lang in ("en", "zh-hant"):
        label = next(str(v) for v in ontology.objects(AIREG.Instrument, RDFS.label) if v.language.lower() == lang)
        assert label in page
    comment = str(next(ontology.objects(AIREG.Instrument, RDFS.comment)))
    assert comment.split(".")[0] in page


def test_hierarchy_domains_ranges_and_alignments(page):
    section = re.search(r'<section class="term" id="t-ExecutiveOrder">(.*?)</section>', page, re.S).group(1)
    assert 'href="#t-BindingInstrument"' in section
    instrument = re.search(r'<section class="term" id="t-Instrument">(.*?)</section>', page, re.S).group(1)
    assert "eli:Work" in instrument and "close match" in instrument and "schema:Legislation" in instrument
    assert re.search(r"subclasses</th><td>.*href=\"#t-BindingInstrument\"", instrument)
    prop = re.search(r'<section class="term" id="t-versionOf">(.*?)</section>', page, re.S).group(1)
    assert "domain" in prop and 'href="#t-InstrumentVersion"' in prop
    assert "range" in prop and 'href="#t-Instrument"' in prop
    assert "eli:is_member_of" in prop
    alignments = re.search(r'<section id="alignments">(.*?)</section>', page, re.S).group(1)
    assert alignments.count("<tr>") > 10


def test_text_is_escaped():
    g = Graph()
    term = AIREG["Bad"]
    g.add((term, RDF.type, OWL.Class))
    g.add((term, RDFS.label, Literal("<script>alert(1)</script>", lang="en")))
    g.add((term, RDFS.comment, Literal('a "quoted" & <b>bold</b> comment', lang="en")))
    page = build_docs(g)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page


def test_bad_input_is_one_line_and_leaves_no_file(capsys, tmp_path):
    out = tmp_path / "docs.html"
    assert main(["docs", "--ontology", str(tmp_path / "missing.ttl"), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("aireg docs: error:") and err.count("\n") == 1 and "no such file" in err
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix x: <http://x/> .\nx:a x:b x:c .\n")
    assert main(["docs", "--ontology", str(bad), "-o", str(out)]) == 2
    assert "no aireg: classes" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.ttl"]
