"""Ground and solve one scenario under one draft; return its distinct outcomes.

1. Enumerate answer sets projected onto the conclusions (`--project=show`): readings that
   agree collapse into one outcome, so 2^k agreeing readings cost one model.
2. For each listed outcome, find what leads to it by splitting the space of readings
   (open questions and unknown facts) with assumptions: a cube of fixed values whose
   readings all lead to the outcome is one alternative.
3. When the facts contradict each other, the scenario's fields become assumptions and a
   deletion loop shrinks the unsatisfiable core to a subset-minimal conflict.

Size: over 400 lines because the enumeration, the table of readings and the split by
assumptions share one packing of readings and one assembly of alternatives; it splits
with the one-engine work (a Query and one result assembler).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import clingo
import clingo.ast
from clingo import Function

from aiact_foss.engine import bounds, model_bits
from aiact_foss.engine import conclusions as concl
from aiact_foss.language import facts
from aiact_foss.language.facts import FactBase
from aiact_foss.law import compiled


@dataclass(frozen=True)
class Alternative:
    questions: tuple[tuple[str, bool], ...]  # sorted by id
    unknowns: tuple[tuple[str, Any], ...]  # (path, value), sorted by path order

    def to_json(self) -> dict[Any, Any]:
        return {"questions": dict(self.questions), "unknowns": [{"path": p, "value": v} for p, v in self.unknowns]}


@dataclass
class Outcome:
    conclusions: tuple[concl.Conclusion, ...]
    alternatives: list[Alternative] = field(default_factory=list)
    more_alternatives: int = 0  # beyond the list, when too many to build (engine/parts.py)

    @cached_property
    def conclusion_set(self) -> frozenset[concl.Conclusion]:
        """For membership tests: asked for every conclusion, a tuple scan is quadratic."""
        return frozenset(self.conclusions)


@dataclass
class DraftResult:
    draft: str
    status: str  # determinate | ambiguous | inconsistent
    pinned: dict[str, bool]
    always: list[concl.Conclusion]
    sometimes: list[concl.Conclusion]
    outcomes: list[Outcome]  # the listed ones (at most max_outcomes)
    more_outcomes: int = 0
    conflict: list[tuple[str, Any]] = field(default_factory=list)
    outcomes_counted: bool = True  # False: more_outcomes is a lower bound (more than that)


class _Var:
    """A branching point: an unknown fact or a raised, unpinned question. `value(model)`
    is its value in that reading (None: a question not raised there); `assume(v)` the
    literals that fix it."""

    def __init__(self, key: tuple[Any, ...], label: str, values: tuple[Any, ...], lits: dict[Any, Any], question: bool):
        self.key, self.label, self.values, self.lits, self.question = key, label, values, lits, question

    def value(self, model: clingo.Model) -> Any:
        if self.question:
            raised, yes = self.lits["raised"], self.lits["yes"]
            if not model.is_true(raised):
                return None
            return yes is not None and model.is_true(yes)
        for v in self.values:
            lit = self.lits[v]
            if lit is not None and model.is_true(lit):
                return v
        return False  # a tri field whose atom is false

    def assume(self, v: Any) -> list[int]:
        if self.question:
            raised, yes = self.lits["raised"], self.lits["yes"]
            if v is None:
                return [-raised]
            if yes is None:  # the choice atom was simplified away: only one value possible
                return [raised] if not v else [raised, -raised]
            return [raised, yes if v else -yes]
        lit = self.lits[v]
        if lit is None:  # the false value of a tri field
            return [-self.lits[True]]
        return [lit]

    def domain(self) -> tuple[Any, ...]:
        return self.values + ((None,) if self.question else ())


def variables(draft_id: str, unknowns: Any, raised: Any, pins: dict[str, bool], lit: Any) -> list[_Var]:
    """The branching points, in the order every way of solving uses: the unknown fields
    (FactBase.variables) in scenario order, then the raised questions (names) that are
    not pinned, by name. `lit(atom)` is the atom's literal, None when it has none. An
    unknown whose atoms no rule of the draft reads is no branching point there: it cannot
    lead to an outcome (a placing date under a text that has no dates)."""
    read = compiled.reads(draft_id)
    out: list[_Var] = []
    for k, v in enumerate(unknowns):
        if not v.read_by(read):
            continue
        lits = {val: (lit(a) if a is not None else None) for val, a in zip(v.values, v.atoms)}
        out.append(_Var((0, k), v.path, v.values, lits, question=False))
    for name in sorted(set(raised)):
        if name in pins:
            continue
        q = Function(name)
        lits = {"raised": lit(Function("raised", [q])), "yes": lit(Function("yes", [q]))}
        out.append(_Var((1, name), name, (False, True), lits, question=True))
    return out


def watch(vars_: list[_Var]) -> tuple[list[int], Any]:
    """The literals that give these variables their values, and a function from a bit mask
    over them (model_bits.Reader, bit i for the i-th literal) to the values, as
    `_Var.value` reads them from a model."""
    lits: list[int] = []

    def bit(lit: int | None) -> int:
        if lit is None:
            return 0
        lits.append(lit)
        return 1 << (len(lits) - 1)

    def question(raised: int, yes: int) -> Any:
        return lambda m: bool(m & yes) if m & raised else None

    def unknown(pairs: tuple[Any, ...]) -> Any:
        return lambda m: next((x for b, x in pairs if m & b), False)

    specs: list[tuple[int, dict[int, Any], Callable[[int], Any]]] = []  # per variable: its bits, the value of each combination of them (filled as met)
    for v in vars_:
        if v.question:
            raised, yes = bit(v.lits["raised"]), bit(v.lits["yes"])
            specs.append((raised | yes, {}, question(raised, yes)))
        else:
            pairs = tuple((bit(v.lits[x]), x) for x in v.values)
            specs.append((sum(b for b, _ in pairs), {}, unknown(pairs)))

    def values(mask: int) -> tuple[Any, ...]:
        out = []
        for bits, known, value in specs:
            m = mask & bits
            x = known.get(m, known)
            if x is known:
                x = known[m] = value(m)
            out.append(x)
        return tuple(out)

    return lits, values


def make_control() -> clingo.Control:
    return bounds.control(["--warn=none", "--project=show", "--models=0"])


def load(ctl: clingo.Control, draft_id: str, fb: FactBase) -> None:
    """The draft's rules and the scenario's facts, not yet ground."""
    _add_program(ctl, draft_id)
    _add_facts(ctl, draft_id, fb)


def _add_program(ctl: clingo.Control, draft_id: str) -> None:
    # the printed program, cached on disk (law/compiled.py): parsing the law is dearer
    # than solving a small scenario
    ctl.add("base", [], compiled.program(draft_id))


def _add_facts(ctl: clingo.Control, draft_id: str, fb: FactBase, *, as_choices: bool = False) -> None:
    """The scenario's facts (`as_choices`: every stated atom, true or false, as a free
    choice, for conflict search) as program text printed from their symbols, which
    clingo quotes. Not through the backend: atoms added there before grounding, choice
    atoms above all, were missed by the grounder in some programs, dropping readings."""
    ctl.add("base", [], facts.program_text(fb, as_choices=as_choices, read=compiled.reads(draft_id)))


class DraftSolver:
    """One scenario under one draft, ground once, queried many times."""

    def __init__(self, draft_id: str, fb: FactBase, pins: dict[str, bool], *, ctl: clingo.Control | None = None):
        """`ctl`: a Control already given the program (`load`), e.g. with an observer."""
        self.draft_id, self.fb, self.pins = draft_id, fb, pins
        if ctl is None:
            ctl = make_control()
            load(ctl, draft_id, fb)
        self.ctl = ctl
        self.ctl.ground([("base", [])])
        self._symbol_cache: dict[clingo.Symbol, concl.Conclusion] = {}
        self.vars = self._variables()
        self.packing = model_bits.Packing()  # one per Control: its priority levels are unique

    # -- reading the ground program ------------------------------------------------
    def lit(self, symbol: clingo.Symbol) -> int | None:
        atom = self.ctl.symbolic_atoms[symbol]
        return atom.literal if atom is not None else None

    def _variables(self) -> list[_Var]:
        raised = (str(a.symbol.arguments[0]) for a in self.ctl.symbolic_atoms.by_signature("raised", 1))
        return variables(self.draft_id, self.fb.variables, raised, self.pins, self.lit)

    def _conclusions(self, model: clingo.Model) -> frozenset[Any]:
        return frozenset(model.symbols(shown=True))

    def _solve(self, assumptions: list[int], limit: int) -> Any:
        """Yield (conclusion symbols, model) of at most `limit` distinct outcomes."""
        bounds.solve_options(self.ctl).models = limit
        with self.ctl.solve(yield_=True, assumptions=assumptions) as handle:
            for model in handle:
                yield self._conclusions(model), model

    def to_conclusion(self, symbol: clingo.Symbol) -> concl.Conclusion:
        c = self._symbol_cache.get(symbol)
        if c is None:
            c = self._symbol_cache[symbol] = concl.from_symbol(symbol)
        return c

    # -- the three steps -----------------------------------------------------------
    def outcomes(self, limit: int = 0) -> list[frozenset[Any]]:
        """The distinct outcomes, at most `limit` of them (0: all)."""
        return [c for c, _ in self._solve([], limit)]

    def consequences(self, mode: str) -> list[clingo.Symbol]:
        """The conclusions of some ("brave") or every ("cautious") answer set."""
        conf = bounds.solve_options(self.ctl)
        conf.enum_mode, conf.models = mode, 0
        try:
            last: list[clingo.Symbol] = []
            with self.ctl.solve(yield_=True) as handle:
                for model in handle:
                    last = model.symbols(shown=True)
            return last
        finally:
            conf.enum_mode = "auto"

    def readings_over(self, limit: int) -> bool:
        """More than `limit` readings? Counted in clingo (nothing copied to Python), and
        only when the variables' domains leave room for that many."""
        room = 1
        for v in self.vars:
            room *= len(v.domain())
            if room > limit:
                break
        else:
            return False
        bounds.solve_options(self.ctl).project = "no"
        try:
            return self.count_outcomes(limit + 1) > limit
        finally:
            bounds.solve_options(self.ctl).project = "show"

    def count_outcomes(self, limit: int) -> int:
        """The number of distinct outcomes, counted by clingo up to `limit`."""
        bounds.solve_options(self.ctl).models = limit
        self.ctl.solve()
        return int(self.ctl.statistics["summary"]["models"]["enumerated"])

    def raised_pins(self) -> dict[str, bool]:
        out = {}
        for q, v in sorted(self.pins.items()):
            lit = self.lit(Function("raised", [Function(q)]))
            if lit is not None and any(True for _ in self._solve([lit], 1)):
                out[q] = v
        return out

    def alternatives(self, target: frozenset[Any], union: frozenset[Any]) -> list[dict[Any, Any]]:
        """Cubes of readings that all lead to `target`: a list of {var: value} maps."""
        fix_target = []
        for s in union:
            lit = self.lit(s)
            if lit is not None:
                fix_target.append(lit if s in target else -lit)
        found: list[dict[Any, Any]] = []

        def explore(cube: dict[Any, Any]) -> None:
            base = [lit for var, val in cube.items() for lit in var.assume(val)]
            seen = [(c, self._assignment(m)) for c, m in self._solve(base, 2)]
            if not seen:
                return
            if len(seen) == 1 and seen[0][0] == target:
                found.append(cube)
                return
            hit = next((a for c, a in seen if c == target), None)
            if hit is None:
                hit = next((self._assignment(m) for _, m in self._solve(base + fix_target, 1)), None)
                if hit is None:
                    return
            other = next(a for c, a in seen if c != target)
            var = self._split(hit, other, cube)
            for val in var.domain():
                explore({**cube, var: val})

        explore({})
        return found

    def all_alternatives(self) -> dict[frozenset[Any], list[dict[Any, Any]]]:
        """Cubes of readings for every outcome at once: one decision tree over the space
        of readings (one solve per node, where `alternatives` grows one tree per
        outcome), in which a cube that every value of a split leads to is merged into
        one. An outcome's cubes are pairwise disjoint and cover exactly its readings,
        also as rendered (`_rendered_exactly`)."""

        def explore(cube: dict[Any, Any]) -> dict[Any, Any] | None:
            seen = [(c, self._assignment(m)) for c, m in self._solve(_assume(cube), 2)]
            if not seen:
                return None
            if len(seen) == 1:
                return {seen[0][0]: [{}]}
            var = self._split(seen[0][1], seen[1][1], cube)
            children = []
            for val in var.domain():
                sub = explore({**cube, var: val})
                if sub is not None:
                    children.append((val, sub))
            return _merge(var, children)

        tree = explore({}) or {}
        return {o: [c for cube in cubes for c in self._rendered_exactly(cube)] for o, cubes in tree.items()}

    def _rendered_exactly(self, cube: dict[Any, Any]) -> list[dict[Any, Any]]:
        """`cube`, split until leaving out its unraised questions (as rendering does)
        admits no reading in which one of them is raised."""
        unraised = [v for v, x in cube.items() if v.question and x is None]
        if not unraised:
            return [cube]
        stated = _assume({v: x for v, x in cube.items() if x is not None or not v.question})
        other = None
        for q in unraised:
            other = next((self._assignment(m) for _, m in self._solve(stated + [q.lits["raised"]], 1)), None)
            if other is not None:
                break
        if other is None:
            return [cube]
        inside = next(self._assignment(m) for _, m in self._solve(_assume(cube), 1))
        free = [v for v in self.vars if v not in cube and inside[v] != other[v]]
        if not free:  # pragma: no cover - raising decided by unraised questions alone
            return [cube]
        out = []
        for val in free[0].domain():
            sub = {**cube, free[0]: val}
            if any(True for _ in self._solve(_assume(sub), 1)):
                out.extend(self._rendered_exactly(sub))
        return out

    def reading_table(self, limit: int) -> Any:
        """Every answer set, one per reading (the program is deterministic once every
        choice is made): [(conclusion symbols, values per variable)] and the pinned
        questions raised somewhere; None when there are more than `limit` readings."""
        pin_lits = {}
        for q in self.pins:
            lit = self.lit(Function("raised", [Function(q)]))
            if lit is not None:
                pin_lits[q] = lit
        lits, values = watch(self.vars)
        pins_at = len(lits)
        with self.ctl.backend() as backend:
            reader = self.packing.reader(backend, lits + list(pin_lits.values()))
        rows, raised = [], 0
        bounds.solve_options(self.ctl).project = "no"
        try:
            for mask, model in self.packing.masks(self.ctl, reader, [], limit):
                rows.append((self._conclusions(model), values(mask)))
                raised |= mask
        finally:
            bounds.solve_options(self.ctl).project = "show"
        if len(rows) > limit:
            return None
        raised_pins = {q for n, q in enumerate(pin_lits) if raised >> (pins_at + n) & 1}
        return rows, {q: v for q, v in sorted(self.pins.items()) if q in raised_pins}

    def with_implied(self, cube: dict[Any, Any]) -> dict[Any, Any]:
        """The cube with every value it implies stated: a question raised (or an unknown
        fixed) in all of its readings with one value. Covers the same readings; says
        so openly (e.g. a question answered only when another is answered true)."""
        base = [lit for var, val in cube.items() for lit in var.assume(val)]
        out = dict(cube)
        for var in self.vars:
            if var in cube:
                continue
            feasible = [v for v in var.domain() if any(True for _ in self._solve(base + var.assume(v), 1))]
            if len(feasible) == 1 and feasible[0] is not None:
                out[var] = feasible[0]
        return out

    def _assignment(self, model: clingo.Model) -> dict[Any, Any]:
        return {var: var.value(model) for var in self.vars}

    def _split(self, a: dict[Any, Any], b: dict[Any, Any], cube: dict[Any, Any]) -> _Var:
        free = [v for v in self.vars if v not in cube]
        both = [v for v in free if a[v] is not None and b[v] is not None and a[v] != b[v]]
        either = [v for v in free if a[v] != b[v]]
        return (both or either)[0]


