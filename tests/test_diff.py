"""`aireg diff OLD NEW`: changes grouped by instrument, blank nodes matched by structure."""

from __future__ import annotations

import json
import shutil

import pytest

from aireg.cli import main
from aireg.diff import diff
from helpers import copy_data, edit


@pytest.fixture()
def old_new(tmp_path):
    old = copy_data(tmp_path / "old")
    new = tmp_path / "new" / "data"
    shutil.copytree(old, new)
    return old, new


def test_same_data_is_no_difference_although_blank_nodes_are_renamed(old_new, capsys):
    old, new = old_new
    # reformat a file: same triples (terms spelled as written), other blank-node ids, other order
    import pyoxigraph as ox

    quads = list(ox.parse(path=str(new / "eu-ai-act.ttl"), format=ox.RdfFormat.TURTLE, rename_blank_nodes=True))
    (new / "eu-ai-act.ttl").unlink()
    (new / "eu-ai-act.nt").write_bytes(ox.serialize(reversed(quads), format=ox.RdfFormat.N_TRIPLES))
    result = diff(old, new)
    assert not result.differs and result.added == result.removed == 0
    assert main(["diff", str(old), str(new)]) == 0
    assert "no difference" in capsys.readouterr().out


def test_changes_are_grouped_by_instrument(old_new, capsys):
    old, new = old_new
    edit(new / "eo-14110.ttl", 'eli:date_document "2023-10-30"^^xsd:date', 'eli:date_document "2023-10-31"^^xsd:date')
    # a provision of the AI Act (via eli:is_part_of) and a norm of EO 14110 (via aireg:imposedBy)
    edit(new / "eo-14110.ttl", 'aireg:deadlineDays 90', 'aireg:deadlineDays 91')
    result = diff(old, new)
    keys = [c.key.rsplit("/", 1)[-1] for c in result.changes]
    assert keys == ["eo-14110"]
    change = result.changes[0]
    assert change.label == "Executive Order 14110"
    assert len(change.removed) == len(change.added) == 2
    assert main(["diff", str(old), str(new)]) == 1
    out = capsys.readouterr().out
    assert "id:eo-14110  Executive Order 14110" in out
    assert '  - id:eo-14110 eli:date_document "2023-10-30"^^xsd:date' in out
    assert '  + id:eo-14110 eli:date_document "2023-10-31"^^xsd:date' in out
    assert "2 triple(s) removed, 2 added; 1 instrument(s) changed" in out


def test_a_changed_citation_shows_under_its_instrument_only(old_new):
    old, new = old_new
    edit(new / "eu-ai-act.ttl", "aireg:page 8 ; aireg:footnote 23 ;", "aireg:page 9 ; aireg:footnote 23 ;")
    result = diff(old, new)
    assert [c.key.rsplit("/", 1)[-1] for c in result.changes] == ["eu-ai-act"]
    pages = [str(t[2]) for t in result.changes[0].added if str(t[1]).endswith("#page")]
    assert pages == ["9"]


