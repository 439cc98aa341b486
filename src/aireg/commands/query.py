"""``aireg query``: run a research query of the library (or any .rq file) and print a table.

``aireg query --all -o DIR`` runs every library query, with its defaults, on one
loaded graph (or one endpoint) and writes ``DIR/NAME.EXT`` for each: exactly
what ``aireg query NAME --format FMT`` prints, so a file can be cited or
diffed against a single run. The format defaults to csv there, because a
folder of tables is for spreadsheets and citations, not for a terminal.
``DIR/index.md`` lists name, title, rows and file: Markdown because the folder
is read by people (it renders on any forge and in any editor, Chinese titles
included); programs have ``aireg query --list --format json``.

Exit status: 0 the query ran (even with no rows), 2 it could not run: a bad
query, an unknown query name or parameter, an unreachable endpoint, a timeout.
Errors are one line on stderr, never a traceback. With ``--all`` a failing
query stops the run before anything is written: DIR is left as it was.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from aireg.errors import EXIT_INPUT, QueryError
from aireg.options import add_credentials, add_graph_selection, add_max_bytes, endpoint_credentials
from aireg.stdin import add_input_format

if TYPE_CHECKING:
    from aireg.library import LibraryQuery

FORMATS = ("table", "csv", "tsv", "json", "ttl", "markdown", "html")
TABLE_MAX_ROWS = 10000  # a terminal table longer than this is not read; it would only fill memory
LANG_CHOICES = ("en", "zh")
ALL_DEFAULT_FORMAT = "csv"
INDEX = "index.md"
# file extensions: a table or a graph (CONSTRUCT/DESCRIBE) in each format
EXTENSIONS = {
    "table": ("txt", "ttl"),
    "csv": ("csv", "csv"),
    "tsv": ("tsv", "tsv"),
    "json": ("json", "jsonld"),
    "markdown": ("md", "md"),
    "html": ("html", "html"),
}

EPILOG = """\
examples:
  aireg query --list --lang zh
  aireg query thresholds --param min=1e25
  aireg query obligations-of-instrument --param instrument=id:eo-14110 --lang zh
  aireg query in-force-on --param date=2025-06-01 --format csv
  aireg query legal-basis-chain --endpoint http://127.0.0.1:7878/query
  aireg query my-question.rq --param lang=en --engine rdflib
  aireg query thresholds my-instruments.ttl
  aireg query --all -o tables                  # every library query, one CSV each
  aireg query --all -o tables-zh --lang zh --format markdown my-instruments.ttl

--all runs every library query with its defaults in one process and writes
DIR/NAME.EXT (each file is what `aireg query NAME --format FMT` prints; a
CONSTRUCT query is Turtle in the table format) and DIR/index.md. If a query
fails nothing is written and DIR stays as it was (exit 2).

parameter values are typed by the query's header (aireg query --list shows the
defaults): an id parameter takes id:eo-14110, eo-14110 or <https://...> and the
node must exist; a date parameter takes 2024-01-01 or today; a number 1e25 or 42.
A value of the wrong kind or an unknown id ends with one line and exit 2, naming
the nearest valid ids. In a .rq file without header: id:x or <...> an IRI,
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
    p.add_argument("--all", action="store_true",
                   help="run every library query (defaults) and write one file each into -o DIR, "
                   "with DIR/index.md; nothing is written unless all of them ran")
    p.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE",
                   help="bind a parameter (repeatable); unset parameters take their defaults")
    p.add_argument("--lang", choices=LANG_CHOICES, default="en",
                   help="label language: en, or zh for Traditional Chinese (zh-Hant) (default: en)")
    p.add_argument("-f", "--format", choices=FORMATS, default=None,
                   help="output: aligned table (default; csv with --all), csv, tsv, json (SPARQL results), "
                   "ttl (CONSTRUCT), markdown, html")
    p.add_argument("-o", "--output", metavar="FILE|DIR",
                   help="write to FILE instead of standard output (with --all: the folder DIR, created if missing)")
    p.add_argument("--sources", action="store_true",
                   help="end the table with the sources of the graph nodes in its rows (page, footnote, URL)")
    p.add_argument("--endpoint", metavar="URL", help="run on this SPARQL endpoint instead of the bundled graph")
    p.add_argument("--timeout", type=float, default=None, metavar="S",
                   help="give up after S seconds: the query, reading its rows and writing them (default: 60)")
    p.add_argument("--max-rows", type=int, default=None, metavar="N",
                   help=f"read at most N rows, saying so on stderr when the answer has more (0: no limit; "
                   f"default: {TABLE_MAX_ROWS} for the table format, no limit for the others)")
    add_credentials(p)
    add_graph_selection(p)
    p.add_argument("--engine", choices=("oxigraph", "rdflib"), default=None,
                   help="local SPARQL engine for the bundled graph (default: oxigraph)")
    add_max_bytes(p)
    add_input_format(p)
    p.add_argument("--max-width", type=int, default=60, metavar="N",
                   help="wrap table cells at N columns (0: never wrap; default: 60)")
    p.set_defaults(run=run)
    one_line_errors(p, "query")


