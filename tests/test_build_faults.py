"""`aireg build` writes its files as one set: killed at any step, out of disk or run twice at once,
out/ holds the files of exactly one build, and nothing is left behind."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import subprocess
import sys
import textwrap
import time
from hashlib import sha256
from pathlib import Path

import pytest

from aireg.cli import main

A = "@prefix ex: <http://example.org/> .\nex:a ex:p \"old\" ; ex:q [ ex:r 1 ] .\n"
B = "@prefix ex: <http://example.org/> .\nex:b ex:p \"new\" .\nex:g { ex:b ex:q ex:c }\n"

STEPS = ["read", "sorted", "wrote aireg.nt", "wrote aireg.ttl", "wrote aireg.trig", "wrote manifest", "staged",
         "swapped"]


def one_build(out: Path) -> dict:
    """out/ as one build's set: every file the manifest names, with its digest, and nothing else of ours."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    ours = {p.name for p in out.iterdir() if p.name.startswith("aireg.")}
    assert ours == set(manifest["files"]), ours
    for name, meta in manifest["files"].items():
        assert sha256((out / name).read_bytes()).hexdigest() == meta["sha256"], name
    return manifest


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


@pytest.fixture()
def inputs(tmp_path):
    a = tmp_path / "a.ttl"
    a.write_text(A, encoding="utf-8")
    b = tmp_path / "b.trig"
    b.write_text(B.replace("ex:g {", "ex:g {"), encoding="utf-8")
    return a, b


def _build_killed_at(step: str, out: Path, src: Path) -> subprocess.CompletedProcess:
    script = textwrap.dedent(f"""
        import os, signal, sys
        import aireg.build
        def step(name):
            if name == {step!r}:
                os.kill(os.getpid(), signal.SIGKILL)
        aireg.build._step = step
        from aireg.cli import main
        sys.exit(main(["build", "-o", {str(out)!r}, {str(src)!r}]))
    """)
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)


@pytest.mark.slow
@pytest.mark.parametrize("step", STEPS)
def test_kill_9_at_each_step_leaves_one_whole_build(tmp_path, inputs, capsys, step):
    a, b = inputs
    out = tmp_path / "out"
    (tmp_path / "out").mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")  # not build's: kept through every build
    assert main(["build", "-o", str(out), str(a)]) == 0
    capsys.readouterr()
    before = one_build(out)
    proc = _build_killed_at(step, out, b)
    assert proc.returncode == -9, proc.stderr
    after = one_build(out)
    # before the swap: the old set, untouched; at the swap: the new set, whole
    assert after == before if step != "swapped" else after["named_graphs"] == ["<http://example.org/g>"]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    # the next build clears what the killed one left
    assert main(["build", "-o", str(out), str(b)]) == 0
    capsys.readouterr()
    assert one_build(out)["graphs"] == "kept"
    assert leftovers(out) == []


def test_a_full_disk_names_the_target_file_and_keeps_the_old_set(tmp_path, inputs, capsys, monkeypatch):
    a, b = inputs
    out = tmp_path / "out"
    assert main(["build", "-o", str(out), str(a)]) == 0
    capsys.readouterr()
    before = one_build(out)
    import aireg.build

    real = aireg.build._write

    def full(folder, name, data):
        if name == "aireg.ttl":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder / name))
        return real(folder, name, data)

    monkeypatch.setattr(aireg.build, "_write", full)
    assert main(["build", "-o", str(out), str(b)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert f"cannot write {out / 'aireg.ttl'}: No space left on device" in err
    assert ".part" not in err and ".build-" not in err
    assert one_build(out) == before
    assert leftovers(out) == []


def test_a_real_full_disk(tmp_path, capsys):
    """On a 256 KiB tmpfs (where the machine lets us mount one), the bundled build does not fit."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here: " + mounted.stderr.decode(errors="replace").strip())
    try:
        out = disk / "out"
        small = tmp_path / "small.ttl"
        small.write_text(A, encoding="utf-8")
        assert main(["build", "-o", str(out), str(small)]) == 0
        capsys.readouterr()
        before = one_build(out)
        assert main(["build", "-o", str(out)]) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and "No space left on device" in err and str(out) in err
        assert one_build(out) == before
        assert leftovers(out) == []
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


def _build_process(out: Path, src: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "aireg.cli", "build", "-o", str(out), str(src)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_a_second_build_waits_for_the_first(tmp_path, inputs):
    a, _ = inputs
    out = tmp_path / "out"
    fd = os.open(tmp_path, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)  # as a build in progress holds it
    try:
        proc = _build_process(out, a)
        time.sleep(3)
        assert proc.poll() is None, proc.communicate()
        assert not out.exists()
    finally:
        os.close(fd)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, stderr
    assert stderr.strip() == f"waiting for another aireg build writing into {tmp_path} to finish"
    one_build(out)


@pytest.mark.slow
def test_two_builds_at_once_leave_one_whole_set(tmp_path, inputs):
    a, b = inputs
    out = tmp_path / "out"
    procs = [_build_process(out, a), _build_process(out, b)]
    for proc in procs:
        _, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stderr
    one_build(out)
    assert leftovers(out) == []


def test_an_unreadable_folder_is_not_an_empty_one(tmp_path, capsys, monkeypatch):
    data = tmp_path / "data"
    (data / "private").mkdir(parents=True)
    (data / "a.ttl").write_text(A, encoding="utf-8")
    real_walk = os.walk

    def walk(top, onerror=None, **kw):
        for root, dirs, files in real_walk(top, onerror=onerror, **kw):
            if Path(root).name == "private":
                onerror(PermissionError(errno.EACCES, "Permission denied", root))
                continue
            yield root, dirs, files

    import aireg.load

    monkeypatch.setattr(aireg.load.os, "walk", walk)
    assert main(["diff", str(data), str(data)]) == 2
    err = capsys.readouterr().err.strip()
    assert f"{data / 'private'}: cannot read folder: Permission denied" in err
    assert "holds no RDF files" not in err
