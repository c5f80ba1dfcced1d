"""Scenario-space search (outputs.md, "explore"): the solver chooses a scenario's facts
within a bound and finds every class of disagreement between two drafts, or of
violations of a property. space.py is the bounded space, copies.py puts several drafts
in one control, search.py is the refinement loop, classes.py characterises and blocks
a class, report.py renders and writes witnesses, scenario_yaml.py writes scenarios."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiact_foss.engine.bounds import BoundReached
from aiact_foss.explore.classes import (
    REFS,
    Class,
    Oracle,
    about,
    blocking_rules,
    deciders,
    exact_rule,
    neighbours,
    subject_of,
)
from aiact_foss.explore.search import Goal, Search, Timeout


@dataclass
class Exploration:
    goal: Goal
    k: int
    classes: list[Any] = field(default_factory=list)
    end: str = ""
    complete: bool = True  # False: stopped by a bound before the space was exhausted
    solves: int = 0
    readings: dict[Any, Any] = field(default_factory=dict)
    oracle: object = None  # real results per point (witness files re-use them)
    as_of: str | None = None  # explore --as-of (YYYY-MM-DD)


def explore(goal: Goal, k: int = 2, timeout: float | None = None,
            log: Callable[[str], None] | None = None, as_of: str | None = None) -> Exploration:
    """Every class of disagreement (or violation) in the space of at most k components
    and k actors, until the space is exhausted or `timeout` seconds have passed. With
    `as_of` (a checked YYYY-MM-DD date) every scenario is asked on that date, and the
    fields read only with an as-of date are varied too (space.py)."""
    from aiact_foss.language.scenario import date_number

    log = log or (lambda _msg: None)
    deadline = time.monotonic() + timeout if timeout else None
    search = Search(goal, k, deadline, as_of=date_number(as_of) if as_of is not None else None)
    oracle = Oracle(goal.drafts, search)
    out = Exploration(goal, k, oracle=oracle, as_of=as_of)
    try:
        while True:
            cand = search.candidate()
            if cand is None:
                out.end = "space exhausted"
                break
            point, claims, shown = cand
            real = oracle.results(point)
            good = [c for c in claims if oracle.holds(point, c, goal.prop)]
            bad = [c for c in claims if c not in good]
            if bad and not search.learn(point, bad, shown, real) and not good:
                # no reading left to learn (a draft whose fixed reading is not
                # deterministic): set these claims aside at this scenario only
                for c in bad:
                    search.block(exact_rule(c, point))
                log("explore: a claim could not be refined; set aside at this scenario only")
            if not good:
                continue
            # one class per round: the next round sees its block, so the other claims
            # here make classes only where this one does not cover them. The claim
            # naming the most ids goes first: its subject covers the most claims.
            claim = min(good, key=lambda c: (-len(subject_of(c)), c.key())) if goal.diff_mode else good[0]
            number = len(out.classes) + 1
            oracle.prefetch(neighbours(point))
            if goal.diff_mode:
                subject = subject_of(claim)
                cls = Class(number, claim, point, [], subject, oracle.differences(point, subject, goal.pattern))
                cls.deciders = deciders(point, lambda p: any(  # called within this iteration
                    c.conclusion is not None and about(c.conclusion, subject) for c in oracle.differences(p, subject, goal.pattern)))  # noqa: B023
            else:
                cls = Class(number, claim, point, [])
                cls.deciders = deciders(point, lambda p: oracle.holds(p, claim, goal.prop))  # noqa: B023 - called here
            out.classes.append(cls)
            search.block(blocking_rules(number, cls, goal.pattern))
            log(f"explore: class {number} ({search.solves} solves, "
                f"{sum(len(r) for r in search.readings.values())} learned readings)")
    except Timeout:
        out.end = f"time limit of {timeout:g} s reached"
        out.complete = False
    except BoundReached as e:  # memory, or the time limit caught outside the search's own checks
        out.end = e.reason
        out.complete = False
    if not out.complete:
        out.end += f" ({len(out.classes)} classes found in {search.solves} solves; the space is not exhausted)"
    out.solves = search.solves
    out.readings = {d: list(r) for d, r in search.readings.items()}
    if goal.diff_mode:
        out.classes = [_canonical(cls) for cls in out.classes]
    return out


def _canonical(cls: Class) -> Class:
    """The class as seen from the renaming of its witness's ids whose text sorts first
    (points.py, `canonical`): the witness does not depend on which renaming the search
    met first. Only what is shown is renamed; the search blocked the class as found."""
    from aiact_foss.engine.conclusions import Conclusion
    from aiact_foss.explore import points
    from aiact_foss.explore.classes import Decider
    from aiact_foss.language.vocabulary import PREDICATES

    p, ids = cls.point.canonical()
    if p == cls.point:
        return cls

    def conclusion(c: Conclusion) -> Conclusion:
        return Conclusion(c.predicate, tuple(ids.get(a, a) if k in ("actor", "component") else a
                                             for k, a in zip(PREDICATES[c.predicate], c.args)))

    def claim(c: Any) -> Any:
        return type(c)(conclusion(c.conclusion), c.a, c.b)

    def decider(d: Decider) -> Decider:
        f = ("integrates", (ids[d.field[1][0]],)) if isinstance(d.field, tuple) else d.field
        vals = (lambda vs: tuple(ids[v] for v in vs)) if d.field in REFS else (lambda vs: vs)
        return Decider(ids[d.entity], f, vals(d.values), vals(d.excluded))

    found = sorted((decider(d) for d in cls.deciders),
                   key=lambda d: (d.entity[0] != "a", points._slot(d.entity), points.field_rank(d.field)))
    subject = tuple(sorted(ids.get(x, x) for x in cls.subject))
    moved = Class(cls.number, claim(cls.claim), p, found, subject,
                  sorted((claim(c) for c in cls.differences), key=type(cls.claim).key))
    return moved
