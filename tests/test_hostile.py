"""Hostile and broken input: one clear line naming the file (and line), exit 2, no output file.

Every case runs through ``aireg validate -o`` and ``aireg build -o`` and
checks that nothing was written, and through the library on both engines.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from aireg import InputError
from aireg.cli import main
from aireg.load import load_graph

PREFIXES = """@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def _one_line_error(capsys, *needles: str) -> str:
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert "Traceback" not in captured.err and "Traceback" not in captured.out
    assert len(err.splitlines()) == 1, err
    for needle in needles:
        assert needle in err, (needle, err)
    return err


def _refused_everywhere(tmp_path, capsys, path: Path, *needles: str) -> str:
    """validate -o and build -o both exit 2 with one line and write nothing."""
    report = tmp_path / "reports" / "shacl.json"
    out = tmp_path / "build-out"
    assert main(["validate", "--format", "json", "-o", str(report), str(path)]) == 2
    err = _one_line_error(capsys, str(path), *needles)
    assert not report.exists()
    assert not report.parent.exists() or list(report.parent.iterdir()) == []
    assert main(["build", "-o", str(out), str(path)]) == 2
    _one_line_error(capsys, str(path), *needles)
    assert not out.exists() or list(out.iterdir()) == []
    for engine in ("oxigraph", "rdflib"):
        with pytest.raises(InputError) as info:
            load_graph([path], engine=engine)
        assert info.value.path == str(path)
    return err


# --- malformed syntax -------------------------------------------------------

def test_malformed_turtle(tmp_path, capsys):
    path = _write(tmp_path, "broken.ttl", PREFIXES + "ex:a ex:b ex:c .\nex:a ex:b [ ex:c \n")
    _refused_everywhere(tmp_path, capsys, path, "syntax error")


def test_malformed_turtle_names_the_line(tmp_path, capsys):
    path = _write(tmp_path, "broken.ttl", PREFIXES + "ex:a ex:b ex:c .\nex:a ex:b ex:c ex:d .\nex:e ex:f ex:g .\n")
    err = _refused_everywhere(tmp_path, capsys, path)
    assert f"{path}:4:" in err


def test_malformed_jsonld(tmp_path, capsys):
    path = _write(tmp_path, "broken.jsonld", '{"@id": "http://example.org/a",\n "http://example.org/p": [1, 2,\n')
    _refused_everywhere(tmp_path, capsys, path, "JSON")


def test_malformed_rdfxml(tmp_path, capsys):
    path = _write(tmp_path, "broken.rdf", (
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="http://example.org/">\n  <rdf:Description rdf:about="http://example.org/a">\n'
        '    <ex:p>x</ex:q>\n  </rdf:Description>\n</rdf:RDF>\n'))
    err = _refused_everywhere(tmp_path, capsys, path, "RDF/XML")
    assert f"{path}:4" in err


def test_jsonld_remote_context_is_never_fetched(tmp_path, capsys):
    path = _write(tmp_path, "remote.jsonld",
                  '{"@context": "http://127.0.0.1:9/context.jsonld",\n "@id": "http://example.org/a", "p": "x"}\n')
    _refused_everywhere(tmp_path, capsys, path, "remote JSON-LD context", "inline")


def test_unknown_suffix(tmp_path, capsys):
    path = _write(tmp_path, "data.txt", PREFIXES + "ex:a ex:b ex:c .\n")
    _refused_everywhere(tmp_path, capsys, path, "unknown RDF file type")


# --- encodings ----------------------------------------------------------------

def test_latin1_bytes_are_refused_with_the_line(tmp_path, capsys):
    path = _write(tmp_path, "latin1.ttl", (PREFIXES + 'ex:a ex:b "caf\u00e9" .\n').encode("latin-1"))
    err = _refused_everywhere(tmp_path, capsys, path, "not valid UTF-8")
    assert f"{path}:3:" in err


@pytest.mark.parametrize("codec,name", [("utf-16", "UTF-16"), ("utf-32", "UTF-32")])
def test_utf16_and_utf32_with_bom_are_refused(tmp_path, capsys, codec, name):
    path = _write(tmp_path, "wide.ttl", (PREFIXES + 'ex:a ex:b "x" .\n').encode(codec))
    _refused_everywhere(tmp_path, capsys, path, name, "must be UTF-8")


def test_utf16_without_bom_is_refused(tmp_path, capsys):
    path = _write(tmp_path, "wide.ttl", (PREFIXES + 'ex:a ex:b "x" .\n').encode("utf-16-le"))
    _refused_everywhere(tmp_path, capsys, path, "NUL bytes")


