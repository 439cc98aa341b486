"""The time queries (issue 10): what applied, implementation, changes, succession, series,
thresholds everywhere, obligations by role, status history; and the data-as-of date printed by
every table that says "in force" or "status". Each answers its question on the real data; the
cross-engine comparison (rdflib, Oxigraph, a server) runs for every library query in
test_queries.py."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib.namespace import RDF

from aireg.library import find_query
from aireg.namespaces import AIREG, ID
from test_queries import answers, ask, column, local, rows, texts

AS_OF = date(2026, 12, 1)


@pytest.fixture(scope="module")
def ox(graph):
    return graph


def data_as_of(graph) -> date:
    return graph.value(ID["aireg-dataset"], AIREG.dataAsOf).toPython()


def test_the_dataset_is_dated():
    from aireg import load_graph
    assert data_as_of(load_graph()) == AS_OF


@pytest.mark.parametrize("name", ["in-force-on", "timeline", "versions-of-instrument", "implementation-tracker",
                                  "succession", "all-thresholds", "status-history", "changelog"])
def test_status_and_in_force_tables_print_the_data_as_of_date(ox, name):
    result = ask(ox, name)
    assert len(result) > 0
    assert {d.toPython() for d in column(result, "dataAsOf")} == {data_as_of(ox)}


def test_date_defaults_are_the_data_as_of_date(ox):
    """A date parameter documented as defaulting to the data-as-of date has exactly that default."""
    as_of = data_as_of(ox).isoformat()
    checked = 0
    for name in ("changelog", "applies-on"):
        try:
            q = find_query(name)
        except Exception:  # applies-on lands with the application data
            continue
        for p in q.params:
            if "data-as-of" in p.description:
                assert p.default == as_of, (name, p.name, p.default)
                checked += 1
    assert checked >= 1


@answers("implementation-tracker")
def test_implementation_tracker_follows_eo_14110_duties_to_their_measures(ox):
    r = rows(ask(ox, "implementation-tracker"))
    by_duty = {}
    for d in r:
        by_duty.setdefault(local(d["target"]), set()).add(None if d["m"] is None else local(d["m"]))
    # Sec. 4.2(a): the reporting-rules duty -> BIS's proposed rule of 2024, still proposed
    assert by_duty["eo-14110-obl-commerce-reporting-rules"] == {"bis-ai-reporting-nprm-2024"}
    bis = [d for d in r if d["m"] is not None and local(d["m"]) == "bis-ai-reporting-nprm-2024"][0]
    assert (str(bis["status"]), str(bis["kind"]), bis["issued"].toPython()) == ("proposed", "agency rule", date(2024, 9, 11))
    assert str(bis["provision"]) == "Sec. 4.2(a)"
    # Sec. 4.2(c): the IaaS-rules duty -> the proposed rule of January 2024
    assert by_duty["eo-14110-obl-commerce-iaas-rules"] == {"bis-iaas-nprm-2024"}
    # the order as a whole -> OMB's draft guidance, superseded and replaced by M-24-10
    whole = {local(d["m"]): d for d in r if local(d["target"]) == "eo-14110"}
    assert str(whole["omb-ai-guidance-2023"]["status"]) == "superseded"
    assert str(whole["omb-ai-guidance-2023"]["replacedBy"]) == "OMB M-24-10"
    # M-24-10 was in turn rescinded and replaced by M-25-21 (3 April 2025)
    assert (str(whole["omb-m-24-10"]["status"]), str(whole["omb-m-24-10"]["replacedBy"])) == ("rescinded", "OMB M-25-21")
    assert whole["omb-m-24-10"]["statusAsOf"].toPython() == date(2025, 4, 3)
    # duties with no measure in the graph are listed with an empty measure, not dropped
    assert by_duty["eo-14110-perm-update-thresholds"] == {None}
    # the proposed rules would also carry out the reporting duties themselves
    assert by_duty["eo-14110-obl-model-developer-reporting"] == {"bis-ai-reporting-nprm-2024"}
    assert by_duty["eo-14110-obl-iaas-foreign-transactions"] == {"bis-iaas-nprm-2024"}
    zh = {local(d["m"]): d for d in rows(ask(ox, "implementation-tracker", "zh")) if d["m"] is not None}
    assert (str(zh["bis-ai-reporting-nprm-2024"]["kind"]), str(zh["bis-ai-reporting-nprm-2024"]["status"])) == (
        "行政機關規則", "已提案")


def test_implementation_tracker_reaches_provisions_a_measure_carries_out(ox):
    r = rows(ask(ox, "implementation-tracker", instrument="id:eu-ai-act-2024-1689"))
    art5 = [d for d in r if local(d["target"]) == "eu-ai-act-2024-1689-art-5"]
    assert [(str(d["provision"]), local(d["m"]), str(d["kind"])) for d in art5] == [
        ("Art. 5", "eu-guidelines-prohibited-practices-2025", "guidance")]
    # the Regulation's own duties are listed too, with or without a measure
    assert {str(d["provision"]) for d in r} >= {"Art. 50(1)", "Art. 53(1)", "Art. 55(1)"}


@answers("changelog")
def test_changelog_between_two_dates(ox):
    r = rows(ask(ox, "changelog", **{"from": "2025-01-01", "to": "2025-01-31"}))
    made = {(d["day"].toPython(), local(d["node"])) for d in r if str(d["change"]) == "made"}
    assert {(date(2025, 1, 20), "eo-14148"), (date(2025, 1, 23), "eo-14179")} <= made
    days = [d["day"].toPython() for d in r]
    assert days == sorted(days) and all(date(2025, 1, 1) <= x <= date(2025, 1, 31) for x in days)
    one_day = rows(ask(ox, "changelog", **{"from": "2024-03-28", "to": "2024-03-28"}))
    changes = {(str(d["change"]), local(d["node"]), None if d["detail"] is None else str(d["detail"])) for d in one_day}
    assert ("made", "omb-m-24-10", "OMB M-24-10") in changes
    assert ("status", "omb-ai-guidance-2023", "superseded") in changes
    superseded = [d for d in one_day if str(d["change"]) == "status" and local(d["node"]) == "omb-ai-guidance-2023"][0]
    assert "M-24-10" in str(superseded["cause"])


@answers("succession")
def test_succession_of_eo_14110(ox):
    r = rows(ask(ox, "succession"))
    later = {(str(d["relation"]), local(d["node"]), d["steps"].toPython()) for d in r if str(d["direction"]) == "later"}
    assert ("revokes", "eo-14148", 1) in later
    assert ("directs a review of", "eo-14179", 1) in later
    eo = [d for d in r if local(d["node"]) == "eo-14148"][0]
    assert eo["date"].toPython() == date(2025, 1, 20) and str(eo["identifier"]) == "E.O. 14148"
    omb = rows(ask(ox, "succession", instrument="id:omb-ai-guidance-2023", lang="zh"))
    assert [(str(d["direction"]), d["steps"].toPython(), str(d["relation"]), local(d["node"])) for d in omb] == [
        ("later", 1, "取代", "omb-m-24-10"), ("later", 2, "取代", "omb-m-25-21")]
    assert local(omb[1]["via"]) == "omb-m-24-10"
    back = rows(ask(ox, "succession", instrument="id:omb-m-24-10"))
    assert ("earlier", "replaces", "omb-ai-guidance-2023") in {
        (str(d["direction"]), str(d["relation"]), local(d["node"])) for d in back}


@answers("all-thresholds")
def test_thresholds_across_federal_state_and_eu_instruments(ox):
    r = rows(ask(ox, "all-thresholds"))
    got = {(local(d["threshold"]), str(d["jurisdiction"]), d["value"].toPython(), str(d["unit"])) for d in r}
    assert ("ca-sb53-thr-frontier-1e26", "California", 1e26, "operations") in got
    assert ("ca-sb53-thr-revenue-500m", "California", 5e8, "USD") in got
    assert ("eo-14110-thr-training-1e26", "United States of America", 1e26, "operations") in got
    assert ("eo-14110-thr-bio-1e23", "United States of America", 1e23, "operations") in got  # two groups deep
    assert ("eu-2024-thr-gpai-systemic-risk", "European Union", 1e25, "FLOP") in got
    # every threshold of the graph is found, each once per text
    all_thresholds = set(ox.subjects(RDF.type, AIREG.Threshold))
    assert {local(t) for t in all_thresholds} == {local(d["threshold"]) for d in r}
    assert len(r) == len({(local(d["threshold"]), str(d["document"])) for d in r})
    sb53 = [d for d in r if local(d["threshold"]) == "ca-sb53-thr-frontier-1e26"][0]
    assert (str(sb53["kind"]), str(sb53["status"])) == ("statute", "in force")
    eo = [d for d in r if local(d["threshold"]) == "eo-14110-thr-training-1e26"][0]
    assert str(eo["status"]) == "revoked"
    zh = {local(d["threshold"]): d for d in rows(ask(ox, "all-thresholds", "zh"))}
    assert str(zh["eo-14110-thr-training-1e26"]["jurisdiction"]) == "美國"
    assert str(zh["ca-sb53-thr-frontier-1e26"]["status"]) == "生效中"


@answers("status-history")
def test_status_history_of_a_node(ox):
    r = rows(ask(ox, "status-history", node="id:omb-ai-guidance-2023"))
    assert [(d["date"].toPython(), str(d["entry"]), str(d["status"])) for d in r] == [
        (date(2023, 11, 1), "change", "draft"),
        (date(2024, 3, 28), "change", "superseded"),
        (date(2024, 3, 28), "current status", "superseded"),
    ]
    assert "M-24-10" in str(r[1]["causedBy"])
    zh = rows(ask(ox, "status-history", node="id:omb-ai-guidance-2023", lang="zh"))
    assert [str(d["entry"]) for d in zh] == ["變更", "變更", "目前狀態"]
    # the default node always has at least its current status
    assert "current status" in texts(ask(ox, "status-history"), "entry")


@answers("applies-on")
def test_what_applied_on_a_date_is_not_what_was_in_force(ox):
    def applied(**params):
        """The EU AI Act's application rules that apply (other jurisdictions may add their own)."""
        return {local(d["application"]).rsplit("-application-", 1)[-1]: d
                for d in rows(ask(ox, "applies-on", **params))
                if d["application"] is not None and local(d["application"]).startswith("eu-ai-act-2024-1689-")}

    def whole(**params):
        return {local(d["target"]) for d in rows(ask(ox, "applies-on", **params)) if d["application"] is None}

    # the Regulation is in force since 2024-08-01, but on 2024-12-01 none of its rules applied yet
    assert applied(date="2024-12-01") == {}
    assert set(applied(date="2025-02-02")) == {"prohibitions"}
    assert set(applied(date="2025-08-02")) == {"prohibitions", "gpai-governance-penalties"}
    # the data-as-of date (the default), the law as Regulation (EU) 2026/1744 left it (in force
    # 2026-07-27): the general date of 2026-08-02 has passed under the restated rule, Articles
    # 102-110 apply since 2026-07-27, the new Art. 5 points only from 2026-12-02
    now = applied()
    assert set(now) == {"prohibitions", "gpai-governance-penalties", "general-2026", "arts-102-110"}
    assert now["general-2026"]["appliesFrom"].toPython() == date(2026, 8, 2)
    assert str(now["general-2026"]["changedBy"]) == "Regulation (EU) 2026/1744"
    assert str(now["general-2026"]["setBy"]) == "Art. 113" and str(now["general-2026"]["jurisdiction"]) == "European Union"
    assert str(now["prohibitions"]["locator"]) == "Chapters I and II"
    assert str(now["prohibitions"]["basis"]) == "application rule"
    assert "art-5-ba-bb" in applied(date="2026-12-02")
    # Article 6(1): 2 August 2027 as the law stood before the amendment, 2 August 2028 after it
    assert set(applied(date="2027-08-02", law="2026-07-26")) == {
        "prohibitions", "gpai-governance-penalties", "general", "art-6-1"}
    assert set(applied(date="2027-08-02")) == {
        "prohibitions", "gpai-governance-penalties", "general-2026", "arts-102-110", "art-5-ba-bb"}
    assert {"chapter-iii-annex-iii", "chapter-iii-annex-i"} <= set(applied(date="2028-08-02"))
    assert "chapter-iii-annex-i" not in applied(date="2028-08-01")
    # read as the law stood before the Regulation existed, no rule applies
    assert applied(date="2027-08-02", law="2024-07-31") == {}
    # texts with no application rule apply as a whole while in force: EO 14110 until its revocation,
    # California SB 53 from its entry into force on 2026-01-01; the AI Act never as a whole
    assert "eo-14110" in whole(date="2025-01-19") and "eo-14110" not in whole(date="2025-01-20")
    assert "ca-sb-53" not in whole(date="2025-12-31") and "ca-sb-53" in whole()
    assert not {"eu-ai-act", "eu-ai-act-2024-1689"} & whole()
    # the amending act has no application rule of its own: it applies as a whole from its entry into force
    assert "eu-digital-omnibus-ai" not in whole(date="2026-07-26") and "eu-digital-omnibus-ai" in whole()
    sb53 = [d for d in rows(ask(ox, "applies-on")) if local(d["target"]) == "ca-sb-53"][0]
    assert (str(sb53["jurisdiction"]), sb53["appliesFrom"].toPython()) == ("California", date(2026, 1, 1))
    assert str(sb53["basis"]) == "entry into force (no application rule)"
    zh = [d for d in rows(ask(ox, "applies-on", "zh", date="2025-02-02"))
          if d["application"] is not None and local(d["application"]).startswith("eu-ai-act-2024-1689-")]
    assert [str(d["jurisdiction"]) for d in zh] == ["歐盟"] and str(zh[0]["basis"]) == "適用規定"


