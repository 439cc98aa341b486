"""Stopping servers leaves nothing behind: no Oxigraph process, no open port, no store folder.

`aireg serve` runs here as a real process with TMPDIR pointing into the
test's own folder, so every folder it makes can be seen and counted.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import pytest

from aireg.endpoint import query_endpoint
from aireg.server import FOLDER_PREFIX, OxigraphServer, remove_stale_folders
from helpers import wait_until

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs POSIX signals and /proc")

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
STARTUP = 120.0


# -- processes -----------------------------------------------------------------


def _stat(pid: int) -> tuple[str, int] | None:
    """State letter and parent pid of ``pid`` from /proc, or None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return fields[0], int(fields[1])


def _running(pid: int) -> bool:
    """True while any thread of ``pid`` runs (a zombie has stopped: it only waits to be reaped).

    The main thread of a multi-threaded server can be a zombie while other threads
    still exit and hold its files (and its folder lock); so every thread is looked at.
    """
    try:
        threads = [int(t.name) for t in Path(f"/proc/{pid}/task").iterdir()]
    except OSError:
        threads = [pid]
    states = []
    for tid in threads:
        try:
            text = Path(f"/proc/{pid}/task/{tid}/stat").read_text()
        except OSError:
            stat = _stat(tid) if tid == pid else None
            states.append(stat[0] if stat else "X")
            continue
        states.append(text[text.rindex(")") + 2])
    return any(state not in "ZX" for state in states)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat and stat[1] == pid:
                found.append(int(entry.name))
    return found


def _wait_until_gone(pid: int, timeout: float = 10.0) -> bool:
    return wait_until(lambda: not _running(pid), timeout, interval=0.05)


def _port_is_closed(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(2)
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("aireg-*"))


# -- `aireg serve` as a real process ----------------------------------------------------


class Serve:
    """An `aireg serve` process whose temporary folders go to ``tmpdir``."""

    def __init__(self, tmpdir: Path, *args: str):
        self.tmpdir = tmpdir
        env = dict(os.environ, TMPDIR=str(tmpdir))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "aireg.cli", "serve", "--port", "0", *args],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put("")

    def wait_ready(self) -> tuple[int, str]:
        """Triples served and the query URL, once the server announces itself."""
        seen, triples, deadline = [], None, time.monotonic() + STARTUP
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                continue
            if not line:
                break
            seen.append(line)
            if match := re.match(r"Serving (\d+) triples", line):
                triples = int(match.group(1))
            if match := re.search(r"SPARQL query endpoint:\s+(\S+)", line):
                assert triples is not None, seen
                return triples, match.group(1)
        raise AssertionError("aireg serve did not start:\n" + "".join(seen) + self._stderr_if_done())

    def _stderr_if_done(self) -> str:
        return self.proc.stderr.read() if self.proc.poll() is not None else ""

    def oxigraph_pid(self) -> int:
        kids = [pid for pid in _children(self.proc.pid) if "oxigraph" in Path(f"/proc/{pid}/cmdline").read_text()]
        assert len(kids) == 1, kids
        return kids[0]

    def close(self) -> None:
        """Stop a process a failed test left running, in order first."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def serve_in(tmp_path):
    started = []

    def start(*args: str) -> Serve:
        started.append(Serve(tmp_path, *args))
        return started[-1]

    yield start
    for serve in started:
        serve.close()


STOP_SIGNALS = [signal.SIGTERM, signal.SIGINT, signal.SIGHUP]


@pytest.mark.parametrize("stop_signal", STOP_SIGNALS, ids=[s.name for s in STOP_SIGNALS])
def test_aireg_serve_stops_in_order_and_leaves_nothing(serve_in, tmp_path, stop_signal):
    serve = serve_in()  # the bundled graph
    triples, query_url = serve.wait_ready()
    assert int(query_endpoint(query_url, COUNT).rows[0][0]) == triples > 0
    store = list(tmp_path.glob(FOLDER_PREFIX + "*"))
    assert len(store) == 1 and (store[0] / "store").is_dir()
    oxigraph = serve.oxigraph_pid()
    port = int(re.search(r":(\d+)/", query_url).group(1))

    serve.proc.send_signal(stop_signal)

    assert serve.proc.wait(30) == 0
    assert serve.proc.stderr.read().strip() == "aireg serve: stopped"
    assert _wait_until_gone(oxigraph), "the Oxigraph server outlived aireg serve"
    assert _port_is_closed(port)
    assert _leftovers(tmp_path) == []


def test_a_second_signal_does_not_interrupt_the_clean_up(serve_in, tmp_path, sparql_sample_ttl):
    serve = serve_in("--graph", str(sparql_sample_ttl))
    serve.wait_ready()
    oxigraph = serve.oxigraph_pid()
    serve.proc.send_signal(signal.SIGTERM)
    serve.proc.send_signal(signal.SIGTERM)
    serve.proc.send_signal(signal.SIGHUP)
    assert serve.proc.wait(30) == 0
    assert _wait_until_gone(oxigraph)
    assert _leftovers(tmp_path) == []


def test_a_killed_aireg_serve_takes_its_server_along_and_the_next_start_removes_its_folder(
    serve_in, tmp_path, sparql_sample_ttl, monkeypatch
):
    serve = serve_in("--graph", str(sparql_sample_ttl))
    serve.wait_ready()
    oxigraph = serve.oxigraph_pid()
    serve.proc.kill()
    serve.proc.wait(10)
    assert _wait_until_gone(oxigraph), "the Oxigraph server outlived a killed aireg serve"
    [stale] = tmp_path.glob(FOLDER_PREFIX + "*")

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with OxigraphServer(sparql_sample_ttl) as srv:
        assert not stale.exists()
        assert [p.name for p in tmp_path.glob(FOLDER_PREFIX + "*")] == [srv._tmpdir.name]
    assert _leftovers(tmp_path) == []


# -- which folders count as left over ------------------------------------------------


def test_live_and_unknown_folders_are_kept(tmp_path, sparql_sample_ttl, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    unknown = tmp_path / (FOLDER_PREFIX + "not-ours")
    (unknown / "store").mkdir(parents=True)
    with OxigraphServer(sparql_sample_ttl) as srv:
        assert remove_stale_folders(tmp_path) == []
        assert srv._tmpdir.is_dir() and unknown.is_dir()
    assert _leftovers(tmp_path) == [unknown.name]
    shutil.rmtree(unknown)


_OWNER = """\
    import os, sys
    from aireg.server import OxigraphServer
    srv = OxigraphServer(sys.argv[1]).start()
    print(srv._tmpdir, flush=True)
    {ending}
