"""Results with more outcomes than are listed (engine/parts.py): the listed outcomes,
their alternatives, the count and always/sometimes equal those of the full enumeration
(itself checked against brute force in test_solving.py), cut at the listing limit."""

import itertools
import random

import pytest

from aiact_foss import api
from aiact_foss.engine import parts, results, solving
from aiact_foss.language.scenario import Scenario


def _models(k: int, extra: bool) -> Scenario:
    comps = [{"id": f"m{i}", "kind": "model", "developer": "lab", "licence": "Apache-2.0",
              "general_purpose": True, "trained_on_broad_data_at_scale": True, "generative": True,
              "weights_public": "unknown", "architecture_public": True, "usage_info_public": True}
             for i in range(k)]
    releases = [{"component": f"m{i}", "by": "lab", "channel": "open_repository"} for i in range(k)]
    if extra:  # a part holding open questions, and one holding a several-valued unknown
        comps.append({"id": "sys", "kind": "ai_system", "developer": "lab", "licence": "OpenRAIL-M",
                      "risk": "unknown", "placed_on_market_in_eu": "unknown"})
        releases.append({"component": "sys", "by": "lab", "channel": "own_website", "advertising": "unknown"})
    return Scenario.model_validate({"scenario": 1, "name": "parts", "components": comps, "releases": releases,
                                    "actors": [{"id": "lab", "type": "small_enterprise"}]})


CASES = [(3, True), (6, False)]


def _covers_exactly(draft: str, scn: Scenario, outcome: solving.Outcome) -> None:
    """The outcome's alternatives are disjoint cubes of readings that all lead to it and
    together hold every reading that does: counted answer sets (one per reading)."""
    from clingo import Function

    from aiact_foss.language import facts

    solver = solving.DraftSolver(draft, facts.build(scn), {})
    by_label = {v.label: v for v in solver.vars}
    solver.ctl.configuration.solve.project = "no"
    wanted = {c for c in outcome.conclusions}

    def readings(assumptions: list[int]) -> list[set]:
        solver.ctl.configuration.solve.models = 0
        with solver.ctl.solve(yield_=True, assumptions=assumptions) as handle:
            return [{solver.to_conclusion(s) for s in m.symbols(shown=True)} for m in handle]

    total = 0
    for alt in outcome.alternatives:
        cube = [lit for q, v in alt.questions for lit in by_label[q].assume(v)]
        cube += [lit for p, v in alt.unknowns for lit in by_label[p].assume(v)]
        # an unraised question is left out of an alternative: those readings have it unraised
        for q in (v for v in solver.vars if v.question and v.label not in dict(alt.questions)):
            cube += q.assume(None)
        found = readings(cube)
        assert found and all(f == wanted for f in found), alt
        total += len(found)
    every = readings([])
    assert total == sum(1 for f in every if f == wanted)
    assert Function  # symbols are compared as conclusions above


@pytest.mark.parametrize("k,extra,draft", [(3, True, "ep-2023-06-14"), (3, True, "aia-2024"),
                                           (3, True, "council-2022"), (6, False, "aia-2024")])
@pytest.mark.parametrize("limit", [1, 5, 17])
def test_listed_outcomes_are_the_first_of_the_full_list(k, extra, draft, limit, monkeypatch):
    scn = _models(k, extra)
    (full,) = api.solve_results(scn, [draft], max_outcomes=10**6)
    monkeypatch.setattr(solving, "READINGS_LIMIT", 0)  # as if the readings were too many to list
    (cut,) = api.solve_results(scn, [draft], max_outcomes=limit)
    if len(full.outcomes) <= limit:  # the full path itself, as before
        assert results.draft_json(cut) == results.draft_json(full)
        return
    assert [o.conclusions for o in cut.outcomes] == [o.conclusions for o in full.outcomes[:limit]]
    for o in cut.outcomes:
        _covers_exactly(draft, scn, o)
    assert cut.more_outcomes == len(full.outcomes) - limit and cut.outcomes_counted
    assert (cut.status, cut.always, cut.sometimes, cut.pinned) == (full.status, full.always, full.sometimes,
                                                                   full.pinned)


@pytest.mark.parametrize("k,extra", CASES)
def test_without_parts_the_listed_outcomes_are_true_ones_and_the_rest_counted(k, extra, monkeypatch):
    scn = _models(k, extra)
    (full,) = api.solve_results(scn, ["aia-2024"], max_outcomes=10**6)
    monkeypatch.setattr(solving, "READINGS_LIMIT", 0)
    monkeypatch.setattr(parts, "split", lambda *a: None)
    (cut,) = api.solve_results(scn, ["aia-2024"], max_outcomes=4)
    assert len(cut.outcomes) == 4
    assert {o.conclusions for o in cut.outcomes} <= {o.conclusions for o in full.outcomes}
    for o in cut.outcomes:
        _covers_exactly("aia-2024", scn, o)
    assert (cut.always, cut.sometimes) == (full.always, full.sometimes)
    assert cut.more_outcomes == len(full.outcomes) - 4 and cut.outcomes_counted
    monkeypatch.setattr(parts, "COUNT_LIMIT", 6)
    (bounded,) = api.solve_results(scn, ["aia-2024"], max_outcomes=4)
    assert not bounded.outcomes_counted and bounded.more_outcomes == 2
    assert results.draft_json(bounded)["more_outcomes"] == "more than 2"


def test_first_combinations_follow_the_order_of_sorted_lists():
    rng = random.Random(3)
    for _ in range(200):
        universe = list(range(12))
        rng.shuffle(universe)
        cut = sorted(rng.sample(range(1, 12), rng.randint(1, 4)))
        groups = [universe[a:b] for a, b in zip([0] + cut, cut + [12], strict=True)]
        choices = []
        for g in groups:
            subsets = {tuple(sorted(rng.sample(g, rng.randint(0, len(g))))) for _ in range(rng.randint(1, 4))}
            choices.append([list(s) for s in sorted(subsets)])
        every = sorted(itertools.product(*[range(len(c)) for c in choices]),
                       key=lambda combo: sorted(r for p, i in enumerate(combo) for r in choices[p][i]))
        limit = rng.randint(1, len(every) + 1)
        assert parts.first_combinations(choices, limit) == every[:limit]


def test_parts_are_found_in_the_ground_program():
    scn = _models(4, False)
    from aiact_foss.language import facts

    cut = parts.split("aia-2024", facts.build(scn), {})
    assert cut is not None
    _, found = cut
    assert len(found) == 4 and all(len(p.vars) == 1 for p in found)
    assert solving.READINGS_LIMIT  # the cut is only used past the listing limit
