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
either runs, and its name carries the owner's process id; an owner killed
before it could clean up (SIGKILL, a crash), even before it could lock the
folder, leaves a folder that the next ``start()`` removes (see
:func:`remove_stale_folders`).

``AIREG_FAULT_KILL_AT=STEP`` makes the process kill itself (SIGKILL) when it
reaches STEP of a start (see :data:`START_STEPS`): the fault-injection tests
use it to show that a start cut anywhere leaves nothing that the next start
does not remove.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import weakref
from collections.abc import Callable, Iterable
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
#: Folders older aireg versions made for ``aireg serve`` without a lock; removed when idle.
LEGACY_PREFIX = "aireg-serve-"
LEGACY_IDLE = 60.0
#: Where a start can be cut by ``AIREG_FAULT_KILL_AT`` (in order).
START_STEPS = ("folder-made", "folder-locked", "data-written", "store-loaded", "server-spawned")
_OWNER_LOCK = "owner.lock"
# oxigraph load guesses the format from these suffixes; others are told explicitly.
_LOAD_SUFFIXES = {".nt", ".ttl", ".nq", ".trig", ".rdf", ".owl", ".xml", ".n3", ".jsonld"}
_FORMAT_BY_SUFFIX = {".owl": "application/rdf+xml", ".xml": "application/rdf+xml", ".ntriples": "nt", ".turtle": "ttl"}


class ServerError(AiregError):
    """The SPARQL server could not be started or stopped."""


def checkpoint(step: str) -> None:
    """Fault injection: SIGKILL this process at ``step`` if ``AIREG_FAULT_KILL_AT`` names it."""
    if os.environ.get("AIREG_FAULT_KILL_AT") == step:
        os.kill(os.getpid(), signal.SIGKILL)


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


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


