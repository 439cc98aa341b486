"""``aireg assess``: which thresholds a model or cluster crosses and which duties apply on a date."""

from __future__ import annotations

import argparse

from aireg.commands.query import emit, one_line_errors

FORMATS = ("table", "markdown", "csv", "json")
DATA_CHOICES = ("biological-sequence",)  # aireg.assess.DATA_KINDS (a test checks they agree; no rdflib at --help)

EPILOG = """\
examples:
  aireg assess --training-compute 3e25 --data biological-sequence --market EU --date 2026-09-01
  aireg assess --training-compute 2e26 --market US --date 2025-01-19 --lang zh
  aireg assess --cluster-capacity 1e20 --network-rate 200 --colocated --market US --date 2024-06-01
  aireg assess --training-compute 2e26 --revenue 6e8 --market US-CA --date 2026-02-01 --format json

Numbers are read in fixed units: training compute in operations (FLOP), cluster
capacity in operations per second, network rate in Gbit/s, revenue in USD. A
qualitative condition holds only if you say so (--data, --colocated, --holds ID).
A market covers its sub-jurisdictions' federal law: US-CA gets US and California
law. Exit status: 0 answered (even with no duty), 2 a bad value or no property
given at all (one line).
"""

WORDS = {
    "en": {"crossed": "Thresholds crossed", "duties": "Duties that apply on {date}", "threshold": "threshold",
           "instrument": "instrument", "jurisdiction": "jurisdiction", "quantity": "quantity", "applies_to": "applies to", "test": "test",
           "given": "given", "in_force": "in force on the date", "yes": "yes", "no": "no",
           "provision": "provision", "duty": "duty", "addressee": "addressee", "deadline": "deadline (days)",
           "applies": "applies from", "because": "thresholds crossed", "citation": "citation",
           "none": "(none)", "given_title": "Given",
           "later": "Triggered and in force, but applying only after {date}"},
    "zh": {"crossed": "跨越的門檻", "duties": "{date} 適用的義務", "threshold": "門檻",
           "instrument": "規範文件", "jurisdiction": "管轄", "quantity": "衡量量", "applies_to": "適用對象", "test": "條件",
           "given": "所給數值", "in_force": "該日是否生效", "yes": "是", "no": "否",
           "provision": "條文", "duty": "義務", "addressee": "義務主體", "deadline": "期限（日）",
           "applies": "適用起日", "because": "跨越的門檻", "citation": "出處",
           "none": "（無）", "given_title": "輸入",
           "later": "已觸發且已生效，但於 {date} 之後才適用"},
}


def number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r} (e.g. 3e25)") from None
    if value < 0 or value != value or value in (float("inf"),):
        raise argparse.ArgumentTypeError(f"not a usable amount: {text!r}")
    return value


def register(sub) -> None:
    p = sub.add_parser(
        "assess",
        help="which thresholds a model or cluster crosses and which duties apply to it on a date",
        description="Evaluate every threshold and every norm's AND/OR trigger in the graph for a model or a "
        "computing cluster, and list the thresholds crossed and the duties that apply on the date (instrument in "
        "force, provision applicable, jurisdiction in the markets), with provision, addressee, deadline and source.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=EPILOG,
    )
    p.add_argument("--training-compute", type=number, metavar="OPS", help="operations (FLOP) used to train the model")
    p.add_argument("--data", action="append", default=[], choices=DATA_CHOICES,
                   help="the model was trained primarily on this kind of data (repeatable)")
    p.add_argument("--cluster-capacity", type=number, metavar="OP/S", help="the cluster's theoretical maximum, operations per second")
    p.add_argument("--network-rate", type=number, metavar="GBIT/S", help="the cluster's data transfer rate, Gbit/s")
    p.add_argument("--colocated", action="store_true", help="the cluster's computers are co-located in one data centre")
    p.add_argument("--revenue", type=number, metavar="USD", help="annual gross revenue with affiliates, USD")
    p.add_argument("--holds", action="append", default=[], metavar="ID",
                   help="a qualitative condition of the graph that holds (id:NAME or NAME; repeatable)")
    p.add_argument("--market", action="append", default=[], metavar="CODE",
                   help="where the model is placed or used: EU, US, US-CA... (repeatable or comma-separated; default: all)")
    p.add_argument("--date", default="today", metavar="YYYY-MM-DD", help="the day to assess (default: today)")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="labels: en, or zh for zh-Hant (default: en)")
    p.add_argument("-f", "--format", choices=FORMATS, default="table", help="table (default), markdown, csv or json")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of standard output")
    p.add_argument("--engine", choices=("oxigraph", "rdflib"), default=None, help="local store for the bundled graph")
    p.set_defaults(run=run)
    one_line_errors(p, "assess")


