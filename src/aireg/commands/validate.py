"""``aireg validate``: the SHACL contract as a pipeline gate (exit 0 conforms, 1 fails, 2 bad input)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TYPE_CHECKING

from aireg import atomic, paths, stdout
from aireg.errors import InputError
from aireg.options import add_base, add_max_bytes
from aireg.stdin import add_input_format

if TYPE_CHECKING:
    from aireg.validate import ValidationResult

# aireg.report.FORMATS (a test checks they agree); not imported here, so that
# `aireg --help` does not load rdflib
FORMATS = ("text", "json", "turtle", "junit")

EPILOG = """\
exit status:
  0  nothing at or above --severity was found (sh:conforms in the report
     follows SHACL: false as soon as there is any result, even an Info)
  1  findings at or above --severity (default: violation; --severity warning
     also fails on warnings); with --shapes: the shapes graph breaks SHACL
  2  an input could not be used: missing, empty, too large, not UTF-8, a
     syntax error, an ill-typed literal, shapes whose SPARQL SHACL forbids
     (SERVICE, MINUS, VALUES...), that pySHACL refuses, that name a term
     SHACL does not define or SHACL-JS, in which no shape has a target, or
     that owl:imports shapes not given (repeat --shapes-file); or data files
     holding no triple at all (one line on stderr names the file and line;
     a single data file with no triple among others is only a warning); no
     report file is written

engines (--shacl-engine): fast compiles each shape into SPARQL run by
  Oxigraph; a shape it cannot compile exactly is validated by pySHACL, and
  every report says which engine ran which shape and why

report formats (--format):
  text    findings grouped by focus node, each under FILE:LINE where the
          node's description starts, then a summary (default)
  json    {"conforms", "severity", "fails", "exit_code", "counts",
          "engine", "shapes": [{"shape", "engine", "reason"}],
          "results": [{"severity", "focus", "path", "value", "message",
          "shape", "constraint", "file", "line", "fails", "engine"}]}
  turtle  the SHACL validation report graph
  junit   JUnit XML, one testcase per shape, failures for findings at or
          above --severity (for CI test-report views)

