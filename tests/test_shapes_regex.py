"""A broken sh:pattern or sh:flags is the shapes' fault: exit 2 on both engines, never a violation of the data.

Before: sh:pattern "[" gave exit 1 on the fast engine ("Value does not match pattern '['") and exit 2
on pySHACL; sh:flags "z" failed every value on both; "(?i)" passed on the fast engine only; sh:flags "q"
(XPath 3.0, not SPARQL 1.1) read the pattern as a plain string on the fast engine, as a regex on pySHACL.
"""

from __future__ import annotations

import pytest

from aireg.cli import main
from aireg.shapes_regex import pattern_problem

PREFIXES = "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n"
DATA = PREFIXES + 'ex:a ex:b "xyz" .\n'


def _shape(pattern: str, flags: str | None) -> str:
    extra = f' ; sh:flags "{flags}"' if flags is not None else ""
    return PREFIXES + (f'ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:b ;\n'
                       f'  sh:property [ sh:path ex:b ; sh:pattern "{pattern}"{extra} ] .\n')


@pytest.mark.parametrize("pattern,flags,needle", [
    ("[", None, "is not a regular expression"),
    ("^x", "z", "no regular-expression flag"),
    ("^x", "q", "no regular-expression flag"),
    ("^(?i)X", None, "not XPath regular-expression syntax"),
    ("(?=x)x", None, "not XPath regular-expression syntax"),
])
@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_a_broken_pattern_is_refused_as_the_shapes_fault(tmp_path, capsys, engine, pattern, flags, needle):
    shapes, data = tmp_path / "shapes.ttl", tmp_path / "data.ttl"
    shapes.write_text(_shape(pattern, flags), encoding="utf-8")
    data.write_text(DATA, encoding="utf-8")
    assert main(["validate", "--shacl-engine", engine, "--shapes-file", str(shapes), str(data)]) == 2
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert len(err.splitlines()) == 1 and err.startswith(f"aireg validate: error: {shapes}: shapes graph error: ")
    assert needle in err and captured.out == ""


@pytest.mark.parametrize("pattern,flags,code", [("^x", None, 0), ("^X", "i", 0), ("^(?:x|q)y", None, 0),
                                                ("^X", None, 1), ("x$", "mi", 1)])
@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_valid_patterns_still_judge_the_data(tmp_path, capsys, engine, pattern, flags, code):
    shapes, data = tmp_path / "shapes.ttl", tmp_path / "data.ttl"
    shapes.write_text(_shape(pattern, flags), encoding="utf-8")
    data.write_text(DATA, encoding="utf-8")
    assert main(["validate", "--shacl-engine", engine, "--shapes-file", str(shapes), str(data)]) == code
    capsys.readouterr()


@pytest.mark.parametrize("pattern", [r"\p{L}+", r"\p{IsBasicLatin}", r"\i\c*", "[a-z-[aeiou]]+", r"\(?x", "[(?]x"])
def test_xpath_syntax_python_lacks_is_not_refused(pattern):
    assert pattern_problem(pattern) is None


def test_checking_a_pattern_prints_nothing(recwarn):
    """Python's FutureWarning on "[[" or "&&" (valid XPath, a future set operation in Python) reached stderr."""
    for pattern in ("[[a]x", "[a&&b]", "[a||b]", "[a~~b]"):
        assert pattern_problem(pattern) is None
    assert [str(w.message) for w in recwarn] == []