_AT_LINE = re.compile(r"SPARQL syntax error at line (\d+), column (\d+): ")


def in_file(err: QueryError, query: str) -> QueryError:
    """A syntax error in a user's .rq file as FILE:LINE, as every other input error is named."""
    if not query.endswith(".rq"):
        return err
    text = str(err)
    if text == "empty query":
        return QueryError(f"{query}: empty query (no SELECT, ASK, CONSTRUCT or DESCRIBE)")
    m = _AT_LINE.match(text)
    if m:
        return QueryError(f"{query}:{m.group(1)}: SPARQL syntax error (column {m.group(2)}): {text[m.end():]}")
    if text.startswith("SPARQL syntax error"):
        return QueryError(f"{query}: {text}")
    return err


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


def make_runner(args, data: Sequence[str], max_rows: int | None = None):
    """A Runner on the endpoint, on the bundled ontology with ``data``, or on the bundled graph."""
    from aireg.library import Runner

    files = None
    if data:
        if args.endpoint:
            raise QueryError("give either data files or --endpoint, not both")
        from aireg import paths

        files = [paths.ontology_file(), *data]
    if getattr(args, "user", None) and not args.endpoint:
        raise QueryError("--user logs in to a server: give --endpoint too")
    return Runner(engine=args.engine, endpoint=args.endpoint, timeout=args.timeout, files=files,
                  credentials=endpoint_credentials(args, args.endpoint),
                  default_graphs=getattr(args, "default_graph", []), named_graphs=getattr(args, "named_graph", []),
                  max_rows=max_rows, light=True)


def fast_runner(args, max_rows: int | None, data: Sequence[str] = ()):
    """The runner without rdflib (:mod:`aireg.fastquery`) on the build's snapshot, the sources or ``data``,
    or None when it cannot serve these options."""
    from aireg import fastquery

    if not fastquery.eligible(engine=args.engine, endpoint=args.endpoint, user=getattr(args, "user", None),
                              default_graphs=getattr(args, "default_graph", []),
                              named_graphs=getattr(args, "named_graph", []), timeout=args.timeout):
        return None
    return fastquery.runner_for(timeout=args.timeout, max_rows=max_rows, files=list(data))


def row_limit(args) -> int | None:
    """``--max-rows``: 0 means none; unset, tables stop at TABLE_MAX_ROWS."""
    if args.max_rows is not None:
        if args.max_rows < 0:
            raise QueryError("--max-rows must be 0 (no limit) or more")
        return args.max_rows or None
    return TABLE_MAX_ROWS if (args.format or "table") == "table" else None


def run(args) -> int:
    from aireg.stdin import stdin_as_file

    if args.all and args.query == "-":  # --all takes no query name: its first positional is data
        args.query, args.files = None, ["-", *args.files]
    with stdin_as_file(args.files, args.input_format, args.max_bytes) as files:  # "-": standard input
        args.files = files
        return _run(args)


