"""Fault injection on `aireg serve`: nothing lost, nothing left behind, nothing let in.

* kill -9 at each step of start-up (``AIREG_FAULT_KILL_AT``): no process and,
  once the next server on the same port has started and stopped, no folder
  is left, and that server serves every triple;
* the default server refuses every write, cross-origin requests and foreign
  ``Host`` headers (DNS rebinding): the triple count never changes;
* a query that outlives its limit is stopped and its CPU freed;
* a stopped or killed server's port can be taken again at once.

`aireg serve` runs as a real process with TMPDIR in the test's own folder, so
every folder and process it makes can be found.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import pytest

from aireg.commands.serve import BROWSER_BLOCKED_PORTS, START_STEPS
from aireg.guard import GRACE
from aireg.load import load_graph
from aireg.server import FOLDER_PREFIX, LEGACY_PREFIX, OxigraphServer, free_port, remove_stale_folders
from aireg.server import START_STEPS as SERVER_STEPS
from helpers import wait_until
from test_serve_signals import Serve, _leftovers, _running

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs POSIX signals and /proc")

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
#: Billions of rows on any graph of a few dozen triples: outlives every limit.
ENDLESS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o . ?p ?q ?r . ?s ?t ?u }"
ENDLESS_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o . ?p ?q ?r . ?s ?t ?u }"


# -- HTTP, processes ---------------------------------------------------------------


def ask(port: int, method: str = "GET", path: str = "/", body: bytes | str | None = None,
        headers: dict | None = None, timeout: float = 30) -> tuple[int, bytes]:
    """Status and body of one request to 127.0.0.1:``port`` (a ``Host`` in ``headers`` replaces the real one)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        answer = conn.getresponse()
        return answer.status, answer.read()
    finally:
        conn.close()


def count(port: int, **headers) -> int:
    status, body = ask(port, path="/query?query=" + urllib.parse.quote(COUNT),
                       headers={"Accept": "application/sparql-results+json", **headers})
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def port_of(url: str) -> int:
    return int(re.search(r":(\d+)/", url).group(1))


