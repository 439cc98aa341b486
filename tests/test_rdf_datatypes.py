"""``rdf:JSON`` and ``rdf:XMLLiteral`` literals are checked against their lexical spaces (RDF 1.2 Concepts).

Before: any string passed as rdf:JSON or rdf:XMLLiteral, so ``"[1,]"^^rdf:JSON`` or an XML literal
with a tag left open loaded, validated "conforms" and was built into out/. Now they are ill-typed
literals: one line naming the file and line, exit 2, nothing written, on every command.
"""

from __future__ import annotations

import pytest

from aireg.cli import main
from aireg.rdf_datatypes import reason

BAD_JSON = [
    "[1,]", "{'a': 1}", "NaN", "-Infinity", "01", "", "{\"a\": 1, \"a\": 2}", "\"\\ud800\"", "\"\\ufdd0\"",
    "[1] [2]", "{\"a\" 1}", "tru",
]
GOOD_JSON = ["{\"a\": [1, 2.5e3, true, null]}", "1", "\"x\"", " [ ] ", "\"\\ud83d\\ude00\"", "{}", "-0.0"]
BAD_XML = [
    "<b>bold", "<b>bold</i>", "<p:a/>", "&nbsp;", "&#0;", "<!DOCTYPE a><a/>", "<?xml version=\"1.0\"?><a/>",
    "a</aireg-content><aireg-content>b", "<a b='1' b='2'/>", "<a>&</a>",
]
GOOD_XML = ["", "plain text", "<b>bold</b> and <i>italic</i>", "<p:a xmlns:p=\"http://example.org/\"/>",
            "<!-- c --><?pi x?><![CDATA[<x>]]>", "&amp;&lt;&#x1F600;", "&#x1;"]


@pytest.mark.parametrize("lexical", BAD_JSON)
def test_ill_formed_json_is_named(lexical):
    assert reason(lexical, "JSON"), lexical


@pytest.mark.parametrize("lexical", GOOD_JSON)
def test_well_formed_json_passes(lexical):
    assert reason(lexical, "JSON") is None


@pytest.mark.parametrize("lexical", BAD_XML)
def test_ill_formed_xml_literal_is_named(lexical):
    assert reason(lexical, "XMLLiteral"), lexical


@pytest.mark.parametrize("lexical", GOOD_XML)
def test_well_formed_xml_literal_passes(lexical):
    assert reason(lexical, "XMLLiteral") is None


PREFIXES = "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n@prefix ex: <http://example.org/> .\n"
FILES = {
    "json": (PREFIXES + "ex:a ex:ok '{\"a\": 1}'^^rdf:JSON .\n\nex:a ex:bad '{\"a\": [1, 2,]}'^^rdf:JSON .\n",
             "data.ttl", 5, "rdf:JSON: not JSON"),
    "xml": (PREFIXES + 'ex:a ex:ok "<b>x</b>"^^rdf:XMLLiteral .\nex:a ex:bad """<p>\n  <b>bold</p>"""^^rdf:XMLLiteral .\n',
            "data.ttl", 4, "rdf:XMLLiteral: not well-balanced"),
    "jsonld": ('{"@id": "http://example.org/a",\n "http://example.org/p": {"@value": "<b>x",\n'
               '   "@type": "http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral"}}\n',
               "data.jsonld", 2, "rdf:XMLLiteral"),
}


@pytest.mark.parametrize("case", sorted(FILES))
@pytest.mark.parametrize("command", ["validate", "build"])
def test_every_command_refuses_the_file_at_the_line(tmp_path, capsys, case, command):
    text, name, line, needle = FILES[case]
    data = tmp_path / name
    data.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    args = ["validate", str(data), "--format", "json", "-o", str(out)] if command == "validate" \
        else ["build", str(data), "-o", str(out)]
    code = main(args)
    captured = capsys.readouterr()
    assert code == 2, captured
    err = captured.err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in captured.err, err
    assert err.startswith(f"aireg {command}: error: {data}:{line}: ill-typed literal "), err
    assert needle in err, err
    assert not out.exists()


def test_well_formed_json_and_xml_literals_pass_the_gate(tmp_path, capsys):
    data = tmp_path / "data.ttl"
    data.write_text(PREFIXES + "ex:a ex:j '{\"a\": [1, null]}'^^rdf:JSON ; ex:x \"<b>x</b>\"^^rdf:XMLLiteral .\n",
                    encoding="utf-8")
    assert main(["validate", str(data)]) == 0, capsys.readouterr()


def test_json_nested_beyond_what_python_can_check_is_refused_as_unusable(tmp_path, capsys):
    data = tmp_path / "deep.ttl"
    data.write_text(PREFIXES + "ex:a ex:j '" + "[" * 100000 + "]" * 100000 + "'^^rdf:JSON .\n", encoding="utf-8")
    assert main(["validate", str(data)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert err.startswith(f"aireg validate: error: {data}:3: unusable literal "), err
    assert "nested too deeply" in err
