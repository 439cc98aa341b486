"""Ill-typed literals of every XSD datatype are refused (exit 2 at their line), valid ones load.

Before: ``"abc"^^xsd:gYear`` passed ``sh:datatype xsd:gYear`` with exit 0 on both engines,
and ``"P1W"^^xsd:duration`` (ISO 8601 weeks, not XSD) was accepted as a deadline.
"""

from __future__ import annotations

import pytest

from aireg.cli import main
from aireg.xsd_lexical import reason

PREFIXES = "@prefix ex: <http://example.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"

SHAPES = PREFIXES + """@prefix sh: <http://www.w3.org/ns/shacl#> .
ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:d ; sh:property [ sh:path ex:d ; sh:datatype xsd:{name} ] .
"""

INVALID = [
    ("abc", "gYear"), ("23", "gYear"), ("2023-13", "gYearMonth"), ("--13-01", "gMonthDay"),
    ("--02-30", "gMonthDay"), ("---32", "gDay"), ("--13", "gMonth"), ("2024-W01-1", "date"),
    ("2023-02-29", "date"), ("2023-01-01+15:00", "date"), ("2023-01-01 10:00:00", "dateTime"),
    ("2023-01-01T10:00", "dateTime"), ("20230101T100000", "dateTime"), ("2023-01-01T10:00:00", "dateTimeStamp"),
    ("10:00", "time"), ("P", "duration"), ("PT", "duration"), ("P1W", "duration"), ("P1.5D", "duration"),
    ("P1DT", "duration"), ("P1D", "yearMonthDuration"), ("P1Y", "dayTimeDuration"), ("en us", "language"),
    ("1abc", "NCName"), ("a:b", "NCName"), ("a b", "NMTOKEN"), (" a", "token"), ("a\tb", "normalizedString"),
    ("abc", "hexBinary"), ("!!!", "base64Binary"), ("5", "integr"),
]

VALID = [
    ("2023", "gYear"), ("2023Z", "gYear"), ("2023-12", "gYearMonth"), ("--02-29", "gMonthDay"),
    ("---31", "gDay"), ("--12+01:00", "gMonth"), ("2024-02-29", "date"), ("2023-01-01Z", "date"),
    ("2023-01-01T10:00:00.5-05:00", "dateTime"), ("-0044", "gYear"), ("0000-01", "gYearMonth"),
    ("2023-01-01T10:00:00Z", "dateTimeStamp"), ("23:59:59", "time"), ("P90D", "duration"), ("-P1Y2M3DT4H5M6.5S",
    "duration"), ("PT1.S", "duration"), ("P1Y", "yearMonthDuration"), ("PT36H", "dayTimeDuration"),
    ("zh-Hant-TW", "language"), ("a_b-c.d", "NCName"), ("a:b", "Name"), ("a b", "token"), ("0aFF", "hexBinary"),
    ("aGVsbG8=", "base64Binary"), ("", "hexBinary"), ("anything at all", "anyURI"),
]


@pytest.mark.parametrize("lexical,name", INVALID)
def test_invalid_lexical_forms_are_named(lexical, name):
    assert reason(lexical, name), (lexical, name)


@pytest.mark.parametrize("lexical,name", VALID)
def test_valid_lexical_forms_pass(lexical, name):
    assert reason(lexical, name) is None, (lexical, name)


@pytest.mark.parametrize("lexical,name", [("abc", "gYear"), ("P1W", "duration"), ("en us", "language"),
                                          ("5", "integr")])
def test_validate_refuses_the_file_at_the_line_before_any_shape_runs(tmp_path, capsys, lexical, name):
    data = tmp_path / "d.ttl"
    data.write_text(PREFIXES + "ex:a ex:b ex:c .\n\nex:a ex:d " + f'"{lexical}"^^xsd:{name} .\n', encoding="utf-8")
    shapes = tmp_path / "s.ttl"
    shapes.write_text(SHAPES.format(name=name), encoding="utf-8")
    for engine in ("fast", "pyshacl"):
        assert main(["validate", "--shacl-engine", engine, "--shapes-file", str(shapes), str(data)]) == 2
        captured = capsys.readouterr()
        err = captured.err.strip()
        assert len(err.splitlines()) == 1 and "Traceback" not in captured.err, err
        assert f"{data}:5:" in err and "ill-typed literal" in err and f"xsd:{name}" in err, err
        assert captured.out == ""


def test_valid_literals_of_every_kind_pass_the_gate(tmp_path, capsys):
    body = "".join(f'ex:a ex:d{i} "{lexical}"^^xsd:{name} .\n' for i, (lexical, name) in enumerate(VALID))
    data = tmp_path / "d.ttl"
    data.write_text(PREFIXES + body, encoding="utf-8")
    assert main(["validate", str(data)]) == 0, capsys.readouterr()


@pytest.mark.parametrize("lexical,name", [("-0044-03-15", "date"), ("0000-01-01", "date"), ("10000-01-01", "date"),
                                          ("2023-01-01T24:00:00", "dateTime"), ("24:00:00", "time")])
def test_valid_xsd_that_python_cannot_hold_is_refused_as_unusable(tmp_path, capsys, lexical, name):
    """Oxigraph reads "-0044-03-15"^^xsd:date, rdflib cannot: the fast engine passed a file pySHACL failed."""
    data = tmp_path / "d.ttl"
    data.write_text(PREFIXES + f'ex:a ex:d "{lexical}"^^xsd:{name} .\n', encoding="utf-8")
    for engine in ("fast", "pyshacl"):
        assert main(["validate", "--shacl-engine", engine, str(data)]) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith(f"aireg validate: error: {data}:3: unusable literal") and "valid XSD" in err, err
