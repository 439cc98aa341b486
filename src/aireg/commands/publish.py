"""``aireg publish``: upload the graph to a SPARQL 1.1 Graph Store endpoint."""

from __future__ import annotations

from pathlib import Path

from aireg.options import add_credentials, add_max_bytes

DEFAULT_TIMEOUT = 60.0  # seconds; aireg.endpoint.DEFAULT_TIMEOUT (a test checks they agree)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "publish",
        help="upload the graph to a SPARQL Graph Store endpoint (Fuseki, GraphDB, Oxigraph...)",
        description="Send the bundled graph (or FILEs) as N-Triples to a SPARQL 1.1 Graph Store "
        "Protocol endpoint, e.g. http://127.0.0.1:7878/store for `aireg serve --allow-updates`. "
        "By default the target graph is replaced (HTTP PUT); --append adds to it (HTTP POST).",
    )
    parser.add_argument("files", nargs="*", metavar="FILE", type=Path, help="RDF files to send (default: the bundled graph)")
    parser.add_argument("--endpoint", required=True, metavar="URL", help="Graph Store URL, e.g. http://127.0.0.1:7878/store")
    parser.add_argument("--graph-iri", metavar="IRI", help="named graph to write (default: the default graph)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--replace", dest="replace", action="store_true", default=True, help="replace the target graph (PUT, default)")
    mode.add_argument("--append", dest="replace", action="store_false", help="add to the target graph (POST)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="S", help=f"give up after S seconds (default {DEFAULT_TIMEOUT:g})")
    add_credentials(parser)
    add_max_bytes(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    from aireg.graphstore import upload
    from aireg.load import load_graph
    from aireg.options import endpoint_credentials
    from aireg.progress import Progress

    credentials = endpoint_credentials(args, args.endpoint)
    progress = Progress()  # on stderr at a terminal only
    try:
        n = len(args.files)
        progress.say(f"reading {n} file{'s' if n != 1 else ''}" if n else "reading the bundled graph")
        graph = load_graph(args.files, max_bytes=args.max_bytes) if args.files else load_graph(max_bytes=args.max_bytes)
        progress.say(f"sending {len(graph)} triples")
        count, url = upload(args.endpoint, graph, graph_iri=args.graph_iri, replace=args.replace, timeout=args.timeout,
                            credentials=credentials)
    finally:
        progress.done()
    target = f"named graph <{args.graph_iri}>" if args.graph_iri else "the default graph"
    how = "replaced" if args.replace else "added to"
    print(f"sent {count} triples to {url} ({how} {target})")
    return 0
