"""``aireg cite NODE``: the sources of a node's facts as BibTeX, CSL-JSON or formatted text (en or zh)."""

from __future__ import annotations

import argparse

from aireg.commands.query import emit, one_line_errors

FORMATS = ("text", "bibtex", "csl-json")  # aireg.cite.FORMATS (a test checks they agree)

EPILOG = """\
examples:
  aireg cite eo-14110-thr-training-1e26                 # where the 1e26 threshold comes from
  aireg cite id:eo-14110 --format bibtex -o eo-14110.bib
  aireg cite eu-2024-thr-gpai-systemic-risk --format csl-json
  aireg cite eo-14110-obl-nist-guidelines --lang zh     # 黃禾田，〈WTO 及 RTA 電子報…〉…

NODE is id:NAME, NAME or <IRI>. Exit status: 0 written, 2 the node is unknown
(the nearest ids are named) or has no aireg:citation.
"""


def register(sub) -> None:
    p = sub.add_parser(
        "cite",
        help="the sources of a node's facts as BibTeX, CSL-JSON or formatted text",
        description="Cite the documents behind a node of the graph: author, title, publisher, date, page, "
        "footnote, locator and URL, as the graph records them.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=EPILOG,
    )
    p.add_argument("node", metavar="NODE", help="the node: id:NAME, NAME or <IRI>")
    p.add_argument("-f", "--format", choices=FORMATS, default="text", help="text (default), bibtex or csl-json")
    p.add_argument("--lang", choices=("en", "zh"), default="en",
                   help="language of titles and of the text style: en, or zh for zh-Hant (default: en)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of standard output")
    p.add_argument("--endpoint", metavar="URL", help="read the graph from this SPARQL endpoint")
    p.add_argument("--engine", choices=("oxigraph", "rdflib"), default=None, help="local store for the bundled graph")
    p.set_defaults(run=run)
    one_line_errors(p, "cite")


def run(args) -> int:
    from aireg.cite import format_sources, sources_of
    from aireg.errors import QueryError
    from aireg.library import Runner
    from aireg.params import check_nodes, coerce, short

    runner = Runner(engine=args.engine, endpoint=args.endpoint)
    node = coerce("NODE", "iri", args.node)
    check_nodes({"NODE": node}, runner.node_exists, runner.subject_iris)
    sources = sources_of(runner, [str(node)])
    if not sources:
        raise QueryError(f"{short(str(node))} has no aireg:citation to cite "
                         f"(aireg query sources-of-node --param node={short(str(node))} shows the same)")
    emit(format_sources(sources, args.format, args.lang), args.output)
    return 0
