"""Reading many literals of every model with one call.

Enumerating the readings of a scenario means looking at the same few literals (the
values of its open questions and unknown facts, the conclusions that vary) in every
model. One `Model.is_true` per literal and model is a Python call each; instead, the
literals get weights 2^i in minimize statements at priorities of their own, added through
the backend after grounding, and the solver enumerates every model with optimisation in
`enum` mode under a bound no model can exceed. A model's cost vector then holds the bit
masks of those literals, read with one call (`Model.cost`).

The law never optimises: a draft with a minimize statement of its own would add levels
to the cost vector, which `Packing.masks` refuses."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import clingo

from aiact_foss.engine import bounds

BITS = 30  # weights stay within clasp's 32-bit weight type
_TOP = 2**30  # priorities count down from here, one per level


class Reader:
    """Literals packed into the levels first .. first + count - 1 of the cost vector."""

    def __init__(self, first: int, count: int) -> None:
        self.first, self.count = first, count

    def mask(self, cost: Sequence[int]) -> int:
        """Bit i set when the i-th literal given to `Packing.reader` is true."""
        out = 0
        for n in range(self.count):
            out |= cost[self.first + n] << (BITS * n)
        return out


class Packing:
    """The priority levels given out on one Control, in the order the cost vector lists
    them (highest priority first)."""

    def __init__(self) -> None:
        self.count = 0

    def reader(self, backend: clingo.Backend, lits: Sequence[int]) -> Reader:
        chunks = [lits[i:i + BITS] for i in range(0, len(lits), BITS)]
        for n, chunk in enumerate(chunks):
            backend.add_minimize(_TOP - self.count - n, [(lit, 1 << i) for i, lit in enumerate(chunk)])
        reader = Reader(self.count, len(chunks))
        self.count += len(chunks)
        return reader

    def masks(self, ctl: clingo.Control, reader: Reader, assumptions: Sequence[int],
              limit: int) -> Iterator[tuple[int, clingo.Model]]:
        """(mask, model) for every answer set under `assumptions`, at most limit + 1 of
        them; the Control's optimisation is switched off again afterwards."""
        conf = bounds.solve_options(ctl)
        conf.opt_mode = "enum," + ",".join([str(2**BITS)] * self.count) if self.count else "ignore"
        conf.models = limit + 1
        try:
            with ctl.solve(yield_=True, assumptions=list(assumptions)) as handle:
                for model in handle:
                    cost = model.cost
                    if len(cost) != self.count:  # see the module's docstring
                        raise RuntimeError("a draft's program has a minimize statement of its own")
                    yield reader.mask(cost), model
        finally:
            conf.opt_mode = "ignore"