@answers("application-timeline")
def test_ai_act_application_timeline(ox):
    r = {local(d["application"]).rsplit("-application-", 1)[1]: d for d in rows(ask(ox, "application-timeline"))}
    dates = {k: d["appliesFrom"].toPython() for k, d in r.items()}
    assert dates == {
        "prohibitions": date(2025, 2, 2), "gpai-governance-penalties": date(2025, 8, 2),
        "general": date(2026, 8, 2), "art-6-1": date(2027, 8, 2),
        # Regulation (EU) 2026/1744, Art. 1(40)
        "general-2026": date(2026, 8, 2), "arts-102-110": date(2026, 7, 27), "art-5-ba-bb": date(2026, 12, 2),
        "chapter-iii-annex-iii": date(2027, 12, 2), "chapter-iii-annex-i": date(2028, 8, 2)}
    superseded = {k for k, d in r.items() if str(d["rule"]) == "superseded"}
    assert superseded == {"general", "art-6-1"}
    assert (r["art-6-1"]["newDate"].toPython(), r["art-6-1"]["validUntil"].toPython()) == (date(2028, 8, 2), date(2026, 7, 26))
    assert {str(d["changedBy"]) for k, d in r.items() if d["validFrom"].toPython() == date(2026, 7, 27)} == {
        "Regulation (EU) 2026/1744"}
    # the Digital Omnibus is law now: no proposal is pending against the Regulation
    assert {d["pendingProposal"] for d in r.values()} == {None}
    zh = rows(ask(ox, "application-timeline", "zh"))
    assert {str(d["rule"]) for d in zh} == {"現行", "已被取代"}