def _assume(cube: dict[Any, Any]) -> list[int]:
    return [lit for var, val in cube.items() for lit in var.assume(val)]


def _merge(var: _Var, children: list[Any]) -> dict[Any, Any]:
    """Join the cubes of a split on `var`: a cube found under every value `var` can take
    there holds without `var`; the others keep their value of `var`."""
    out: dict[Any, Any] = {}
    for o in set().union(*(sub.keys() for _, sub in children)):
        keys = [{frozenset(c.items()) for c in sub.get(o, ())} for _, sub in children]
        common = set.intersection(*keys)
        cubes = [dict(c) for c in common]
        for (val, _), ks in zip(children, keys):
            cubes.extend({var: val, **dict(c)} for c in ks - common)
        out[o] = cubes
    return out


def render_alternative(cube: dict[Any, Any]) -> Alternative:
    qs = tuple(sorted((v.label, val) for v, val in cube.items() if v.question and val is not None))
    us = tuple((v.label, val) for v, val in sorted(
        ((v, val) for v, val in cube.items() if not v.question), key=lambda p: p[0].key))
    return Alternative(qs, us)


def alt_key(alt: Alternative, order: dict[Any, Any]) -> tuple[Any, ...]:
    return (
        tuple((q, v) for q, v in alt.questions),
        tuple((order[p], _value_rank(v)) for p, v in alt.unknowns),
    )


