"""Results with more outcomes than are listed (engine/parts.py): the listed outcomes,
their alternatives, the count and always/sometimes equal those of the full enumeration
(itself checked against brute force in test_solving.py), cut at the listing limit."""

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    monkeypatch.setattr(parts, "branches", lambda *a: None)
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


def _research_models(k: int, *, weights_unknown: frozenset[int] = frozenset(),
                     dated: frozenset[int] = frozenset()) -> Scenario:
    """k research models like the Pythia suite's, asked on 2 December 2026: one open
    question (public_research_release_is_research_only) raised for every model, and
    each undated model placed before or from 2 August 2025."""
    comps = [{"id": f"p{i}", "kind": "model", "developer": "eai", "licence": "Apache-2.0",
              "purpose": "scientific_research_only", "general_purpose": True,
              "trained_on_broad_data_at_scale": True, "generative": True, "training_compute_flop": 13 * 10**19,
              "weights_public": "unknown" if i in weights_unknown else True, "architecture_public": True,
              "usage_info_public": True, **({"first_placed": "2025-09-01"} if i in dated else {})}
             for i in range(k)]
    return api.load({"scenario": 1, "name": "research models", "as_of": "2026-12-02", "components": comps,
                     "actors": [{"id": "eai", "type": "non_profit", "established_in_eu": False}],
                     "releases": [{"component": f"p{i}", "by": "eai", "channel": "open_repository"}
                                  for i in range(k)]})


def test_a_question_shared_by_every_model_is_branched_on_first(monkeypatch):
    """Sixteen undated models joined by one open question: without it they fall apart
    into sixteen parts, so the result is counted exactly, never by `_unsplit`."""
    from aiact_foss.language import facts

    scn = _research_models(16)
    fb = facts.build(scn)
    assert parts.split("aia-2026", fb, {}) is None  # one part, as before: too many readings
    cut = parts.branches("aia-2026", fb, {})
    assert cut is not None and len(cut) >= 2
    assert all(len(b.parts) == 16 and [v.label for v in b.values] == ["public_research_release_is_research_only"]
               for b in cut)

    def unsplit(*a):
        raise AssertionError("the shared question was not branched on")

    monkeypatch.setattr(parts, "_unsplit", unsplit)
    (r,) = api.solve_results(scn, ["aia-2026"], max_outcomes=256)
    assert len(r.outcomes) == 256 and r.outcomes_counted and r.more_outcomes > 0


def _check_against_full(scn: Scenario, draft: str, limit: int, part_limit: int) -> bool:
    """The result cut at `limit` against the full enumeration; whether it was cut into
    parts (False: `_unsplit`, whose listed outcomes are true ones, not the first)."""
    (full,) = api.solve_results(scn, [draft], max_outcomes=10**6)
    unsplit = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(solving, "READINGS_LIMIT", 0)  # as if the readings were too many to list
        mp.setattr(parts, "PART_READINGS_LIMIT", part_limit)  # and the joined part too wide
        mp.setattr(parts, "_unsplit", lambda *a, f=parts._unsplit: unsplit.append(1) or f(*a))
        (cut,) = api.solve_results(scn, [draft], max_outcomes=limit)
    listed = [o.conclusions for o in cut.outcomes]
    if unsplit:
        assert set(listed) <= {o.conclusions for o in full.outcomes}
    else:
        assert listed == [o.conclusions for o in full.outcomes[:limit]]
    assert cut.more_outcomes == max(0, len(full.outcomes) - limit) and cut.outcomes_counted
    assert (cut.status, cut.always, cut.sometimes, cut.pinned) == (full.status, full.always, full.sometimes,
                                                                   full.pinned)
    for o in cut.outcomes:
        _covers_exactly(draft, scn, o)
    return not unsplit


@pytest.mark.parametrize("draft", ["aia-2024", "aia-2026"])
def test_branches_on_a_shared_question_list_and_count_as_the_full_enumeration(draft):
    scn = _research_models(3, weights_unknown=frozenset({0}))
    from aiact_foss.language import facts

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(parts, "PART_READINGS_LIMIT", 4)
        cut = parts.branches(draft, facts.build(scn), {})
    assert cut is not None and len(cut) >= 2 and all(b.values for b in cut)  # the branches, not one part
    assert _check_against_full(scn, draft, 5, 4)


@settings(max_examples=12)
@given(k=st.integers(1, 4), weights=st.sets(st.integers(0, 1)), dated=st.sets(st.integers(0, 3)),
       draft=st.sampled_from(["aia-2024", "aia-2026"]), limit=st.integers(1, 9), part_limit=st.sampled_from([2, 4, 8]))
def test_counts_and_listing_equal_the_full_enumeration(k, weights, dated, draft, limit, part_limit):
    """Whatever the cut (parts as they stand, branches on shared variables, or none), the
    listed outcomes are the first of the full list, and the count is exact."""
    scn = _research_models(k, weights_unknown=frozenset(w for w in weights if w < k),
                           dated=frozenset(d for d in dated if d < k))
    _check_against_full(scn, draft, limit, part_limit)


@given(st.lists(st.tuples(st.integers(0, 1), st.lists(st.sets(st.integers(0, 3), min_size=1, max_size=3),
                                                      min_size=2, max_size=2)), min_size=1, max_size=5))
def test_outcomes_shared_by_branches_are_counted_once(spec):
    """Branches whose fixed conclusions agree can reach the same outcome: the count is
    that of the distinct outcomes (brute force over every combination)."""
    cut = []
    for n, (fixed, per_part) in enumerate(spec):
        ps = [parts.Part([], frozenset(), [frozenset({(p, x)} if x else {(p, -1)}) for x in sorted(xs)], {})
              for p, xs in enumerate(per_part)]
        cut.append(parts.Branch({n: n}, frozenset({("fixed", fixed)}), ps))
    every = {b.fixed.union(*combo) for b in cut for combo in itertools.product(*(p.outcomes for p in b.parts))}
    assert parts._count(cut) == (len(every), True)
