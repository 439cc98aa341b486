"""``aireg serve``: a real SPARQL server on loopback, loaded with the graph.

The files (default: the bundled ontology and data) go through aireg's own
loader, so errors name the file and line and relative IRIs resolve as in
every other command, then reach Oxigraph as N-Triples.
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
from pathlib import Path

from aireg.server import OxigraphServer, ServerError

DEFAULT_PORT = 7878


EPILOG = """\
stopping:
  Ctrl-C (SIGINT), SIGTERM (systemctl stop, docker stop, kill) and SIGHUP
  (the terminal closed) stop the server in order: Oxigraph is stopped and its
  temporary store removed. Run it in the foreground (systemd Type=simple, or
  as a container's main process). On Linux the server never outlives aireg;
  the store of an aireg killed with SIGKILL is removed by the next server.

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
        "graph (or --graph files), print its query, update and Graph Store URLs, and run until Ctrl-C.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port on 127.0.0.1 (default {DEFAULT_PORT}; 0 = any free port)")
    parser.add_argument("--graph", action="append", metavar="FILE", type=Path, help="RDF file to serve instead of the bundled graph (repeatable)")
    parser.add_argument("--read-only", action="store_true", help="refuse SPARQL Update and Graph Store writes")
    parser.set_defaults(run=run)


def _stop_once(signum, frame):
    """The first stop signal stops the server; repeats must not interrupt the clean-up."""
    for sig in STOP_SIGNALS:
        signal.signal(sig, _ignore)
    raise KeyboardInterrupt


def _ignore(signum, frame):
    """A handler that does nothing (unlike SIG_IGN, children started meanwhile do not inherit it)."""


def _start(graph, args) -> OxigraphServer:
    """A server loaded with ``graph``; the N-Triples copy it loads from is gone once it runs."""
    with tempfile.TemporaryDirectory(prefix="aireg-serve-") as tmp:
        data = Path(tmp) / "graph.nt"
        graph.serialize(destination=str(data), format="nt", encoding="utf-8")
        return OxigraphServer(data, port=args.port, read_only=args.read_only).start()


def _announce(srv: OxigraphServer, triples: int) -> None:
    print(f"Serving {triples} triples with Oxigraph on 127.0.0.1:{srv.port}")
    print(f"SPARQL query endpoint:  {srv.query_url}")
    if not srv.read_only:
        print(f"SPARQL update endpoint: {srv.update_url}")
    print(f"Graph Store endpoint:   {srv.store_url}")
    print("Press Ctrl-C to stop.", flush=True)


def _say_stopped() -> None:
    """Report the stop; after SIGHUP the terminal may be gone, which must not change the exit status."""
    try:
        print("aireg serve: stopped", file=sys.stderr, flush=True)
    except OSError:
        pass


def run(args) -> int:
    if not 0 <= args.port <= 65535:
        raise ServerError(f"--port {args.port} is not a TCP port (0-65535)")
    from aireg.load import load_graph, triple_count

    graph = load_graph(args.graph) if args.graph else load_graph()
    triples = triple_count(graph)
    previous = {sig: signal.signal(sig, _stop_once) for sig in STOP_SIGNALS}
    srv = None
    try:
        srv = _start(graph, args)
        del graph
        _announce(srv, triples)
        status = srv.wait()
        raise ServerError(f"the Oxigraph server stopped by itself (exit status {status})")
    except KeyboardInterrupt:
        pass  # a stop signal: the only way out of the block that is not an error
    finally:
        if srv is not None:
            srv.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    _say_stopped()
    return 0
