"""``aireg query``: run a research query of the library (or any .rq file) and print a table.

Exit status: 0 the query ran (even with no rows), 2 it could not run: a bad
query, an unknown query name or parameter, an unreachable endpoint, a timeout.
Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from aireg.errors import EXIT_INPUT, QueryError

FORMATS = ("table", "csv", "tsv", "json", "ttl", "markdown", "html")
LANG_CHOICES = ("en", "zh")

EPILOG = """\
examples:
  aireg query --list --lang zh
  aireg query thresholds --param min=1e25
  aireg query obligations-of-instrument --param instrument=id:eo-14110 --lang zh
  aireg query in-force-on --param date=2025-06-01 --format csv
  aireg query legal-basis-chain --endpoint http://127.0.0.1:7878/query
  aireg query my-question.rq --param lang=en --engine rdflib
  aireg query thresholds my-instruments.ttl

parameter values are read as RDF terms: id:eo-14110 or <https://...> an IRI,
2024-01-01 a date, 1e25 a double, 42 an integer, "text" (or any other word) text.
"""


def one_line_errors(parser: argparse.ArgumentParser, command: str) -> None:
    """Usage errors of this subcommand as one line on stderr, exit 2."""

    def error(message: str):
        print(f"aireg {command}: error: {message} (see aireg {command} --help)", file=sys.stderr)
        sys.exit(EXIT_INPUT)

    parser.error = error  # type: ignore[method-assign]


def register(sub) -> None:
    p = sub.add_parser(
        "query",
        help="run a research query of the library (or a .rq file) on the graph or a SPARQL endpoint",
        description="Run one SPARQL query of the library (queries/*.rq, by name) or any .rq file, "
        "on the bundled graph or on a SPARQL endpoint, and print the answer. "
        "Exit status: 0 the query ran, 2 it could not (one line on stderr).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=EPILOG,
    )
    p.add_argument("query", nargs="?", metavar="NAME|FILE.rq",
                   help="a library query name (see --list) or the path of a .rq file")
    p.add_argument("files", nargs="*", metavar="DATA",
                   help="RDF files to query, together with the bundled ontology (default: the bundled graph)")
    p.add_argument("--list", action="store_true", help="list the library's queries with their titles")
    p.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE",
                   help="bind a parameter (repeatable); unset parameters take their defaults")
    p.add_argument("--lang", choices=LANG_CHOICES, default="en",
                   help="label language: en, or zh for Traditional Chinese (zh-Hant) (default: en)")
    p.add_argument("-f", "--format", choices=FORMATS, default="table",
                   help="output: aligned table (default), csv, tsv, json (SPARQL results), "
                   "ttl (CONSTRUCT), markdown, html")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.add_argument("--endpoint", metavar="URL", help="run on this SPARQL endpoint instead of the bundled graph")
    p.add_argument("--timeout", type=float, default=None, metavar="S",
                   help="give up after S seconds (default: 60)")
    p.add_argument("--engine", choices=("oxigraph", "rdflib"), default=None,
                   help="local SPARQL engine for the bundled graph (default: oxigraph)")
    p.add_argument("--max-width", type=int, default=60, metavar="N",
                   help="wrap table cells at N columns (0: never wrap; default: 60)")
    p.set_defaults(run=run)
    one_line_errors(p, "query")


def parse_params(items: Sequence[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise QueryError(f"--param {item!r}: expected NAME=VALUE")
        if name.startswith(("?", "$")):
            name = name[1:]
        if name in values:
            raise QueryError(f"--param {name} given twice")
        values[name] = value
    return values


def emit(text: str, output: str | None) -> None:
    if output:
        from aireg.atomic import write_text

        write_text(output, text)
    else:
        sys.stdout.write(text)


def list_text(lang: str, fmt: str) -> str:
    import json

    from aireg.library import list_queries
    from aireg.tables import Table, render_table

    queries = list_queries()
    if fmt == "json":
        data = [
            {
                "name": q.name,
                "title": q.title(lang),
                "question": q.question(lang),
                "params": [{"name": p.name, "default": p.default, "description": p.description} for p in q.params],
            }
            for q in queries
        ]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    zh = lang == "zh"
    headers = ["名稱", "標題", "參數"] if zh else ["name", "title", "parameters"]
    rows = [[q.name, q.title(lang), ", ".join(f"{p.name}={p.default}" for p in q.params)] for q in queries]
    if fmt in ("ttl",):
        raise QueryError("--list prints a table: use --format table, csv, tsv, json, markdown or html")
    return render_table(Table(headers, rows, "aireg queries", "zh-Hant" if zh else "en"), fmt, 0 if fmt != "table" else 70)


def run(args) -> int:
    from aireg.library import Runner, find_query, lang_tag
    from aireg.tables import render_result

    if args.list:
        if args.query:
            raise QueryError("--list takes no query name")
        emit(list_text(args.lang, args.format), args.output)
        return 0
    if not args.query:
        raise QueryError("name a query (aireg query --list shows them) or give a .rq file")
    if args.max_width < 0:
        raise QueryError("--max-width must be 0 or more")
    values = parse_params(args.param)
    query = find_query(args.query)
    bindings = query.bindings(values, args.lang)
    files = None
    if args.files:
        if args.endpoint:
            raise QueryError("give either data files or --endpoint, not both")
        from aireg import paths

        files = [paths.ontology_file(), *args.files]
    runner = Runner(engine=args.engine, endpoint=args.endpoint, timeout=args.timeout, files=files)
    result = runner.run(query, bindings)
    text = render_result(result, args.format, lang=lang_tag(args.lang), title=query.title(args.lang),
                         max_width=args.max_width)
    emit(text, args.output)
    return 0
