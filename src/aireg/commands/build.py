"""``aireg build``: one graph file from the ontology and the data."""

from __future__ import annotations

from aireg.options import add_max_bytes


def register(sub) -> None:
    p = sub.add_parser("build", help="merge ontology and data into one graph file (Turtle and N-Triples)")
    p.add_argument("files", nargs="*", help="RDF files to merge (default: the bundled ontology and data/)")
    p.add_argument("-o", "--out", default="out", help="output folder (default: out/)")
    p.add_argument("--engine", choices=["oxigraph", "rdflib"], help="store to load into (default: oxigraph)")
    add_max_bytes(p)
    p.set_defaults(run=run)



def run(args) -> int:
    from aireg.build import build

    result = build(args.out, files=args.files or None, engine=args.engine, max_bytes=args.max_bytes)
    print(f"{result.triples} triples")
    width = max(len(k) for k in result.counts)
    for label, n in result.counts.items():
        print(f"  {label:<{width}}  {n}")
    for path in result.outputs:
        print(f"wrote {path}")
    return 0
