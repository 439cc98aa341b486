"""``aireg docs``: the ontology's reference documentation as one static HTML page."""

from __future__ import annotations

from aireg.options import add_max_bytes


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "docs",
        help="write the ontology's reference documentation (classes, properties, zh/en labels, alignments) as HTML",
        description="Write one static HTML page documenting the ontology: every class and property with its "
        "English and Chinese labels, comments, super/subterms, domains, ranges and alignments to published "
        "vocabularies. The page needs no network.",
    )
    p.add_argument("-o", "--output", required=True, metavar="OUT.html", help="the page to write")
    p.add_argument("--ontology", metavar="FILE", help="document this ontology file instead of the bundled one")
    add_max_bytes(p)
    p.set_defaults(run=run)


def run(args) -> int:
    from aireg.docs import write_docs
    from aireg.errors import InputError
    from aireg.export import check_output

    check_output(args.output)
    try:
        report = write_docs(args.output, args.ontology)
    except OSError as err:
        raise InputError(f"cannot write: {err.strerror or err}", args.output) from None
    from aireg.stdout import note

    note(f"wrote {args.output}: {report}", args.output)
    return 0