def _creator_pid(folder: Path) -> int | None:
    """The owner's process id from a folder name ``aireg-oxigraph-PID-XXXX``, if it has one."""
    rest = folder.name[len(FOLDER_PREFIX):]
    head, _, tail = rest.partition("-")
    return int(head) if head.isdigit() and tail else None


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

    Folders of other users and symbolic links are never claimed. A folder
    without an owner file is claimed (-1) only if its name carries the id of a
    process that has died: its owner was killed between making and locking it.
    """
    try:
        if folder.is_symlink() or not folder.is_dir() or folder.stat().st_uid != os.getuid():
            return None
        fd = os.open(folder / _OWNER_LOCK, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        pid = _creator_pid(folder)
        return -1 if pid is not None and not _pid_alive(pid) else None
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
            if fd >= 0:
                os.close(fd)
        removed.append(folder)
    return removed + _remove_legacy_folders(base)


def _remove_legacy_folders(base: Path) -> list[Path]:
    """Remove ``aireg-serve-*`` folders of older versions (never locked) idle for a minute."""
    removed = []
    try:
        candidates = sorted(base.glob(LEGACY_PREFIX + "*"))
    except OSError:
        return []
    now = time.time()
    for folder in candidates:
        try:
            if folder.is_symlink() or not folder.is_dir() or folder.stat().st_uid != os.getuid():
                continue
            times = [folder.stat().st_mtime] + [p.stat().st_mtime for p in folder.iterdir()]
        except OSError:
            continue
        if now - max(times) > LEGACY_IDLE:
            shutil.rmtree(folder, ignore_errors=True)
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
    """True if a server could listen on ``port`` now.

    Like every server, with SO_REUSEADDR: connections of a server that just
    stopped linger in TIME_WAIT for a minute and must not count as "in use".
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        if os.name != "nt":  # on Windows the option means something else (port stealing)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
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
        write_data: Callable[[Path], None] | None = None,
        preferred_ports: Iterable[int] = (),
    ):
        """``write_data``: writes N-Triples to the path it is given, a file inside the
        server's own (locked) folder that is loaded with ``files``, then removed.
        ``preferred_ports``: tried in order, when free, before any free port (``port=0`` only)."""
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
        self.write_data = write_data
        self.preferred_ports = tuple(preferred_ports)
        self._location = Path(location) if location else None
        self._tmpdir: Path | None = None
        self._proc: subprocess.Popen | None = None
        self._log: Path | None = None
        self._lock_fd: int | None = None
        self._exe: str | None = None
        self._store: Path | None = None
        self.ready = threading.Event()  # set while the server answers (cleared during a restart)
        self._restart = threading.Event()

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

    def _child_options(self) -> dict:
        """Popen options: the child dies with aireg (Linux) and keeps the folder locked."""
        linux = sys.platform.startswith("linux")
        return {
            "preexec_fn": functools.partial(_die_with_parent, os.getpid()) if linux else None,
            "pass_fds": () if self._lock_fd is None else (self._lock_fd,),
        }

    def _run_load(self, exe: str, location: Path, files: list[Path]) -> None:
        for path in files:
            cmd = [exe, "load", "--location", str(location), "--file", str(path)]
            suffix = path.suffix.lower()
            if suffix in _FORMAT_BY_SUFFIX:
                cmd += ["--format", _FORMAT_BY_SUFFIX[suffix]]
            elif suffix not in _LOAD_SUFFIXES:
                raise InputError(f"cannot tell the RDF format from {suffix or 'no suffix'!r}; use .nt or .ttl", path)
            done = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL, **self._child_options())
            if done.returncode != 0:
                lines = [ln.strip() for ln in (done.stderr or done.stdout).splitlines() if ln.strip()]
                reason = next((ln for ln in lines if "rror" in ln), lines[0] if lines else "oxigraph load failed")
                raise InputError(f"oxigraph cannot load the file: {reason}", path)

    def start(self) -> OxigraphServer:
        if self.running:
            return self
        exe = self.binary or find_oxigraph()
        remove_stale_folders()
        self._tmpdir = Path(tempfile.mkdtemp(prefix=f"{FOLDER_PREFIX}{os.getpid()}-"))
        _RUNNING.add(self)
        try:
            checkpoint("folder-made")
            self._lock_fd = _lock_owner(self._tmpdir)
            checkpoint("folder-locked")
            location = self._location or (self._tmpdir / "store")
            files = list(self.files)
            if self.write_data is not None:
                data = self._tmpdir / "data.nt"
                self.write_data(data)
                files.append(data)
            checkpoint("data-written")
            self._run_load(exe, location, files)
            if self.write_data is not None:
                with contextlib.suppress(OSError):
                    data.unlink()
            if not files:
                location.mkdir(parents=True, exist_ok=True)
            checkpoint("store-loaded")
            self._log = self._tmpdir / "server.log"
            if self.requested_port and not port_is_free(self.requested_port, self.host):
                raise ServerError(f"port {self.requested_port} on {self.host} is already in use")
            if self.requested_port:
                ports = [self.requested_port]
            else:
                ports = [p for p in self.preferred_ports if port_is_free(p, self.host)][:3] + [0, 0, 0]
            self._exe, self._store = exe, location
            for port in ports:
                if self._spawn(exe, location, port or free_port(self.host)):
                    self.ready.set()
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
                start_new_session=True,  # Ctrl-C reaches aireg, which then stops the server in order
                **self._child_options(),  # the server keeps its folder locked too
            )
        checkpoint("server-spawned")
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

    def cancel_all(self) -> None:
        """Stop every query now (from any thread): kill the process; :meth:`wait` starts it again.

        Oxigraph's own ``--timeout-s`` does not stop every query (a large join
        can compute on after it fired); killing the process always frees the
        CPU. The store on disk is kept (Oxigraph commits writes atomically).
        """
        proc = self._proc
        if proc is None or proc.poll() is not None:
            return
        self.ready.clear()
        self._restart.set()
        proc.kill()

    def wait(self) -> int:
        """Block until the server exits; its exit status. A server killed by :meth:`cancel_all`
        is started again on the same port, from the thread that waits (which then owns it)."""
        while True:
            proc = self._proc
            if proc is None:
                raise ServerError("the server is not running")
            status = proc.wait()
            if not self._restart.is_set() or self._proc is not proc:
                return status
            self._restart.clear()
            assert self._exe is not None and self._store is not None and self.port is not None
            port = self.port
            if not self._spawn(self._exe, self._store, port):
                raise ServerError(f"the Oxigraph server could not start again on port {port}")
            self.ready.set()

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL) and remove the temporary store."""
        proc, self._proc = self._proc, None
        self.ready.clear()
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
    "START_STEPS",
    "OxigraphServer",
    "ServerError",
    "find_oxigraph",
    "free_port",
    "port_is_free",
    "remove_stale_folders",
]
