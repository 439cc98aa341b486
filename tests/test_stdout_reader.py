"""A reader that leaves early (`| head -1`, `| grep -q`) does not change a gate's exit status.

Before: with its standard output closed, `aireg validate` on data with a violation and `aireg diff`
of two different files both exited 0 (the BrokenPipeError was read as success).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import copy_data, data_files, edit

AIREG = [sys.executable, "-m", "aireg.cli"]


def _closed_stdout(*argv) -> tuple[int, str]:
    proc = subprocess.Popen([*AIREG, *map(str, argv)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before the first byte
    err = proc.stderr.read().decode()
    return proc.wait(timeout=120), err


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    data = copy_data(tmp_path_factory.mktemp("broken"))
    edit(data / "eo-14110.ttl", 'eli:date_document "2023-10-30"^^xsd:date', 'eli:date_document "2023-10-30"')
    return data


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_validate_keeps_exit_1_when_the_reader_leaves(broken, fmt):
    code, err = _closed_stdout("validate", "--format", fmt, *data_files(broken))
    assert code == 1 and err == "", err


def test_validate_with_a_report_file_keeps_exit_1(broken, tmp_path):
    code, err = _closed_stdout("validate", "-o", tmp_path / "r.txt", *data_files(broken))
    assert code == 1 and err == "", err
    assert "VIOLATION" in (tmp_path / "r.txt").read_text(encoding="utf-8")


def test_diff_keeps_exit_1_when_the_reader_leaves(broken):
    from aireg import paths

    code, err = _closed_stdout("diff", paths.data_dir() / "eo-14110.ttl", broken / "eo-14110.ttl")
    assert code == 1 and err == "", err