def test_application_timeline_shows_a_superseded_date(tmp_path):
    """An amendment that moves a date: the earlier rule is kept, marked superseded, with the new date.

    A made-up move of a rule no real amendment touched (the real moves of 2026 are checked above).
    """
    from aireg import load_graph, paths
    extra = tmp_path / "amended.ttl"
    extra.write_text("""
@prefix aireg: <https://w3id.org/aireg/ont#> .
@prefix id: <https://w3id.org/aireg/id/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
id:eu-ai-act-2024-1689-application-gpai-governance-penalties aireg:validUntil "2026-12-31"^^xsd:date ;
    aireg:supersededBy id:test-application-gpai-moved .
id:test-application-gpai-moved a aireg:Application ;
    aireg:applicationOf id:eu-ai-act-2024-1689-group-gpai-governance-penalties ;
    aireg:appliesFrom "2028-08-02"^^xsd:date ;
    aireg:validFrom "2027-01-01"^^xsd:date ;
    aireg:changedBy id:eu-digital-omnibus-ai .
""", encoding="utf-8")
    g = load_graph([paths.ontology_file(), *sorted(paths.data_dir().glob("*.ttl")), extra])
    r = {local(d["application"]): d for d in rows(ask(g, "application-timeline"))}
    old, new = r["eu-ai-act-2024-1689-application-gpai-governance-penalties"], r["test-application-gpai-moved"]
    assert (str(old["rule"]), old["newDate"].toPython()) == ("superseded", date(2028, 8, 2))
    assert (str(new["rule"]), str(new["changedBy"])) == ("current", "2025/0359(COD)")
    # what applied on 2027-09-01 depends on when the law is read
    before = {local(d["application"]) for d in rows(ask(g, "applies-on", date="2027-09-01", law="2026-06-01"))}
    after = {local(d["application"]) for d in rows(ask(g, "applies-on", date="2027-09-01", law="2027-06-01"))}
    assert "eu-ai-act-2024-1689-application-gpai-governance-penalties" in before
    assert "eu-ai-act-2024-1689-application-gpai-governance-penalties" not in after and "test-application-gpai-moved" not in after


