"""Results with more outcomes than are listed, at the cost of the listed ones.

A scenario with k independent unknowns has 2^k outcomes; enumerating them all to list 256
and count the rest costs time and memory exponential in k. Instead the ground program is
cut into independent parts: the branching points (choice atoms) that reach no common atom
through the rules. The outcomes of the whole are then exactly the combinations of one
outcome per part, so

- their number is the product of the parts' numbers, counted without listing them;
- `always` and `sometimes` follow from the parts' outcomes;
- the first N outcomes in the order `solve` lists them are found by walking the combined
  outcomes in that order (`first_combinations`), each part solved once, alone;
- an alternative of a combined outcome is one alternative of each part's outcome.

When the program has no such cut (one part holds too many readings), the outcomes listed
are the first N the solver finds, and the rest are counted by clingo up to a bound.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

import clingo
from clingo.backend import Observer

from aiact_foss.engine import bounds, solving
from aiact_foss.engine.readings import cover

# A part enumerates its readings like a small scenario; past this many it is not small.
PART_READINGS_LIMIT = 512
# Outcomes counted one by one (in clingo, nothing copied to Python) up to this many.
COUNT_LIMIT = 100_000
# Alternatives of a combined outcome built and sorted up to this many.
ALTERNATIVES_LIMIT = 4096


class _Rules(Observer):
    """The ground program's rules as (head atoms, body atoms, choice)."""

    def __init__(self) -> None:
        self.rules: list[tuple[Sequence[int], list[int], bool]] = []

    def rule(self, choice: bool, head: Sequence[int], body: Sequence[int]) -> None:
        self.rules.append((head, [abs(b) for b in body], choice))

    def weight_rule(self, choice: bool, head: Sequence[int], lower_bound: int,
                    body: Sequence[tuple[int, int]]) -> None:
        self.rules.append((head, [abs(b) for b, _ in body], choice))