def test_utf8_bom_is_accepted(tmp_path):
    path = _write(tmp_path, "bom.ttl", b"\xef\xbb\xbf" + (PREFIXES + 'ex:a ex:b "caf\u00e9" .\n').encode("utf-8"))
    for engine in ("oxigraph", "rdflib"):
        assert len(load_graph([path], engine=engine)) == 1


# --- empty, folders, missing, too large -------------------------------------------

def test_empty_file(tmp_path, capsys):
    path = _write(tmp_path, "empty.ttl", "")
    _refused_everywhere(tmp_path, capsys, path, "file is empty")
    blank = _write(tmp_path, "blank.ttl", "\n   \n\t\n")
    _refused_everywhere(tmp_path, capsys, blank, "file is empty")


def test_folder_without_rdf_files(tmp_path, capsys):
    folder = tmp_path / "data.ttl"
    folder.mkdir()
    (folder / "notes.txt").write_text("not RDF\n", encoding="utf-8")
    _refused_everywhere(tmp_path, capsys, folder, "folder holds no RDF files")


def test_a_folder_is_read_as_the_rdf_files_under_it(tmp_path, capsys):
    """`aireg validate data` said "unknown RDF file type '(no suffix)'" (diff read folders, validate and build not)."""
    from helpers import copy_data, data_files, edit

    data = copy_data(tmp_path)
    edit(data / "eo-14110.ttl", 'eli:date_document "2023-10-30"^^xsd:date', 'eli:date_document "2023-10-30"')
    (data / "README.txt").write_text("not RDF\n", encoding="utf-8")
    import json

    def findings(doc):
        return sorted(str((r["focus"], r["path"], r["value"], r["message"], r["file"], r["line"])) for r in doc["results"])

    assert main(["validate", "--format", "json", str(data)]) == 1
    by_folder = json.loads(capsys.readouterr().out)
    assert main(["validate", "--format", "json", *map(str, data_files(data))]) == 1
    by_files = json.loads(capsys.readouterr().out)
    assert findings(by_folder) == findings(by_files) and by_folder["counts"] == by_files["counts"]
    assert any(r["file"].endswith("eo-14110.ttl") and r["line"] for r in by_folder["results"])
    out = tmp_path / "out"
    assert main(["build", "-o", str(out), str(data)]) == 0
    capsys.readouterr()
    assert (out / "aireg.nt").stat().st_size > 100_000
    assert main(["query", "thresholds", "--format", "csv", str(data)]) == 0  # the query path without rdflib too
    by_folder = capsys.readouterr().out
    assert main(["query", "thresholds", "--format", "csv", *map(str, data_files(data))]) == 0
    assert capsys.readouterr().out == by_folder and by_folder.count("\n") > 5


