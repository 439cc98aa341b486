"""``aireg build``: the ontology and the data merged into one set of graph files, all or nothing."""

from __future__ import annotations

import argparse
import sys

from aireg.options import add_base, add_max_bytes
from aireg.stdin import add_input_format

EPILOG = """\
exit status:
  0  the files were written
  2  an input could not be used, or out/ could not be written (one line on
     stderr names the file and line; out/ is left as it was)

examples:
  aireg build                                   # the bundled graph into out/
  aireg build my-data.ttl more.trig -o build    # your files only (add ontology/aireg.ttl for its axioms)
  aireg build --base https://example.org/data/ -o out data/*.ttl
  curl -s URL | aireg build - --input-format turtle -o out   # standard input (named <stdin>)
"""


def register(sub) -> None:
    p = sub.add_parser("build", help="merge ontology and data into one graph (Turtle and N-Triples; "
                       "TriG and N-Quads too when the inputs have named graphs)",
                       description="Merge the ontology and the data (or the RDF files given) into one graph,\n"
                       "written as out/aireg.ttl and out/aireg.nt (and aireg.trig, aireg.nq when the\n"
                       "inputs have named graphs) with a manifest.json; literals as the files write them.\n"
                       "The folder is replaced whole: killed, out of disk or run twice at once, it holds\n"
                       "one build's files. build does not validate: aireg validate checks the contract.",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="*", help="RDF files to merge (default: the bundled ontology and data/)")
    p.add_argument("-o", "--out", default="out", help="output folder (default: out/), replaced as a whole")
    p.add_argument("--engine", choices=["oxigraph", "rdflib"], help=argparse.SUPPRESS)  # build uses no store
    p.add_argument("--merge-graphs", action="store_true",
                   help="write named graphs only merged (aireg.ttl, aireg.nt), without aireg.trig and aireg.nq")
    add_base(p)
    add_max_bytes(p)
    add_input_format(p)
    p.set_defaults(run=run)


def run(args) -> int:
    from aireg.stdin import stdin_as_file

    with stdin_as_file(args.files, args.input_format, args.max_bytes) as files:  # "-": standard input
        args.files = files
        return _build(args)


def _build(args) -> int:
    from aireg.build import build
    from aireg.errors import shown_as

    result = build(args.out, files=args.files or None, max_bytes=args.max_bytes, base=args.base,
                   merge_graphs=args.merge_graphs)
    from aireg.no_triples import WARNING

    for path in result.empty_inputs:
        print(f"aireg build: warning: {shown_as(path)}: {WARNING}; it adds nothing to the build", file=sys.stderr)
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