class _Classes:
    """Union-find over program atoms."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, a: int) -> int:
        root = a
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while a != root:
            a, self.parent[a] = self.parent.get(a, a), root
        return root

    def union(self, atoms: Sequence[int]) -> None:
        if not atoms:
            return
        first = self.find(atoms[0])
        for a in atoms[1:]:
            r = self.find(a)
            if r != first:
                self.parent[r] = first


def atom_classes(rules: list[tuple[Sequence[int], list[int], bool]]) -> tuple[set[int], _Classes]:
    """The atoms that depend on a choice (tainted) and the classes they fall into: a rule
    joins the tainted atoms of its head and body. Two tainted atoms in different classes
    appear in no common rule, so no answer set ties them together; untainted atoms hold
    the same way in every answer set."""
    tainted: set[int] = set()
    users: dict[int, list[int]] = {}
    todo: list[int] = []
    for n, (head, body, choice) in enumerate(rules):
        for b in body:
            users.setdefault(b, []).append(n)
        if choice:
            todo.extend(head)
    seen_rules: set[int] = set()
    while todo:
        a = todo.pop()
        if a in tainted:
            continue
        tainted.add(a)
        for n in users.get(a, ()):
            if n not in seen_rules:
                seen_rules.add(n)
                todo.extend(rules[n][0])
    classes = _Classes()
    constraint = -1  # a headless rule joins its body through an atom of its own
    for head, body, _ in rules:
        atoms = [a for a in itertools.chain(head, body) if a in tainted]
        if not head and atoms:
            atoms.append(constraint)
            constraint -= 1
        classes.union(atoms)
    return tainted, classes


@dataclass
class Part:
    vars: list[solving._Var]
    atoms: frozenset[Any]  # the part's conclusion symbols
    outcomes: list[frozenset[Any]]  # distinct, each the part's conclusions in it
    cubes: dict[int, list[dict[Any, Any]]]  # outcome index -> cubes over the part's variables


def split(draft_id: str, fb: Any, pins: dict[str, bool]) -> tuple[frozenset[Any], list[Part]] | None:
    """(the conclusions outside every part, the parts), or None when a part has more than
    PART_READINGS_LIMIT readings or a conclusion cannot be placed."""
    ctl = solving.make_control()
    rules = _Rules()
    ctl.register_observer(rules)
    solving.load(ctl, draft_id, fb)
    solver = solving.DraftSolver(draft_id, fb, pins, ctl=ctl)
    tainted, classes = atom_classes(rules.rules)
    bounds.solve_options(ctl).project = "no"

    def lit_class(lit: int | None) -> int | None:
        if lit is None or abs(lit) not in tainted:
            return None
        return classes.find(abs(lit))

    by_class: dict[int, list[solving._Var]] = {}
    for v in solver.vars:
        found = {c for lit in v.lits.values() if (c := lit_class(lit)) is not None}
        if len(found) > 1:  # pragma: no cover - a variable's atoms share its choice rule
            return None
        if found:
            by_class.setdefault(found.pop(), []).append(v)
    brave = solver.consequences("brave")
    if any(solver.lit(s) is None for s in brave):  # pragma: no cover - conclusions are atoms
        return None
    shown = {sym: lit_class(solver.lit(sym)) for sym in brave}
    if any(c is not None and c not in by_class for c in shown.values()):
        return None  # a conclusion varies with no variable of ours: not ours to cut
    reference = next(iter(_models(ctl, [], 1, solver.vars)), None)
    if reference is None:  # pragma: no cover - large_result is only asked of satisfiable ones
        return None
    ref_values = dict(zip(solver.vars, reference[0], strict=True))
    fixed = frozenset(s for s, c in shown.items() if c is None and s in reference[1])
    parts: list[Part] = []
    for c, vars_ in sorted(by_class.items(), key=lambda kv: kv[1][0].key):
        atoms = frozenset(s for s, cls in shown.items() if cls == c)
        others = [lit for v in solver.vars if v not in vars_ for lit in v.assume(ref_values[v])]
        rows = []
        for values, syms in _models(ctl, others, PART_READINGS_LIMIT + 1, vars_):
            rows.append((syms & atoms, values))
        if len(rows) > PART_READINGS_LIMIT or not rows:
            return None
        outcomes = list(dict.fromkeys(o for o, _ in rows))
        number = {o: k for k, o in enumerate(outcomes)}
        cubes = cover([(values, number[o]) for o, values in rows], [v.values for v in vars_],
                      [v.question for v in vars_]) if len(outcomes) > 1 else {0: [{}]}
        parts.append(Part(vars_, atoms, outcomes, {cast(int, o): cubes[o] for o in cubes}))
    return fixed, parts


def _models(ctl: clingo.Control, assumptions: list[int], limit: int,
            vars_: Sequence[solving._Var] = ()) -> Iterator[tuple[tuple[Any, ...], frozenset[Any]]]:
    bounds.solve_options(ctl).models = limit
    with ctl.solve(yield_=True, assumptions=assumptions) as handle:
        for model in handle:
            yield tuple(v.value(model) for v in vars_), frozenset(model.symbols(shown=True))


def first_combinations(choices: list[list[list[int]]], limit: int) -> list[tuple[int, ...]]:
    """The first `limit` combinations (one index per part) in the order of their sorted
    rank lists, compared as lists (a prefix first). `choices[p][i]` is the sorted ranks of
    outcome i of part p; parts hold disjoint ranks.

    A walk of the trie of the combined rank lists: at a node (the ranks chosen so far,
    the last one `last`), ending is possible when every part has a remaining outcome with
    nothing above `last`; going on with rank r of part p when p has a remaining outcome
    whose next rank is r and every other part one whose next rank is above r. Every node
    so reached completes, so the walk costs the nodes of the listed outcomes alone."""
    out: list[tuple[int, ...]] = []
    inf = float("inf")

    def nxt(ranks: list[int], last: int) -> float:
        for r in ranks:
            if r > last:
                return r
        return inf

    def summary(n: dict[int, float]) -> tuple[dict[int, float], float, float, list[float]]:
        # (remaining outcomes -> their next rank, the highest and lowest of those,
        # the distinct finite ones): one per part, rebuilt only for the parts a step changes
        values = set(n.values())
        return n, max(values), min(values), sorted(values - {inf})

    def walk(parts: list[tuple[dict[int, float], float, float, list[float]]]) -> None:
        while True:
            tops = [t for _, t, _, _ in parts]
            first = min(tops)
            if first == inf:
                out.append(tuple(next(i for i, r in n.items() if r == inf) for n, _, _, _ in parts))
            at = tops.index(first)
            second = min(tops[:at] + tops[at + 1:], default=inf)
            # a rank r of part p can come next when every other part can wait past it
            feasible = sorted((r, p) for p, part in enumerate(parts) for r in part[3]
                              if r < (second if p == at else first))
            if len(feasible) == 1 and first != inf:  # one way on: no branch, no recursion
                parts = _step(parts, *feasible[0], choices, summary)
                continue
            for r, p in feasible:
                if len(out) >= limit:
                    return
                walk(_step(parts, r, p, choices, summary))
            return

    walk([summary({i: nxt(ranks, -1) for i, ranks in enumerate(c)}) for c in choices])
    return out[:limit]


def _step(parts: list[Any], r: float, p: int, choices: list[list[list[int]]], summary: Callable[..., Any]) -> list[Any]:
    """The parts after taking rank r of part p."""
    def nxt(ranks: list[int]) -> float:
        for x in ranks:
            if x > r:
                return x
        return float("inf")

    return [summary({i: nxt(choices[q][i]) for i, x in part[0].items() if x == r}) if q == p
            else part if part[2] > r else summary({i: x for i, x in part[0].items() if x > r})
            for q, part in enumerate(parts)]


def large_result(solver: solving.DraftSolver, max_outcomes: int,
                 to_conclusion: Callable[[clingo.Symbol], Any]) -> solving.DraftResult:
    """The result of a scenario with more than `max_outcomes` outcomes."""
    cut = split(solver.draft_id, solver.fb, solver.pins)
    if cut is None:
        return _unsplit(solver, max_outcomes)
    fixed, parts = cut
    varying = [p for p in parts if len(p.outcomes) > 1]
    union = fixed.union(*(o for p in parts for o in p.outcomes))
    conv = {s: to_conclusion(s) for s in union}
    order = sorted(union, key=lambda s: conv[s].sort_key())
    rank = {s: k for k, s in enumerate(order)}
    common = fixed.union(*(frozenset.intersection(*p.outcomes) for p in parts))
    fixed_all = fixed.union(*(p.outcomes[0] for p in parts if len(p.outcomes) == 1))
    choices = [[sorted(rank[s] for s in o) for o in p.outcomes] for p in varying]
    fixed_ranks = sorted(rank[s] for s in fixed_all)
    choices.append([fixed_ranks])
    count = 1
    for p in varying:
        count *= len(p.outcomes)
    path_order = {v.path: k for k, v in enumerate(solver.fb.variables)}
    outcomes = []
    for combo in first_combinations(choices, max_outcomes):
        ranks = sorted(itertools.chain.from_iterable(choices[n][i] for n, i in enumerate(combo)))
        conclusions = tuple(conv[order[r]] for r in ranks)
        per_part = [[{p.vars[v]: x for v, x in c.items()} for c in p.cubes[i]]
                    for p, i in zip(varying, combo[:-1], strict=True)]
        for p in parts:
            if len(p.outcomes) == 1:
                per_part.append([{}])
        outcomes.append(_outcome(conclusions, per_part, path_order))
    always = [conv[s] for s in order if s in common]
    sometimes = [conv[s] for s in order if s not in common]
    return solving.DraftResult(solver.draft_id, "ambiguous", solver.raised_pins(), always, sometimes,
                               outcomes, count - len(outcomes))


def _outcome(conclusions: tuple[Any, ...], per_part: list[list[dict[Any, Any]]], path_order: dict[Any, Any]) -> solving.Outcome:
    total = 1
    for cubes in per_part:
        total *= len(cubes)
    combos = itertools.islice(itertools.product(*per_part), ALTERNATIVES_LIMIT)
    alts = {solving.render_alternative({k: v for c in combo for k, v in c.items()}) for combo in combos}
    listed = sorted(alts, key=lambda a: solving.alt_key(a, path_order))
    return solving.Outcome(conclusions, listed, max(0, total - len(listed)))


def _unsplit(solver: solving.DraftSolver, max_outcomes: int) -> solving.DraftResult:
    """No independent parts to count by: the first outcomes the solver finds, the rest
    counted in clingo up to COUNT_LIMIT."""
    raw = solver.outcomes(max_outcomes)
    brave = frozenset(solver.consequences("brave"))
    cautious = frozenset(solver.consequences("cautious"))
    count = solver.count_outcomes(COUNT_LIMIT + 1)
    result = solving.assemble(solver.draft_id, solver.fb.variables, raw,
                              lambda o: [solver.with_implied(c) for c in solver.alternatives(o, brave)],
                              solver.raised_pins(), max_outcomes, solver.to_conclusion,
                              union=brave, common=cautious)
    result.more_outcomes = min(count, COUNT_LIMIT) - max_outcomes
    result.outcomes_counted = count <= COUNT_LIMIT
    return result
