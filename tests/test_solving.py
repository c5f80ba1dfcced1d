"""Distinct outcomes and what leads to each (outputs.md, `solve`): checked against brute
force, where every completion of the unknown facts and every answer to every question is
solved on its own."""

import functools
import itertools
import re

import pytest

from aiact_foss import api
from aiact_foss.engine import solving
from aiact_foss.language import facts
from aiact_foss.language.scenario import Scenario
from aiact_foss.language.validate import load_scenario
from aiact_foss.law import questions

EXAMPLES = "scenarios/examples"


def _set_path(data: dict, path: str, value) -> None:
    keys = [int(k) if k.isdigit() else k for k in re.findall(r"[^.\[\]]+", path)]
    node = data
    for k in keys[:-1]:
        node = node[k]
    node[keys[-1]] = value


def _brute_force(scn: Scenario, draft: str):
    """(completion, pins, conclusions) for every reading of every question and unknown."""
    fb = facts.build(scn)
    qids = sorted(q for q, meta in questions.questions().items() if draft in meta.drafts and q not in scn.assume)
    out = []
    for values in itertools.product(*[v.values for v in fb.variables]):
        data = scn.model_dump(mode="python", exclude={"expect"})
        completion = dict(zip([v.path for v in fb.variables], values))
        for path, value in completion.items():
            _set_path(data, path, value)
        completed = Scenario.model_validate(data)
        for answers in itertools.product([False, True], repeat=len(qids)):
            pins = dict(zip(qids, answers))
            (r,) = api.solve_results(completed, [draft], assume=pins)
            if r.status == "inconsistent":
                continue
            assert r.status == "determinate", "a fully pinned, fully known scenario has one outcome"
            # the questions this reading branches on: the pins the draft raises
            out.append((completion, r.pinned, tuple(r.outcomes[0].conclusions)))
    return out


@functools.cache
def _brute_force_of(case: str, draft: str):
    return _brute_force(_scenario(CASES[case]), draft)


def _matches(alt, completion, pins) -> bool:
    return all(pins.get(q) == v for q, v in alt.questions) and all(completion[p] == v for p, v in alt.unknowns)


def _scenario(text: str) -> Scenario:
    from aiact_foss.language.loading import parse_document
    from aiact_foss.language.validate import from_document

    return from_document(parse_document(text.encode(), "t.yaml", as_json=False))


UNKNOWN_SUPPORT = open(f"{EXAMPLES}/unknown-monetisation.yaml").read() if __import__("os").path.exists(
    f"{EXAMPLES}/unknown-monetisation.yaml") else ""

