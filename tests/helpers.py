"""Helpers for tests that work on a copy of the bundled data."""

from __future__ import annotations

import contextlib
import http.server
import json
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from aireg import paths


def copy_data(tmp_path: Path) -> Path:
    """A writable copy of data/ (Turtle files only) under tmp_path."""
    target = tmp_path / "data"
    shutil.copytree(paths.data_dir(), target, ignore=shutil.ignore_patterns("sources"))
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact occurrence of ``old`` in ``path``; fail loudly if absent."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def data_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.ttl"))


def drop_citations_of_consultation_duty(data: Path) -> None:
    """Remove every aireg:citation of EO 14110's consultation duty (Sec. 4.6) from a data copy."""
    eo = data / "eo-14110.ttl"
    text = eo.read_text(encoding="utf-8")
    start = text.index("id:eo-14110-obl-commerce-consultation a aireg:Obligation ;")
    block_end = text.index("# --- Conditions", start)
    block = text[start:block_end]
    cut = block[: block.index("    aireg:citation")].rstrip().rstrip(";") + " .\n\n"
    eo.write_text(text[:start] + cut + text[block_end:], encoding="utf-8")


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    """Run ``aireg ARGV`` in this process: exit code, standard output, standard error."""
    from aireg.cli import main

    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


@dataclass(frozen=True)
class Request:
    """One request a loopback server received."""

    command: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Loopback:
    """A running loopback server: its port and the requests it has received."""

    port: int
    requests: list[Request]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"


SPARQL_JSON = "application/sparql-results+json"


def sparql_json(variables: list[str], bindings: list[dict]) -> bytes:
    """A SPARQL JSON results document."""
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}).encode()


@contextlib.contextmanager
def loopback_http(answer: Callable[[Request], tuple[int, dict[str, str], bytes]]):
    """An HTTP server on 127.0.0.1 that records every request and answers it with ``answer``.

    Yields a Loopback (port, requests received so far), so that a test can both talk to it and
    prove that nothing reached it.
    """
    requests: list[Request] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self):
            length = int(self.headers.get("Content-Length") or 0)
            request = Request(self.command, self.path, dict(self.headers), self.rfile.read(length))
            requests.append(request)
            status, headers, body = answer(request)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield Loopback(server.server_address[1], requests)
    finally:
        server.shutdown()
        server.server_close()


def wait_until(condition: Callable[[], bool], timeout: float, interval: float = 0.1) -> bool:
    """Poll ``condition`` until it holds (True) or ``timeout`` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)
    return True