def _value_rank(v: Any) -> Any:
    return (0, int(v)) if isinstance(v, bool) else (1, v)


# Up to this many readings, one enumeration gives outcomes and alternatives at once;
# beyond it, projection onto the conclusions and a solver-driven split take over.
READINGS_LIMIT = 512


def solve(draft_id: str, fb: FactBase, pins: dict[str, bool], *, max_outcomes: int = 256) -> DraftResult:
    return solve_on(DraftSolver(draft_id, fb, pins), max_outcomes)


def solve_on(solver: DraftSolver, max_outcomes: int) -> DraftResult:
    """`solve` on a solver already ground (which the caller may query again, e.g. for
    witnesses: `witness(..., solver=)`)."""
    draft_id, fb, pins = solver.draft_id, solver.fb, solver.pins
    table = None if solver.readings_over(READINGS_LIMIT) else solver.reading_table(READINGS_LIMIT)
    if table is not None:
        return _from_table(solver, table, max_outcomes)
    count = solver.count_outcomes(max_outcomes + 1)  # in clingo: the outcomes past the list are not copied
    if not count:
        return inconsistent(draft_id, fb, pins)
    if count > max_outcomes:
        from aiact_foss.engine.parts import large_result

        return large_result(solver, max_outcomes, solver.to_conclusion)
    raw = solver.outcomes()
    union = frozenset.union(*raw)
    # One tree for all outcomes costs one solve per node; past max_outcomes most of it
    # would be spent on outcomes that are not listed, so each listed one is searched alone.
    shared = solver.all_alternatives() if 1 < len(raw) <= max_outcomes else None

    def cubes_of(o: frozenset[Any]) -> list[dict[Any, Any]]:
        cubes = shared[o] if shared is not None else solver.alternatives(o, union)
        return [solver.with_implied(c) for c in cubes]

    return assemble(draft_id, fb.variables, raw, cubes_of, solver.raised_pins(), max_outcomes, solver.to_conclusion)


