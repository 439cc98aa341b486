"""A throw-away OpenLink Virtuoso for the tests: its own ini and database in a temp folder.

Debian's ``virtuoso-opensource`` (``virtuoso-t``, ``isql-vt``) is started on
free loopback ports, loaded through its SQL port (``DB.DBA.TTLP_MT``), given a
user for the digest-protected endpoints, and stopped (SIGTERM, then SIGKILL)
with its folder removed. On Linux it also dies with the test process.
"""

from __future__ import annotations

import functools
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from aireg.server import _die_with_parent, free_port

VIRTUOSO = "virtuoso-t"
ISQL = "isql-vt"
VSP_ROOT = "/var/lib/virtuoso-opensource-7/vsp"

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
DirsAllowed = ., {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 1
MaxClientConnections = 8

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {vsp}
ServerThreads = 4
MaxClientConnections = 8
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale(parent: str | None = None) -> None:
    """Remove the folders of test servers that died without stopping (a SIGKILLed test run).

    A folder whose lock names a process that is gone, or that has no lock an hour after it was
    made, is stale; a live server's folder is never touched.
    """
    for folder in Path(parent or tempfile.gettempdir()).glob("aireg-virtuoso-*"):
        lock = folder / "virtuoso.lck"
        try:
            text = lock.read_text(encoding="utf-8", errors="replace")
            pid = int(text.split("VIRT_PID=", 1)[1].split()[0])
            stale = not _alive(pid)
        except (OSError, IndexError, ValueError):
            try:
                stale = time.time() - folder.stat().st_mtime > 3600
            except OSError:
                continue
        if stale:
            shutil.rmtree(folder, ignore_errors=True)


def available() -> bool:
    return shutil.which(VIRTUOSO) is not None and shutil.which(ISQL) is not None


class VirtuosoServer:
    """One Virtuoso process: ``start()``, ``load(path, graph)``, ``stop()``."""

    user = "aireg"

    def __init__(self) -> None:
        remove_stale()
        self.folder = Path(tempfile.mkdtemp(prefix="aireg-virtuoso-"))
        self.sql_port = free_port()
        self.http_port = free_port()
        self.password = "pw-" + secrets.token_hex(8)  # the test user's, for the digest endpoints
        self._dba_password = "dba"  # a fresh database's; the SQL port listens on 127.0.0.1 only
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def query_url(self) -> str:
        return self.base + "/sparql"

    @property
    def auth_query_url(self) -> str:
        return self.base + "/sparql-auth"

    @property
    def store_url(self) -> str:
        return self.base + "/sparql-graph-crud"

    @property
    def auth_store_url(self) -> str:
        return self.base + "/sparql-graph-crud-auth"

    def start(self, wait: float = 90.0) -> VirtuosoServer:
        ini = self.folder / "virtuoso.ini"
        ini.write_text(INI.format(dir=self.folder, sql_port=self.sql_port, http_port=self.http_port,
                                  vsp=VSP_ROOT if Path(VSP_ROOT).is_dir() else self.folder), encoding="utf-8")
        with open(self.folder / "stdout.log", "wb") as log:
            self.process = subprocess.Popen(
                [VIRTUOSO, "-f", "-c", str(ini)], cwd=self.folder, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, preexec_fn=functools.partial(_die_with_parent, os.getpid()))
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t stopped at start-up: {self._log_tail()}")
            if self._answers():
                break
            time.sleep(0.25)
        else:
            self.stop()
            raise RuntimeError(f"virtuoso-t did not answer within {wait:g} s: {self._log_tail()}")
        self.isql(f"DB.DBA.USER_CREATE('{self.user}', '{self.password}'); "
                  f'GRANT SPARQL_UPDATE TO "{self.user}"; '
                  f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET('{self.user}', 7);")
        return self

    def _answers(self) -> bool:
        url = self.query_url + "?query=" + quote("ASK {}")
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(url, timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def _log_tail(self) -> str:
        path = self.folder / "stdout.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return " | ".join(text.strip().splitlines()[-3:])

    def isql(self, sql: str) -> str:
        proc = subprocess.run([ISQL, f"127.0.0.1:{self.sql_port}", "dba", self._dba_password, f"exec={sql}"],
                              capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
        if proc.returncode != 0 or "*** Error" in proc.stdout + proc.stderr:
            raise RuntimeError(f"isql failed: {(proc.stdout + proc.stderr).strip()[-300:]}")
        return proc.stdout

    def load(self, path: str | Path, graph: str) -> None:
        """Load an N-Triples or Turtle file into the named graph ``graph``."""
        local = self.folder / ("load-" + Path(path).name)
        shutil.copyfile(path, local)
        self.isql(f"DB.DBA.TTLP_MT(file_to_string_output('{local}'), '', '{graph}', 0); checkpoint;")

    def stop(self) -> None:
        proc, self.process = self.process, None
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> VirtuosoServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
