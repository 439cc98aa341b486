"""Shapes that would check nothing, or less than they say, are refused (exit 2), never passed.

Before: a misspelt ``sh:minCont 2`` (pySHACL ignores unknown terms), a SHACL-JS constraint and a
shapes file with no target at all (a data file given to ``--shapes-file``) each gave "PASS", exit 0.
"""

from __future__ import annotations

import pytest

from aireg.cli import main

PREFIXES = ("@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n"
            "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n")
DATA = PREFIXES + "ex:a ex:b 1 .\n"

BROKEN = {
    "typo": ("ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:b ;\n  sh:property [ sh:path ex:b ; sh:minCont 2 ] .\n",
             5, "sh:minCont is not a SHACL term"),
    "javascript": ("ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:b ;\n"
                   '  sh:js [ sh:jsFunctionName "f" ; sh:jsLibrary [ sh:jsLibraryURL "http://x/l.js" ] ] .\n',
                   5, "SHACL-JavaScript"),
    "no target": ("ex:S a sh:NodeShape ; sh:property [ sh:path ex:b ; sh:minCount 2 ] .\n", None,
                  "nothing would be checked"),
    "a data file": ("ex:a ex:b 1 .\n", None, "nothing would be checked"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_shapes_that_check_less_than_they_say_are_refused(tmp_path, capsys, case, engine):
    body, line, needle = BROKEN[case]
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(PREFIXES + body, encoding="utf-8")
    data = tmp_path / "data.ttl"
    data.write_text(DATA, encoding="utf-8")
    report = tmp_path / "report.json"
    code = main(["validate", "--shacl-engine", engine, "--shapes-file", str(shapes), "--format", "json",
                 "-o", str(report), str(data)])
    captured = capsys.readouterr()
    assert code == 2, captured
    err = captured.err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in captured.err, err
    assert needle in err, err
    assert err.startswith(f"aireg validate: error: {shapes}:{line}: " if line else f"aireg validate: error: {shapes}: ")
    assert not report.exists()


def test_the_same_shapes_spelt_right_do_find_the_violation(tmp_path, capsys):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(PREFIXES + BROKEN["typo"][0].replace("sh:minCont", "sh:minCount"), encoding="utf-8")
    data = tmp_path / "data.ttl"
    data.write_text(DATA, encoding="utf-8")
    assert main(["validate", "--shapes-file", str(shapes), str(data)]) == 1
    assert "VIOLATION" in capsys.readouterr().out


def test_the_bundled_shapes_use_only_shacl_terms():
    from aireg import paths
    from aireg.shapes_scope import require_checkable
    from aireg.validate import load_shapes

    require_checkable(load_shapes(paths.shapes_file()), paths.shapes_file())


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_the_shapes_check_says_so_too(tmp_path, capsys, case):
    """`aireg validate --shapes FILE` (the pre-commit hook) passed them as valid SHACL (exit 0)."""
    body, line, needle = BROKEN[case]
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(PREFIXES + body, encoding="utf-8")
    assert main(["validate", "--shapes", str(shapes)]) == 2
    captured = capsys.readouterr()
    assert needle in captured.err and len(captured.err.strip().splitlines()) == 1 and captured.out == ""