def test_labels_in_another_language_and_json(old_new, capsys):
    old, new = old_new
    edit(new / "eo-14110.ttl", 'eli:date_document "2023-10-30"^^xsd:date', 'eli:date_document "2023-10-31"^^xsd:date')
    assert main(["diff", "--format", "json", "--lang", "zh-Hant", str(old), str(new)]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["differs"] is True and doc["exit_code"] == 1 and doc["added"] == doc["removed"] == 1
    (entry,) = doc["instruments"]
    assert entry["instrument"] == "https://w3id.org/aireg/id/eo-14110"
    assert "14110" in entry["label"] and any("\u4e00" <= ch <= "\u9fff" for ch in entry["label"])
    assert entry["removed"] == [["https://w3id.org/aireg/id/eo-14110", "http://data.europa.eu/eli/ontology#date_document",
                                 '"2023-10-30"^^<http://www.w3.org/2001/XMLSchema#date>']]


def test_nodes_of_no_instrument_are_other(old_new, capsys):
    old, new = old_new
    edit(new / "actors.ttl", "id:us-doc a aireg:Agency ;", "id:us-doc a aireg:Agency ; rdfs:comment \"new\"@en ;")
    result = diff(old, new)
    assert [c.key for c in result.changes] == ["other"]
    assert main(["diff", str(old), str(new)]) == 1
    assert "other (not part of any instrument)" in capsys.readouterr().out


def test_added_instrument_and_removed_file(old_new):
    old, new = old_new
    (new / "digital-trade.ttl").unlink()
    result = diff(old, new)
    assert result.removed > 0 and result.added == 0
    assert any(c.key.endswith("/wto-jsi-ecommerce") or c.key != "other" for c in result.changes)
    back = diff(new, old)
    assert back.added == result.removed and back.removed == 0


def test_single_files(tmp_path, capsys):
    a = tmp_path / "a.ttl"
    b = tmp_path / "b.ttl"
    a.write_text('@prefix ex: <http://example.org/> .\nex:x ex:p [ ex:q "1" ; ex:r [ ex:s "2" ] ] .\n', encoding="utf-8")
    b.write_text('@prefix ex: <http://example.org/> .\nex:x ex:p [ ex:r [ ex:s "2" ] ; ex:q "1" ] .\n', encoding="utf-8")
    assert main(["diff", str(a), str(b)]) == 0
    b.write_text('@prefix ex: <http://example.org/> .\nex:x ex:p [ ex:r [ ex:s "3" ] ; ex:q "1" ] .\n', encoding="utf-8")
    assert main(["diff", str(a), str(b)]) == 1
    out = capsys.readouterr().out
    assert '_:b' in out and '"3"' in out


def test_shared_and_cyclic_blank_nodes_are_compared_by_isomorphism(tmp_path):
    """Blank nodes outside trees that look alike are named by rdflib's canonicalisation on both sides."""
    a = tmp_path / "a.ttl"
    b = tmp_path / "b.nt"
    a.write_text("@prefix ex: <http://example.org/> .\nex:a ex:p _:s1 . ex:b ex:p _:s1 . _:s1 ex:q 1 .\n"
                 "_:c1 ex:next _:c2 . _:c2 ex:next _:c1 .\n", encoding="utf-8")
    b.write_text("_:x <http://example.org/next> _:y .\n_:y <http://example.org/next> _:x .\n"
                 "_:o <http://example.org/q> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
                 "<http://example.org/b> <http://example.org/p> _:o .\n<http://example.org/a> <http://example.org/p> _:o .\n",
                 encoding="utf-8")
    assert not diff(a, b).differs
    b.write_text(b.read_text(encoding="utf-8").replace('"1"', '"2"'), encoding="utf-8")
    result = diff(a, b)
    assert result.removed == result.added == 3  # the blank node is another one: its three triples


def test_a_respelled_literal_is_a_change(tmp_path):
    """Terms as written: 1.0 and 1.00 are one value but two terms, as the files say."""
    a = tmp_path / "a.ttl"
    b = tmp_path / "b.ttl"
    a.write_text("@prefix ex: <http://example.org/> .\nex:a ex:p 1.0 ; ex:q \"12\"^^<http://www.w3.org/2001/XMLSchema#int> .\n",
                 encoding="utf-8")
    b.write_text("@prefix ex: <http://example.org/> .\nex:a ex:p 1.00 ; ex:q \"12\"^^<http://www.w3.org/2001/XMLSchema#int> .\n",
                 encoding="utf-8")
    result = diff(a, b)
    (change,) = result.changes
    assert [str(t[2]) for t in change.removed] == ["1.0"] and [str(t[2]) for t in change.added] == ["1.00"]


def test_a_triple_moved_between_named_graphs_is_a_change(tmp_path, capsys):
    a = tmp_path / "a.trig"
    b = tmp_path / "b.trig"
    a.write_text("@prefix ex: <http://example.org/> .\nex:g1 { ex:a ex:p ex:c . }\n", encoding="utf-8")
    b.write_text("@prefix ex: <http://example.org/> .\nex:g2 { ex:a ex:p ex:c . }\n", encoding="utf-8")
    assert main(["diff", str(a), str(b)]) == 1
    out = capsys.readouterr().out
    assert "- <http://example.org/a> <http://example.org/p> <http://example.org/c> <http://example.org/g1>" in out
    assert "+ <http://example.org/a> <http://example.org/p> <http://example.org/c> <http://example.org/g2>" in out


def test_bad_input_exits_2(tmp_path, capsys):
    good = tmp_path / "good.ttl"
    good.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n", encoding="utf-8")
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    assert main(["diff", str(good), str(bad)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and f"{bad}:2" in err
    assert main(["diff", str(good), str(tmp_path / "missing")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["diff", str(good), str(empty)]) == 2
    assert "holds no RDF files" in capsys.readouterr().err
    out = tmp_path / "diff.txt"
    assert main(["diff", "-o", str(out), str(good), str(bad)]) == 2
    assert not out.exists()
    capsys.readouterr()


def test_output_file(tmp_path, capsys):
    a = tmp_path / "a.ttl"
    a.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n", encoding="utf-8")
    out = tmp_path / "d" / "diff.json"
    assert main(["diff", "--format", "json", "-o", str(out), str(a), str(a)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["differs"] is False
    capsys.readouterr()


def test_a_changed_literal_is_one_escaped_line(tmp_path, capsys):
    """A literal with a line break or ESC was printed as a raw \"\"\"long string\"\"\": one change over two lines,
    the escape sequence sent to the terminal."""
    from aireg.cli import main

    old = tmp_path / "old.nt"
    old.write_text('<http://example.org/a> <http://example.org/b> "x" .\n', encoding="utf-8")
    new = tmp_path / "new.nt"
    new.write_text('<http://example.org/a> <http://example.org/b> "ab\\u001B[2J\\nnext \\"q\\"\\t" .\n',
                   encoding="utf-8")
    assert main(["diff", str(old), str(new)]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\t" not in out
    added = [line for line in out.splitlines() if line.startswith("  + ")]
    assert added == ['  + <http://example.org/a> <http://example.org/b> "ab\\u001B[2J\\nnext \\"q\\"\\t"']
