"""``aireg build``: the ontology and the data merged into one set of graph files, all or nothing."""

from __future__ import annotations

import argparse

from aireg.options import add_base, add_max_bytes


def register(sub) -> None:
    p = sub.add_parser("build", help="merge ontology and data into one graph (Turtle and N-Triples; "
                       "TriG and N-Quads too when the inputs have named graphs)")
    p.add_argument("files", nargs="*", help="RDF files to merge (default: the bundled ontology and data/)")
    p.add_argument("-o", "--out", default="out", help="output folder (default: out/), replaced as a whole")
    p.add_argument("--engine", choices=["oxigraph", "rdflib"], help=argparse.SUPPRESS)  # build uses no store
    p.add_argument("--merge-graphs", action="store_true",
                   help="write named graphs only merged (aireg.ttl, aireg.nt), without aireg.trig and aireg.nq")
    add_base(p)
    add_max_bytes(p)
    p.set_defaults(run=run)


def run(args) -> int:
    from aireg.build import build

    result = build(args.out, files=args.files or None, max_bytes=args.max_bytes, base=args.base,
                   merge_graphs=args.merge_graphs)
    print(f"{result.triples} triples")
    width = max(len(k) for k in result.counts)
    for label, n in result.counts.items():
        print(f"  {label:<{width}}  {n}")
    if result.named_graphs:
        n = len(result.named_graphs)
        if result.graphs_kept:
            print(f"{n} named graph(s): kept in aireg.trig and aireg.nq; aireg.ttl and aireg.nt hold their union")
        else:
            print(f"{n} named graph(s): merged into aireg.ttl and aireg.nt (--merge-graphs)")
    for path in result.outputs:
        print(f"wrote {path}")
    return 0
