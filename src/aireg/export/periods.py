"""The time of a node in words, for the HTML page: in force from/until, its status history,
the dates from which its provisions apply (docs/modelling-time.md).

One list of short lines per node, in the page's language; a node without any of these gets none.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

AIREG = "https://w3id.org/aireg/ont#"
ELI = "http://data.europa.eu/eli/ontology#"

_WORDS = {
    "en": {"since": "in force since {d}", "until": "in force until {d}", "ended": "no longer in force from {d}",
           "applies": "applies from {d}: {what}", "superseded": " (superseded)", "status": "{d}: {status}",
           "rule": "applies from {d}", "valid": "the law from {a} until {b}", "valid_open": "the law since {a}"},
    "zh": {"since": "{d} 起生效", "until": "生效至 {d}", "ended": "{d} 起失效",
           "applies": "{d} 起適用：{what}", "superseded": "（已被取代）", "status": "{d}：{status}",
           "rule": "{d} 起適用", "valid": "法律規定期間 {a} 至 {b}", "valid_open": "{a} 起之法律規定"},
}


def _a(name: str) -> URIRef:
    return URIRef(AIREG + name)


def _e(name: str) -> URIRef:
    return URIRef(ELI + name)


def _label(rdf: Graph, node, lang: str) -> str:
    want = "zh" if lang == "zh" else "en"
    labels = list(rdf.objects(node, RDFS.label))
    for lit in labels:
        if (getattr(lit, "language", None) or "").lower().startswith(want):
            return str(lit)
    return str(labels[0]) if labels else str(node).rsplit("/", 1)[-1]


def periods(rdf: Graph, node: URIRef, lang: str = "en") -> list[str]:
    """Lines such as 'in force since 2024-08-01', '2025-01-20: revoked', 'applies from 2025-02-02: ...'."""
    w = _WORDS["zh" if str(lang).lower().startswith("zh") else "en"]
    out: list[str] = []
    entry = rdf.value(node, _e("first_date_entry_in_force"))
    if entry is not None:
        out.append(w["since"].format(d=entry))
    end = rdf.value(node, _e("date_no_longer_in_force"))
    if end is not None:
        out.append(w["ended"].format(d=end))
    history = []
    for change in rdf.subjects(_a("statusOf"), node):
        when, status = rdf.value(change, _a("effectiveDate")), rdf.value(change, _a("toStatus"))
        if when is not None and status is not None:
            party = rdf.value(change, _a("forParty"))
            text = _label(rdf, status, lang) + (f" ({_label(rdf, party, lang)})" if party is not None else "")
            history.append((str(when), w["status"].format(d=when, status=text)))
    out += [line for _, line in sorted(history)]
    # the dates from which the node's provisions apply: rules on it, on its groups, on its versions' groups
    texts = {node} | set(rdf.subjects(_a("versionOf"), node))
    targets = set(texts)
    for text in texts:
        targets |= set(rdf.subjects(_a("groupOf"), text))
    rules = []
    for target in targets:
        for rule in rdf.subjects(_a("applicationOf"), target):
            when = rdf.value(rule, _a("appliesFrom"))
            if when is None:
                continue
            line = w["applies"].format(d=when, what=_label(rdf, target, lang))
            if rdf.value(rule, _a("supersededBy")) is not None:
                line += w["superseded"]
            rules.append((str(when), line))
    out += [line for _, line in sorted(rules)]
    # an application rule itself
    when = rdf.value(node, _a("appliesFrom"))
    if when is not None:
        out.append(w["rule"].format(d=when))
        start, stop = rdf.value(node, _a("validFrom")), rdf.value(node, _a("validUntil"))
        if start is not None:
            out.append(w["valid"].format(a=start, b=stop) if stop is not None else w["valid_open"].format(a=start))
    return out
