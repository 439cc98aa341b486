"""The HTTP front of ``aireg serve``: what may reach the Oxigraph server behind it.

Oxigraph's own server answers whatever reaches its port. A web page open in
the user's browser can reach 127.0.0.1 too: a cross-origin form POST is sent
without asking (CORS only hides the answer), and DNS rebinding makes a foreign
name resolve to 127.0.0.1 so that the page's requests count as same-origin.
The guard listens on the public port and forwards a request only if

* its ``Host`` header names this server (``127.0.0.1:PORT`` or
  ``localhost:PORT``): a rebound name is refused;
* it carries no ``Origin`` header, or one of this server's own origins: a
  cross-origin request (including ``Origin: null``) is refused;
* it does not write (SPARQL Update, Graph Store PUT/POST/DELETE...), unless the
  guard was made with ``allow_updates``;

and it cuts a request that outlives the query time limit. Oxigraph's own
``--timeout-s`` stops most queries, but not every one (a large join can go on
computing after it fired, and closing the connection does not stop it), so a
request still unanswered or still streaming a second after the limit makes
the guard call ``on_overtime`` (``aireg serve``: kill the Oxigraph process,
which is started again on its store at once): that always frees the CPU.
Requests wait for ``ready`` (a ``threading.Event``) meanwhile.
"""

from __future__ import annotations

import http.client
import http.server
import threading
import time
from urllib.parse import urlsplit

#: Headers that concern one connection only (RFC 9110, 7.6.1), never forwarded.
HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
     "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length"}
)
#: Largest request body forwarded (a query or an upload to the Graph Store).
MAX_BODY = 256 * 1024 * 1024
#: Seconds a result may stream after the query time limit before the guard cuts it.
GRACE = 1.0
_CHUNK = 64 * 1024
_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _is_write(method: str, path: str) -> bool:
    """True for a request that would change the store if Oxigraph accepted it."""
    route = urlsplit(path).path.rstrip("/") or "/"
    if route == "/update":
        return True
    if route == "/query":
        return False
    return method not in _READ_METHODS


class Guard(http.server.ThreadingHTTPServer):
    """A front for the Oxigraph server on ``backend_port``, listening on 127.0.0.1:``port``.

    ``timeout``: the query time limit in seconds (None or 0: none).
    """

    daemon_threads = True
    allow_reuse_address = True  # restart at once on the same port, whatever TIME_WAIT holds

    def __init__(self, port: int, backend_port: int, *, allow_updates: bool = False,
                 timeout: float | None = None, host: str = "127.0.0.1"):
        self.backend_port = backend_port
        self.allow_updates = allow_updates
        self.query_timeout = timeout or None
        super().__init__((host, port), GuardHandler)
        self.port = self.server_address[1]
        names = {host, "localhost", "127.0.0.1"}
        self.hosts = frozenset(f"{name}:{self.port}" for name in names)
        self.origins = frozenset(f"http://{h}" for h in self.hosts)
        self._thread: threading.Thread | None = None
        self.on_overtime = None  # called (from a request's thread) when a request outlives the limit
        self.ready: threading.Event | None = None  # set while the backend answers

    def refusal(self, method: str, path: str, headers) -> tuple[int, str] | None:
        """Why a request is refused (status, one-line reason), or None to forward it."""
        hosts = headers.get_all("Host") or []
        if len(hosts) != 1:
            return 400, "exactly one Host header is required"
        if hosts[0].strip().lower() not in self.hosts:
            return 403, f"Host {hosts[0].strip()!r} is not this server (only {' or '.join(sorted(self.hosts))})"
        origins = headers.get_all("Origin") or []
        if any(o.strip().lower().rstrip("/") not in self.origins for o in origins):
            return 403, f"cross-origin request from {origins[0].strip()!r} refused"
        if not self.allow_updates and _is_write(method, path):
            return 403, "this server is read-only; start `aireg serve --allow-updates` to accept writes"
        if "chunked" in (headers.get("Transfer-Encoding") or "").lower():
            return 411, "send the request body with a Content-Length"
        return None

    def start(self) -> Guard:
        """Serve in a background thread."""
        self._thread = threading.Thread(target=self.serve_forever, name="aireg-guard", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self.shutdown()
            self._thread.join()
            self._thread = None
        self.server_close()


class GuardHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 60  # seconds a client may stay silent (between requests, or not reading a result)
    server: Guard

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass  # one line per request on stderr would drown aireg serve's own messages

    def _refuse(self, status: int, reason: str) -> None:
        body = (reason + "\n").encode("utf-8")
        self.close_connection = True  # the request body, if any, is not read
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _handle(self) -> None:
        refused = self.server.refusal(self.command, self.path, self.headers)
        if refused:
            self._refuse(*refused)
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self._refuse(400, "bad Content-Length")
            return
        if length < 0 or length > MAX_BODY:
            self._refuse(413, f"request body over {MAX_BODY // (1024 * 1024)} MiB")
            return
        body = self.rfile.read(length) if length else None
        self._forward(body)

    def _overtime(self) -> None:
        if self.server.on_overtime is not None:
            self.server.on_overtime()

    def _forward(self, body: bytes | None) -> None:
        ready = self.server.ready
        if ready is not None and not ready.wait(30):
            self._refuse(503, "the SPARQL server is restarting; try again")
            return
        limit = self.server.query_timeout
        deadline = time.monotonic() + limit + GRACE if limit else None
        backend = http.client.HTTPConnection("127.0.0.1", self.server.backend_port,
                                             timeout=(limit + GRACE) if limit else None)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            try:
                backend.request(self.command, self.path, body=body, headers=headers)
                answer = backend.getresponse()
            except TimeoutError:
                self._overtime()
                self._refuse(504, f"query stopped at the time limit of {limit:g} s")
                return
            except (OSError, http.client.HTTPException) as err:
                self._refuse(502, f"the SPARQL server failed: {err}")
                return
            self._relay(answer, deadline)
        finally:
            backend.close()  # a query whose client left stops here

    def _relay(self, answer: http.client.HTTPResponse, deadline: float | None) -> None:
        self.send_response_only(answer.status, answer.reason)
        for key, value in answer.getheaders():
            if key.lower() not in HOP_BY_HOP:
                self.send_header(key, value)
        no_body = self.command == "HEAD" or answer.status in (204, 304) or 100 <= answer.status < 200
        sized = answer.length is not None
        if no_body:
            self.send_header("Content-Length", "0" if answer.length is None else str(answer.length))
        elif sized:
            self.send_header("Content-Length", str(answer.length))
        else:
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if no_body:
            return
        try:
            while True:
                if deadline is not None and time.monotonic() > deadline:
                    self.close_connection = True  # the client sees a cut result, never a whole-looking one
                    self._overtime()
                    return
                data = answer.read1(_CHUNK)
                if not data:
                    break
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n" if not sized else data)
            if not sized:
                self.wfile.write(b"0\r\n\r\n")
        except TimeoutError:  # Oxigraph stopped sending before the end: still computing
            self.close_connection = True
            self._overtime()
        except (OSError, http.client.HTTPException):
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_OPTIONS = _handle


__all__ = ["GRACE", "Guard"]
