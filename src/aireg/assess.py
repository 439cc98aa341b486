"""What would apply to my model? Thresholds crossed and duties that apply on a date.

Given a model's or a cluster's properties (:class:`Profile`), every threshold of
the graph is compared with the matching quantity (``odrl:leftOperand``,
``odrl:operator``, ``odrl:rightOperand``, ``odrl:unit``; the unit's quantity
kind must be the quantity's, so operations are never compared with operations
per second), every norm's trigger (an ``aireg:ConditionGroup`` tree of
``aireg:AllOf`` / ``aireg:AnyOf`` over thresholds and qualitative conditions)
is evaluated, and a triggered norm is a duty on the date when

* its text is in force then: entered into force (``eli:first_date_entry_in_force``,
  else the document date) on or before the date and not yet out of force
  (``eli:date_no_longer_in_force`` is the first day it no longer is: EO 14110,
  revoked 2025-01-20, binds on 2025-01-19 and not on 2025-01-20); a draft or
  proposal never binds, nor does a text only adopted or signed (status ``aireg:Adopted`` or
  ``aireg:Signed``) until an entry into force is recorded, as in the in-force-on query;
* its provision applies then: a provision in an ``aireg:ProvisionGroup`` applies
  from its ``aireg:Application``'s ``aireg:appliesFrom`` (the rule as the law
  now stands: one not superseded), so the AI Act's general-purpose AI duties
  apply from 2025-08-02 though the act is in force from 2024-08-01;
* its jurisdiction covers a market asked for (``US`` covers ``US-CA``).

A qualitative condition holds only when the user says so (``holds``, or the
words of ``data`` such as biological sequence data); a quantity not given
crosses no threshold. Nothing is guessed: the report says what was given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from aireg.errors import InputError
from aireg.namespaces import AIREG, ELI, ID, ODRL

# What a user can state, and the graph's quantity it measures (input units fixed: see UNITS).
QUANTITIES = {
    "training_compute": AIREG.TrainingCompute,
    "cluster_capacity": AIREG.ClusterComputingCapacity,
    "network_rate": AIREG.ClusterNetworking,
    "revenue": AIREG.AnnualGrossRevenue,
}
# The units a user's numbers are read in; a threshold in another unit of the same kind is
# compared only where the two are the same scale (a FLOP is one of EO 14110's operations).
UNITS = {
    AIREG.TrainingCompute: {AIREG.Operation, AIREG.FloatingPointOperation},
    AIREG.ClusterComputingCapacity: {AIREG.OperationPerSecond},
    AIREG.ClusterNetworking: {AIREG.GigabitPerSecond},
    AIREG.AnnualGrossRevenue: {AIREG.USDollar},
}
# --data words: a qualitative condition holds when its English label says this.
DATA_KINDS = {"biological-sequence": "biological sequence data"}
OPERATORS = {
    ODRL.gt: lambda a, b: a > b,
    ODRL.gteq: lambda a, b: a >= b,
    ODRL.lt: lambda a, b: a < b,
    ODRL.lteq: lambda a, b: a <= b,
    ODRL.eq: lambda a, b: a == b,
}
NOT_BINDING = {AIREG.Draft, AIREG.Proposed, AIREG.Withdrawn, AIREG.NotFinalised}
# made but not yet law unless an entry into force is recorded (a signed act, a signed treaty)
PENDING = {AIREG.Adopted, AIREG.Signed}
NORM_TYPES = (AIREG.Obligation, AIREG.Prohibition, AIREG.Permission)


@dataclass
class Profile:
    """What the user says about the model or cluster."""

    training_compute: float | None = None  # operations (FLOP)
    cluster_capacity: float | None = None  # operations per second
    network_rate: float | None = None  # Gbit/s
    revenue: float | None = None  # USD, annual gross, with affiliates
    data: set[str] = field(default_factory=set)  # keys of DATA_KINDS
    holds: set[str] = field(default_factory=set)  # qualitative conditions (IRIs) the user says hold
    colocated: bool = False
    markets: set[str] = field(default_factory=set)  # jurisdiction codes (EU, US, US-CA); empty: all
    date: dt.date = field(default_factory=dt.date.today)

    def value(self, quantity) -> float | None:
        for attr, q in QUANTITIES.items():
            if q == quantity:
                return getattr(self, attr)
        return None


@dataclass
class Crossed:
    """A threshold the profile crosses."""

    threshold: str
    label: dict
    applies_to: dict
    quantity: dict
    operator: str
    value: float
    unit: dict  # en/zh: the unit's symbol, or its word or label in each language (ontology, aireg:symbol)
    given: float
    document: str
    document_label: dict
    jurisdiction: str
    in_force: bool


@dataclass
class Duty:
    """A norm that applies to the profile on the date, with where it comes from."""

    norm: str
    kind: str
    label: dict
    addressee: dict
    instrument: str
    instrument_label: dict
    provision: str
    provision_label: dict
    jurisdiction: str
    deadline: str
    applies_from: str
    thresholds: list[str]
    citation: dict = field(default_factory=dict)


@dataclass
class Assessment:
    profile: Profile
    crossed: list[Crossed]
    duties: list[Duty]
    # triggered, in force, but their provision applies only after the date (the AI Act's Chapter V before 2025-08-02)
    later: list[Duty] = field(default_factory=list)


def _text(g: Graph, node, lang: str) -> str | None:
    want = "zh" if lang == "zh" else "en"
    for v in sorted(g.objects(node, RDFS.label), key=str):
        if isinstance(v, Literal) and (v.language or "").lower().startswith(want):
            return str(v)
    return None


def labels(g: Graph, node) -> dict:
    """{"en": ..., "zh": ...}, each falling back on the other and on the local name."""
    name = str(node).rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    en, zh = _text(g, node, "en"), _text(g, node, "zh")
    return {"en": en or zh or name, "zh": zh or en or name}


def _date(value) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


class Assessor:
    """Evaluates a :class:`Profile` against one loaded graph."""

    def __init__(self, graph: Graph):
        self.g = graph
        self.supers: dict = {}
        for sub, sup in graph.subject_objects(RDFS.subClassOf):
            self.supers.setdefault(sub, set()).add(sup)

    # -- the condition tree --------------------------------------------------------------
    def is_a(self, node, cls) -> bool:
        todo, seen = list(self.g.objects(node, RDF.type)), set()
        while todo:
            t = todo.pop()
            if t == cls:
                return True
            if t not in seen:
                seen.add(t)
                todo += list(self.supers.get(t, ()))
        return False

    def threshold_holds(self, thr, profile: Profile) -> bool:
        quantity = self.g.value(thr, ODRL.leftOperand)
        unit = self.g.value(thr, ODRL.unit)
        op = self.g.value(thr, ODRL.operator)
        right = self.g.value(thr, ODRL.rightOperand)
        if quantity is None or op not in OPERATORS or right is None:
            raise InputError(f"threshold {short(thr)} lacks a quantity, a known operator or a value")
        q_kind, u_kind = self.g.value(quantity, AIREG.quantityKind), self.g.value(unit, AIREG.quantityKind)
        if q_kind is not None and u_kind is not None and q_kind != u_kind:
            raise InputError(f"threshold {short(thr)}: its unit {short(unit)} does not measure {short(quantity)}")
        given = profile.value(quantity)
        if given is None:
            return False
        if unit not in UNITS.get(quantity, set()):
            raise InputError(f"threshold {short(thr)} is in {short(unit)}, which aireg assess cannot convert "
                             f"the {short(quantity)} you gave into")
        return OPERATORS[op](float(given), float(right.toPython()))

    def qualitative_holds(self, cond, profile: Profile) -> bool:
        if str(cond) in profile.holds:
            return True
        label = (_text(self.g, cond, "en") or "").lower()
        if any(DATA_KINDS[d] in label for d in profile.data):
            return True
        return profile.colocated and "co-located" in label

    def holds(self, cond, profile: Profile, crossed: set, seen: frozenset = frozenset()) -> bool:
        """Whether the condition tree under ``cond`` holds.

        The thresholds that make it hold go to ``crossed``: those of every member of a
        group of all (when it holds) and of the members that hold in a group of any;
        a threshold crossed inside a branch that fails is not a reason.
        """
        if cond in seen:
            raise InputError(f"condition {short(cond)} contains itself")
        if self.is_a(cond, AIREG.Threshold):
            ok = self.threshold_holds(cond, profile)
            if ok:
                crossed.add(cond)
            return ok
        if self.is_a(cond, AIREG.ConditionGroup):
            how = self.g.value(cond, AIREG.combination)
            if how not in (AIREG.AllOf, AIREG.AnyOf):
                raise InputError(f"condition group {short(cond)} has no aireg:AllOf or aireg:AnyOf combination")
            results = []
            for member in sorted(self.g.objects(cond, AIREG.member), key=str):
                mine: set = set()
                results.append((self.holds(member, profile, mine, seen | {cond}), mine))
            ok = bool(results) and all(r for r, _ in results) if how == AIREG.AllOf else any(r for r, _ in results)
            if ok:
                for r, mine in results:
                    if r:
                        crossed |= mine
            return ok
        return self.qualitative_holds(cond, profile)

    # -- where a norm comes from ----------------------------------------------------------
    def document_of(self, node):
        """The instrument or version a provision or norm belongs to (following imposedBy, is_part_of)."""
        seen, cur = set(), node
        while cur is not None and cur not in seen:
            seen.add(cur)
            if self.is_a(cur, AIREG.Instrument) or self.is_a(cur, AIREG.InstrumentVersion):
                return cur
            nxt = self.g.value(cur, AIREG.imposedBy) or self.g.value(cur, ELI.is_part_of) \
                or self.g.value(cur, AIREG.inProvision)
            cur = nxt
        return None

    def condition_owners(self) -> dict:
        """Condition -> the document of a norm whose trigger tree holds it (for conditions in no provision)."""
        owners: dict = {}
        for t in NORM_TYPES:
            for norm in sorted(self.g.subjects(RDF.type, t), key=str):
                doc = self.document_of(norm)
                todo = list(self.g.objects(norm, AIREG.hasTrigger))
                while todo and doc is not None:
                    cond = todo.pop()
                    if cond not in owners:
                        owners[cond] = doc
                        todo += list(self.g.objects(cond, AIREG.member))
        return owners

    def unit_text(self, unit) -> dict:
        """How a unit is written in each language, as the threshold queries write it.

        A plain aireg:symbol (FLOP) in both; a symbol tagged with a language
        ("operations"@en) in that language, the unit's rdfs:label in the other.
        """
        symbols = [v for v in self.g.objects(unit, AIREG.symbol) if isinstance(v, Literal)]
        plain = next((str(v) for v in sorted(symbols, key=str) if not v.language), "")
        if plain:
            return {"en": plain, "zh": plain}
        words, names = self.literal(unit, AIREG.symbol), self.literal(unit, RDFS.label)
        out = {}
        for lang in ("en", "zh"):
            tagged = [v for v in symbols if (v.language or "").lower().startswith(lang)]
            out[lang] = str(tagged[0]) if tagged else (names[lang] or words[lang] or short(unit))
        return out

    def literal(self, node, pred) -> dict:
        values = [v for v in self.g.objects(node, pred) if isinstance(v, Literal)]
        en = next((str(v) for v in sorted(values, key=str) if (v.language or "").startswith("en")), "")
        zh = next((str(v) for v in sorted(values, key=str) if (v.language or "").lower().startswith("zh")), "")
        return {"en": en or zh, "zh": zh or en}

    def top(self, doc):
        return self.g.value(doc, AIREG.versionOf) or doc

    def jurisdiction(self, doc) -> str:
        for node in (doc, self.top(doc)):
            j = self.g.value(node, AIREG.jurisdiction)
            if j is not None:
                return str(j).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        return ""

    def in_force(self, doc, day: dt.date) -> bool:
        if self.is_a(doc, AIREG.DraftVersion) or self.g.value(doc, AIREG.status) in NOT_BINDING:
            return False
        for node in (doc, self.top(doc)) if doc != self.top(doc) else (doc,):
            entry = _date(self.g.value(node, ELI.first_date_entry_in_force))
            if entry is None and self.g.value(node, AIREG.status) in PENDING:
                # adopted or signed with no recorded entry into force: not law yet (as in-force-on)
                return False
            start = entry or _date(self.g.value(node, ELI.date_document))
            end = _date(self.g.value(node, ELI.date_no_longer_in_force))
            if start is not None:
                return start <= day and (end is None or day < end)
        return False

    def applies_from(self, provision) -> dt.date | None:
        """The date the provision's group applies from (the current rule), or None if no group dates it."""
        dates = []
        for group in self.g.subjects(AIREG.includesProvision, provision):
            for app in self.g.subjects(AIREG.applicationOf, group):
                if self.g.value(app, AIREG.supersededBy) is not None:
                    continue
                day = _date(self.g.value(app, AIREG.appliesFrom))
                if day is not None:
                    dates.append(day)
        return min(dates) if dates else None

    def market_covers(self, jurisdiction: str, markets: set[str]) -> bool:
        if not markets:
            return True
        return any(m == jurisdiction or m.startswith(jurisdiction + "-") for m in markets)

    # -- the assessment -------------------------------------------------------------------
    def assess(self, profile: Profile) -> Assessment:
        unknown = [h for h in profile.holds if (URIRef(h), None, None) not in self.g]
        if unknown:
            raise InputError(f"--holds {short(unknown[0])}: no such condition in the graph")
        crossed_nodes: set = set()
        for thr in sorted(self.g.subjects(RDF.type, AIREG.Threshold), key=str):
            if self.threshold_holds(thr, profile):
                crossed_nodes.add(thr)
        owners = self.condition_owners()
        crossed = []
        for thr in sorted(crossed_nodes, key=str):
            doc = self.document_of(thr) or owners.get(thr)
            juris = self.jurisdiction(doc) if doc is not None else ""
            if doc is None or not self.market_covers(juris, profile.markets):
                continue
            unit = self.g.value(thr, ODRL.unit)
            crossed.append(Crossed(
                threshold=str(thr), label=labels(self.g, thr), applies_to=self.literal(thr, AIREG.appliesTo),
                quantity=labels(self.g, self.g.value(thr, ODRL.leftOperand)),
                operator=str(self.g.value(thr, ODRL.operator)).rsplit("/", 1)[-1],
                value=float(self.g.value(thr, ODRL.rightOperand).toPython()),
                unit=self.unit_text(unit),
                given=float(profile.value(self.g.value(thr, ODRL.leftOperand))),
                document=str(doc), document_label=labels(self.g, doc), jurisdiction=juris,
                in_force=self.in_force(doc, profile.date)))
        duties, later = [], []
        norms = {n for t in NORM_TYPES for n in self.g.subjects(RDF.type, t)}
        for norm in sorted(norms, key=str):
            trigger = self.g.value(norm, AIREG.hasTrigger)
            if trigger is None:
                continue
            on_the_way: set = set()
            if not self.holds(trigger, profile, on_the_way):
                continue
            duty = self.duty(norm, profile, on_the_way)
            if duty is not None:
                (later if duty.applies_from and duty.applies_from > profile.date.isoformat() else duties).append(duty)
        order = lambda d: (d.jurisdiction, d.instrument, d.provision, d.norm)  # noqa: E731
        return Assessment(profile, crossed, sorted(duties, key=order), sorted(later, key=order))

    def duty(self, norm, profile: Profile, crossed: set) -> Duty | None:
        provision = self.g.value(norm, AIREG.imposedBy)
        doc = self.document_of(norm)
        if doc is None:
            return None
        juris = self.jurisdiction(doc)
        if not self.market_covers(juris, profile.markets) or not self.in_force(doc, profile.date):
            return None
        start = self.applies_from(provision) if provision is not None else None
        addressee = self.g.value(norm, AIREG.addressee)
        days = self.g.value(norm, AIREG.deadlineDays)
        kind = next((t for t in NORM_TYPES if (norm, RDF.type, t) in self.g), AIREG.Obligation)
        return Duty(
            norm=str(norm), kind=str(kind).rsplit("#", 1)[-1], label=labels(self.g, norm),
            addressee=labels(self.g, addressee) if addressee is not None else {"en": "", "zh": ""},
            instrument=str(doc), instrument_label=labels(self.g, doc),
            provision=str(self.g.value(provision, ELI.number) or "") if provision is not None and provision != doc else "",
            provision_label=labels(self.g, provision) if provision is not None else {"en": "", "zh": ""},
            jurisdiction=juris, deadline=f"{days}" if days is not None else "",
            applies_from=start.isoformat() if start else "",
            thresholds=sorted(str(t) for t in crossed))


