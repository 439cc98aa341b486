"""A shapes file is checked against SHACL-SHACL once per process and content, with the same verdict."""

from __future__ import annotations

import pytest

from aireg import paths
from aireg.cli import main
from aireg.commands import validate as command


@pytest.fixture
def checks(monkeypatch):
    """Count the SHACL-SHACL checks (pySHACL's meta-validation) the command makes."""
    calls = []
    real = command.check_shapes
    monkeypatch.setattr(command, "check_shapes", lambda path=None: calls.append(path) or real(path))
    monkeypatch.setattr(command, "_SHAPES_VERDICTS", {})
    return calls


@pytest.mark.slow
def test_same_file_is_checked_once_and_a_changed_file_again(tmp_path, capsys, checks):
    text = paths.shapes_file().read_text(encoding="utf-8")
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(text, encoding="utf-8")
    assert main(["validate", "--shapes-file", str(shapes)]) == 0
    assert main(["validate", "--shapes-file", str(shapes)]) == 0
    assert len(checks) == 1

    # the same path with other bytes: checked again, and the first violation named at its line as before
    shapes.write_text(text.replace("sh:minCount 1 ; sh:maxCount 1 ;", 'sh:minCount "one" ; sh:maxCount 1 ;', 1),
                      encoding="utf-8")
    bad_line = 1 + text[: text.index("sh:minCount 1 ; sh:maxCount 1 ;")].count("\n")
    capsys.readouterr()
    errors = []
    for _ in range(2):
        assert main(["validate", "--shapes-file", str(shapes)]) == 2
        errors.append(capsys.readouterr().err)
    assert len(checks) == 2
    assert errors[0] == errors[1] and f"{shapes}:{bad_line}: the shapes break SHACL" in errors[0], errors