def inconsistent(draft_id: str, fb: FactBase, pins: dict[str, bool]) -> DraftResult:
    """The result of a scenario with no answer set under the draft: no pin is raised in
    any reading, and the conflict says why."""
    return DraftResult(draft_id, "inconsistent", {}, [], [], [], 0, conflict(draft_id, fb, pins))


def _from_table(solver: DraftSolver, table: Any, max_outcomes: int) -> DraftResult:
    rows, pinned = table
    if not rows:
        assert not pinned  # no reading, nothing raised
        return inconsistent(solver.draft_id, solver.fb, solver.pins)
    return table_result(solver.draft_id, solver.fb.variables, solver.vars, rows, pinned, max_outcomes,
                        solver.to_conclusion)


def table_result(draft_id: str, variables: Any, vars_: list[_Var], rows: Any, pinned: dict[str, bool], max_outcomes: int,
                 to_conclusion: Any) -> DraftResult:
    """The result from a non-empty table of readings: `rows` are (conclusion symbols,
    values per variable of `vars_`), one per reading; `variables` the scenario's unknowns
    (FactBase.variables, for the order of paths); `pinned` the pins raised somewhere.
    `solve` and `batch` both build their results here, so they cannot differ."""
    from aiact_foss.engine.readings import cover

    raw = list(dict.fromkeys(c for c, _ in rows))
    number = {o: k for k, o in enumerate(raw)}  # small keys: comparing symbol sets is slow
    cubes = cover([(values, number[o]) for o, values in rows], [v.values for v in vars_],
                  [v.question for v in vars_]) if len(raw) > 1 else {}

    def cubes_of(o: frozenset[Any]) -> list[dict[Any, Any]]:
        return [{vars_[v]: x for v, x in c.items()} for c in cubes[number[o]]]

    return assemble(draft_id, variables, raw, cubes_of, pinned, max_outcomes, to_conclusion)