def short(iri) -> str:
    text = str(iri)
    if text.startswith(str(ID)):
        return "id:" + text[len(str(ID)):]
    if text.startswith(str(AIREG)):
        return "aireg:" + text[len(str(AIREG)):]
    return text


def assess(graph: Graph, profile: Profile) -> Assessment:
    return Assessor(graph).assess(profile)


def with_citations(result: Assessment, runner) -> Assessment:
    """Each duty's first source, as ``{"en", "zh", "url"}`` (see :mod:`aireg.cite`)."""
    from aireg.cite import sources_of, where

    for duty in result.duties + result.later:
        sources = sources_of(runner, [duty.norm])
        if sources:
            src = sources[0]
            duty.citation = {
                "en": ", ".join(p for p in (src.title("en"), where(src, "en")) if p),
                "zh": "，".join(p for p in (src.title("zh"), where(src, "zh")) if p),
                "url": src.url,
            }
    return result


def parse_markets(values: Iterable[str]) -> set[str]:
    out = set()
    for v in values:
        for part in v.split(","):
            code = part.strip().upper()
            if code:
                out.add(code)
    return out


__all__ = ["Assessment", "Assessor", "Crossed", "DATA_KINDS", "Duty", "Profile", "assess", "parse_markets",
           "with_citations"]
