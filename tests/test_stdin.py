"""``aireg validate -`` reads standard input, in the format ``--input-format`` names, as ``<stdin>``.

Before: ``-`` was a file name like any other ("-: no such file"), so a pipeline had to write its
data to a temporary file first. Errors and findings now name ``<stdin>:LINE``.
"""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from aireg.cli import main

PREFIXES = "@prefix ex: <http://example.org/> .\n@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
DATA = PREFIXES + "ex:a ex:b 1 .\n"
SHAPES = PREFIXES + "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:b ; sh:property [ sh:path ex:b ; sh:minCount 2 ] .\n"


def feed(monkeypatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8"))


def test_a_real_pipe_is_validated_and_its_findings_named_stdin(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "aireg.cli", "validate", "-", "--input-format", "turtle",
                           "--shapes-file", str(shapes)], input=DATA.encode(), capture_output=True, timeout=120)
    out = proc.stdout.decode()
    assert proc.returncode == 1, (out, proc.stderr)
    assert out.startswith("<stdin>:3: http://example.org/a"), out
    assert "aireg-stdin-" not in out + proc.stderr.decode()


@pytest.mark.parametrize("text,fmt,line,needle", [
    (PREFIXES + "ex:a ex:b \"x\"^^<http://www.w3.org/2001/XMLSchema#date> .\n", "turtle", 3, "ill-typed literal"),
    ("ex:a ex:b 1 .\n", "turtle", 1, "syntax error"),
    ("<http://example.org/a> <http://example.org/b> \"1\" .\n<http://example.org/a> <b> .\n", "ntriples", 2, ""),
])
def test_bad_input_on_stdin_names_stdin_and_the_line(monkeypatch, capsys, text, fmt, line, needle):
    feed(monkeypatch, text)
    assert main(["validate", "-", "--input-format", fmt]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"aireg validate: error: <stdin>:{line}: "), err
    assert needle in err


def test_good_data_on_stdin_passes(monkeypatch, capsys):
    feed(monkeypatch, DATA)
    assert main(["validate", "-", "--input-format", "turtle"]) == 0, capsys.readouterr()


@pytest.mark.parametrize("argv,needle", [
    (["validate", "-"], "give --input-format"),
    (["validate", "-", "-", "--input-format", "turtle"], "only once"),
    (["validate", "--input-format", "turtle"], "give - among the files"),
])
def test_stdin_misuse_is_one_line(monkeypatch, capsys, argv, needle):
    feed(monkeypatch, DATA)
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and needle in err, err


def test_empty_stdin_is_refused(monkeypatch, capsys):
    feed(monkeypatch, "")
    assert main(["validate", "-", "--input-format", "turtle"]) == 2
    assert "<stdin>: file is empty" in capsys.readouterr().err


def test_stdin_over_the_size_limit_is_refused_without_reading_it_all(monkeypatch, capsys):
    feed(monkeypatch, DATA * 100)
    assert main(["validate", "-", "--input-format", "turtle", "--max-bytes", "1K"]) == 2
    assert "<stdin>: over the 1 KiB limit" in capsys.readouterr().err


def test_build_reads_stdin_and_records_it_as_stdin(monkeypatch, capsys, tmp_path):
    import json

    out = tmp_path / "out"
    feed(monkeypatch, DATA)
    assert main(["build", "-", "--input-format", "turtle", "-o", str(out)]) == 0
    assert (out / "aireg.nt").read_text(encoding="utf-8") == \
        "<http://example.org/a> <http://example.org/b> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
    sources = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["snapshot"]["sources"]
    assert [s["path"] for s in sources] == ["<stdin>"]
    before = (out / "aireg.nt").read_bytes()
    capsys.readouterr()
    feed(monkeypatch, "ex:a ex:b 1 .\n")
    assert main(["build", "-", "--input-format", "turtle", "-o", str(out)]) == 2
    assert capsys.readouterr().err.startswith("aireg build: error: <stdin>:1: ")
    assert (out / "aireg.nt").read_bytes() == before


def test_query_reads_stdin_with_the_bundled_ontology(monkeypatch, capsys):
    from aireg import paths

    feed(monkeypatch, (paths.data_dir() / "eo-14110.ttl").read_text(encoding="utf-8"))
    assert main(["query", "thresholds", "-", "--input-format", "turtle", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "id:eo-14110-thr-training-1e26" in out or "eo-14110-thr-training-1e26" in out, out
    feed(monkeypatch, "x\n")
    assert main(["query", "thresholds", "-", "--input-format", "turtle"]) == 2
    assert capsys.readouterr().err.startswith("aireg query: error: <stdin>:1: ")
