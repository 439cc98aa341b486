"""``aireg validate``: the SHACL contract as a gate (exit 0 conforms, 1 fails, 2 bad input)."""

from __future__ import annotations

import sys

from aireg.errors import EXIT_OK, EXIT_VIOLATIONS
from aireg.report import format_json, format_text
from aireg.validate import validate


def register(sub) -> None:
    p = sub.add_parser(
        "validate",
        help="check the bundled graph or your RDF files against the SHACL shapes",
        description="Exit status: 0 the graph conforms, 1 it has findings at or above --severity, "
        "2 an input could not be read.",
    )
    p.add_argument("files", nargs="*", help="RDF files to check (default: the bundled ontology and data/); "
                   "the bundled ontology is added so that class hierarchies are known")
    p.add_argument("--format", choices=["text", "json"], default="text", help="report format (default: text)")
    p.add_argument("--severity", choices=["warning", "violation"], default="violation",
                   help="lowest severity that fails the run (default: violation)")
    p.add_argument("--shapes-file", help="use these shapes instead of ontology/shapes.ttl")
    p.add_argument("--engine", choices=["oxigraph", "rdflib"], help="store to load the data into")
    p.set_defaults(run=run)


def run(args) -> int:
    result = validate(args.files or None, shapes=args.shapes_file, engine=args.engine)
    if args.format == "json":
        sys.stdout.write(format_json(result))
    else:
        sys.stdout.write(format_text(result))
    return EXIT_VIOLATIONS if result.fails_at(args.severity) else EXIT_OK