def assemble(draft_id: str, variables: Any, raw: list[frozenset[Any]], cubes_of: Any, pinned: dict[str, bool],
             max_outcomes: int, to_conclusion: Any, *, union: frozenset[Any] | None = None,
             common: frozenset[Any] | None = None) -> DraftResult:
    """The result from the distinct outcomes (sets of conclusion symbols) and, for each
    listed one when there are several, its cubes ({variable: value}). `union`, `common`:
    the conclusions of some and of every outcome, when `raw` lists only some outcomes."""
    if common is None:
        common = frozenset.intersection(*raw)
    if union is None:
        union = frozenset.union(*raw)
    # each conclusion converted and ranked once; outcomes then compare as lists of ranks,
    # which orders them as their conclusion lists (a prefix first)
    conv = {s: to_conclusion(s) for s in union}
    order = sorted(union, key=lambda s: conv[s].sort_key())
    rank = {s: k for k, s in enumerate(order)}
    ranked = {o: sorted(map(rank.__getitem__, o)) for o in raw}
    raw = sorted(raw, key=ranked.__getitem__)
    converted = [conv[s] for s in order]
    as_concl = {o: tuple(map(converted.__getitem__, ranked[o])) for o in raw}
    always = [conv[s] for s in order if s in common]
    sometimes = [conv[s] for s in order if s not in common]
    path_order = {v.path: k for k, v in enumerate(variables)}
    outcomes = []
    for o in raw[:max_outcomes]:
        cubes = cubes_of(o) if len(raw) > 1 else [{}]
        alts = {render_alternative(c) for c in cubes}
        outcomes.append(Outcome(as_concl[o], sorted(alts, key=lambda a: alt_key(a, path_order))))
    status = "determinate" if len(raw) == 1 else "ambiguous"
    return DraftResult(draft_id, status, pinned, always, sometimes, outcomes, max(0, len(raw) - max_outcomes))