def processes_mentioning(folder: Path) -> list[int]:
    """Live processes whose command line names ``folder`` (an Oxigraph on a store in it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            except OSError:
                continue
            if str(folder) in cmdline and _running(int(entry.name)):
                found.append(int(entry.name))
    return found


def no_process_left(folder: Path, timeout: float = 15.0) -> bool:
    return wait_until(lambda: not processes_mentioning(folder), timeout)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_used(pid: int, seconds: float) -> float:
    before = cpu_seconds(pid)
    time.sleep(seconds)
    return cpu_seconds(pid) - before


def stop(serve: Serve) -> None:
    serve.proc.send_signal(signal.SIGTERM)
    assert serve.proc.wait(30) == 0


@pytest.fixture(scope="module")
def sample_triples(sparql_sample_ttl):
    return len(load_graph([sparql_sample_ttl]))


@pytest.fixture
def serve_in(tmp_path):
    """Start `aireg serve` processes whose folders go to ``tmp_path``; stopped when the test ends."""
    started = []

    def start(*args: str) -> Serve:
        started.append(Serve(tmp_path, *args))
        return started[-1]

    yield start
    for serve in started:
        serve.close()


# -- kill -9 at each step of start-up ------------------------------------------------


def test_the_steps_of_serve_are_those_of_the_server_between_its_own():
    assert ("port-bound", *SERVER_STEPS, "serving") == START_STEPS


@pytest.mark.slow
@pytest.mark.parametrize("step", START_STEPS)
def test_kill_at_each_start_step_leaves_nothing_and_the_next_start_serves_all(
    step, serve_in, tmp_path, sparql_sample_ttl, sample_triples, monkeypatch
):
    port = free_port()
    monkeypatch.setenv("AIREG_FAULT_KILL_AT", step)
    killed = serve_in("--graph", str(sparql_sample_ttl), "--port", str(port))
    assert killed.proc.wait(120) == -signal.SIGKILL, killed.proc.stderr.read()
    monkeypatch.delenv("AIREG_FAULT_KILL_AT")
    assert no_process_left(tmp_path), f"a process outlived aireg serve killed at {step}"

    again = serve_in("--graph", str(sparql_sample_ttl), "--port", str(port))
    triples, url = again.wait_ready()
    assert port_of(url) == port, "the port of the killed server was not free at once"
    assert count(port) == triples == sample_triples
    [live] = _leftovers(tmp_path)  # the killed start's folder is gone; only the live one remains
    assert live.startswith(f"{FOLDER_PREFIX}{again.proc.pid}-")
    stop(again)
    assert no_process_left(tmp_path)
    assert _leftovers(tmp_path) == []


# -- the default server: read-only, same-origin, own Host ------------------------------


@pytest.fixture(scope="module")
def default_server(tmp_path_factory):
    """`aireg serve` on the bundled graph with no option but the port: what users get."""
    folder = tmp_path_factory.mktemp("default-serve")
    serve = Serve(folder, "--port", str(free_port()))
    triples, url = serve.wait_ready()
    yield serve, port_of(url), triples
    serve.close()
    assert _leftovers(folder) == []


WRITES = [
    ("POST", "/update", "update=" + urllib.parse.quote("DROP ALL"), "application/x-www-form-urlencoded"),
    ("POST", "/update", "DELETE WHERE { ?s ?p ?o }", "application/sparql-update"),
    ("PUT", "/store?default", "<http://a> <http://b> <http://c> .", "application/n-triples"),
    ("POST", "/store?default", "<http://a> <http://b> <http://c> .", "application/n-triples"),
    ("DELETE", "/store?default", None, None),
    ("POST", "/store", "<http://a> <http://b> <http://c> .", "application/n-triples"),
]


@pytest.mark.parametrize("method, path, body, ctype", WRITES, ids=[f"{m} {p}" for m, p, _, _ in WRITES])
def test_default_server_refuses_every_write(default_server, method, path, body, ctype):
    serve, port, triples = default_server
    headers = {"Content-Type": ctype} if ctype else {}
    status, answer = ask(port, method, path, body, headers)
    assert status == 403 and b"read-only" in answer and b"--allow-updates" in answer
    assert count(port) == triples


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1:1", "https://localhost"])
def test_cross_origin_post_changes_nothing(default_server, origin):
    """What a web page's form can send: a urlencoded POST with the page's Origin."""
    serve, port, triples = default_server
    for path, field, text in (("/update", "update", "DROP ALL"), ("/query", "query", COUNT)):
        status, answer = ask(port, "POST", path, f"{field}={urllib.parse.quote(text)}",
                             {"Content-Type": "application/x-www-form-urlencoded", "Origin": origin})
        assert status == 403 and b"cross-origin" in answer
    assert count(port) == triples
    assert count(port, Origin=f"http://localhost:{port}") == triples  # its own pages may query


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1:1", "127.0.0.1.nip.io:{port}"])
def test_foreign_host_is_refused(default_server, host):
    """DNS rebinding: a foreign name resolved to 127.0.0.1 carries that name in Host."""
    serve, port, triples = default_server
    status, answer = ask(port, path="/query?query=" + urllib.parse.quote(COUNT), headers={"Host": host.format(port=port)})
    assert status == 403 and b"is not this server" in answer
    assert count(port, Host=f"localhost:{port}") == count(port) == triples


def test_a_request_without_host_is_refused(default_server):
    serve, port, _ = default_server
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET /query?query=ASK%7B%7D HTTP/1.0\r\n\r\n")
        assert re.match(rb"HTTP/1\.[01] 400 ", sock.recv(100))


def test_oxigraph_behind_the_guard_is_read_only_and_out_of_browsers_reach(default_server):
    serve, port, _ = default_server
    cmdline = Path(f"/proc/{serve.oxigraph_pid()}/cmdline").read_bytes().split(b"\0")
    assert b"serve-read-only" in cmdline
    bind = cmdline[cmdline.index(b"--bind") + 1].decode()
    host, _, inner = bind.rpartition(":")
    assert host == "127.0.0.1" and int(inner) != port
    taken = [p for p in BROWSER_BLOCKED_PORTS if p != int(inner) and not _port_free(p)]
    assert int(inner) in BROWSER_BLOCKED_PORTS or len(taken) == len(BROWSER_BLOCKED_PORTS)


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.mark.slow
def test_allow_updates_warns_and_still_refuses_other_origins(serve_in, sparql_sample_ttl, sample_triples):
    serve = serve_in("--graph", str(sparql_sample_ttl), "--allow-updates")
    triples, url = serve.wait_ready()
    port = port_of(url)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    drop = "update=" + urllib.parse.quote("DROP ALL")
    assert ask(port, "POST", "/update", drop, {**form, "Origin": "http://evil.example"})[0] == 403
    assert ask(port, "POST", "/update", drop, {**form, "Host": "evil.example"})[0] == 403
    assert count(port) == triples == sample_triples
    insert = "update=" + urllib.parse.quote("INSERT DATA { <http://a> <http://b> <http://c> }")
    assert ask(port, "POST", "/update", insert, {**form, "Origin": f"http://127.0.0.1:{port}"})[0] == 204
    assert count(port) == triples + 1
    stop(serve)
    err = serve.proc.stderr.read()
    assert "warning: --allow-updates" in err and "any program on this machine" in err


# -- a query that outlives its limit -------------------------------------------------------


@pytest.fixture
def limited_server(serve_in, sparql_sample_ttl):
    serve = serve_in("--graph", str(sparql_sample_ttl), "--timeout", "1")
    _, url = serve.wait_ready()
    return serve, port_of(url)


def _assert_cpu_freed(serve: Serve, before: int) -> None:
    """Within 10 s no Oxigraph process of ``serve`` computes: the one that ran the query
    (``before``) is idle or gone, and the one serving now (the same, or a new one) is idle."""
    deadline = time.monotonic() + 10
    while True:
        try:
            now = serve.oxigraph_pid()
            busy = cpu_used(now, 1.0) > 0.3  # a query running takes a whole core
            busy = busy or (now != before and _running(before) and cpu_used(before, 0.5) > 0.15)
        except (AssertionError, OSError):  # between two Oxigraph processes
            busy = True
            time.sleep(0.2)
        if not busy:
            return
        assert time.monotonic() < deadline, "an Oxigraph process still computes after the time limit"


@pytest.mark.slow
def test_a_counting_query_over_its_limit_is_stopped_and_frees_the_cpu(limited_server):
    serve, port = limited_server
    before = serve.oxigraph_pid()
    started = time.monotonic()
    status, body = ask(port, path="/query?query=" + urllib.parse.quote(ENDLESS_COUNT),
                       headers={"Accept": "application/sparql-results+json"})
    took = time.monotonic() - started
    assert took < 1 + GRACE + 5, took
    assert b"cancelled" in body or status >= 400  # never a whole-looking answer
    with pytest.raises(json.JSONDecodeError):
        json.loads(body)
    _assert_cpu_freed(serve, before)
    assert count(port) > 0  # the server still answers


@pytest.mark.slow
def test_a_streaming_result_over_its_limit_is_cut_and_frees_the_cpu(limited_server):
    serve, port = limited_server
    before = serve.oxigraph_pid()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/query?query=" + urllib.parse.quote(ENDLESS), headers={"Accept": "text/csv"})
    answer = conn.getresponse()
    started, received = time.monotonic(), 0
    with pytest.raises((http.client.IncompleteRead, ConnectionError)):
        while time.monotonic() - started < 30:
            data = answer.read1(64 * 1024)
            if not data:
                raise ConnectionError("cut")
            received += len(data)
    took = time.monotonic() - started
    conn.close()
    assert received > 0 and took < 1 + GRACE + 5, took
    _assert_cpu_freed(serve, before)
    assert count(port) > 0  # the server still answers


@pytest.mark.slow
def test_a_client_that_gives_up_frees_the_cpu(limited_server):
    serve, port = limited_server
    before = serve.oxigraph_pid()
    with pytest.raises(TimeoutError):
        ask(port, path="/query?query=" + urllib.parse.quote(ENDLESS_COUNT), timeout=0.3)
    _assert_cpu_freed(serve, before)
    assert count(port) > 0


# -- the same port at once ----------------------------------------------------------------


def _hold_a_connection(port: int) -> socket.socket:
    """A kept-alive connection that has been answered: the server side closes it first when killed."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(f"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    assert sock.recv(100).startswith(b"HTTP/1.1 200")
    return sock


