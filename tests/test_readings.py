"""The table-driven cover of readings by alternatives (readings.py)."""

import itertools

from hypothesis import given
from hypothesis import strategies as st

from aiact_foss.engine.readings import cover


def _matches(cube, values):
    return all(values[v] == x for v, x in cube.items())


def _check(rows, domains):
    cubes = cover(rows, domains)
    for values, outcome in rows:
        hits = [o for o, cs in cubes.items() for c in cs if _matches(c, values)]
        assert hits == [outcome]
    for cs in cubes.values():
        for a, b in itertools.permutations(cs, 2):
            assert not set(a.items()) <= set(b.items())
    return cubes


def test_an_irrelevant_variable_is_never_listed():
    domains = [(False, True), (False, True), ("none", "optional", "required")]
    rows = [((a, b, c), a and c == "required") for a, b, c in itertools.product(*domains)]
    cubes = _check(rows, domains)
    assert all(1 not in c for cs in cubes.values() for c in cs)
    assert cubes[True] == [{0: True, 2: "required"}]


def test_unraised_questions_are_left_out_without_overlap():
    # variable 1 is a question raised only when variable 0 is true
    domains = [(False, True), (False, True)]
    rows = [((False, None), "x"), ((True, False), "x"), ((True, True), "y")]
    cubes = _check(rows, domains)
    assert {0: False} in cubes["x"] and {0: True, 1: True} in cubes["y"]


@given(st.integers(1, 4).flatmap(lambda k: st.tuples(
    st.just(k), st.lists(st.sampled_from("abc"), min_size=2 ** k, max_size=2 ** k))))
def test_every_reading_is_covered_once_for_any_outcome_function(case):
    k, outcomes = case
    domains = [(False, True)] * k
    rows = [(values, outcomes[n]) for n, values in enumerate(itertools.product(*domains))]
    _check(rows, domains)


def test_alternatives_name_the_facts_under_which_a_question_arises():
    # variable 0: an unknown fact (none / required); variable 1: a question raised only
    # when the fact is `required`
    domains = [("none", "required"), (False, True)]
    rows = [(("none", None), "free"), (("required", False), "free"), (("required", True), "monetised")]
    cubes = _check_with(rows, domains, [False, True])
    assert cubes["monetised"] == [{0: "required", 1: True}]
    assert {0: "required", 1: False} in cubes["free"] and {0: "none"} in cubes["free"]


def _check_with(rows, domains, questions):
    cubes = cover(rows, domains, questions)
    for values, outcome in rows:
        assert [o for o, cs in cubes.items() for c in cs if _matches(c, values)] == [outcome]
    return cubes


def test_a_remembered_table_gives_the_same_cubes_and_fresh_ones(monkeypatch):
    from aiact_foss.engine import readings

    domains = [(False, True), (False, True)]
    rows = [((a, b), a or b) for a, b in itertools.product(*domains)]
    first = cover(rows, domains)
    assert first == readings._cover(rows, domains, None)
    first[True][0][0] = "changed by the caller"
    again = cover(rows, domains)
    assert again == readings._cover(rows, domains, None)  # the memo was not touched
    assert cover(rows, domains, [True, False]) == readings._cover(rows, domains, [True, False])
    monkeypatch.setattr(readings, "_MEMO_SIZE", 1)
    cover([((False,), "x"), ((True,), "y")], [(False, True)])
    assert len(readings._MEMO) == 1  # full: cleared before the new table went in