def _run(args) -> int:
    from aireg.library import find_query, lang_tag
    from aireg.tables import render_result

    if args.list:
        if args.query:
            raise QueryError("--list takes no query name")
        if args.all:
            raise QueryError("give either --list or --all, not both")
        emit(list_text(args.lang, args.format or "table"), args.output)
        return 0
    if args.all:
        return run_all(args)
    if not args.query:
        raise QueryError("name a query (aireg query --list shows them) or give a .rq file")
    if args.max_width < 0:
        raise QueryError("--max-width must be 0 or more")
    values = parse_params(args.param)
    query = find_query(args.query)
    from aireg.atomic import refuse_input_as_output

    refuse_input_as_output(args.output, [query.path, *args.files])
    max_rows = row_limit(args)
    runner = fast_runner(args, max_rows, args.files) or make_runner(args, args.files, max_rows)
    # a lang parameter given as -p lang=zh-Hant speaks for the headers and title too
    lang = values["lang"] if "lang" in values and query.param("lang") else args.lang

    if args.sources and (args.format or "table") not in ("table", "csv", "tsv", "markdown", "html"):
        raise QueryError("--sources ends a table: use --format table, csv, tsv, markdown or html")

    def answer():
        bindings = runner.bind(query, values, args.lang)
        result = runner.run(query, bindings)
        if args.sources and result.kind == "SELECT":
            return result, sourced_table(runner, result, args, lang, query)
        return result, render_result(result, args.format or "table", lang=lang_tag(lang),
                                     title=query.title(lang), max_width=args.max_width,
                                     headers=query.column_labels(lang))

    from aireg.deadline import call_with_deadline

    # one deadline for the whole command: loading, the query, reading its rows and writing them
    try:
        result, text = call_with_deadline(answer, runner.timeout, runner.where)
    except QueryError as err:
        raise in_file(err, args.query) from None
    emit(text, args.output)
    if result.truncated:
        unit = "triples" if result.kind in ("CONSTRUCT", "DESCRIBE") else "rows"
        print(f"aireg query: showing the first {max_rows} {unit}; the answer has more "
              f"(--max-rows N to change, 0 for all)", file=sys.stderr)
    return 0


def sourced_table(runner, result, args, lang: str, query) -> str:
    """The result as a table that ends with the sources of the graph nodes in its rows."""
    from aireg.cite import node_ids, source_lines, sources_of
    from aireg.library import is_zh, lang_tag
    from aireg.tables import render_table, result_table

    fmt = args.format or "table"
    table = result_table(result, fmt in ("table", "markdown", "html"), lang_tag(lang), query.title(lang),
                         query.column_labels(lang))
    zh = is_zh(lang)
    table.notes = source_lines(sources_of(runner, node_ids(result)), "zh" if zh else "en")
    table.notes_title = "資料來源" if zh else "Sources"
    return render_table(table, fmt, args.max_width)


# --------------------------------------------------------------------------
# --all


def all_data_files(args) -> list[str]:
    """The DATA files of an --all run: every positional, refusing one that names a query."""
    from aireg.library import query_names

    first = args.query
    if first is not None and (first.endswith(".rq") or first in query_names()):
        raise QueryError(f"--all runs every library query: drop the query name {first!r} "
                         "(or run aireg query NAME without --all)")
    return ([first] if first is not None else []) + list(args.files)


def check_all_args(args) -> None:
    """Usage errors of --all, before anything is loaded."""
    if not args.output:
        raise QueryError("--all writes one file per query: give the folder with -o DIR")
    out = Path(args.output)
    try:
        if out.exists() and not out.is_dir():
            raise QueryError(f"-o {args.output}: not a folder (--all writes one file per query into it)")
    except PermissionError:  # a folder on the path that cannot be searched (raised before Python 3.12)
        raise QueryError(f"cannot write {args.output}: permission denied (a folder on its path cannot be "
                         "searched)") from None
    if args.param:
        raise QueryError("--param cannot be used with --all: every query runs with its own defaults "
                         "(aireg query NAME --param ... runs one with yours)")
    if args.format == "ttl":
        raise QueryError("--format ttl is for CONSTRUCT queries only; with --all choose table, csv, tsv, "
                         "json, markdown or html (CONSTRUCT results are Turtle with --format table)")
    if args.max_width < 0:
        raise QueryError("--max-width must be 0 or more")
    if args.max_rows:
        raise QueryError("--max-rows cannot be used with --all: every file holds its query's whole answer")