@answers("obligations-by-role")
def test_obligations_of_the_adopted_regulation_by_role(ox):
    r = rows(ask(ox, "obligations-by-role"))
    by_role = {}
    for d in r:
        by_role.setdefault(local(d["addressee"]), []).append(d)
    gpai = by_role["role-gpai-model-provider"]
    assert {str(d["provision"]) for d in gpai} == {"Art. 53(1)"}
    assert {d["appliesFrom"].toPython() for d in gpai} == {date(2025, 8, 2)}
    assert {str(d["implementedBy"]) for d in gpai} == {"AI Office"}
    assert len(by_role["role-gpai-systemic-risk-model-provider"]) == 4
    art50 = [d for d in r if str(d["provision"]).startswith("Art. 50")]
    assert art50 and {d["appliesFrom"].toPython() for d in art50} == {date(2026, 8, 2)}
    roles = [str(d["role"]) for d in r]
    assert roles == sorted(roles)
    # only the Regulation's own norms: nothing from the drafts or from EO 14110
    assert not [d for d in r if local(d["n"]).startswith(("eo-", "eu-obl-"))]


# --------------------------------------------------------------------------
# Where the newsletter is wrong, every table that shows the figure shows the correction beside it


def test_every_correction_of_a_shown_figure_appears_beside_it(ox):
    from rdflib.namespace import Namespace
    ELI = Namespace("http://data.europa.eu/eli/ontology#")
    shown_by = {AIREG.maxFineAmount: ("penalties", "p", "correctMaxFine"),
                AIREG.maxTurnoverPercent: ("penalties", "p", "correctTurnoverPercent")}
    corrections = list(ox.subjects(RDF.type, AIREG.Correction))
    assert len(corrections) >= 4
    checked = 0
    for c in corrections:
        prop = ox.value(c, AIREG.correctedProperty)
        node, correct = ox.value(c, AIREG.correctionOf), ox.value(c, AIREG.correctValue)
        if prop in shown_by:
            name, key, column_name = shown_by[prop]
            hits = [d for d in rows(ask(ox, name)) if d[key] == node]
            assert hits and all(d[column_name] is not None and d[column_name].toPython() == correct.toPython()
                                for d in hits), (name, node)
            checked += 1
        elif prop == ELI.number:
            for name in ("obligations-by-addressee", "diff-norms"):
                r = rows(ask(ox, name, **({"from": "id:eu-ai-act-council-2022", "to": "id:eu-ai-act-ep-2023"}
                                          if name == "diff-norms" else {})))
                wrong = [d for d in r if str(d["provision"]) == str(ox.value(c, AIREG.sourceValue))]
                assert wrong and {str(d["correctProvision"]) for d in wrong} == {str(correct)}, name
            checked += 1
    assert checked >= 3


