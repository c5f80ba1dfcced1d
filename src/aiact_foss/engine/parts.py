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
    """The ground program's rules as (head atoms, body atoms, choice), and the atoms that
    have a name (a symbol, or the condition of an output term)."""

    def __init__(self) -> None:
        self.rules: list[tuple[Sequence[int], list[int], bool]] = []
        self.named: set[int] = set()

    def rule(self, choice: bool, head: Sequence[int], body: Sequence[int]) -> None:
        self.rules.append((head, [abs(b) for b in body], choice))

    def weight_rule(self, choice: bool, head: Sequence[int], lower_bound: int,
                    body: Sequence[tuple[int, int]]) -> None:
        self.rules.append((head, [abs(b) for b, _ in body], choice))

    def output_atom(self, symbol: clingo.Symbol, atom: int) -> None:
        self.named.add(atom)

    def output_term(self, symbol: clingo.Symbol, condition: Sequence[int]) -> None:
        self.named.update(abs(c) for c in condition)

    def live(self) -> list[tuple[Sequence[int], list[int], bool]]:
        """The rules without those that only derive nameless atoms no rule reads (the
        grounder's helpers for a projection, e.g. `applies_from(_, _, _, T)`, left over
        once the rule reading them was simplified away): such an atom decides nothing,
        but would join every part it is derived in."""
        readers: dict[int, int] = {}
        deriving: dict[int, list[int]] = {}
        for n, (head, body, _) in enumerate(self.rules):
            for b in body:
                readers[b] = readers.get(b, 0) + 1
            for h in head:
                deriving.setdefault(h, []).append(n)

        def dead(a: int) -> bool:
            return a not in self.named and not readers.get(a)

        alive = [True] * len(self.rules)
        todo = [n for n, (head, _, _) in enumerate(self.rules) if head and all(map(dead, head))]
        while todo:
            n = todo.pop()
            if not alive[n]:
                continue
            alive[n] = False
            for b in self.rules[n][1]:
                readers[b] -= 1
                if dead(b):
                    todo.extend(m for m in deriving.get(b, ()) if alive[m] and all(map(dead, self.rules[m][0])))
        return [r for r, keep in zip(self.rules, alive, strict=True) if keep]


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


def atom_classes(rules: list[tuple[Sequence[int], list[int], bool]],
                 free: frozenset[int] = frozenset()) -> tuple[set[int], _Classes]:
    """The atoms that depend on a choice (tainted) and the classes they fall into: a rule
    joins the tainted atoms of its head and body. Two tainted atoms in different classes
    appear in no common rule, so no answer set ties them together; untainted atoms hold
    the same way in every answer set. `free`: choice atoms that are not branched on here
    (each is fixed by an assumption before solving, see `_shared`), so they taint nothing;
    if one of them is tainted all the same, it depends on another choice."""
    tainted: set[int] = set()
    users: dict[int, list[int]] = {}
    todo: list[int] = []
    for n, (head, body, choice) in enumerate(rules):
        for b in body:
            users.setdefault(b, []).append(n)
        if choice:
            todo.extend(h for h in head if h not in free)
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


@dataclass
class Branch:
    """The scenario under one assignment of the shared variables (none when the parts
    are independent as they stand): the conclusions that hold throughout it, and its
    parts, the same classes in the same order in every branch."""

    values: dict[solving._Var, Any]
    fixed: frozenset[Any]
    parts: list[Part]


class _Oversized(Exception):
    """A part has more than PART_READINGS_LIMIT readings."""


def split(draft_id: str, fb: Any, pins: dict[str, bool]) -> tuple[frozenset[Any], list[Part]] | None:
    """(the conclusions outside every part, the parts) when the parts are independent
    without fixing a shared variable; None otherwise (see `branches`)."""
    cut = branches(draft_id, fb, pins)
    if cut is None or len(cut) != 1 or cut[0].values:
        return None
    return cut[0].fixed, cut[0].parts