examples:
  aireg validate                                  # the bundled graph
  aireg validate my-data.ttl more.ttl             # your files + bundled ontology
  aireg validate --format junit -o shacl.xml data/*.ttl
  aireg validate --severity warning --format json data/*.ttl | jq .counts
  aireg validate --shapes                         # check ontology/shapes.ttl itself
  curl -s URL | aireg validate - --input-format turtle   # standard input (named <stdin>)
"""


def register(sub) -> None:
    p = sub.add_parser(
        "validate",
        help="check the bundled graph or your RDF files against the SHACL shapes (a pipeline gate)",
        description="Check RDF data against the aireg SHACL contract (ontology/shapes.ttl).\n"
        "Exit status: 0 nothing at or above --severity, 1 findings at or above --severity,\n"
        "2 an input could not be read.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", nargs="*", help="RDF files to check (default: the bundled ontology and data/); "
                   "the bundled ontology is added so that class hierarchies are known")
    p.add_argument("--format", choices=FORMATS, default="text", help="report format (default: text)")
    p.add_argument("--severity", choices=["warning", "violation"], default="violation",
                   help="lowest severity that fails the run (default: violation)")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write the report to FILE (whole or not at all) and print only the summary")
    p.add_argument("--shapes", nargs="?", const="", default=None, metavar="FILE",
                   help="check a shapes graph itself against SHACL-SHACL (default: ontology/shapes.ttl) "
                   "instead of checking data")
    p.add_argument("--shapes-file", metavar="FILE", action="append",
                   help="use these shapes instead of ontology/shapes.ttl; repeat it for several files (merged "
                   "into one shapes graph). owl:imports is not followed: an import the files given do not "
                   "hold is refused (exit 2)")
    p.add_argument("--engine", choices=["oxigraph", "rdflib"], help="store to load the data into")
    p.add_argument("--per-graph", action="store_true",
                   help="validate each graph of the inputs on its own (the default graph, and each named graph "
                   "of TriG, N-Quads or JSON-LD, with the ontology); findings name their graph. Without it the "
                   "union of all graphs is validated")
    add_base(p)
    add_max_bytes(p)
    add_input_format(p)
    p.add_argument("--shacl-engine", choices=["fast", "pyshacl"],
                   help="SHACL engine: fast (whole-graph SPARQL on Oxigraph, the default, or AIREG_SHACL_ENGINE) "
                   "or pyshacl (the reference implementation)")
    p.add_argument("--show-info", action="store_true", help="list Info findings in the text report too")
    p.set_defaults(run=run)



def _shapes_error(err: Exception, shapes_path) -> InputError:
    reason = " ".join(str(err).split()) or type(err).__name__
    if len(reason) > 300:
        reason = reason[:300] + "..."
    where = shapes_path or paths.shapes_file()
    return InputError(f"the shapes cannot be used ({type(err).__name__}: {reason}); "
                      f"check them with: aireg validate --shapes {where}", where)


# (path, bytes) of a shapes file -> None (valid SHACL) or the InputError's arguments; SHACL-SHACL
# takes pySHACL a second or two, and a process that validates several times (a notebook, the test
# suite) need not check the same file again
_SHAPES_VERDICTS: dict[tuple[str, bytes], tuple | None] = {}


def _require_valid_shapes(shapes_path) -> None:
    """A user's shapes file must itself be valid SHACL before it judges data."""
    try:
        key = (str(Path(shapes_path).resolve()), Path(shapes_path).read_bytes())
    except OSError:
        key = None  # load_shapes names the file and why it cannot be read
    if key is None or key not in _SHAPES_VERDICTS:
        verdict = _shapes_verdict(shapes_path)
        if key is not None:
            if len(_SHAPES_VERDICTS) >= 16:
                _SHAPES_VERDICTS.clear()
            _SHAPES_VERDICTS[key] = verdict
    else:
        verdict = _SHAPES_VERDICTS[key]
    if verdict is not None:
        raise InputError(*verdict)


def _shapes_verdict(shapes_path) -> tuple | None:
    """None if the shapes file is valid SHACL, else the message, file and line of the first violation."""
    from aireg.report import shorten

    result, locs = check_shapes(shapes_path)
    if not result.fails_at("violation"):
        return None
    first = next(f for f in result.findings if f.severity == "Violation")
    loc = locs.get(first.focus)
    n = result.count("Violation")
    what = f"{shorten(first.path)} = {first.value}: " if first.path and first.value is not None else ""
    return (f"the shapes break SHACL ({n} violation(s); first: {what}{first.message}); "
            f"see: aireg validate --shapes {shapes_path}",
            loc.path if loc and loc.path else shapes_path,
            loc.line if loc else None)


def run(args) -> int:
    if args.shapes is not None:
        return run_shapes_check(args)
    from aireg.stdin import stdin_as_file

    with stdin_as_file(args.files, args.input_format, args.max_bytes) as files:  # "-": standard input
        args.files = files
        return _validate_data(args)


def _validate_data(args) -> int:
    from aireg.load import bundled_files, load_graph
    from aireg.report import shorten
    from aireg.shapes_imports import require_no_unread_imports
    from aireg.shapes_scope import require_checkable
    from aireg.shapes_sparql import ShapesError, check_shapes_sparql
    from aireg.sourcemap import locations
    from aireg.validate import load_shapes, validate

    shapes_path = args.shapes_file
    from aireg.load import FOLDER_SUFFIXES, expand_inputs

    user_files = expand_inputs(args.files, FOLDER_SUFFIXES)  # a folder: the RDF files under it
    atomic.refuse_input_as_output(args.output, [*user_files, *(args.shapes_file or [])])
    files = [paths.ontology_file(), *user_files] if user_files else bundled_files()
    from aireg.progress import Progress

    progress = Progress()
    engine = args.engine or _store_for(args.shacl_engine)
    try:
        progress.say(f"reading {len(files)} file(s)")
        if args.per_graph:
            graphs = graphs_of(files, engine=engine, max_bytes=args.max_bytes, base=args.base)
            graph = graphs[0][1]
        else:
            graph = load_graph(files, engine=engine, max_bytes=args.max_bytes, base=args.base)
        _say_empty(user_files or [f for f in files if f != paths.ontology_file()],
                   [g for _, g in graphs] if args.per_graph else [graph])
        shapes = load_shapes(shapes_path)
        shapes_files = shapes_path or [paths.shapes_file()]
        where = shapes_files[0] if len(shapes_files) == 1 else " + ".join(map(str, shapes_files))
        require_no_unread_imports(shapes, shapes_files)  # shapes that would silently not apply
        check_shapes_sparql(shapes, where)  # SERVICE, MINUS, VALUES...: refused before anything runs
        require_checkable(shapes, shapes_files if len(shapes_files) > 1 else where)  # sh:minCont, sh:js, no target: what nothing would check
        for one in shapes_path or []:
            _require_valid_shapes(one)
        progress.say("validating against the SHACL shapes")
        try:
            if args.per_graph:
                result = _validate_each(graphs, shapes, args.shacl_engine)
            else:
                result = validate(graph, shapes=shapes, shacl_engine=args.shacl_engine)
        except ShapesError as err:
            if err.path is None:
                raise ShapesError(err.reason, where) from None
            raise
        except (KeyboardInterrupt, InputError):
            raise
        except Exception as err:  # shapes the SHACL engine cannot use: one line, exit 2, never a traceback
            raise _shapes_error(err, where if shapes_path else None) from None
        # user files first: a node is "defined" where the user's data describes it
        scan = [*user_files, *(f for f in files if f not in user_files)]
        progress.say("finding where the findings are in the files")
        locs = locations({f.focus for f in result.findings}, scan, graph, shorten, args.base) \
            if result.findings else {}
    finally:
        progress.done()
    return _emit(args, result, locs, shapes)


def _say_empty(data_files, graphs) -> None:
    """A data file holding no triple is named on stderr (a run with no data triple at all is refused), and so
    is an owl:imports of the data that no input holds: what is not read is said."""
    import sys

    from aireg.errors import shown_as
    from aireg.no_triples import WARNING, empty_files, per_file

    for path in empty_files(data_files, per_file(graphs)):
        print(f"aireg validate: warning: {shown_as(path)}: {WARNING}; nothing in it was checked", file=sys.stderr)
    from aireg.shapes_imports import unread_imports

    said = set()
    for graph in graphs:
        for target, path, line in unread_imports(graph, data_files):
            if target not in said:
                said.add(target)
                where = f"{shown_as(path)}:{line}: " if path and line else (f"{shown_as(path)}: " if path else "")
                print(f"aireg validate: warning: {where}owl:imports <{target}> is not followed (aireg reads only the "
                      "files it is given); give the imported file as data if its axioms matter", file=sys.stderr)


def _store_for(shacl_engine: str | None) -> str | None:
    """pySHACL reads the graph through rdflib's API: on rdflib's own store it sees the literals as
    written, on Oxigraph's the store's re-spelled ones ("12"^^xsd:int as xsd:integer). So pySHACL gets
    rdflib's store unless --engine says otherwise; the fast engine needs Oxigraph's."""
    from aireg.validate import DEFAULT_SHACL_ENGINE

    return "rdflib" if (shacl_engine or DEFAULT_SHACL_ENGINE) == "pyshacl" else None


def graphs_of(files, engine=None, max_bytes=None, base=None) -> list:
    """``[(name, graph)]``: each graph of the inputs on its own, with the ontology (for class hierarchies).

    The default graph of all files is one graph ("default"); each named graph
    (TriG, N-Quads, JSON-LD) is another, under its N-Triples name.
    """
    from aireg.literals import typed_literals
    from aireg.load import add_ntriples, new_graph, read_input, remember
    from aireg.rdfparse import Parsed

    parts: dict = {}
    ontology = paths.ontology_file()
    onto = read_input(ontology, max_bytes=max_bytes, base=base) if ontology in files else None
    for path in files:
        if path == ontology:
            continue
        for name, nt in read_input(path, max_bytes=max_bytes, base=base).graphs.items():
            parts.setdefault(name or "default", []).append((path, name, nt))
    parts.setdefault("default", [])
    out = []
    for name in sorted(parts, key=lambda n: (n != "default", n)):
        graph = new_graph(engine)
        pieces = ([(ontology, g, nt) for g, nt in onto.graphs.items()] if onto else []) + parts[name]
        for path, graph_name, nt in pieces:
            add_ntriples(graph, nt)
            # what was merged, as load_graph records it (the literals the store re-spells, how to read it again)
            remember(graph, Parsed(path, {graph_name: b""}, typed_literals(nt), triples=nt.count(b"\n")), None,
                     max_bytes, base)
        out.append((name, graph))
    return out


def _validate_each(graphs: list, shapes, shacl_engine) -> ValidationResult:
    """Each graph validated on its own; the findings name their graph."""
    from dataclasses import replace

    from aireg.validate import ValidationResult, per_graph_report, spec_conforms, validate

    findings, engines, notes, named = [], set(), [], []
    for name, graph in graphs:
        result = validate(graph, shapes=shapes, shacl_engine=shacl_engine)
        findings += [replace(f, graph=name) for f in result.findings]
        engines.add(result.engine)
        if result.note:
            notes.append(f"{name}: {result.note}")
        named.append((name, result))
    # SHACL's sh:conforms: false as soon as any graph has any result, whatever its severity
    conforms = spec_conforms(findings)
    report = per_graph_report(named, conforms)
    runs = {r.shape: r for r in named[0][1].shapes} if named else {}
    for _, result in named[1:]:  # a shape counts as pySHACL's if any graph sent it there
        runs.update({r.shape: r for r in result.shapes if r.engine != "fast"})
    return ValidationResult(conforms=conforms, findings=findings, report=report,
                            engine="+".join(sorted(engines)), note="; ".join(notes) or None,
                            shapes=sorted(runs.values(), key=lambda r: r.shape))


def _emit(args, result: ValidationResult, locs, shapes, junit_groups: str = "shape") -> int:
    from aireg.report import engine_line, exit_code, render, summary_line, verdict_line

    min_severity = "info" if args.show_info else "warning"
    text = render(result, args.format, locs, args.severity, shapes, min_severity, junit_groups)
    if args.output:
        atomic.write_text(args.output, text)
        lines = [engine_line(result), summary_line(result), verdict_line(result, args.severity),
                 f"wrote {args.output}"]
        stdout.note("\n".join(line for line in lines if line), args.output)
    else:
        stdout.write(text)  # a reader that leaves early (| head) does not change the exit status
    return exit_code(result, args.severity)


def check_shapes(shapes_path: str | Path | None = None) -> tuple[ValidationResult, dict]:
    """Validate a shapes graph against SHACL-SHACL (the W3C shapes for shapes graphs)."""
    from pyshacl.entrypoints import meta_validate

    from aireg.report import shorten
    from aireg.sourcemap import SourceMap
    from aireg.validate import ValidationResult, findings_from_report, load_shapes

    path = Path(shapes_path) if shapes_path else paths.shapes_file()
    shapes = load_shapes(path)
    conforms, report, _ = meta_validate(shapes, inference="none")
    result = ValidationResult(conforms=bool(conforms), findings=findings_from_report(report),
                              report=report)
    smap = SourceMap.from_files([path])
    locs = {}
    for f in result.findings:
        if f.focus in locs:
            continue
        loc = smap.locate(f.focus, shapes, shorten)
        locs[f.focus] = _refine(path, loc, f, shapes)
    return result, locs


def _refine(path: Path, loc, finding, shapes=None):
    """Point at the line that holds the offending value, searching from the block start.

    A property shape (a blank node) is first found by its ``sh:path`` line, so
    that two property shapes of one node shape point at their own lines.
    """
    if not loc.line or finding.value is None or not finding.path:
        return loc
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return loc

    def local(iri) -> str:
        return re.split(r"[#/:]", str(iri))[-1]

    start = loc.line - 1
    if shapes is not None:
        from rdflib import BNode, URIRef

        from aireg.validate import SH

        node = URIRef(finding.focus) if ":" in finding.focus else BNode(finding.focus)
        shape_path = shapes.value(node, SH.path)
        if isinstance(shape_path, URIRef):
            for n in range(start, min(len(lines), start + 300)):
                if "sh:path" in lines[n] and local(shape_path) in lines[n]:
                    start = n
                    break
    key, value = local(finding.path), finding.value
    for n in range(start, min(len(lines), start + 300)):
        if key in lines[n] and value in lines[n]:
            return type(loc)(loc.path, n + 1, loc.note)
    return loc


def run_shapes_check(args) -> int:
    if args.files:
        raise InputError("--shapes checks a shapes graph, not data: give the shapes file to --shapes "
                         f"(got data files: {' '.join(args.files)})")
    result, locs = check_shapes(args.shapes or None)
    if not result.fails_at("violation"):
        # valid SHACL that would still check less than it says (sh:minCont, sh:js, no target): as when used
        from aireg.shapes_imports import require_no_unread_imports
        from aireg.shapes_regex import check_shapes_patterns
        from aireg.shapes_scope import require_checkable
        from aireg.validate import load_shapes

        where = args.shapes or paths.shapes_file()
        shapes = load_shapes(where)
        require_no_unread_imports(shapes, [where])
        require_checkable(shapes, where)
        check_shapes_patterns(shapes, where)
    return _emit(args, result, locs, None, junit_groups="focus")


__all__ = ["check_shapes", "register", "run"]