def test_penalties_show_the_parliament_s_real_ceiling(ox):
    ep = [d for d in rows(ask(ox, "penalties")) if local(d["p"]) == "eu-ep-2023-penalty-max"][0]
    assert (ep["maxFine"].toPython(), ep["correctMaxFine"].toPython()) == (30000000, 40000000)
    assert (ep["maxTurnoverPercent"].toPython(), ep["correctTurnoverPercent"].toPython()) == (6, 7)
    others = [d for d in rows(ask(ox, "penalties")) if local(d["p"]) != "eu-ep-2023-penalty-max"]
    assert others and all(d["correctMaxFine"] is None and d["correctTurnoverPercent"] is None for d in others)


def test_foundation_model_article_is_28b_beside_the_source_s_28a(ox):
    r = rows(ask(ox, "obligations-of-instrument", instrument="id:eu-ai-act"))
    fm = [d for d in r if str(d["provision"]) == "Art. 28a"]
    assert len(fm) == 9 and {str(d["correctProvision"]) for d in fm} == {"Art. 28b"}
    assert all(d["correctProvision"] is None for d in r if str(d["provision"]) != "Art. 28a")


def test_timeline_shows_the_omb_timing_correction(ox):
    omb = [d for d in rows(ask(ox, "timeline")) if local(d["doc"]) == "omb-ai-guidance-2023"]
    assert len(omb) == 1 and "two days after EO 14110 was signed" in str(omb[0]["correction"])
    zh = [d for d in rows(ask(ox, "timeline", "zh")) if local(d["doc"]) == "omb-ai-guidance-2023"][0]
    assert "第二日" in str(zh["correction"])
    assert all(d["correction"] is None for d in rows(ask(ox, "timeline")) if local(d["doc"]) == "eo-14110")