def branches(draft_id: str, fb: Any, pins: dict[str, bool]) -> list[Branch] | None:
    """The scenario cut into independent parts: one branch when the parts are
    independent as they stand; else, when a few shared variables (an open question
    raised for every model, say) join parts that are otherwise independent, one branch
    per feasible assignment of those. None when a part still has more than
    PART_READINGS_LIMIT readings or a conclusion cannot be placed."""
    ctl = solving.make_control()
    rules = _Rules()
    ctl.register_observer(rules)
    solving.load(ctl, draft_id, fb)
    solver = solving.DraftSolver(draft_id, fb, pins, ctl=ctl)
    bounds.solve_options(ctl).project = "no"
    brave = solver.consequences("brave")
    if any(solver.lit(s) is None for s in brave):  # pragma: no cover - conclusions are atoms
        return None
    rules.named.update(_atoms(solver.vars))  # shown or not, a variable is ours to report
    live = rules.live()
    tainted, classes = atom_classes(live)
    try:
        return _branches(ctl, solver, brave, tainted, classes, [])
    except _Oversized:
        pass
    shared = _shared(live, solver, tainted, classes)
    if not shared:
        return None
    tainted, classes = atom_classes(live, _atoms(shared))
    try:
        return _branches(ctl, solver, brave, tainted, classes, shared)
    except _Oversized:
        return None


# Shared variables tried, by how many rules read them, and the most assignments of them.
SHARED_CANDIDATES = 8
SHARED_ASSIGNMENTS_LIMIT = 64


def _atoms(vars_: Sequence[solving._Var]) -> frozenset[int]:
    return frozenset(abs(lit) for v in vars_ for lit in v.lits.values() if lit is not None)


def _widest(solver: solving.DraftSolver, tainted: set[int], classes: _Classes,
            shared: Sequence[solving._Var]) -> int:
    """The most readings a part can have, by the domains of its variables."""
    room: dict[int, int] = {}
    for v in solver.vars:
        if v in shared:
            continue
        found = {classes.find(abs(lit)) for lit in v.lits.values() if lit is not None and abs(lit) in tainted}
        for c in found:
            room[c] = room.get(c, 1) * len(v.domain())
    return max(room.values(), default=1)


def _shared(rules: list[tuple[Sequence[int], list[int], bool]], solver: solving.DraftSolver,
            tainted: set[int], classes: _Classes) -> list[solving._Var]:
    """Variables whose fixed values leave parts of at most PART_READINGS_LIMIT readings
    (by their domains), chosen greedily among the most read ones of the too wide parts;
    [] when none does it within SHARED_ASSIGNMENTS_LIMIT assignments. A variable qualifies
    only when no other choice decides its atoms (its question raised by the facts alone)."""
    room: dict[int, int] = {}
    for v in solver.vars:
        for c in {classes.find(abs(lit)) for lit in v.lits.values() if lit is not None and abs(lit) in tainted}:
            room[c] = room.get(c, 1) * len(v.domain())
    wide = {c for c, n in room.items() if n > PART_READINGS_LIMIT}
    # Only the rules with an atom of a wide part can join or split its atoms (fixing
    # variables only takes taint away): the trials below cost that part's size alone.
    rules = [r for r in rules
             if any(a in tainted and classes.find(a) in wide for a in itertools.chain(r[0], r[1]))]
    reads: dict[int, int] = {}
    for head, body, _ in rules:
        for a in itertools.chain(head, body):
            reads[a] = reads.get(a, 0) + 1
    candidates = [v for v in solver.vars
                  if any(lit is not None and abs(lit) in tainted and classes.find(abs(lit)) in wide
                         for lit in v.lits.values())]
    candidates.sort(key=lambda v: -sum(reads.get(a, 0) for a in _atoms([v])))
    candidates = candidates[:SHARED_CANDIDATES]
    shared: list[solving._Var] = []
    widest = max(room.values(), default=1)
    assignments = 1
    while widest > PART_READINGS_LIMIT:
        best: tuple[int, solving._Var] | None = None
        for v in candidates:
            if v in shared or assignments * len(v.domain()) > SHARED_ASSIGNMENTS_LIMIT:
                continue
            free = _atoms([*shared, v])
            t, cl = atom_classes(rules, free)
            if any(a in t for a in free):
                continue
            w = _widest(solver, t, cl, [*shared, v])
            if best is None or w < best[0]:
                best = (w, v)
        if best is None or best[0] >= widest:
            return []
        widest = best[0]
        shared.append(best[1])
        assignments *= len(best[1].domain())
    return shared