def test_missing_file(tmp_path, capsys):
    _refused_everywhere(tmp_path, capsys, tmp_path / "nope.ttl", "no such file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_not_read(tmp_path, capsys):
    fifo = tmp_path / "pipe.ttl"
    os.mkfifo(fifo)
    _refused_everywhere(tmp_path, capsys, fifo, "not a regular file")


@pytest.fixture(scope="module")
def huge_file(tmp_path_factory) -> Path:
    """A 200 MB N-Triples file, written in well under a second."""
    path = tmp_path_factory.mktemp("huge") / "huge.nt"
    line = b'<http://example.org/s> <http://example.org/p> "' + b"x" * 60 + b'" .\n'
    block = line * (1 << 14)
    with open(path, "wb") as fh:
        while fh.tell() < 200 * 1024 * 1024:
            fh.write(block)
    return path


def test_200_megabytes_are_refused_quickly_with_the_way_out(tmp_path, capsys, huge_file):
    start = time.monotonic()
    err = _refused_everywhere(tmp_path, capsys, huge_file, "over the 128 MiB limit", "--max-bytes", "AIREG_MAX_BYTES")
    assert time.monotonic() - start < 20
    assert " MiB, over the" in err


def test_size_limit_can_be_changed(tmp_path, capsys, monkeypatch):
    path = _write(tmp_path, "small.ttl", PREFIXES + 'ex:a ex:b "' + "y" * 2000 + '" .\n')
    assert main(["validate", "--max-bytes", "1K", str(path)]) == 2
    _one_line_error(capsys, "over the 1 KiB limit")
    monkeypatch.setenv("AIREG_MAX_BYTES", "1000")
    assert main(["build", "-o", str(tmp_path / "out"), str(path)]) == 2
    _one_line_error(capsys, "limit")
    assert not (tmp_path / "out").exists()
    monkeypatch.setenv("AIREG_MAX_BYTES", "0")
    assert len(load_graph([path])) == 1
    with pytest.raises(SystemExit) as info:
        main(["validate", "--max-bytes", "lots", str(path)])
    assert info.value.code == 2


# --- terms rdflib would let through ------------------------------------------------------

def test_iri_with_a_space_names_file_and_line(tmp_path, capsys):
    path = _write(tmp_path, "space.ttl", PREFIXES + "ex:a ex:b ex:c .\nex:a ex:b <http://example.org/a b> .\n")
    err = _refused_everywhere(tmp_path, capsys, path)
    assert f"{path}:4:" in err and ("' '" in err or "space" in err)


@pytest.mark.parametrize("literal,datatype", [('"abc"^^xsd:date', "xsd:date"), ('"1e26x"^^xsd:double', "xsd:double"),
                                              ('"2023-13-45"^^xsd:date', "xsd:date"), ('"ten"^^xsd:integer', "xsd:integer")])
def test_ill_typed_literal_names_file_and_line(tmp_path, capsys, literal, datatype):
    path = _write(tmp_path, "ill.ttl", PREFIXES + "ex:a ex:b ex:c .\n\nex:a ex:d " + literal + " .\n")
    err = _refused_everywhere(tmp_path, capsys, path, "ill-typed literal", datatype)
    assert f"{path}:5:" in err


def test_ill_typed_literal_in_the_bundled_style(tmp_path, capsys):
    from helpers import copy_data, data_files, edit

    data = copy_data(tmp_path)
    edit(data / "eo-14110.ttl", 'odrl:rightOperand "1.0E26"^^xsd:double', 'odrl:rightOperand "1e26x"^^xsd:double')
    assert main(["validate", *map(str, data_files(data))]) == 2
    err = _one_line_error(capsys, "eo-14110.ttl:", '"1e26x"^^xsd:double')
    line = int(err.split("eo-14110.ttl:")[1].split(":")[0])
    assert "1e26x" in (data / "eo-14110.ttl").read_text(encoding="utf-8").splitlines()[line - 1]


# --- duplicate identifiers: a contract violation, exit 1 -------------------------------------

def test_two_instruments_sharing_an_identifier_is_a_violation(tmp_path, capsys):
    import json

    from helpers import copy_data, data_files, edit

    data = copy_data(tmp_path)
    edit(data / "us-executive-orders.ttl", 'aireg:identifier "E.O. 13873" ;', 'aireg:identifier "E.O. 14110" ;')
    assert main(["validate", "--format", "json", *map(str, data_files(data))]) == 1
    report = json.loads(capsys.readouterr().out)
    dupes = [r for r in report["results"] if "same identifier" in r["message"]]
    assert {r["focus"].rsplit("/", 1)[-1] for r in dupes} == {"eo-14110", "eo-13873"}
    assert all(r["severity"] == "Violation" and r["value"] == "E.O. 14110" for r in dupes)
    files = {Path(r["file"]).name for r in dupes}
    assert files == {"eo-14110.ttl", "us-executive-orders.ttl"}


# --- XML external entities ------------------------------------------------------------------

XXE = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:p>&xxe;</ex:p></rdf:Description>
</rdf:RDF>
"""


def test_xxe_is_refused_and_never_expanded(tmp_path, capsys):
    path = _write(tmp_path, "xxe.rdf", XXE)
    err = _refused_everywhere(tmp_path, capsys, path, "external entity", f"{path}:2:")
    assert "root:" not in err
    # and the parsers underneath never expand it either, even without aireg's guard
    from rdflib import Graph

    g = Graph().parse(data=XXE, format="xml")
    assert all("root:" not in str(o) for o in g.objects())


def test_xxe_parameter_entity_is_refused(tmp_path, capsys):
    path = _write(tmp_path, "xxe.rdf", XXE.replace('<!ENTITY xxe SYSTEM "file:///etc/passwd">',
                                                   '<!ENTITY % ext SYSTEM "http://127.0.0.1:9/x.dtd"> %ext;'))
    _refused_everywhere(tmp_path, capsys, path, "parameter entity")


def test_entity_expansion_bomb_is_refused_quickly(tmp_path, capsys):
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)]
    path = _write(tmp_path, "bomb.rdf", XXE.replace('<!ENTITY xxe SYSTEM "file:///etc/passwd">', "\n".join(entities))
                  .replace("&xxe;", "&lol9;"))
    start = time.monotonic()
    _refused_everywhere(tmp_path, capsys, path, "nested entities")
    assert time.monotonic() - start < 20


def test_simple_internal_entities_still_work(tmp_path):
    path = _write(tmp_path, "ok.rdf", XXE.replace('<!ENTITY xxe SYSTEM "file:///etc/passwd">',
                                                  '<!ENTITY ex "http://example.org/">')
                  .replace('rdf:about="http://example.org/a"', 'rdf:about="&ex;a"').replace("&xxe;", "hello"))
    for engine in ("oxigraph", "rdflib"):
        g = load_graph([path], engine=engine)
        assert [str(o) for o in g.objects()] == ["hello"]


# --- one bad file among good ones ----------------------------------------------------------------

def test_a_bad_file_among_good_ones_is_named(tmp_path, capsys):
    good = _write(tmp_path, "good.ttl", PREFIXES + "ex:a ex:b ex:c .\n")
    bad = _write(tmp_path, "bad.ttl", PREFIXES + "ex:a ex:b .\n")
    report = tmp_path / "report.xml"
    assert main(["validate", "--format", "junit", "-o", str(report), str(good), str(bad)]) == 2
    err = _one_line_error(capsys, f"{bad}:3")
    assert str(good) not in err
    assert not report.exists()


def test_an_old_report_is_left_alone_on_bad_input(tmp_path, capsys):
    bad = _write(tmp_path, "bad.ttl", PREFIXES + "ex:a ex:b .\n")
    report = _write(tmp_path, "report.json", '{"old": true}')
    assert main(["validate", "--format", "json", "-o", str(report), str(bad)]) == 2
    capsys.readouterr()
    assert report.read_text(encoding="utf-8") == '{"old": true}'
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []


# --- deep nesting: no RecursionError traceback, no hang ----------------------------------------

@pytest.mark.parametrize("name,text", [
    pytest.param("deep.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:p " + "[ ex:p " * 50000 + "1" + " ]" * 50000
                 + " .\n", marks=pytest.mark.slow),
    pytest.param("deep-list.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:p " + "( " * 50000 + "1" + " )" * 50000
                 + " .\n", marks=pytest.mark.slow),
    ("deep.jsonld", '{"@id": "http://example.org/a", "http://example.org/p": ' + "[" * 50000 + "1" + "]" * 50000 + "}"),
])
def test_deep_nesting_is_parsed_or_refused_in_one_line(tmp_path, capsys, name, text):
    path = _write(tmp_path, name, text)
    for engine in ("oxigraph", "rdflib"):
        start = time.monotonic()
        code = main(["validate", "--engine", engine, str(path)])
        captured = capsys.readouterr()
        assert time.monotonic() - start < 60
        assert code in (0, 2)
        assert "Traceback" not in captured.err
        if code == 2:
            assert len(captured.err.strip().splitlines()) == 1 and str(path) in captured.err


def test_n3_formulas_are_refused_at_their_line(tmp_path, capsys):
    """An N3 rule's formulas were refused as "The N-Triples format does not support named graphs", with no line."""
    path = _write(tmp_path, "rules.n3", "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n"
                  "{ ex:x ex:b 1 } => { ex:y ex:b 2 } .\n")
    err = _refused_everywhere(tmp_path, capsys, path, "N3 formula")
    assert f"{path}:3: " in err
    plain = _write(tmp_path, "plain.n3", "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n")
    assert len(load_graph([plain])) == 1


@pytest.mark.parametrize("name,text,line", [
    ("triple.nt", '<http://example.org/a> <http://example.org/b> "x" .\n'
     '<http://example.org/a> <http://example.org/b> <<( <http://example.org/s> <http://example.org/p> '
     '<http://example.org/o> )>> .\n', 2),
    ("reified.ttl", PREFIXES + "ex:a ex:b ex:c {| ex:d ex:e |} .\n", 3),
    ("quoted.ttl", PREFIXES + "ex:a ex:b << ex:s ex:p ex:o >> .\n", 3),
    ("direction.nt", '<http://example.org/a> <http://example.org/b> "hi"@en--ltr .\n', 1),
    ("direction.jsonld", '{"@context": {"ex": "http://example.org/"}, "@id": "ex:a",\n'
     ' "ex:b": {"@value": "hi", "@language": "en", "@direction": "ltr"}}\n', 2),
])
def test_rdf_12_terms_are_refused_at_their_line(tmp_path, capsys, name, text, line):
    """Oxigraph reads RDF 1.2; build wrote <<( )>> and "hi"@en--ltr, which rdflib and RDF 1.1 tools cannot parse."""
    path = _write(tmp_path, name, text)
    err = _refused_everywhere(tmp_path, capsys, path, "is RDF 1.2")
    assert f"{path}:{line}: " in err


def test_look_alikes_of_rdf_12_terms_in_strings_are_data(tmp_path):
    path = _write(tmp_path, "strings.ttl", PREFIXES + 'ex:a ex:b "> <<( x" , "en--ltr .", "a\\"@en--ltr ." .\n')
    assert len(load_graph([path])) == 3
