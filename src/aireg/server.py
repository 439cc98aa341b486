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

A server must not outlive the process that started it, nor leave its folder
behind. On Linux the kernel stops the server when its owner dies. Each folder
holds an ``owner.lock`` that the owner and the server keep locked while
either runs; an owner killed before it could clean up (SIGKILL, a crash)
leaves an unlocked folder, which the next ``start()`` removes (see
:func:`remove_stale_folders`).
"""

from __future__ import annotations

import atexit
import functools
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
import weakref
from collections.abc import Iterable
from pathlib import Path

from aireg.errors import AiregError, InputError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

HOST = "127.0.0.1"
STARTUP_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
FOLDER_PREFIX = "aireg-oxigraph-"
_OWNER_LOCK = "owner.lock"
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


def _die_with_parent(parent: int) -> None:  # pragma: no cover - runs in the child
    """On Linux, have the kernel stop the server if the aireg process dies.

    The signal comes when the thread that started the server ends, so start
    servers from the main thread or a thread that lives as long as they do.
    """
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        return
    if os.getppid() != parent:  # the owner died before prctl took effect
        os._exit(1)


def _lock_owner(folder: Path) -> int | None:
    """Lock ``folder``'s owner file; the lock lasts while the returned descriptor is open.

    The kernel drops the lock however its holders die, which tells a leftover
    folder from a live one. The file is locked before it takes its final name,
    so no other process can find it unlocked while its owner lives.
    """
    if fcntl is None:
        return None
    fresh = folder / (_OWNER_LOCK + ".new")
    try:
        fd = os.open(fresh, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.rename(fresh, folder / _OWNER_LOCK)
    except OSError:  # a file system without flock: the folder is never swept
        os.close(fd)
        return None
    return fd


def _claim_abandoned(folder: Path) -> int | None:
    """A locked descriptor on ``folder``'s owner file if no live process holds it, else None.

    Folders of other users, symbolic links and folders without an owner file are
    never claimed.
    """
    try:
        if folder.is_symlink() or not folder.is_dir() or folder.stat().st_uid != os.getuid():
            return None
        fd = os.open(folder / _OWNER_LOCK, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def remove_stale_folders(parent: str | Path | None = None) -> list[Path]:
    """Remove server folders in ``parent`` (default: the temporary folder) whose owner died.

    An owner killed without a chance to clean up (SIGKILL, a crash, power loss)
    cannot remove its folder itself; the next server started does it.
    """
    if fcntl is None:
        return []
    base = Path(parent) if parent is not None else Path(tempfile.gettempdir())
    try:
        candidates = sorted(base.glob(FOLDER_PREFIX + "*"))
    except OSError:
        return []
    removed = []
    for folder in candidates:
        fd = _claim_abandoned(folder)
        if fd is None:
            continue
        try:
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            os.close(fd)
        removed.append(folder)
    return removed


_RUNNING: weakref.WeakSet[OxigraphServer] = weakref.WeakSet()


@atexit.register
def _stop_running_servers() -> None:
    """Stop servers still running when Python exits, while the modules stop() needs are intact."""
    for srv in list(_RUNNING):
        srv.stop()


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
        self._lock_fd: int | None = None

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
            done = subprocess.run(cmd, capture_output=True, text=True)
            if done.returncode != 0:
                lines = [ln.strip() for ln in (done.stderr or done.stdout).splitlines() if ln.strip()]
                reason = next((ln for ln in lines if "rror" in ln), lines[0] if lines else "oxigraph load failed")
                raise InputError(f"oxigraph cannot load the file: {reason}", path)

    def start(self) -> OxigraphServer:
        if self.running:
            return self
        exe = self.binary or find_oxigraph()
        remove_stale_folders()
        self._tmpdir = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))
        _RUNNING.add(self)
        try:
            self._lock_fd = _lock_owner(self._tmpdir)
            location = self._location or (self._tmpdir / "store")
            self._run_load(exe, location)
            if not self.files:
                location.mkdir(parents=True, exist_ok=True)
            self._log = self._tmpdir / "server.log"
            if self.requested_port and not port_is_free(self.requested_port, self.host):
                raise ServerError(f"port {self.requested_port} on {self.host} is already in use")
            attempts = 1 if self.requested_port else 3
            for _attempt in range(attempts):
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
        linux = sys.platform.startswith("linux")
        with open(self._log, "ab") as log:
            self._proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=functools.partial(_die_with_parent, os.getpid()) if linux else None,
                start_new_session=True,  # Ctrl-C reaches aireg, which then stops the server in order
                pass_fds=() if self._lock_fd is None else (self._lock_fd,),  # the server keeps its folder locked too
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
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None
        _RUNNING.discard(self)

    def __enter__(self) -> OxigraphServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __del__(self) -> None:  # a forgotten server must not outlive its owner
        try:
            self.stop()
        except Exception:
            pass


__all__ = [
    "FOLDER_PREFIX",
    "HOST",
    "OxigraphServer",
    "ServerError",
    "find_oxigraph",
    "free_port",
    "port_is_free",
    "remove_stale_folders",
]