def _branches(ctl: clingo.Control, solver: solving.DraftSolver, brave: list[clingo.Symbol], tainted: set[int],
              classes: _Classes, shared: list[solving._Var]) -> list[Branch] | None:
    def lit_class(lit: int | None) -> int | None:
        if lit is None or abs(lit) not in tainted:
            return None
        return classes.find(abs(lit))

    by_class: dict[int, list[solving._Var]] = {}
    for v in solver.vars:
        if v in shared:
            continue
        found = {c for lit in v.lits.values() if (c := lit_class(lit)) is not None}
        if len(found) > 1:  # pragma: no cover - a variable's atoms share its choice rule
            return None
        if found:
            by_class.setdefault(found.pop(), []).append(v)
    shown = {sym: lit_class(solver.lit(sym)) for sym in brave}
    if any(c is not None and c not in by_class for c in shown.values()):
        return None  # a conclusion varies with no variable of ours: not ours to cut
    out: list[Branch] = []
    for sigma in itertools.product(*(v.domain() for v in shared)):
        base = [lit for v, x in zip(shared, sigma, strict=True) for lit in v.assume(x)]
        reference = next(iter(_models(ctl, base, 1, solver.vars)), None)
        if reference is None:
            continue  # no reading with these values
        ref_values = dict(zip(solver.vars, reference[0], strict=True))
        fixed = frozenset(s for s, c in shown.items() if c is None and s in reference[1])
        parts: list[Part] = []
        for c, vars_ in sorted(by_class.items(), key=lambda kv: kv[1][0].key):
            atoms = frozenset(s for s, cls in shown.items() if cls == c)
            others = [lit for v in solver.vars if v not in vars_ and v not in shared
                      for lit in v.assume(ref_values[v])]
            rows = []
            for values, syms in _models(ctl, base + others, PART_READINGS_LIMIT + 1, vars_):
                rows.append((syms & atoms, values))
            if len(rows) > PART_READINGS_LIMIT:
                raise _Oversized
            if not rows:  # pragma: no cover - the reference reading is one
                return None
            outcomes = list(dict.fromkeys(o for o, _ in rows))
            number = {o: k for k, o in enumerate(outcomes)}
            cubes = cover([(values, number[o]) for o, values in rows], [v.values for v in vars_],
                          [v.question for v in vars_]) if len(outcomes) > 1 else {0: [{}]}
            parts.append(Part(vars_, atoms, outcomes, {cast(int, o): cubes[o] for o in cubes}))
        out.append(Branch(dict(zip(shared, sigma, strict=True)), fixed, parts))
    return out or None


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

    A walk over the decisions alone: at a node every part keeps the outcomes that agree
    with the ranks decided so far, and the next decision is the lowest rank d that some
    but not all of its part's kept outcomes hold (ranks every kept outcome holds, or
    none, order nothing). Below the node the combinations come in this order: the one
    that holds nothing above d, if every part keeps an outcome that does (a prefix of
    all the others); then those that hold d; then those that do not. So each listed
    combination costs the decisions on its way, each a few list operations."""
    inf = float("inf")
    sets = [[frozenset(o) for o in c] for c in choices]
    tops = [[o[-1] if o else -1 for o in c] for c in choices]

    def decision(p: int, kept: tuple[int, ...]) -> float:
        if len(kept) < 2:
            return inf
        held = [sets[p][i] for i in kept]
        return min(frozenset.union(*held) - frozenset.intersection(*held))

    def low(p: int, kept: tuple[int, ...]) -> float:
        return min(tops[p][i] for i in kept)

    out: list[tuple[int, ...]] = []
    listed: set[tuple[int, ...]] = set()

    def emit(combo: tuple[int, ...]) -> None:
        if combo not in listed:  # the prefix combination is met again below its node
            listed.add(combo)
            out.append(combo)

    start = [tuple(range(len(c))) for c in choices]
    stack = [(start, [decision(p, k) for p, k in enumerate(start)], [low(p, k) for p, k in enumerate(start)])]
    while stack and len(out) < limit:
        kept, nd, lo = stack.pop()
        d = min(nd, default=inf)
        if d == inf:
            emit(tuple(k[0] for k in kept))
            continue
        p = nd.index(d)
        holding = tuple(i for i in kept[p] if d in sets[p][i])
        lacking = tuple(i for i in kept[p] if d not in sets[p][i])
        lo_lacking = lo[:p] + [low(p, lacking)] + lo[p + 1:]
        if max(lo_lacking) <= d:
            emit(tuple(next(i for i in (lacking if q == p else k) if tops[q][i] <= d) for q, k in enumerate(kept)))
        for branch, lows in ((lacking, lo_lacking), (holding, lo[:p] + [low(p, holding)] + lo[p + 1:])):
            stack.append((kept[:p] + [branch] + kept[p + 1:], nd[:p] + [decision(p, branch)] + nd[p + 1:], lows))
    return out[:limit]


def large_result(solver: solving.DraftSolver, max_outcomes: int,
                 to_conclusion: Callable[[clingo.Symbol], Any]) -> solving.DraftResult:
    """The result of a scenario with more than `max_outcomes` outcomes."""
    cut = branches(solver.draft_id, solver.fb, solver.pins)
    if cut is None:
        return _unsplit(solver, max_outcomes)
    union = frozenset().union(*(b.fixed.union(*(o for p in b.parts for o in p.outcomes)) for b in cut))
    conv = {s: to_conclusion(s) for s in union}
    order = sorted(union, key=lambda s: conv[s].sort_key())
    rank = {s: k for k, s in enumerate(order)}
    common = frozenset.intersection(*(b.fixed.union(*(frozenset.intersection(*p.outcomes) for p in b.parts))
                                      for b in cut))
    # the first outcomes of each branch, merged: an outcome among the first of all is among
    # the first of every branch that has it
    found: dict[tuple[int, ...], list[tuple[Branch, tuple[int, ...]]]] = {}
    for b in cut:
        varying = [p for p in b.parts if len(p.outcomes) > 1]
        fixed_all = b.fixed.union(*(p.outcomes[0] for p in b.parts if len(p.outcomes) == 1))
        choices = [[sorted(rank[s] for s in o) for o in p.outcomes] for p in varying]
        choices.append([sorted(rank[s] for s in fixed_all)])
        for combo in first_combinations(choices, max_outcomes):
            ranks = tuple(sorted(itertools.chain.from_iterable(choices[n][i] for n, i in enumerate(combo))))
            found.setdefault(ranks, []).append((b, combo))
    count, exact = _count(cut)
    path_order = {v.path: k for k, v in enumerate(solver.fb.variables)}
    outcomes = []
    for ranks in sorted(found)[:max_outcomes]:
        conclusions = tuple(conv[order[r]] for r in ranks)
        ways = []
        for b, combo in found[ranks]:
            varying = [p for p in b.parts if len(p.outcomes) > 1]
            per_part = [[{p.vars[v]: x for v, x in c.items()} for c in p.cubes[i]]
                        for p, i in zip(varying, combo[:-1], strict=True)]
            for p in b.parts:
                if len(p.outcomes) == 1:
                    per_part.append([{}])
            if b.values:
                per_part.append([dict(b.values)])
            ways.append(per_part)
        outcomes.append(_outcome(conclusions, ways, path_order))
    result = solving.DraftResult(solver.draft_id, "ambiguous", solver.raised_pins(),
                                 [conv[s] for s in order if s in common],
                                 [conv[s] for s in order if s not in common], outcomes, count - len(outcomes))
    result.outcomes_counted = exact
    return result


# Branches with the same fixed conclusions whose outcomes are counted together (by
# inclusion and exclusion over their subsets); past it the count is a lower bound.
OVERLAP_LIMIT = 10


def _count(cut: list[Branch]) -> tuple[int, bool]:
    """The number of distinct outcomes and whether it is exact. An outcome is its
    branch's fixed conclusions and one outcome of each part, on disjoint atoms, so two
    branches share an outcome only when their fixed conclusions agree, and then share
    the combinations of the parts' common outcomes."""
    groups: dict[frozenset[Any], list[Branch]] = {}
    for b in cut:
        groups.setdefault(b.fixed, []).append(b)
    total, exact = 0, True

    def product(sets: Sequence[set[frozenset[Any]]]) -> int:
        n = 1
        for s in sets:
            n *= len(s)
        return n

    for group in groups.values():
        per = [[set(p.outcomes) for p in b.parts] for b in group]
        if len(group) > OVERLAP_LIMIT:
            total += max(product(sets) for sets in per)
            exact = False
            continue
        for size in range(1, len(group) + 1):
            for subset in itertools.combinations(per, size):
                inter = [set.intersection(*col) for col in zip(*subset, strict=True)]
                total += (-1) ** (size + 1) * product(inter)
    return total, exact


def _outcome(conclusions: tuple[Any, ...], ways: list[list[list[dict[Any, Any]]]],
             path_order: dict[Any, Any]) -> solving.Outcome:
    """The outcome with its alternatives: in each way to it (a branch), one cube of each
    part's outcome combined."""
    total = 0
    alts: set[solving.Alternative] = set()
    for per_part in ways:
        n = 1
        for cubes in per_part:
            n *= len(cubes)
        total += n
        combos = itertools.islice(itertools.product(*per_part), ALTERNATIVES_LIMIT)
        alts |= {solving.render_alternative({k: v for c in combo for k, v in c.items()}) for combo in combos}
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
