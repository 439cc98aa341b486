"""``aireg diff OLD NEW``: triples added and removed, instrument by instrument (exit 0 same, 1 differ, 2 bad input)."""

from __future__ import annotations

import argparse

from aireg.options import add_base, add_max_bytes

EPILOG = """\
OLD and NEW are RDF files or folders (searched recursively for .ttl, .nt,
.nq, .trig, .n3, .rdf, .owl, .jsonld). Blank nodes are compared by
structure, so unchanged citations never show up.

exit status (like diff):
  0  no difference
  1  the graphs differ
  2  an input could not be used (one line on stderr names the file and line)

examples:
  aireg diff old/data data                     # two checkouts of data/
  git show HEAD~1:data/eo-14110.ttl > /tmp/old.ttl && aireg diff /tmp/old.ttl data/eo-14110.ttl
  aireg diff --format json old.ttl new.ttl | jq '.instruments[].label'
"""


def register(sub) -> None:
    p = sub.add_parser(
        "diff",
        help="triples added and removed between two files or folders, grouped by instrument",
        description="Compare two versions of RDF data; changes are grouped by the instrument\n"
        "they belong to. Exit status: 0 no difference, 1 differences, 2 bad input.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("old", help="the old file or folder")
    p.add_argument("new", help="the new file or folder")
    p.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    p.add_argument("--lang", default="en", help="language of the instrument labels (default: en; e.g. zh-Hant)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the result to FILE (whole or not at all)")
    add_base(p)
    add_max_bytes(p)
    p.set_defaults(run=run)



def run(args) -> int:
    from aireg import atomic, stdout
    from aireg.diff import diff, format_json, format_text
    from aireg.load import FOLDER_SUFFIXES, expand_inputs

    if args.output:
        atomic.refuse_input_as_output(args.output, expand_inputs([args.old, args.new], FOLDER_SUFFIXES))
    result = diff(args.old, args.new, lang=args.lang, max_bytes=args.max_bytes, base=args.base)
    render = format_json if args.format == "json" else format_text
    text = render(result, args.old, args.new)
    if args.output:
        atomic.write_text(args.output, text)
        stdout.note(f"{result.removed} removed, {result.added} added; wrote {args.output}", args.output)
    else:
        stdout.write(text)  # a reader that leaves early (| head) does not change the exit status
    return 1 if result.differs else 0
