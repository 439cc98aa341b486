"""``aireg compare``: the side-by-side tables a researcher pastes into a paper.

Exit status: 0 the table was written, 2 it could not be made (one line on stderr).
"""

from __future__ import annotations

import argparse

from aireg.commands.query import emit, one_line_errors
from aireg.options import add_credentials, add_graph_selection

FORMATS = ("markdown", "csv", "html", "table", "tsv")

EPILOG = """\
tables:
  definitions  terms down (in the source table's order), texts across: the US order, then
               each EU AI Act version in date order; cells are the definitions
  thresholds   every threshold of every instrument or version (federal and state laws, EU
               texts, guidance): jurisdiction, kind, quantity, unit, and the text's status
               in a column headed with the data-as-of date
  obligations  every norm, grouped by the role or actor that bears it, with the correct
               provision number beside the source's where the source is wrong
  penalties    every penalty's maximum fine and share of turnover, with the correct figure
               beside the source's where the source is wrong

examples:
  aireg compare definitions --lang zh --format markdown -o definitions.zh.md
  aireg compare thresholds --format csv -o thresholds.csv
  aireg compare definitions --term term-ai-system --sources --lang zh
  aireg compare obligations --format html -o obligations.html
"""


def register(sub) -> None:
    p = sub.add_parser(
        "compare",
        help="side-by-side tables (definitions, thresholds, obligations, penalties) as Markdown, CSV or HTML",
        description="Make a comparison table from the graph. Exit status: 0 written, 2 could not be made.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=EPILOG,
    )
    p.add_argument("what", choices=("definitions", "thresholds", "obligations", "penalties"), help="which table")
    p.add_argument("--lang", choices=("en", "zh"), default="en",
                   help="language of the cells and headers: en, or zh for zh-Hant (default: en)")
    p.add_argument("-f", "--format", choices=FORMATS, default="markdown",
                   help="markdown (default), csv, html, or table / tsv")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of standard output")
    p.add_argument("--sources", action="store_true",
                   help="end the table with its sources: document, page, footnote, locator and URL")
    p.add_argument("--term", metavar="ID|LABEL",
                   help="definitions only: just this term's row (id:term-ai-system, term-ai-system or its label)")
    p.add_argument("--endpoint", metavar="URL", help="read the graph from this SPARQL endpoint")
    p.add_argument("--timeout", type=float, default=None, metavar="S", help="give up after S seconds (default: 60)")
    p.add_argument("--engine", choices=("oxigraph", "rdflib"), default=None,
                   help="local SPARQL engine for the bundled graph (default: oxigraph)")
    add_credentials(p)
    add_graph_selection(p)
    p.set_defaults(run=run)
    one_line_errors(p, "compare")


def run(args) -> int:
    from aireg.commands.query import make_runner
    from aireg.compare import compare
    from aireg.endpoint import call_with_deadline
    from aireg.tables import render_table

    runner = make_runner(args, [])
    table = call_with_deadline(lambda: compare(args.what, runner, args.lang, sources=args.sources, term=args.term),
                               runner.timeout, runner.where)
    emit(render_table(table, args.format, max_width=0), args.output)
    return 0
