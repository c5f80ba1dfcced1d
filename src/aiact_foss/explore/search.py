"""The search: one clingo control holds the bounded space (space.py), renamed copies of
the drafts' programs (copies.py) and a goal over their conclusions; the solver picks a
scenario with the fewest fields away from their defaults that meets the goal; Python
re-solves it with the real solver, characterises its class (classes.py), and blocks it.

"always" and "possible" quantify over a draft's readings of its open questions, so the
goal is an exists-forall condition. We solve it exactly, by refinement:

* each draft has a few *guessed* copies whose readings the solver chooses freely, and
  any number of *reading* copies with a fixed set of questions answered true;
* a conclusion is "with" in a draft if some copy derives it, "without" if some copy
  does not. Both are sound (every copy is one real reading), so `sometimes` is exact;
  `always` (no copy without) and `never` (no copy with) may be optimistic, since the
  copies need not cover every reading;
* every claim of a candidate is re-checked with the real solver. A claim that fails
  names a reading the copies missed (the real solver finds one where the conclusion
  holds, or does not); it becomes a new reading copy, sound for every scenario, and the
  search resumes. With at most 2^q readings per draft this ends, and every claim we
  report has been confirmed by the real solver.

Blocking a class does not forbid its scenarios: it stops that claim (conclusion and
standings, up to renaming of ids) from counting there, so the same scenario can still
be found for another disagreement."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import clingo
import clingo.ast as cast
from clingo import String

from aiact_foss.engine import bounds
from aiact_foss.engine import conclusions as concl
from aiact_foss.explore import copies, points, space
from aiact_foss.law.templates import parse_with_strings, pattern_term
from aiact_foss.testing import properties

STANDINGS = ("always", "sometimes", "never")


@dataclass(frozen=True)
class Goal:
    drafts: tuple[str, ...]  # in the contract's order; in diff mode exactly (A, B)
    pattern: concl.Conclusion | None = None  # diff mode: which conclusions count
    prop: properties.Property | None = None  # property mode

    @property
    def diff_mode(self) -> bool:
        return self.prop is None


@dataclass(frozen=True)
class Claim:
    """A disagreement (conclusion, standing in A, standing in B) or a violated constraint."""

    conclusion: concl.Conclusion | None = None
    a: str | None = None
    b: str | None = None
    constraint: int | None = None

    def key(self) -> tuple[Any, ...]:
        if self.conclusion is None:
            return (1, self.constraint)
        return (0, self.conclusion.sort_key(), STANDINGS.index(self.a), STANDINGS.index(self.b))


class Timeout(Exception):
    pass


def standing(sets: properties.DraftSets, c: concl.Conclusion) -> str:
    return "always" if c in sets.always else "sometimes" if c in sets.possible else "never"


# --------------------------------------------------------------------------- the goal in ASP


_COMMON = """
_ok(P) :- _copy(_, P), not _fail_of(P).
_with(D, C) :- _copy(D, P), _ok(P), _c(P, C).
_without(D, C) :- _copy(D, P), _ok(P), _rel(C), not _c(P, C).
_consistent(D) :- _copy(D, P), _ok(P).
#defined _fail_of/1.
"""

_DIFF = """
_st(D, C, always) :- _draft(D), _rel(C), _with(D, C), not _without(D, C).
_st(D, C, sometimes) :- _draft(D), _rel(C), _with(D, C), _without(D, C).
_st(D, C, never) :- _draft(D), _rel(C), not _with(D, C).
_diff(C, SA, SB) :- _st(DA, C, SA), _st(DB, C, SB), _side(a, DA), _side(b, DB), SA != SB.
_open(C, SA, SB) :- _diff(C, SA, SB), not _blocked(C, SA, SB).
_found :- _open(_, _, _).
:- not _found.
#defined _blocked/3.
#show _fv/3. #show _open/3.
"""

_PROPERTY = """
_rel(C) :- _c(_, C).
holds(D, C) :- _with(D, C), not _without(D, C).
possible(D, C) :- _with(D, C).
status(D, inconsistent) :- _draft(D), not _consistent(D).
status(D, ambiguous) :- _copy(D, P1), _copy(D, P2), _ok(P1), _ok(P2), _c(P1, C), not _c(P2, C).
status(D, determinate) :- _consistent(D), not status(D, ambiguous).
_open_v(K) :- _violated(K), not _blocked_v(K).
_found :- _open_v(_).
:- not _found.
#defined _blocked_v/1. #defined _violated/1.
#show _fv/3. #show _open_v/1. #show holds/2. #show possible/2. #show status/2.
"""


def _pattern_rules(pattern: concl.Conclusion | None) -> list[Any]:
    if pattern is None:
        return _parse("_rel(C) :- _c(_, C).")
    term, strings = pattern_term(pattern)
    return _parse(f"_rel({term}) :- _c(_, {term}).", strings)


_parse = parse_with_strings


# --------------------------------------------------------------------------- search


@dataclass
class Search:
    goal: Goal
    k: int
    deadline: float | None = None  # time.monotonic() value
    guessed: int = 2  # guessed copies per draft
    readings: dict[Any, Any] = field(default_factory=dict)  # draft -> [frozenset of question ids]
    blocks: list[Any] = field(default_factory=list)  # ASP text of _blocked rules
    solves: int = 0
    as_of: int | None = None  # explore --as-of (YYYYMMDD): the space varies the date fields

    def __post_init__(self) -> None:
        self.readings = {d: [] for d in self.goal.drafts}
        if self.goal.prop is not None:
            # one guessed copy per literal that needs its own reading, at least two
            longest = max(len(c.body) for c in self.goal.prop.constraints)
            self.guessed = max(2, longest + 1)
        self._space = space.program(self.k, self.as_of)

    def remaining(self) -> float | None:
        if self.deadline is None:
            return None
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise Timeout
        return left

    def _control(self) -> clingo.Control:
        ctl = bounds.control(["--warn=none", "--opt-mode=opt", "--models=0"])
        texts = [self._space]
        facts = []
        for i, d in enumerate(self.goal.drafts):
            facts.append(f'_draft("{d}").')
            for j in range(self.guessed):
                facts.append(f'_copy("{d}", g{i}n{j}).')
                texts.append(copies.copy_text(d, f"g{i}n{j}", None))
            for j, reading in enumerate(self.readings[d]):
                facts.append(f'_copy("{d}", r{i}n{j}).')
                texts.append(copies.copy_text(d, f"r{i}n{j}", reading))
        if self.goal.diff_mode:
            a, b = self.goal.drafts
            facts += [f'_side(a, "{a}").', f'_side(b, "{b}").']
            texts.append(_COMMON + _DIFF)
            asts = _pattern_rules(self.goal.pattern)
        else:
            texts.append(_COMMON + _PROPERTY)
            assert self.goal.prop is not None  # not diff mode
            asts = self.goal.prop.statements()
        texts += facts + self.blocks
        ctl.add("base", [], "\n".join(texts))
        with cast.ProgramBuilder(ctl) as builder:
            for s in asts:
                builder.add(s)
        ctl.ground([("base", [])])
        return ctl

    def candidate(self) -> tuple[points.Point, list[Claim], frozenset[Any]] | None:
        """The cheapest open candidate (point, claims, shown atoms), or None when none is left."""
        self.remaining()
        ctl = self._control()
        last: list[Any] = []

        def on_model(m: clingo.Model) -> None:
            last[:] = [m.symbols(shown=True)]

        self.solves += 1
        with ctl.solve(on_model=on_model, async_=True) as handle:
            left = self.remaining()
            if not handle.wait(left if left is not None else -1):
                handle.cancel()
                raise Timeout
            result = handle.get()
        if result.unsatisfiable or not last:
            return None
        symbols = last[0]
        point = points.Point.from_model(symbols, self.as_of)
        claims = []
        for s in symbols:
            if s.match("_open", 3):
                claims.append(Claim(concl.from_symbol(s.arguments[0]), s.arguments[1].name, s.arguments[2].name))
            elif s.match("_open_v", 1):
                claims.append(Claim(constraint=s.arguments[0].number))
        return point, sorted(claims, key=Claim.key), frozenset(symbols)

    # -- refinement ----------------------------------------------------------------
    def learn(self, point: points.Point, claims: list[Claim], shown: frozenset[Any], real: dict[Any, Any]) -> bool:
        """Add reading copies that refute the candidate's wrong claims; False if none is new."""
        scn = real["_scenario"]
        wanted: list[tuple[str, concl.Conclusion | None, bool]] = []  # (draft, conclusion, present)
        if self.goal.diff_mode:
            a, b = self.goal.drafts
            for cl in claims:
                assert cl.conclusion is not None  # diff mode: every claim is a conclusion
                for d, s in ((a, cl.a), (b, cl.b)):
                    r = standing(real[d], cl.conclusion)
                    if s == "always" and r != "always":
                        wanted.append((d, cl.conclusion, False))
                    elif s == "never" and r != "never":
                        wanted.append((d, cl.conclusion, True))
        else:
            wanted = _property_mismatches(shown, real, self.goal.drafts)
        new = False
        for d, c, present in wanted:
            for reading in readings_of(d, scn, c, present):
                if reading not in self.readings[d]:
                    self.readings[d].append(reading)
                    new = True
        return new

    def block(self, text: str) -> None:
        self.blocks.append(text)