def extension(fmt: str, kind: str) -> str:
    """The file extension of one rendered result: a graph result may differ from a table."""
    table, graph = EXTENSIONS[fmt]
    return graph if kind in ("CONSTRUCT", "DESCRIBE") else table


class Rendered(NamedTuple):
    """One library query's answer, ready to be written as ``file``."""

    query: LibraryQuery
    file: str
    rows: int
    text: str


def render_all(runner, fmt: str, lang: str, max_width: int, progress=None) -> list[Rendered]:
    """Every library query's answer rendered in ``fmt``, or the first failure as an error.

    Everything is rendered before anything is written, so that a failing query
    leaves the output folder untouched. ``progress`` (:class:`aireg.progress.Progress`)
    is told which query runs.
    """
    from aireg.errors import AiregError
    from aireg.library import lang_tag, list_queries
    from aireg.tables import render_result

    done = []
    queries = list_queries()
    for number, query in enumerate(queries, 1):
        if progress is not None:
            progress.say(f"query {number}/{len(queries)}: {query.name}")
        try:
            result = runner.run(query, query.light_bindings(None, lang))
            text = render_result(result, fmt, lang=lang_tag(lang), title=query.title(lang), max_width=max_width,
                                 headers=query.column_labels(lang))
        except AiregError as err:
            raise QueryError(f"query {query.name!r} failed, nothing written: {err}") from None
        done.append(Rendered(query, f"{query.name}.{extension(fmt, result.kind)}", len(result), text))
    return done


def index_text(done: Sequence[Rendered], lang: str) -> str:
    """``index.md``: one row per query with its title in ``lang`` and a link to its file."""
    from aireg.tables import md_cell

    zh = lang == "zh"
    headers = ["名稱", "標題", "列數", "檔案"] if zh else ["name", "title", "rows", "file"]
    lines = ["# " + ("aireg 研究查詢" if zh else "aireg research queries"), "",
             "| " + " | ".join(headers) + " |", "|---|---|---:|---|"]
    for r in done:
        lines.append(f"| {md_cell(r.query.name)} | {md_cell(r.query.title(lang))} | {r.rows} "
                     f"| [{md_cell(r.file)}]({r.file}) |")
    return "\n".join(lines) + "\n"


def write_all(folder: Path, files: list[tuple[str, str]]) -> None:
    """Write every file whole, then rename them all into ``folder``.

    Each file goes through :func:`aireg.atomic.atomic_path`; the renames wait
    until every temporary file is complete, so a write error adds or replaces
    nothing in the folder. The first file given is renamed last (the index,
    after what it lists).
    """
    from aireg.atomic import atomic_path

    with ExitStack() as stack:
        for name, text in files:
            stack.enter_context(atomic_path(folder / name)).write_bytes(text.encode("utf-8"))


def run_all(args) -> int:
    """``aireg query --all -o DIR``: every library query on one graph, one file each."""
    from aireg.progress import Progress

    check_all_args(args)
    data = all_data_files(args)
    runner = fast_runner(args, None, data) or make_runner(args, data)
    progress = Progress()  # on stderr at a terminal only
    if runner.endpoint is None:
        progress.say("loading the graph")
        runner.graph()  # a bad DATA file is reported as itself, not as the first query's failure
    try:
        done = render_all(runner, args.format or ALL_DEFAULT_FORMAT, args.lang, args.max_width, progress)
        folder = Path(args.output)
        progress.say(f"writing {len(done) + 1} files to {folder}")
        write_all(folder, [(INDEX, index_text(done, args.lang))] + [(r.file, r.text) for r in done])
    finally:
        progress.done()
    print(f"wrote {len(done)} query files and {INDEX} to {folder}")
    return 0
