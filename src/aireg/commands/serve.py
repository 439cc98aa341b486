"""``aireg serve``: a real SPARQL server on loopback, loaded with the graph.

The files (default: the bundled ontology and data) go through aireg's own
loader, so errors name the file and line and relative IRIs resolve as in
every other command, then reach Oxigraph as N-Triples.

Oxigraph listens on a port of its own; users talk to :class:`aireg.guard.Guard`
on ``--port``, which refuses writes (unless ``--allow-updates``), foreign
``Host`` headers and cross-origin requests, and cuts queries at ``--timeout``.
"""

from __future__ import annotations

import argparse
import errno
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from aireg.options import add_max_bytes

if TYPE_CHECKING:  # imported when the command runs: `aireg --help` need not load HTTP servers
    from aireg.guard import Guard
    from aireg.server import OxigraphServer

DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30  # seconds a query may run
#: Where `aireg serve` can be cut by ``AIREG_FAULT_KILL_AT`` (see aireg.server), in order.
#: The middle ones are aireg.server.START_STEPS (a test checks they agree).
START_STEPS = ("port-bound", "folder-made", "folder-locked", "data-written", "store-loaded", "server-spawned", "serving")
#: Ports above 1023 that browsers never contact (the Fetch standard's "bad ports"):
#: Oxigraph itself listens on one when it is free, out of reach of any web page.
BROWSER_BLOCKED_PORTS = (1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566,
                         6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080)


EPILOG = """\
what it allows:
  By default the server is read-only: SPARQL Update and Graph Store writes are
  refused (HTTP 403). --allow-updates accepts them (with a warning). Either
  way it answers only requests whose Host header is 127.0.0.1:PORT or
  localhost:PORT (no DNS rebinding) and refuses cross-origin requests (a web
  page cannot query or change it). A query is stopped after --timeout seconds
  and its CPU freed.

stopping:
  Ctrl-C (SIGINT), SIGTERM (systemctl stop, docker stop, kill) and SIGHUP
  (the terminal closed) stop the server in order: Oxigraph is stopped and its
  temporary store removed. Run it in the foreground (systemd Type=simple, or
  as a container's main process). On Linux the server never outlives aireg;
  the folder of an aireg killed with SIGKILL (even during start-up) is removed
  by the next server. A new server can take the same port at once.

exit status:
  0  stopped on request (SIGINT, SIGTERM or SIGHUP)
  2  the server could not start (busy port, unreadable file) or stopped by itself
"""

STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="run a SPARQL server (Oxigraph) on 127.0.0.1 with the graph",
        description="Start an Oxigraph SPARQL 1.1 server on 127.0.0.1, loaded with the bundled "
        "graph (or --graph files), print its query and Graph Store URLs, and run until Ctrl-C. "
        "Read-only unless --allow-updates.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port on 127.0.0.1 (default {DEFAULT_PORT}; 0 = any free port)")
    parser.add_argument("--graph", action="append", metavar="FILE", type=Path, help="RDF file to serve instead of the bundled graph (repeatable)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--allow-updates", action="store_true",
                      help="accept SPARQL Update and Graph Store writes (any program on this machine can then change the graph)")
    mode.add_argument("--read-only", action="store_true", help="refuse SPARQL Update and Graph Store writes (the default)")
    parser.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT, metavar="S",
                        help=f"stop a query after S seconds, freeing its CPU (default {DEFAULT_TIMEOUT}; 0 = no limit)")
    add_max_bytes(parser)
    parser.set_defaults(run=run)


def _stop_once(signum, frame):
    """The first stop signal stops the server; repeats must not interrupt the clean-up."""
    for sig in STOP_SIGNALS:
        signal.signal(sig, _ignore)
    raise KeyboardInterrupt


def _ignore(signum, frame):
    """A handler that does nothing (unlike SIG_IGN, children started meanwhile do not inherit it)."""


def _listen(port: int) -> Guard:
    """The guard bound to ``port`` (before anything slow, so a busy port fails at once)."""
    from aireg.guard import Guard
    from aireg.server import ServerError

    try:
        return Guard(port, backend_port=0)
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            raise ServerError(f"port {port} on 127.0.0.1 is already in use") from None
        raise ServerError(f"cannot listen on 127.0.0.1:{port}: {err.strerror or err}") from None


def _start(graph, args) -> OxigraphServer:
    """Oxigraph loaded with ``graph`` on a port of its own; the N-Triples copy is gone once it runs."""
    from aireg.server import OxigraphServer

    def write(path: Path) -> None:
        graph.serialize(destination=str(path), format="nt", encoding="utf-8")

    return OxigraphServer(
        write_data=write,
        read_only=not args.allow_updates,
        query_timeout=args.timeout or None,
        preferred_ports=BROWSER_BLOCKED_PORTS,
    ).start()


def _announce(guard: Guard, triples: int, args) -> None:
    base = f"http://127.0.0.1:{guard.port}"
    print(f"Serving {triples} triples with Oxigraph on 127.0.0.1:{guard.port}")
    print(f"SPARQL query endpoint:  {base}/query")
    if args.allow_updates:
        print(f"SPARQL update endpoint: {base}/update")
    print(f"Graph Store endpoint:   {base}/store" + ("" if args.allow_updates else " (read-only)"))
    limit = f"{args.timeout} s" if args.timeout else "none"
    access = "updates allowed" if args.allow_updates else "read-only (--allow-updates to accept writes)"
    print(f"Access: {access}; same-origin requests only; query time limit: {limit}")
    print("Press Ctrl-C to stop.", flush=True)


def _warn_updates() -> None:
    print("aireg serve: warning: --allow-updates: SPARQL Update and Graph Store writes are accepted; "
          "any program on this machine can change or erase the served graph", file=sys.stderr, flush=True)


def _say_stopped() -> None:
    """Report the stop; after SIGHUP the terminal may be gone, which must not change the exit status."""
    try:
        print("aireg serve: stopped", file=sys.stderr, flush=True)
    except OSError:
        pass


def run(args) -> int:
    from aireg.server import ServerError, checkpoint

    if not 0 <= args.port <= 65535:
        raise ServerError(f"--port {args.port} is not a TCP port (0-65535)")
    if args.timeout < 0:
        raise ServerError(f"--timeout {args.timeout} cannot be negative (0 = no limit)")
    from aireg.load import load_graph, triple_count

    previous = {sig: signal.signal(sig, _stop_once) for sig in STOP_SIGNALS}
    guard = srv = None
    try:
        guard = _listen(args.port)
        checkpoint("port-bound")
        graph = load_graph(args.graph, max_bytes=args.max_bytes) if args.graph else load_graph(max_bytes=args.max_bytes)
        triples = triple_count(graph)
        srv = _start(graph, args)
        del graph
        guard.backend_port = srv.port
        guard.ready = srv.ready
        guard.on_overtime = srv.cancel_all
        guard.allow_updates = args.allow_updates
        guard.query_timeout = args.timeout or None
        guard.start()
        checkpoint("serving")
        if args.allow_updates:
            _warn_updates()
        _announce(guard, triples, args)
        status = srv.wait()
        raise ServerError(f"the Oxigraph server stopped by itself (exit status {status})")
    except KeyboardInterrupt:
        pass  # a stop signal: the only way out of the block that is not an error
    finally:
        if guard is not None:
            guard.stop()
        if srv is not None:
            srv.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    _say_stopped()
    return 0