"""


@pytest.mark.parametrize(
    "ending, leaves",
    [("os._exit(0)", True), ("os.kill(os.getpid(), 9)", True), ("sys.exit(0)", False), ("raise RuntimeError", False)],
    ids=["os._exit", "SIGKILL", "sys.exit", "uncaught error"],
)
def test_a_server_never_stopped_by_its_owner(tmp_path, sparql_sample_ttl, ending, leaves):
    """Normal exits stop a forgotten server; abrupt ones leave a folder that the next start removes."""
    code = textwrap.dedent(_OWNER.format(ending=ending))
    done = subprocess.run(
        [sys.executable, "-c", code, str(sparql_sample_ttl)],
        env=dict(os.environ, TMPDIR=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=STARTUP,
        check=False,
    )
    folder = Path(done.stdout.strip())
    assert folder.parent == tmp_path, done.stderr
    assert folder.exists() == leaves
    assert _sweep(tmp_path) == ([folder] if leaves else [])
    assert _leftovers(tmp_path) == []


def _sweep(folder: Path, timeout: float = 10.0) -> list[Path]:
    """What remove_stale_folders removes once the killed owner's server has finished dying."""
    removed, deadline = [], time.monotonic() + timeout
    while True:
        removed += remove_stale_folders(folder)
        if not list(folder.glob(FOLDER_PREFIX + "*")) or time.monotonic() > deadline:
            return removed
        time.sleep(0.05)


# -- the test suite's own servers ----------------------------------------------------


_SLOW_TEST = """\
    import time

    def test_waits(oxigraph_server_factory, tmp_path_factory):
        oxigraph_server_factory()
        print("server up", flush=True)
        time.sleep(120)
"""


def test_a_test_run_stopped_with_sigterm_stops_its_servers(tmp_path):
    tests = Path(__file__).parent
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "test_slow.py").write_text(textwrap.dedent(_SLOW_TEST), encoding="utf-8")
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = dict(os.environ, TMPDIR=str(temp), PYTHONPATH=os.pathsep.join([str(tests), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "conftest", "-p", "no:cacheprovider", str(tmp_path / "run")],
        cwd=tmp_path / "run",
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        seen = []
        for line in proc.stdout:
            seen.append(line)
            if "server up" in line:
                break
        assert list(temp.glob(FOLDER_PREFIX + "*")), "".join(seen)
        proc.send_signal(signal.SIGTERM)
        output = "".join(seen) + proc.communicate(timeout=60)[0]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 2, output  # pytest's "interrupted"
    assert list(temp.glob(FOLDER_PREFIX + "*")) == [], output