def conflict(draft_id: str, fb: FactBase, pins: dict[str, bool]) -> list[tuple[str, Any]]:
    """A subset-minimal set of the scenario's fields that cannot hold together."""
    ctl = bounds.control(["--warn=none", "--models=1"])
    _add_program(ctl, draft_id)
    _add_facts(ctl, draft_id, fb, as_choices=True)
    ctl.ground([("base", [])])
    groups: dict[str, list[int]] = {}
    values: dict[str, Any] = {}
    for f in fb.fields:
        lits = []
        for atom in f.true_atoms:
            a = ctl.symbolic_atoms[atom]
            if a is not None:
                lits.append(a.literal)
        for atom in f.false_atoms:
            a = ctl.symbolic_atoms[atom]
            if a is not None:
                lits.append(-a.literal)
        if lits:
            groups.setdefault(f.path, []).extend(lits)
            values[f.path] = f.value
    pin_lits = []
    for q, v in pins.items():
        a = ctl.symbolic_atoms[Function("pinned", [Function(q), Function("true" if v else "false")])]
        if a is not None:
            pin_lits.append(a.literal)

    def unsat(paths: list[str]) -> bool:
        assumptions = pin_lits + [lit for p in paths for lit in groups[p]]
        return bool(ctl.solve(assumptions=assumptions).unsatisfiable)

    order = list(groups)
    if not unsat(order):  # pragma: no cover - only the scenario's facts can conflict
        return []
    keep = minimal_conflict(order, unsat)
    return sorted(((p, values[p]) for p in keep), key=lambda pv: _path_key(pv[0]))


