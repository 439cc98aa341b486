"""``aireg export``: the graph, or a view of it, as a file a researcher can open."""

from __future__ import annotations

import argparse

from aireg.errors import InputError
from aireg.options import add_max_bytes


def register(subparsers) -> None:
    from aireg.export import FORMATS, LANGS, RENDERERS, VIEWS

    p = subparsers.add_parser(
        "export",
        help="write the graph or a view of it as GraphML, GEXF, DOT, SVG/PNG, Cytoscape.js, JSON-LD, HTML or a timeline",
        description="Write the graph (or a view of it) for other tools or as a picture. Schema and "
        "bookkeeping triples (types, axioms, labels, citations) become node attributes, not drawn "
        "nodes, unless --with-provenance.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="formats:\n" + "\n".join(f"  {name:13} {what}" for name, (_, what) in FORMATS.items())
        + "\n\nexamples:\n"
        "  aireg export --view instrument:eo-14110 --format svg -o docs/eo-14110.svg\n"
        "  aireg export --format html --lang zh -o graph.html\n"
        "  aireg export --format timeline -o timeline.png",
    )
    p.add_argument("files", nargs="*", metavar="FILE",
                   help="RDF files to export together with the bundled ontology (default: the bundled data)")
    p.add_argument("-f", "--format", dest="format", metavar="FORMAT",
                   help="one of: " + ", ".join(FORMATS) + " (default: from the output suffix)")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="the file to write")
    p.add_argument("--view", default="all", metavar="VIEW",
                   help="which part of the graph: " + " | ".join(VIEWS)
                   + "; ID is a local name (eo-14110), a prefixed name (id:eo-14110) or a full IRI (default: all)")
    p.add_argument("--depth", type=int, default=None, metavar="N",
                   help="neighbourhood radius around the view's node(s) (defaults: instrument 1, legal-basis 3 links of legal basis, actors 1, versions 3)")
    p.add_argument("--lang", choices=LANGS, default="en", help="label language: en, or zh for zh-Hant (default: en)")
    p.add_argument("--with-provenance", action="store_true",
                   help="also draw citations, sources and rdf:type links to classes")
    p.add_argument("--renderer", choices=RENDERERS, default="auto",
                   help="for svg/png: graphviz dot if installed (auto), or force one")
    t = p.add_argument_group("timeline (a slide: fixed size, one lane per jurisdiction)")
    t.add_argument("--aspect", default="16:9", metavar="W:H", help="the slide's shape, e.g. 16:9 (default) or 4:3")
    t.add_argument("--from", dest="date_from", metavar="DATE", help="only items dated on or after DATE (YYYY[-MM[-DD]])")
    t.add_argument("--to", dest="date_to", metavar="DATE", help="only items dated on or before DATE (YYYY[-MM[-DD]])")
    t.add_argument("--jurisdiction", action="append", default=[], metavar="CODE",
                   help="only this jurisdiction's lane (US, EU, International, none...); repeat or comma-separate")
    t.add_argument("--instrument", action="append", default=[], metavar="ID",
                   help="only this instrument, its versions, events and marks; repeat or comma-separate")
    p.add_argument("--engine", choices=("oxigraph", "rdflib"), default=None, help="RDF store to load into")
    add_max_bytes(p)
    p.set_defaults(run=run)


def run(args) -> int:
    from aireg import paths
    from aireg.export import check_format, check_output, export
    from aireg.export.view import parse_view
    from aireg.load import load_graph

    # Cheap checks first: a typo should not cost a graph load.
    check_format(args.format, args.output)
    check_output(args.output)
    from aireg.atomic import refuse_input_as_output
    from aireg.load import FOLDER_SUFFIXES, expand_inputs

    refuse_input_as_output(args.output, expand_inputs(args.files, FOLDER_SUFFIXES))
    parse_view(args.view)
    if args.depth is not None and args.depth < 0:
        raise InputError(f"--depth must be 0 or more, not {args.depth}")
    slide = slide_options(args, fmt=check_format(args.format, args.output))
    files = [paths.ontology_file(), *args.files] if args.files else None
    rdf = load_graph(files, engine=args.engine)
    report = export(rdf, args.format, args.output, view=args.view, depth=args.depth, lang=args.lang,
                    with_provenance=args.with_provenance, renderer=args.renderer, slide=slide)
    from aireg.stdout import note

    note(f"wrote {args.output}: {report}", args.output)
    return 0


def slide_options(args, fmt: str):
    """The timeline's options, checked before the graph is loaded; refused with another format."""
    from aireg.export.timeline_select import SlideOptions, check, parse_aspect, parse_day

    def split(values):
        return tuple(v.strip() for value in values for v in value.split(",") if v.strip())

    given = [name for name, value in (("--aspect", args.aspect != "16:9"), ("--from", args.date_from),
                                      ("--to", args.date_to), ("--jurisdiction", args.jurisdiction),
                                      ("--instrument", args.instrument)) if value]
    if not fmt.startswith("timeline"):
        if given:
            raise InputError(f"{', '.join(given)} apply to --format timeline only, not {fmt}")
        return None
    opts = SlideOptions(aspect=parse_aspect(args.aspect),
                        start=parse_day(args.date_from, "--from") if args.date_from else None,
                        end=parse_day(args.date_to, "--to", last=True) if args.date_to else None,
                        jurisdictions=split(args.jurisdiction), instruments=split(args.instrument))
    check(opts)
    return opts