@answers("summit-series")
def test_summit_series_from_bletchley(ox):
    r = rows(ask(ox, "summit-series"))
    summits = []
    for d in r:
        if local(d["event"]) not in summits:
            summits.append(local(d["event"]))
    assert summits[:4] == ["ai-safety-summit-2023", "ai-seoul-summit-2024", "ai-action-summit-2025",
                           "ai-impact-summit-2026"]
    first = {local(d["event"]): d for d in r}
    assert first["ai-safety-summit-2023"]["continues"] is None
    assert str(first["ai-seoul-summit-2024"]["continues"]) == "AI Safety Summit 2023"
    assert str(first["ai-action-summit-2025"]["continues"]) == "AI Seoul Summit 2024"
    assert str(first["ai-impact-summit-2026"]["continues"]) == "AI Action Summit (Paris, 2025)"
    assert first["ai-impact-summit-2026"]["start"].toPython() == date(2026, 2, 16)
    assert (first["ai-seoul-summit-2024"]["start"].toPython(), first["ai-seoul-summit-2024"]["hosts"].toPython()) == (
        date(2024, 5, 21), 2)
    bletchley = [d for d in r if d["document"] is not None and local(d["document"]) == "bletchley-declaration"][0]
    assert bletchley["signatories"].toPython() == 29
    seoul_outcomes = {local(d["document"]) for d in r if local(d["event"]) == "ai-seoul-summit-2024"}
    assert {"seoul-declaration-2024", "seoul-statement-of-intent-2024"} <= seoul_outcomes
    zh = rows(ask(ox, "summit-series", "zh"))
    assert "2024 年首爾 AI 高峰會" in {str(d["summit"]) for d in zh}


def test_treaty_signatures_are_party_by_party(ox):
    r = rows(ask(ox, "status-history", node="id:coe-ai-convention"))
    signed = {(d["date"].toPython(), str(d["party"])) for d in r if str(d["status"]).startswith("signed") and d["party"]}
    assert {(date(2024, 9, 5), "United States of America"), (date(2024, 9, 5), "European Union"),
            (date(2024, 9, 5), "United Kingdom")} <= signed
    log = rows(ask(ox, "changelog", **{"from": "2024-09-05", "to": "2024-09-05"}))
    parties = [str(d["party"]) for d in log if d["party"] is not None]
    assert len(parties) == len(set(parties)) >= 10