CASES = {
    "unknown-support": UNKNOWN_SUPPORT,
    "unknown-risk-and-placing": """\
scenario: 1
name: an open system of unknown risk, maybe on the market
actors: [{id: dev, type: small_enterprise}]
components:
  - {id: sys, kind: ai_system, developer: dev, licence: OpenRAIL-M, risk: unknown, placed_on_market_in_eu: unknown}
releases:
  - {component: sys, by: dev, channel: open_repository, donations: true}
""",
    "two-unknown-models": """\
scenario: 1
name: two models, unknown openness
actors: [{id: lab, type: non_profit, established_in_eu: false}]
components:
  - {id: a, kind: model, developer: lab, licence: Apache-2.0, general_purpose: true, weights_public: unknown, architecture_public: true, usage_info_public: true}
  - {id: b, kind: model, developer: lab, licence: CC-BY-NC-4.0, general_purpose: unknown, trained_on_broad_data_at_scale: true, weights_public: true, architecture_public: true, usage_info_public: true}
releases:
  - {component: a, by: lab, channel: open_repository}
  - {component: b, by: lab, channel: own_website, advertising: unknown}
""",
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("draft", ["ep-2023-03-23", "ep-2023-06-14", "aia-2024"])
@pytest.mark.parametrize("method", ["table", "split"])
def test_outcomes_and_alternatives_agree_with_brute_force(case, draft, method, monkeypatch):
    # "table": every reading enumerated at once; "split": the solver-driven search used
    # when readings are too many to enumerate
    if method == "split":
        monkeypatch.setattr(solving, "READINGS_LIMIT", 0)
    scn = _scenario(CASES[case])
    (result,) = api.solve_results(scn, [draft])
    readings = _brute_force_of(case, draft)
    distinct = {c for _, _, c in readings}
    assert {tuple(o.conclusions) for o in result.outcomes} == distinct
    assert result.status == ("determinate" if len(distinct) == 1 else "ambiguous")
    union = set().union(*distinct)
    common = set.intersection(*(set(c) for c in distinct))
    assert set(result.always) == common and set(result.sometimes) == union - common
    for completion, pins, concl in readings:
        hits = [o for o in result.outcomes if any(_matches(a, completion, pins) for a in o.alternatives)]
        assert [tuple(o.conclusions) for o in hits] == [concl], (completion, pins)
    for o in result.outcomes:
        for a in o.alternatives:
            for b in o.alternatives:
                if a is not b:
                    assert not (set(a.questions) <= set(b.questions) and set(a.unknowns) <= set(b.unknowns)), \
                        f"{a} implies {b}"


def test_outcomes_are_sorted_and_distinct():
    scn = _scenario(CASES["unknown-risk-and-placing"])
    for r in api.solve_results(scn, ["ep-2023-06-14", "aia-2024"]):
        keys = [[c.sort_key() for c in o.conclusions] for o in r.outcomes]
        assert keys == sorted(keys) and len({tuple(map(tuple, k)) for k in keys}) == len(keys)


@pytest.mark.parametrize("method", ["table", "split"])
def test_max_outcomes_cuts_the_list_but_not_the_sets(method, monkeypatch):
    if method == "split":
        monkeypatch.setattr(solving, "READINGS_LIMIT", 0)
    scn = _scenario(CASES["unknown-risk-and-placing"])
    (full,) = api.solve_results(scn, ["aia-2024"])
    (cut,) = api.solve_results(scn, ["aia-2024"], max_outcomes=1)
    assert len(full.outcomes) > 1 and len(cut.outcomes) == 1
    assert cut.more_outcomes == len(full.outcomes) - 1
    assert (cut.always, cut.sometimes, cut.status) == (full.always, full.sometimes, full.status)
    assert cut.outcomes[0].conclusions == full.outcomes[0].conclusions


def test_pins_are_reported_only_where_the_draft_raises_them():
    scn = _scenario(CASES["unknown-support"])
    pins = {"monetisation_defeats_exemption": True, "open_release_is_placing_on_market": False}
    results = {r.draft: r for r in api.solve_results(scn, ["commission-2021", "ep-2023-06-14", "aia-2024"], assume=pins)}
    assert results["commission-2021"].pinned == {}
    assert results["ep-2023-06-14"].pinned.get("open_release_is_placing_on_market") is False
    assert "open_release_is_placing_on_market" not in results["aia-2024"].pinned


def test_a_contradiction_gives_a_minimal_conflict_with_paths():
    scn = _scenario("""\
scenario: 1
name: a paid download that is free
actors: [{id: a, type: small_enterprise}, {id: b, type: microenterprise}]
components: [{id: m, kind: model, developer: a, licence: MIT, general_purpose: unknown}]
releases:
  - {component: m, by: a, channel: paid_download, price: false}
  - {component: m, by: a, channel: api, price_only_between_microenterprises: true}
""")
    for r in api.solve_results(scn, ["commission-2021", "aia-2024"]):
        assert r.status == "inconsistent" and not r.outcomes and not r.always
        paths = [p for p, _ in r.conflict]
        assert paths in (
            ["releases[0].channel", "releases[0].price"],
            ["actors[0].type", "releases[1].by", "releases[1].price_only_between_microenterprises"],
        )


def test_reading_precedence_assume_over_reading_over_file():
    scn = _scenario(CASES["unknown-support"].replace("releases:", "assume: {monetisation_defeats_exemption: false}\nreleases:"))
    assert questions.pins_for("aia-2024", scn.assume, None, {})["monetisation_defeats_exemption"] is False
    assert questions.pins_for("aia-2024", scn.assume, "commission-guidelines-2025", {})["monetisation_defeats_exemption"] is True
    assert questions.pins_for("aia-2024", scn.assume, "commission-guidelines-2025",
                              {"monetisation_defeats_exemption": False})["monetisation_defeats_exemption"] is False
    # a reading pins only in the drafts it names
    assert "optional_paid_services_monetise" not in questions.pins_for("ep-2023-06-14", {}, "commission-guidelines-2025", {})


def test_the_open_letters_count():
    scn, _ = load_scenario("scenarios/final-act/pythia-suite.yaml")
    march, letter = api.solve_results(scn, ["ep-2023-03-23", "letter-2023-04"], reading="open-letter-2023")
    regs = [c for c in march.always if c.predicate == "registrations"]
    assert [c.args for c in regs] == [("eleutherai", 2464)]
    assert not [c for c in letter.always + letter.sometimes if c.predicate == "registrations"]
    assert len([c for c in letter.always if c.predicate == "exempt"]) == 16
    (per_model,) = api.solve_results(scn, ["ep-2023-03-23"], reading="open-letter-2023",
                                     assume={"checkpoints_register_separately": False})
    assert [c.args for c in per_model.always if c.predicate == "registrations"] == [("eleutherai", 16)]


def test_the_minimal_conflict_is_the_one_a_solve_per_field_gives():
    import random

    rng = random.Random(11)
    for _ in range(300):
        order = [f"f{i}" for i in range(rng.randint(1, 40))]
        conflicts = [set(rng.sample(order, rng.randint(1, min(4, len(order))))) for _ in range(rng.randint(1, 4))]
        calls = []

        def unsat(paths, conflicts=conflicts, calls=calls):
            calls.append(1)
            return any(c <= set(paths) for c in conflicts)

        naive = list(order)
        for p in list(naive):
            trial = [q for q in naive if q != p]
            if unsat(trial):
                naive = trial
        calls.clear()
        assert solving.minimal_conflict(order, unsat) == naive
        assert len(calls) <= (len(naive) + 1) * (len(order).bit_length() + 1)
