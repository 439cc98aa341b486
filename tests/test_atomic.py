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


def _read_fifo(path, into: list):
    import threading

    def reader():
        with open(path, "rb") as fh:
            into.append(fh.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("through_link", [False, True])
def test_a_pipe_as_output_is_written_through_never_replaced(tmp_path, capsys, through_link):
    """`-o /dev/stdout`, `-o >(gzip)` or a named pipe: the report goes down the pipe; the pipe stays a pipe.

    Renaming over it replaced the device or pipe with a regular file (as root: /dev/null itself).
    """
    from aireg.cli import main

    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    target = fifo
    if through_link:
        target = tmp_path / "link.json"
        target.symlink_to(fifo)
    got: list = []
    thread = _read_fifo(fifo, got)
    data = tmp_path / "d.ttl"
    data.write_text("<http://example.org/a> <http://example.org/b> 1 .\n", encoding="utf-8")
    assert main(["validate", "--format", "json", "-o", str(target), str(data)]) == 0
    thread.join(10)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert target.is_symlink() == through_link
    assert b'"exit_code": 0' in got[0]
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_a_link_to_a_file_is_kept_and_the_file_it_names_replaced(tmp_path):
    real = tmp_path / "shared" / "report.txt"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "report.txt"
    link.symlink_to(real)
    atomic.write_text(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_a_failed_write_through_a_device_is_one_error_naming_it(tmp_path, monkeypatch):
    """/dev/full: the write fails with ENOSPC, reported on the path the user gave."""
    from aireg.outdir import OutputError

    if not os.path.exists("/dev/full") or not stat.S_ISCHR(os.stat("/dev/full").st_mode):
        pytest.skip("no /dev/full character device on this machine")
    monkeypatch.setattr(atomic, "_special", lambda target: True)  # never rename over the real device
    with pytest.raises(OutputError) as info:
        atomic.write_text("/dev/full", "x" * 100000)
    assert "cannot write /dev/full: No space left on device" in str(info.value)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)



@pytest.mark.parametrize("argv", [
    ["validate", "-o", "{d}", "{d}"], ["validate", "--shapes-file", "{s}", "-o", "{s}", "{d}"],
    ["diff", "{d}", "{d}", "-o", "{d}"], ["export", "--format", "dot", "-o", "{d}", "{d}"],
    ["query", "{q}", "{d}", "-o", "{q}"], ["query", "{q}", "{d}", "-o", "{d}"],
])
def test_an_output_that_is_an_input_is_refused_and_the_input_kept(tmp_path, capsys, argv):
    """`aireg validate -o data/x.ttl data/x.ttl` replaced the data with its report (exit 0 or 1)."""
    from aireg.cli import main

    data = tmp_path / "d.ttl"
    data.write_text("<http://example.org/a> <http://example.org/b> 1 .\n", encoding="utf-8")
    shapes = tmp_path / "s.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n<http://example.org/S> a sh:NodeShape ; "
                      "sh:targetSubjectsOf <http://example.org/b> ; sh:property [ sh:path <http://example.org/b> ; "
                      "sh:maxCount 1 ] .\n", encoding="utf-8")
    query = tmp_path / "q.rq"
    query.write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in (data, shapes, query)}
    args = [a.format(d=data, s=shapes, q=query) for a in argv]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "is one of this command's inputs" in err and err.count("\n") == 1, err
    assert {p: p.read_bytes() for p in before} == before


def test_a_pipe_whose_reader_leaves_early_is_no_error(tmp_path):
    """`aireg export -o /dev/stdout | head -1` said "cannot write /dev/stdout: Broken pipe" and exited 2."""
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "aireg.cli", "export", "--format", "dot", "-o", "/dev/stdout"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline().startswith(b"digraph")
    proc.stdout.close()
    err = proc.stderr.read().decode()
    # the summary goes to stderr when the output is stdout itself (see test_output_to_stdout_holds_only_the_file)
    assert proc.wait(timeout=120) == 0 and "error" not in err and "Broken pipe" not in err, err


def test_output_to_stdout_holds_only_the_file(tmp_path):
    """`-o /dev/stdout` ended the SVG or JSON with the command's "wrote ..." summary lines."""
    import json
    import subprocess
    import sys
    import xml.etree.ElementTree as ET

    data = tmp_path / "d.ttl"
    data.write_text('@prefix aireg: <https://w3id.org/aireg/ont#> .\n<http://example.org/i> a aireg:Instrument .\n',
                    encoding="utf-8")
    svg = subprocess.run([sys.executable, "-m", "aireg.cli", "export", "--format", "svg", "--renderer", "matplotlib",
                          "-o", "/dev/stdout", str(data)], capture_output=True, timeout=120)
    assert svg.returncode == 0 and b"wrote /dev/stdout" in svg.stderr, svg.stderr
    ET.fromstring(svg.stdout)
    report = subprocess.run([sys.executable, "-m", "aireg.cli", "validate", "--format", "json", "-o", "/dev/stdout",
                             str(data)], capture_output=True, timeout=120)
    assert report.returncode == 1 and json.loads(report.stdout)["exit_code"] == 1
    assert "FAIL: exit 1" in report.stderr.decode()
