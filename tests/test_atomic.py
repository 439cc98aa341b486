"""Output files are written whole or not at all, with ordinary permissions."""

from __future__ import annotations

import os
import stat

import pytest

from aireg import atomic


def test_written_file_gets_the_mode_of_a_plain_open(tmp_path):
    mask = os.umask(0o022)
    try:
        path = atomic.write_text(tmp_path / "out.txt", "data")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert path.read_text() == "data"


def test_failure_leaves_neither_target_nor_temporary_file(tmp_path):
    target = tmp_path / "out.txt"
    with pytest.raises(RuntimeError), atomic.atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("writer failed")
    assert list(tmp_path.iterdir()) == []


def test_failure_keeps_the_previous_file(tmp_path):
    target = atomic.write_text(tmp_path / "out.txt", "old")
    with pytest.raises(RuntimeError), atomic.atomic_path(target) as tmp:
        tmp.write_text("new")
        raise RuntimeError("writer failed")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_write_error_names_the_target_not_the_part_file(tmp_path):
    import errno

    from aireg.outdir import OutputError

    target = tmp_path / "report.json"
    with pytest.raises(OutputError) as info, atomic.atomic_path(target) as tmp:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp))
    assert str(info.value) == f"cannot write {target}: No space left on device"
    assert list(tmp_path.iterdir()) == []
    blocked = tmp_path / "file"
    blocked.write_text("x")
    with pytest.raises(OutputError, match=f"cannot write {blocked / 'out.txt'}"):
        atomic.write_text(blocked / "out.txt", "data")
