"""A real SPARQL server on loopback: the Oxigraph server binary, loaded with RDF files.

``OxigraphServer`` loads the files into a fresh store folder with
``oxigraph load``, starts ``oxigraph serve`` on 127.0.0.1 and a free port,
waits until it answers, and on exit stops it and removes the folder:

    with OxigraphServer("graph.nt") as srv:
        srv.query_url   # http://127.0.0.1:PORT/query   (SPARQL 1.1 query)
        srv.update_url  # http://127.0.0.1:PORT/update  (SPARQL 1.1 update)
        srv.store_url   # http://127.0.0.1:PORT/store   (Graph Store Protocol)

The binary comes with the ``oxigraph`` PyPI package; it is looked for next to
the running Python, then on PATH (``AIREG_OXIGRAPH`` overrides both).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterable

from aireg.errors import AiregError, InputError

HOST = "127.0.0.1"
STARTUP_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
# oxigraph load guesses the format from these suffixes; others are told explicitly.
_LOAD_SUFFIXES = {".nt", ".ttl", ".nq", ".trig", ".rdf", ".owl", ".xml", ".n3", ".jsonld"}
_FORMAT_BY_SUFFIX = {".owl": "application/rdf+xml", ".xml": "application/rdf+xml", ".ntriples": "nt", ".turtle": "ttl"}


class ServerError(AiregError):
    """The SPARQL server could not be started or stopped."""


def find_oxigraph() -> str:
    """Path of the ``oxigraph`` server binary."""
    env = os.environ.get("AIREG_OXIGRAPH")
    if env:
        if Path(env).is_file() and os.access(env, os.X_OK):
            return env
        raise ServerError(f"AIREG_OXIGRAPH={env} is not an executable file")
    name = "oxigraph.exe" if os.name == "nt" else "oxigraph"
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise ServerError("cannot find the oxigraph server binary; install it with: pip install oxigraph")


def free_port(host: str = HOST) -> int:
    """A TCP port that is free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    """On Linux, have the kernel stop the server if the aireg process dies."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def _error_line(path: Path | None) -> str:
    """The server's error message from its log (Rust prints a backtrace after it)."""
    try:
        lines = [ln.strip() for ln in path.read_text("utf-8", "replace").splitlines() if ln.strip()] if path else []
    except OSError:
        return ""
    errors = [ln for ln in lines if ln.lower().startswith("error")]
    return (errors or lines or [""])[0 if errors else -1]


def port_is_free(port: int, host: str = HOST) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


class OxigraphServer:
    """An Oxigraph SPARQL server on loopback, loaded with ``files``; a context manager."""

    def __init__(
        self,
        files: str | Path | Iterable[str | Path] | None = None,
        *,
        port: int = 0,
        host: str = HOST,
        location: str | Path | None = None,
        read_only: bool = False,
        startup_timeout: float = STARTUP_TIMEOUT,
        query_timeout: float | None = None,
        binary: str | None = None,
    ):
        if files is None:
            file_list: list[Path] = []
        elif isinstance(files, (str, Path)):
            file_list = [Path(files)]
        else:
            file_list = [Path(f) for f in files]
        for path in file_list:
            if not path.is_file():
                raise InputError("no such file" if not path.exists() else "not a file", path)
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise ServerError(f"refusing to listen on {host}: aireg serves on loopback only")
        self.files = file_list
        self.host = host
        self.requested_port = int(port)
        self.port: int | None = None
        self.read_only = read_only
        self.startup_timeout = startup_timeout
        self.query_timeout = query_timeout
        self.binary = binary
        self._location = Path(location) if location else None
        self._tmpdir: Path | None = None
        self._proc: subprocess.Popen | None = None
        self._log: Path | None = None

    # -- URLs -------------------------------------------------------------

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise ServerError("the server is not running")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def query_url(self) -> str:
        return self.base_url + "/query"

    @property
    def update_url(self) -> str:
        return self.base_url + "/update"

    @property
    def store_url(self) -> str:
        return self.base_url + "/store"

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    # -- life cycle -------------------------------------------------------

    def _run_load(self, exe: str, location: Path) -> None:
        for path in self.files:
            cmd = [exe, "load", "--location", str(location), "--file", str(path)]
            suffix = path.suffix.lower()
            if suffix in _FORMAT_BY_SUFFIX:
                cmd += ["--format", _FORMAT_BY_SUFFIX[suffix]]
            elif suffix not in _LOAD_SUFFIXES:
                raise InputError(f"cannot tell the RDF format from {suffix or 'no suffix'!r}; use .nt or .ttl", path)
            done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            if done.returncode != 0:
                lines = [ln.strip() for ln in (done.stderr or done.stdout).splitlines() if ln.strip()]
                reason = next((ln for ln in lines if "rror" in ln), lines[0] if lines else "oxigraph load failed")
                raise InputError(f"oxigraph cannot load the file: {reason}", path)

    def start(self) -> "OxigraphServer":
        if self.running:
            return self
        exe = self.binary or find_oxigraph()
        self._tmpdir = Path(tempfile.mkdtemp(prefix="aireg-oxigraph-"))
        try:
            location = self._location or (self._tmpdir / "store")
            self._run_load(exe, location)
            if not self.files:
                location.mkdir(parents=True, exist_ok=True)
            self._log = self._tmpdir / "server.log"
            if self.requested_port and not port_is_free(self.requested_port, self.host):
                raise ServerError(f"port {self.requested_port} on {self.host} is already in use")
            attempts = 1 if self.requested_port else 3
            for attempt in range(attempts):
                port = self.requested_port or free_port(self.host)
                if self._spawn(exe, location, port):
                    return self
            raise ServerError(f"oxigraph server did not start: {_error_line(self._log) or 'no output'}")
        except BaseException:
            self.stop()
            raise

    def _spawn(self, exe: str, location: Path, port: int) -> bool:
        """Start the server on ``port``; False if the port was taken meanwhile."""
        bind = f"[{self.host}]:{port}" if ":" in self.host else f"{self.host}:{port}"
        cmd = [exe, "serve-read-only" if self.read_only else "serve", "--location", str(location), "--bind", bind]
        if self.query_timeout:
            cmd += ["--timeout-s", str(int(self.query_timeout))]
        assert self._log is not None
        with open(self._log, "ab") as log:
            self._proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
                start_new_session=True,  # Ctrl-C reaches aireg, which then stops the server in order
            )
        self.port = port
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                text = _error_line(self._log)
                self._proc = None
                self.port = None
                if "in use" in text.lower() and not self.requested_port:
                    return False
                if "in use" in text.lower():
                    raise ServerError(f"port {port} on {self.host} is already in use")
                raise ServerError(f"oxigraph server exited at start: {text or 'no output'}")
            if self._answers() and self._proc.poll() is None:
                return True
            time.sleep(0.05)
        self.stop()
        raise ServerError(f"oxigraph server did not answer within {self.startup_timeout:g} s")

    def _answers(self) -> bool:
        url = self.query_url + "?query=ASK%7B%7D"
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=1) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def wait(self) -> int:
        """Block until the server exits; its exit status."""
        if self._proc is None:
            raise ServerError("the server is not running")
        return self._proc.wait()

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL) and remove the temporary store."""
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.port = None
        if self._tmpdir is not None:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None

    def __enter__(self) -> "OxigraphServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __del__(self) -> None:  # a forgotten server must not outlive its owner
        try:
            self.stop()
        except Exception:
            pass


__all__ = ["HOST", "OxigraphServer", "ServerError", "find_oxigraph", "free_port", "port_is_free"]
