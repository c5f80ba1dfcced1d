"""model_bits: a model's cost vector read as bit masks gives, for every model, exactly
the literals `Model.is_true` gives, however many literals and readers share a Control."""

import clingo
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiact_foss.engine import model_bits


def _control(n: int) -> tuple[clingo.Control, list[int]]:
    """n free atoms a(1..n), b(X) :- a(X), and a fact: literals of every kind."""
    ctl = clingo.Control(["--warn=none"])
    ctl.add("base", [], f"{{ a(1..{n}) }}. b(X) :- a(X). c :- a(1), a(2). d. #show b/1.")
    ctl.ground([("base", [])])
    atoms = ctl.symbolic_atoms
    lits = [atoms[clingo.Function("b", [clingo.Number(i)])].literal for i in range(1, n + 1)]
    lits += [atoms[clingo.Function("c")].literal, atoms[clingo.Function("d")].literal]
    return ctl, lits


def _truth(model: clingo.Model, lits: list[int]) -> list[bool]:
    return [model.is_true(x) for x in lits]


def _bits(mask: int, n: int) -> list[bool]:
    return [bool(mask >> i & 1) for i in range(n)]


@settings(max_examples=20)
@given(st.integers(2, 7), st.data())
def test_masks_are_the_literals_true_in_each_model(n, data):
    ctl, lits = _control(n)
    # readers over arbitrary sequences of the literals (repeats, more than one level)
    picks = [data.draw(st.lists(st.sampled_from(lits), min_size=1, max_size=70)) for _ in range(3)]
    packing = model_bits.Packing()
    with ctl.backend() as backend:
        readers = [packing.reader(backend, p) for p in picks]
    assert packing.count == sum((len(p) + model_bits.BITS - 1) // model_bits.BITS for p in picks)
    for reader, pick in zip(readers, picks):
        seen = 0
        for mask, model in packing.masks(ctl, reader, [], 2**n):
            assert _bits(mask, len(pick)) == _truth(model, pick)
            seen += 1
        assert seen == 2**n  # every model, none pruned by the minimize statements


def test_assumptions_and_the_limit_are_kept():
    ctl, lits = _control(4)
    packing = model_bits.Packing()
    with ctl.backend() as backend:
        reader = packing.reader(backend, lits)
    first = lits[0]  # b(1)
    under = list(packing.masks(ctl, reader, [-first], 100))
    assert len(under) == 8 and all(not mask & 1 for mask, _ in under)
    assert len(list(packing.masks(ctl, reader, [], 3))) == 4  # limit + 1: the caller sees "too many"


def test_optimisation_is_off_again_afterwards():
    ctl, lits = _control(3)
    packing = model_bits.Packing()
    with ctl.backend() as backend:
        reader = packing.reader(backend, lits)
    list(packing.masks(ctl, reader, [], 100))
    ctl.configuration.solve.models = 0
    with ctl.solve(yield_=True) as handle:
        assert sum(1 for _ in handle) == 8  # not only the "optimal" model


def test_a_program_that_optimises_is_refused():
    ctl = clingo.Control(["--warn=none"])
    ctl.add("base", [], "{ a }. #minimize { 1@5 : a }.")
    ctl.ground([("base", [])])
    lit = ctl.symbolic_atoms[clingo.Function("a")].literal
    packing = model_bits.Packing()
    with ctl.backend() as backend:
        reader = packing.reader(backend, [lit])
    with pytest.raises(RuntimeError, match="minimize"):
        list(packing.masks(ctl, reader, [], 10))