def minimal_conflict(order: list[str], unsat: Callable[[list[str]], bool]) -> list[str]:
    """The deletion in `order` of a conflicting set (`unsat(order)`, monotone: a superset
    of a conflicting set conflicts): an element goes when the kept ones and those after
    it still conflict without it. Each next kept element is found by bisection, since
    whether the kept ones and the elements after k conflict changes once as k grows: the
    subset one solve per element gives, for about log2(len(order)) solves per kept one."""
    keep: list[str] = []
    i = 0
    while i < len(order):
        if unsat(keep):  # the kept ones conflict already: every later element goes
            break
        lo, hi = i, len(order) - 1  # the first k where keep + order[k+1:] does not conflict
        while lo < hi:
            mid = (lo + hi) // 2
            if unsat(keep + order[mid + 1:]):
                lo = mid + 1
            else:
                hi = mid
        keep.append(order[lo])
        i = lo + 1
    return keep


def _path_key(path: str) -> tuple[Any, ...]:
    import re

    return tuple((0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.findall(r"[^.\[\]]+", path))


@dataclass
class Witness:
    """One answer set of an outcome, under the outcome's first alternative: what
    explanations are drawn from."""

    draft: str
    outcome: int  # 1-based, in solve's order
    result: DraftResult
    alternative: Alternative
    atoms: frozenset[Any]  # every true atom of the answer set (clingo symbols)


def witness(draft_id: str, fb: FactBase, pins: dict[str, bool], outcome: int, alternative: int = 1,
            result: DraftResult | None = None, *, solver: DraftSolver | None = None) -> Witness:
    """The answer set behind outcome number `outcome` and its alternative number
    `alternative` (both 1-based). `result`: the scenario's complete result under the
    draft, when already solved. `solver`: one already ground for this scenario and draft
    (the one `solve_on` used), asked first; it serves when the alternative leaves a
    single answer set (a reading fixed whole: the program is deterministic once every
    choice is made), which any solver finds. Else a fresh solver searches, as with no
    `solver`: which of several answer sets comes first depends on the solver's history."""
    if result is None:
        result = solve(draft_id, fb, pins, max_outcomes=2**31 - 1)
    if not 1 <= outcome <= len(result.outcomes):
        raise IndexError(outcome)
    chosen = result.outcomes[outcome - 1]
    if not 1 <= alternative <= len(chosen.alternatives):
        raise IndexError(alternative)
    alt = chosen.alternatives[alternative - 1]
    wanted = {c for c in chosen.conclusions}
    if solver is not None:
        models = _answer_sets(solver, alt, 2)
        if len(models) == 1 and models[0][0] == wanted:
            return Witness(draft_id, outcome, result, alt, models[0][1])
    solver = DraftSolver(draft_id, fb, pins)
    bounds.solve_options(solver.ctl).project = "no"
    bounds.solve_options(solver.ctl).models = 0
    with solver.ctl.solve(yield_=True, assumptions=_alternative_assumptions(solver, alt)) as handle:
        for model in handle:
            shown = {solver.to_conclusion(s) for s in model.symbols(shown=True)}
            if shown == wanted:
                return Witness(draft_id, outcome, result, alt, frozenset(model.symbols(atoms=True)))
    raise RuntimeError("no answer set for the chosen alternative")  # pragma: no cover


def _alternative_assumptions(solver: DraftSolver, alt: Alternative) -> list[int]:
    by_label = {v.label: v for v in solver.vars}
    assumptions = []
    for q, val in alt.questions:
        assumptions += by_label[q].assume(val)
    for path, val in alt.unknowns:
        assumptions += by_label[path].assume(val)
    return assumptions


def _answer_sets(solver: DraftSolver, alt: Alternative, limit: int) -> list[tuple[set[Any], frozenset[Any]]]:
    """At most `limit` answer sets under the alternative: (conclusions, every atom)."""
    conf = bounds.solve_options(solver.ctl)
    conf.project, conf.models = "no", limit
    out = []
    try:
        with solver.ctl.solve(yield_=True, assumptions=_alternative_assumptions(solver, alt)) as handle:
            for model in handle:
                out.append(({solver.to_conclusion(s) for s in model.symbols(shown=True)},
                            frozenset(model.symbols(atoms=True))))
    finally:
        conf.project = "show"
    return out