def _profile(args, runner):
    import difflib

    from aireg.assess import Profile, parse_markets
    from aireg.errors import QueryError
    from aireg.params import check_nodes, coerce

    given = (args.training_compute, args.cluster_capacity, args.network_rate, args.revenue)
    if all(v is None for v in given) and not (args.data or args.holds or args.colocated):
        # nothing to compare with any threshold: "(none)" would read as "nothing applies to my model"
        raise QueryError("describe the model or cluster: give --training-compute, --cluster-capacity, "
                         "--network-rate, --revenue, --data, --colocated or --holds (aireg assess --help)")
    day = coerce("date", "date", args.date).toPython()
    holds = {}
    for h in args.holds:
        holds[f"--holds {h}"] = coerce("--holds", "iri", h)
    for name, node in holds.items():
        check_nodes({name.split(" ")[0]: node}, runner.node_exists, runner.subject_iris)
    markets = parse_markets(args.market)
    known = known_markets(runner.graph())
    for m in sorted(markets):
        if m not in known:
            close = difflib.get_close_matches(m, sorted(known), n=3, cutoff=0.3)
            raise QueryError(f"--market {m}: no instrument of that jurisdiction; nearest: {', '.join(close) or 'none'}"
                             f" (known: {', '.join(sorted(known))})")
    return Profile(training_compute=args.training_compute, cluster_capacity=args.cluster_capacity,
                   network_rate=args.network_rate, revenue=args.revenue, data=set(args.data),
                   holds={str(n) for n in holds.values()}, colocated=args.colocated, markets=markets, date=day)


def known_markets(graph) -> set[str]:
    from aireg.namespaces import AIREG

    return {str(j).rsplit("#", 1)[-1].rsplit("/", 1)[-1] for j in graph.objects(None, AIREG.jurisdiction)}


def tables(result, lang: str):
    from aireg.params import short
    from aireg.tables import Table

    w = WORDS[lang]
    tag = "zh-Hant" if lang == "zh" else "en"
    crossed = Table([w["threshold"], w["instrument"], w["jurisdiction"], w["applies_to"], w["test"], w["given"],
                     w["in_force"]], [], w["crossed"], tag)
    for c in result.crossed:
        op = {"gt": ">", "gteq": "≥", "lt": "<", "lteq": "≤", "eq": "="}.get(c.operator, c.operator)
        crossed.rows.append([c.label[lang], c.document_label[lang], c.jurisdiction, c.applies_to[lang],
                             f"{op} {c.value:g} {c.unit[lang]}", f"{c.given:g}", w["yes"] if c.in_force else w["no"]])
    day = result.profile.date.isoformat()
    made = []
    for title, rows in ((w["duties"].format(date=day), result.duties), (w["later"].format(date=day), result.later)):
        table = Table([w["instrument"], w["provision"], w["duty"], w["addressee"], w["deadline"], w["applies"],
                       w["because"], w["citation"]], [], title, tag)
        for d in rows:
            cite = d.citation.get(lang, "") if d.citation else ""
            if d.citation.get("url"):
                cite += ("。" if lang == "zh" else ". ") + d.citation["url"]
            table.rows.append([d.instrument_label[lang], d.provision, d.label[lang], d.addressee[lang], d.deadline,
                               d.applies_from, ", ".join(short(t) for t in d.thresholds), cite])
        made.append(table)
    return crossed, made[0], made[1]


def render(result, fmt: str, lang: str) -> str:
    import json
    from dataclasses import asdict

    from aireg.tables import render_table

    if fmt == "json":
        p = result.profile
        data = {
            "given": {"training_compute": p.training_compute, "cluster_capacity": p.cluster_capacity,
                      "network_rate": p.network_rate, "revenue": p.revenue, "data": sorted(p.data),
                      "colocated": p.colocated, "holds": sorted(p.holds), "markets": sorted(p.markets),
                      "date": p.date.isoformat()},
            "lang": "zh-Hant" if lang == "zh" else "en",
            "crossed": [asdict(c) for c in result.crossed],
            "duties": [asdict(d) for d in result.duties],
            "later": [asdict(d) for d in result.later],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    crossed, duties, later = tables(result, lang)
    parts = []
    for table in (crossed, duties, later) if later.rows else (crossed, duties):
        if fmt == "markdown":
            parts.append(f"## {table.title}\n\n" + (render_table(table, fmt, 0) if table.rows else WORDS[lang]["none"] + "\n"))
        elif fmt == "csv":
            parts.append(f"{table.title}\r\n" + render_table(table, fmt, 0))
        else:
            parts.append(f"{table.title}\n" + (render_table(table, fmt, 60) if table.rows else WORDS[lang]["none"] + "\n"))
    return ("\r\n" if fmt == "csv" else "\n").join(parts)


def run(args) -> int:
    from aireg.assess import assess, with_citations
    from aireg.library import Runner

    runner = Runner(engine=args.engine)
    profile = _profile(args, runner)
    result = with_citations(assess(runner.graph(), profile), runner)
    emit(render(result, args.format, args.lang), args.output)
    return 0
