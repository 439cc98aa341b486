"""Synthetic instrument graphs that follow the aireg ontology and keep its SHACL contract.

    python bench/generate.py --triples 100000 --seed 1 -o bench-out/synthetic-100k.ttl

Each "instrument unit" is an executive order with its adopted version, a few
provisions, one obligation per provision (addressee, implementing agency,
deadline in days and as a duration, a trigger threshold typed xsd:double with
a unit of the right quantity kind), a definition with English and Traditional
Chinese texts and its term, and a citation (source, page, quoted passage) on
every fact-bearing node. Units are repeated until the wanted size is reached;
the same seed gives the same bytes. Load it together with ontology/aireg.ttl
(it uses the ontology's classes, statuses, units and quantities).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

HEADER = """@prefix aireg: <https://w3id.org/aireg/ont#> .
@prefix id:    <https://w3id.org/aireg/id/> .
@prefix syn:   <https://w3id.org/aireg/id/syn/> .
@prefix eli:   <http://data.europa.eu/eli/ontology#> .
@prefix odrl:  <http://www.w3.org/ns/odrl/2/> .
@prefix oa:    <http://www.w3.org/ns/oa#> .
@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:   <http://www.w3.org/2001/XMLSchema#> .
@prefix loc:   <https://w3id.org/dpv/loc#> .

syn:src-register a aireg:SourceDocument ; rdfs:label "Synthetic register"@en , "合成登錄冊"@zh-Hant .
syn:stage-adopted a aireg:LegislativeStage ; rdfs:label "adopted"@en , "通過"@zh-Hant .
"""

# (quantity, unit) pairs of the same kind, so the unit/quantity check holds
MEASURES = [
    ("aireg:TrainingCompute", "aireg:Operation"),
    ("aireg:ClusterComputingCapacity", "aireg:OperationPerSecond"),
    ("aireg:ClusterNetworking", "aireg:GigabitPerSecond"),
]
JURISDICTIONS = ["loc:US", "loc:EU", "loc:GB", "loc:JP", "loc:TW"]
OPERATORS = ["odrl:gt", "odrl:gteq", "odrl:lt", "odrl:lteq", "odrl:eq"]
ROLES = 20
AGENCIES = 40
PROVISIONS = 4


def _cite(rng: random.Random, n: int) -> str:
    page = rng.randint(1, 400)
    return (f"aireg:citation [ a aireg:Citation ; oa:hasSource syn:src-register ; aireg:page {page} ;\n"
            f"        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact \"passage {n} on page {page}\" ] ]")


def _labels(en: str, zh: str) -> str:
    return f'rdfs:label "{en}"@en , "{zh}"@zh-Hant'


def fixed_part() -> str:
    out = [HEADER]
    for r in range(ROLES):
        out.append(f"syn:role-{r} a aireg:Role ; {_labels(f'role {r}', f'角色 {r}')} ;\n"
                   f"    aireg:citation [ a aireg:Citation ; oa:hasSource syn:src-register ; aireg:page 1 ] .\n")
    for a in range(AGENCIES):
        out.append(f"syn:agency-{a} a aireg:Agency ; {_labels(f'agency {a}', f'機關 {a}')} ;\n"
                   f"    aireg:citation [ a aireg:Citation ; oa:hasSource syn:src-register ; aireg:page 1 ] .\n")
    return "\n".join(out)


def unit(i: int, rng: random.Random) -> str:
    """One instrument with its version, provisions, norms, thresholds and a definition (~230 triples)."""
    year = 1990 + rng.randint(0, 34)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    date = f"{year}-{month:02d}-{day:02d}"
    jur = rng.choice(JURISDICTIONS)
    ins = f"syn:eo-{i}"
    out = [f"""{ins} a aireg:ExecutiveOrder ; {_labels(f'Executive order {i}', f'第 {i} 號行政命令')} ;
    aireg:identifier "E.O. S{i}" ; aireg:title "Synthetic executive order number {i}" ;
    eli:date_document "{date}"^^xsd:date ; aireg:jurisdiction {jur} ;
    aireg:status aireg:InForce ; aireg:statusAsOf "2025-01-01"^^xsd:date ;
    {_cite(rng, i)} .

{ins}-v1 a aireg:AdoptedVersion ; {_labels(f'Executive order {i} as signed', f'第 {i} 號行政命令簽署版')} ;
    aireg:versionOf {ins} ; aireg:identifier "E.O. S{i} (signed)" ; eli:version_date "{date}"^^xsd:date ;
    aireg:stage syn:stage-adopted ; aireg:jurisdiction {jur} ;
    {_cite(rng, i)} .

syn:term-{i} a aireg:Term ; {_labels(f'term {i}', f'用語 {i}')} .

syn:def-{i} a aireg:Definition ; {_labels(f'definition of term {i}', f'用語 {i} 的定義')} ;
    aireg:definesTerm syn:term-{i} ; aireg:definedIn {ins} ;
    aireg:definitionText "Term {i} means a synthetic thing."@en , "用語 {i} 指合成之物。"@zh-Hant ;
    aireg:sourceLanguage "en" ; aireg:explicitDefinition true ;
    {_cite(rng, i)} .
"""]
    for p in range(PROVISIONS):
        prov = f"{ins}-sec-{p}"
        quantity, unit_ = rng.choice(MEASURES)
        days = rng.choice([30, 60, 90, 180, 270, 365])
        value = f"{rng.randint(1, 9)}.0E{rng.randint(10, 26)}"
        out.append(f"""{prov} a aireg:Provision ; {_labels(f'Sec. {p + 1} of order {i}', f'第 {i} 號命令第 {p + 1} 條')} ;
    eli:number "Sec. {p + 1}" ; eli:is_part_of {ins} ;
    {_cite(rng, i)} .

{prov}-thr a aireg:Threshold ; {_labels(f'threshold of Sec. {p + 1}, order {i}', f'第 {i} 號命令第 {p + 1} 條門檻')} ;
    odrl:leftOperand {quantity} ; odrl:operator {rng.choice(OPERATORS)} ;
    odrl:rightOperand "{value}"^^xsd:double ; odrl:unit {unit_} ;
    {_cite(rng, i)} .

{prov}-obl a aireg:Obligation ; {_labels(f'duty under Sec. {p + 1}, order {i}', f'第 {i} 號命令第 {p + 1} 條義務')} ;
    aireg:addressee syn:role-{rng.randrange(ROLES)} ; aireg:imposedBy {prov} ;
    aireg:implementedBy syn:agency-{rng.randrange(AGENCIES)} ;
    aireg:deadlineDays {days} ; aireg:deadline "P{days}D"^^xsd:duration ;
    aireg:hasTrigger {prov}-thr ;
    {_cite(rng, i)} .
""")
    return "\n".join(out)


UNIT_TRIPLES = 218  # triples per unit
FIXED_TRIPLES = 426


def generate(triples: int, seed: int = 1) -> str:
    """Turtle text of about ``triples`` triples (deterministic for a seed)."""
    rng = random.Random(seed)
    units = max(1, (triples - FIXED_TRIPLES) // UNIT_TRIPLES)
    parts = [fixed_part()]
    parts += [unit(i, rng) for i in range(units)]
    return "\n".join(parts)


def parse_size(text: str) -> int:
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", default="10k", help="about how many triples (10k, 100k, 1m, ...)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--out", required=True, help="Turtle file to write")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(generate(parse_size(args.triples), args.seed), encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
