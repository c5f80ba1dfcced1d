"""What leads to each outcome, computed from the table of readings.

A reading assigns a value to every branching point the solver met: each unknown fact,
and each open question the draft raised in that reading (None: not raised there). When
the readings are few, they are enumerated in one solve and this module turns the table
into alternatives: cubes of listed values such that the readings matching a cube are
exactly the readings of one leaf of a decision tree, all leading to one outcome. The
tree splits on a variable that matters (two readings that differ only in it lead to
different outcomes), in a fixed order, so the alternatives depend on the readings alone,
never on the order in which the solver happened to find them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from typing import Any

Row = tuple[tuple[Any, ...], Hashable]  # (values, one per variable; outcome)


_MEMO: dict[Any, Any] = {}  # a table -> its cubes, as tuples; cleared when full (memory stays flat)
_MEMO_SIZE = 4096


def cover(rows: Sequence[Row], domains: Sequence[tuple[Any, ...]],
          questions: Sequence[bool] | None = None) -> dict[Hashable, list[dict[int, object]]]:
    """outcome -> cubes ({variable index: value}); None values are never listed.
    `questions[v]` marks open questions: unknown facts that matter are split on first,
    so an alternative names the facts under which a question arises.

    A pure function of the table, remembered: across a sweep the same tables recur (the
    same questions raised in the same places, leading to outcomes the same way; over
    half of them in the benchmarks' generated scenarios)."""
    key = (tuple(rows), tuple(map(tuple, domains)), tuple(questions) if questions else None)
    known = _MEMO.get(key)
    if known is None:
        if len(_MEMO) >= _MEMO_SIZE:
            _MEMO.clear()
        known = _MEMO[key] = {o: tuple(tuple(c.items()) for c in cubes)
                              for o, cubes in _cover(rows, domains, questions).items()}
    return {o: [dict(c) for c in cubes] for o, cubes in known.items()}


def _cover(rows: Sequence[Row], domains: Sequence[tuple[Any, ...]],
           questions: Sequence[bool] | None) -> dict[Hashable, list[dict[int, object]]]:
    questions = questions or [False] * len(domains)
    out: dict[Hashable, list[dict[int, object]]] = defaultdict(list)
    everything = range(len(rows))
    # bit i of index[v][x] is set when reading i gives variable v the value x
    index: list[dict[object, int]] = [defaultdict(int) for _ in domains]
    for i, (values, _) in enumerate(rows):
        for v, x in enumerate(values):
            index[v][x] |= 1 << i
    full = (1 << len(rows)) - 1

    def count_matching(cube: dict[int, object]) -> int:
        bits = full
        for v, x in cube.items():
            bits &= index[v].get(x, 0)
        return bin(bits).count("1")

    def leaf(ids: list[int], cube: dict[int, object]) -> None:
        listed = {v: x for v, x in cube.items() if x is not None}
        # every value the leaf's readings share is stated: it is implied, and stating it
        # keeps readings where a question is raised out of a cube where it is not
        for v in range(len(domains)):
            values = {rows[i][0][v] for i in ids}
            if len(values) == 1 and None not in values:
                listed[v] = next(iter(values))
        if count_matching(listed) == len(ids):
            out[rows[ids[0]][1]].append(listed)
            return
        split(ids, cube, _first_varying(ids, rows, len(domains)))

    rest: dict[int, list[int]] = {}

    def rest_of(v: int) -> list[int]:
        """Per reading, a number for its values without variable v (computed once per
        table, not once per node of the tree)."""
        if v not in rest:
            classes: dict[tuple[Any, ...], int] = {}
            rest[v] = [classes.setdefault(values[:v] + values[v + 1:], len(classes)) for values, _ in rows]
        return rest[v]

    def node(ids: list[int], cube: dict[int, object]) -> None:
        if len({rows[i][1] for i in ids}) == 1:
            leaf(ids, cube)
        else:
            split(ids, cube, _choose(ids, rows, questions, rest_of))

    def split(ids: list[int], cube: dict[int, object], v: int) -> None:
        order = {x: k for k, x in enumerate(tuple(domains[v]) + (None,))}
        groups: dict[object, list[int]] = defaultdict(list)
        for i in ids:
            groups[rows[i][0][v]].append(i)
        for x in sorted(groups, key=order.__getitem__):
            node(groups[x], {**cube, v: x})

    node(list(everything), {})
    return out


def _first_varying(ids: list[int], rows: Sequence[Row], k: int) -> int:
    return next(v for v in range(k) if len({rows[i][0][v] for i in ids}) > 1)


def _choose(ids: list[int], rows: Sequence[Row], questions: Sequence[bool], rest_of: Any) -> int:
    """The variable to split on: first an unknown fact whose values lead to different
    sets of outcomes; then the first variable that matters (two readings that differ
    only in it lead to different outcomes); failing both, the first one that varies."""
    k = len(questions)
    for v in range(k):
        if questions[v]:
            continue
        by_value: dict[object, set[Any]] = defaultdict(set)
        for i in ids:
            by_value[rows[i][0][v]].add(rows[i][1])
        if len({frozenset(o) for o in by_value.values()}) > 1:
            return v
    for v in range(k):
        seen: dict[int, Hashable] = {}
        rest = rest_of(v)
        for i in ids:
            outcome = rows[i][1]
            if seen.setdefault(rest[i], outcome) != outcome:
                return v
    return _first_varying(ids, rows, k)