def _property_mismatches(shown: frozenset[Any], real: dict[Any, Any], drafts_: tuple[Any, ...]) -> list[Any]:
    """Where the copies' view of a draft (holds, possible, status) is wrong: each gives a
    reading to learn (draft, conclusion or None for any reading, present)."""
    out = []
    for d in drafts_:
        sets = real[d]
        ds = String(d)
        holds = {concl.from_symbol(s.arguments[1]) for s in shown if s.match("holds", 2) and s.arguments[0] == ds}
        possible = {concl.from_symbol(s.arguments[1]) for s in shown if s.match("possible", 2) and s.arguments[0] == ds}
        status = {s.arguments[1].name for s in shown if s.match("status", 2) and s.arguments[0] == ds}
        for c in sorted(holds - sets.always, key=concl.Conclusion.sort_key)[:3]:
            out.append((d, c, False))
        for c in sorted(sets.possible - possible, key=concl.Conclusion.sort_key)[:3]:
            out.append((d, c, True))
        if sets.status not in status or "determinate" in status and sets.status == "ambiguous":
            out.append((d, None, True))
    return out


def readings_of(draft: str, scn: Any, c: concl.Conclusion | None, present: bool) -> list[frozenset[Any]]:
    """Readings (question ids answered true) of `draft` for `scn` in which `c` holds
    (present) or not; for c None, one reading per distinct outcome."""
    from aiact_foss.engine import solving
    from aiact_foss.language import facts

    solver = solving.DraftSolver(draft, facts.build(scn, {}), {})
    ctl = solver.ctl
    assumptions = [] if c is None else [(properties.conclusion_symbol(c), present)]
    conf = ctl.configuration.solve
    assert isinstance(conf, clingo.Configuration)
    conf.models = 0 if c is None else 1
    out: list[frozenset[Any]] = []
    with ctl.solve(yield_=True, assumptions=assumptions) as handle:
        for model in handle:
            yes = frozenset(s.arguments[0].name for s in model.symbols(atoms=True) if s.match("yes", 1))
            if yes not in out:
                out.append(yes)
            if len(out) >= 8:
                break
    return out
