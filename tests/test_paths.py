"""A wrong AIREG_HOME is an error, never a silent fall-back to the bundled files.

Before: AIREG_HOME=/no/such/folder (a typo in a CI variable) validated the bundled graph and passed
(exit 0); a home with ontology/ but no data/ validated the ontology alone and passed.
"""

from __future__ import annotations

import shutil

from aireg import paths
from aireg.cli import main


def _one_line(capsys, *needles):
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in captured.err, captured.err
    assert all(n in err for n in needles), err
    return err


def test_an_aireg_home_without_the_ontology_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("AIREG_HOME", str(tmp_path / "typo"))
    assert main(["validate"]) == 2
    _one_line(capsys, f"AIREG_HOME={tmp_path / 'typo'}", "holds no ontology/aireg.ttl")
    assert main(["query", "thresholds"]) == 2
    _one_line(capsys, "AIREG_HOME=")


def test_an_aireg_home_without_data_is_refused(tmp_path, monkeypatch, capsys):
    home = tmp_path / "home"
    shutil.copytree(paths.ontology_file().parent, home / "ontology")
    monkeypatch.setenv("AIREG_HOME", str(home))
    assert main(["validate"]) == 2
    _one_line(capsys, f"{home / 'data'}: no data folder")


def test_an_empty_aireg_home_means_unset(monkeypatch):
    monkeypatch.setenv("AIREG_HOME", "")
    assert paths.ontology_file().is_file()
