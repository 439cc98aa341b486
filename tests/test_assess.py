"""aireg assess: thresholds crossed and duties that apply, at the boundaries the graph sets.

The facts asserted here are the graph's (on main): EO 14110's 10^26 and 10^23 (biological
sequence data) tests and its revocation on 2025-01-20; the AI Act's 10^25 FLOP presumption and
its general-purpose AI duties of Art. 55(1), applicable from 2025-08-02; California SB 53.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from aireg.assess import Profile, assess
from aireg.cli import main

EO_DEV = "eo-14110-obl-model-developer-reporting"
EO_IAAS = "eo-14110-obl-iaas-foreign-transactions"
EO_CLUSTER = "eo-14110-obl-cluster-reporting"
EU_GPAISR = {"eu-2024-obl-gpaisr-model-evaluation", "eu-2024-obl-gpaisr-systemic-risk-mitigation",
             "eu-2024-obl-gpaisr-serious-incidents", "eu-2024-obl-gpaisr-cybersecurity"}
EU_THR = "eu-2024-thr-gpai-systemic-risk"


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[1]


def duties(graph, **kw) -> set[str]:
    return {local(d.norm) for d in assess(graph, Profile(**kw)).duties}


def crossed(graph, **kw) -> set[str]:
    return {local(c.threshold) for c in assess(graph, Profile(**kw)).crossed}


US_2024 = {"markets": {"US"}, "date": dt.date(2024, 6, 1)}
EU_2026 = {"markets": {"EU"}, "date": dt.date(2026, 9, 1)}


def test_the_question_of_the_issue(graph):
    """3e25 FLOP, mostly biological sequence data, EU market on 2026-09-01."""
    result = assess(graph, Profile(training_compute=3e25, data={"biological-sequence"}, **EU_2026))
    assert {local(c.threshold) for c in result.crossed} == {EU_THR}
    assert {local(d.norm) for d in result.duties} >= EU_GPAISR
    for d in result.duties:  # every duty listed is the AI Act's, triggered by its 10^25 FLOP presumption
        assert local(d.instrument) == "eu-ai-act-2024-1689" and d.thresholds == [f"https://w3id.org/aireg/id/{EU_THR}"]
        assert d.applies_from == "2025-08-02"
    for d in (d for d in result.duties if local(d.norm) in EU_GPAISR):
        assert d.provision == "Art. 55(1)"
        assert d.addressee["en"] == "provider of a general-purpose AI model with systemic risk"


@pytest.mark.parametrize("compute, expected", [(1e25, False), (1.0000001e25, True)])
def test_eu_presumption_is_more_than_1e25(graph, compute, expected):
    assert (EU_THR in crossed(graph, training_compute=compute, **EU_2026)) is expected
    assert (duties(graph, training_compute=compute, **EU_2026) >= EU_GPAISR) is expected
    if not expected:
        assert not duties(graph, training_compute=compute, **EU_2026) & EU_GPAISR


@pytest.mark.parametrize("compute, expected", [(1e26, False), (1.0000001e26, True)])
def test_eo_14110_is_more_than_1e26(graph, compute, expected):
    assert (EO_DEV in duties(graph, training_compute=compute, **US_2024)) is expected
    assert (EO_IAAS in duties(graph, training_compute=compute, **US_2024)) is expected


@pytest.mark.parametrize("compute, bio, expected", [
    (1e23, True, False),          # exactly 10^23: not more than
    (2e23, True, True),           # more, and trained on biological sequence data
    (2e23, False, False),         # more, but the data branch does not hold
    (3e25, False, False),         # below 10^26 without biological data
    (3e25, True, True),
])
def test_eo_14110_biological_branch(graph, compute, bio, expected):
    data = {"biological-sequence"} if bio else set()
    got = assess(graph, Profile(training_compute=compute, data=data, **US_2024))
    dev = [d for d in got.duties if local(d.norm) == EO_DEV]
    assert bool(dev) is expected
    if expected:  # the reason given is the 10^23 test, not the 10^26 one
        assert [local(t) for t in dev[0].thresholds] == ["eo-14110-thr-bio-1e23"]


@pytest.mark.parametrize("day, expected", [(dt.date(2025, 1, 19), True), (dt.date(2025, 1, 20), False)])
def test_eo_14110_revoked_on_2025_01_20(graph, day, expected):
    got = duties(graph, training_compute=2e26, markets={"US"}, date=day)
    assert (EO_DEV in got) is expected
    # the threshold is still crossed; only the order no longer binds
    result = assess(graph, Profile(training_compute=2e26, markets={"US"}, date=day))
    training = [c for c in result.crossed if local(c.threshold) == "eo-14110-thr-training-1e26"]
    assert training and training[0].in_force is expected


@pytest.mark.parametrize("day, expected", [(dt.date(2025, 8, 1), False), (dt.date(2025, 8, 2), True)])
def test_ai_act_gpai_duties_apply_from_2025_08_02(graph, day, expected):
    got = duties(graph, training_compute=3e25, markets={"EU"}, date=day)
    assert (got >= EU_GPAISR) is expected
    if not expected:
        assert not got & EU_GPAISR
    # in force since 2024-08-01 all the same: the threshold's text binds, its chapter does not yet apply
    result = assess(graph, Profile(training_compute=3e25, markets={"EU"}, date=day))
    assert result.crossed[0].in_force
    # the day before, the duties are listed as applying later, from 2025-08-02
    assert ({local(d.norm) for d in result.later} >= EU_GPAISR) is not expected
    assert all(d.applies_from == "2025-08-02" for d in result.later)


def test_before_entry_into_force_nothing_applies_later_either(graph):
    result = assess(graph, Profile(training_compute=3e25, markets={"EU"}, date=dt.date(2024, 7, 31)))
    assert not result.duties and not result.later


def test_markets_select_jurisdictions(graph):
    assert not duties(graph, training_compute=3e25, data={"biological-sequence"}, markets={"EU"},
                      date=dt.date(2024, 6, 1)) & {EO_DEV}
    both = duties(graph, training_compute=2e26, markets={"EU", "US"}, date=dt.date(2025, 1, 19))
    assert EO_DEV in both and not both & EU_GPAISR  # the AI Act's chapter V applies only from 2025-08-02


def test_cluster_needs_all_three_parts(graph):
    assert EO_CLUSTER in duties(graph, cluster_capacity=1e20, network_rate=200, colocated=True, **US_2024)
    assert EO_CLUSTER not in duties(graph, cluster_capacity=1e20, network_rate=200, **US_2024)  # not co-located
    assert EO_CLUSTER not in duties(graph, cluster_capacity=1e20, network_rate=100, colocated=True, **US_2024)
    assert EO_CLUSTER not in duties(graph, cluster_capacity=9.9e19, network_rate=200, colocated=True, **US_2024)


def test_california_sb53_needs_compute_and_revenue(graph):
    day = dt.date(2026, 2, 1)
    assert "ca-sb53-obl-frontier-ai-framework" in duties(graph, training_compute=2e26, revenue=6e8,
                                                          markets={"US-CA"}, date=day)
    assert "ca-sb53-obl-frontier-ai-framework" not in duties(graph, training_compute=2e26, revenue=5e8,
                                                              markets={"US-CA"}, date=day)
    assert "ca-sb53-obl-frontier-ai-framework" not in duties(graph, training_compute=2e26, revenue=6e8,
                                                              markets={"US"}, date=day)


def test_cli_json_and_zh(capsys):
    code = main(["assess", "--training-compute", "3e25", "--data", "biological-sequence", "--market", "EU",
                 "--date", "2026-09-01", "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["given"]["markets"] == ["EU"] and out["given"]["date"] == "2026-09-01"
    assert {local(d["norm"]) for d in out["duties"]} >= EU_GPAISR
    assert all("data.europa.eu/eli/reg/2024/1689" in d["citation"]["url"] for d in out["duties"])
    code = main(["assess", "--training-compute", "2e26", "--market", "US", "--date", "2025-01-19", "--lang", "zh"])
    text = capsys.readouterr().out
    assert code == 0 and "2025-01-19 適用的義務" in text and "兩用基礎模型開發者向商務部通報" in text and "頁 4" in text


@pytest.mark.parametrize("argv, words", [
    (["--training-compute", "1e26", "--date", "2025-02-30"], "parameter date"),
    (["--training-compute", "1e26", "--market", "EUU"], "--market EUU"),
    # no property at all: "(none)" would read as "nothing applies to my model"
    (["--market", "EU", "--date", "2026-09-01"], "describe the model or cluster"),
    (["--training-compute", "lots"], "not a number"),
    (["--holds", "eo-14110-cond-bio-dat"], "nearest: id:eo-14110-cond-bio-data"),
])
def test_cli_bad_values_exit_2(capsys, argv, words):
    try:
        code = main(["assess", *argv])
    except SystemExit as stop:  # usage errors leave through argparse, one line all the same
        code = stop.code
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and err.count("\n") == 1 and words in err, err


def test_holds_names_a_qualitative_condition(graph):
    got = duties(graph, training_compute=2e23, holds={"https://w3id.org/aireg/id/eo-14110-cond-bio-data"}, **US_2024)
    assert EO_DEV in got


def test_data_choices_agree():
    from aireg.assess import DATA_KINDS
    from aireg.commands import assess as command

    assert tuple(sorted(DATA_KINDS)) == command.DATA_CHOICES


def test_a_text_only_adopted_binds_from_its_recorded_entry_into_force_only(rdflib_graph):
    """As in-force-on reads it: an act signed but with no entry into force recorded (New York's RAISE
    Act today) is not yet law. Checked on a copy of the real graph where SB 53 is put in that state."""
    from rdflib import Graph

    from aireg.namespaces import AIREG, ELI, ID

    day, kw = dt.date(2026, 2, 1), {"training_compute": 2e26, "revenue": 6e8, "markets": {"US-CA"}}
    g = Graph()
    g += rdflib_graph
    assert "ca-sb53-obl-frontier-ai-framework" in duties(g, date=day, **kw)
    sb53 = ID["ca-sb-53"]
    g.set((sb53, AIREG.status, AIREG.Adopted))
    entry = g.value(sb53, ELI.first_date_entry_in_force)
    g.remove((sb53, ELI.first_date_entry_in_force, None))
    assert "ca-sb53-obl-frontier-ai-framework" not in duties(g, date=day, **kw)
    g.add((sb53, ELI.first_date_entry_in_force, entry))
    assert "ca-sb53-obl-frontier-ai-framework" in duties(g, date=day, **kw)
    assert "ca-sb53-obl-frontier-ai-framework" not in duties(g, date=dt.date(2025, 12, 31), **kw)

