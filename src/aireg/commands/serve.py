"""``aireg serve``: a real SPARQL server on loopback, loaded with the graph.

The files (default: the bundled ontology and data) go through aireg's own
loader, so errors name the file and line and relative IRIs resolve as in
every other command, then reach Oxigraph as N-Triples.
"""

from __future__ import annotations

import signal
import sys
import tempfile
from pathlib import Path

from aireg.load import load_graph
from aireg.server import OxigraphServer, ServerError

DEFAULT_PORT = 7878


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="run a SPARQL server (Oxigraph) on 127.0.0.1 with the graph",
        description="Start an Oxigraph SPARQL 1.1 server on 127.0.0.1, loaded with the bundled "
        "graph (or --graph files), print its query, update and Graph Store URLs, and run until Ctrl-C.",
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port on 127.0.0.1 (default {DEFAULT_PORT}; 0 = any free port)")
    parser.add_argument("--graph", action="append", metavar="FILE", type=Path, help="RDF file to serve instead of the bundled graph (repeatable)")
    parser.add_argument("--read-only", action="store_true", help="refuse SPARQL Update and Graph Store writes")
    parser.set_defaults(run=run)


def _stop_once(signum, frame):
    """First Ctrl-C or SIGTERM stops the server; repeats must not interrupt the clean-up."""
    signal.signal(signal.SIGINT, _ignore)
    signal.signal(signal.SIGTERM, _ignore)
    raise KeyboardInterrupt


def _ignore(signum, frame):
    pass


def run(args) -> int:
    if not 0 <= args.port <= 65535:
        raise ServerError(f"--port {args.port} is not a TCP port (0-65535)")
    graph = load_graph(args.graph) if args.graph else load_graph()
    previous = {sig: signal.signal(sig, _stop_once) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with tempfile.TemporaryDirectory(prefix="aireg-serve-") as tmp:
            data = Path(tmp) / "graph.nt"
            graph.serialize(destination=str(data), format="nt", encoding="utf-8")
            triples = len(graph)
            del graph
            with OxigraphServer(data, port=args.port, read_only=args.read_only) as srv:
                print(f"Serving {triples} triples with Oxigraph on 127.0.0.1:{srv.port}")
                print(f"SPARQL query endpoint:  {srv.query_url}")
                if not args.read_only:
                    print(f"SPARQL update endpoint: {srv.update_url}")
                print(f"Graph Store endpoint:   {srv.store_url}")
                print("Press Ctrl-C to stop.", flush=True)
                status = srv.wait()
                raise ServerError(f"the Oxigraph server stopped by itself (exit status {status})")
    except KeyboardInterrupt:
        print("aireg serve: stopped", file=sys.stderr)
        return 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