@pytest.mark.slow
@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM"])
def test_restart_at_once_on_the_same_port(how, serve_in, tmp_path, sparql_sample_ttl, sample_triples):
    port = free_port()
    first = serve_in("--graph", str(sparql_sample_ttl), "--port", str(port))
    first.wait_ready()
    held = _hold_a_connection(port)
    first.proc.send_signal(getattr(signal, how))
    first.proc.wait(30)
    second = serve_in("--graph", str(sparql_sample_ttl), "--port", str(port))
    _, url = second.wait_ready()
    assert port_of(url) == port and count(port) == sample_triples
    held.close()
    stop(second)
    assert no_process_left(tmp_path) and _leftovers(tmp_path) == []


def test_library_server_takes_its_port_again_at_once(sparql_sample_ttl):
    port = free_port()
    first = OxigraphServer(sparql_sample_ttl, port=port).start()
    held = _hold_a_connection(port)
    os.kill(first.pid, signal.SIGKILL)
    first._proc.wait()
    first.stop()
    with OxigraphServer(sparql_sample_ttl, port=port) as again:
        assert again.port == port
    held.close()


# -- what the next start removes -------------------------------------------------------------


def test_folders_of_dead_owners_are_removed_even_unlocked(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(gone.stdout)
    unlocked = tmp_path / f"{FOLDER_PREFIX}{dead}-abcd1234"  # killed between making and locking it
    (unlocked / "store").mkdir(parents=True)
    alive = tmp_path / f"{FOLDER_PREFIX}{os.getpid()}-efgh5678"  # being started by a live process
    alive.mkdir()
    legacy_idle = tmp_path / f"{LEGACY_PREFIX}old12345"  # an older aireg serve's copy, never locked
    legacy_idle.mkdir()
    (legacy_idle / "graph.nt").write_text("<http://a> <http://b> <http://c> .\n")
    old = time.time() - 3600
    os.utime(legacy_idle / "graph.nt", (old, old))
    os.utime(legacy_idle, (old, old))
    legacy_busy = tmp_path / f"{LEGACY_PREFIX}new12345"
    legacy_busy.mkdir()
    removed = remove_stale_folders()
    assert sorted(removed) == sorted([unlocked, legacy_idle])
    assert alive.is_dir() and legacy_busy.is_dir()
