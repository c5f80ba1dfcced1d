"""Classes of disagreement. A class starts from a witness and its first confirmed claim;
its *subject* is the ids that claim names (exempt(c1): c1; obligation(a1, c1, ...): a1
and c1). The drafts disagree *about the subject* when they disagree on some conclusion
(matching the pattern) that names only subject ids.

A field of the witness decides the class when changing that field alone, to any other
value the space allows (the scenario kept valid), can end the disagreement about the
subject; the class condition for that field is the set of its values under which the
disagreement survives. The class is the conjunction of these conditions: a local
characterisation around the witness. `blocking_rules` states it with ids renamed to
variables, so that the same class with c1 and c2 swapped is the same class, and stops
disagreements about the subject from counting as new anywhere inside it.

In property mode the claim is a violated constraint, and a field decides when changing
it can stop the violation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import product
from typing import Any

from aiact_foss.engine import conclusions as concl
from aiact_foss.explore import points
from aiact_foss.explore.search import Claim, Search, standing
from aiact_foss.language.vocabulary import PREDICATES

REFS = ("developer", "provider", "by")


@dataclass(frozen=True)
class Decider:
    entity: str
    field: object  # str, or ("integrates", (y,)), or "exists"
    values: tuple[Any, ...]  # the values under which the class survives (the witness's first)
    excluded: tuple[Any, ...] = ()  # the values that end it


@dataclass
class Class:
    number: int
    claim: Claim  # the first claim found at the witness
    point: points.Point
    deciders: list[Any]
    subject: tuple[Any, ...] = ()  # ids (diff mode)
    differences: list[Any] = field(default_factory=list)  # Claims about the subject at the witness
    witness_file: str | None = None


def subject_of(claim: Claim) -> tuple[Any, ...]:
    c = claim.conclusion
    assert c is not None  # diff mode
    return tuple(sorted({a for k, a in zip(PREDICATES[c.predicate], c.args) if k not in ("duty", "count", "date")}))


def about(c: concl.Conclusion, subject: tuple[Any, ...]) -> bool:
    return all(a in subject for k, a in zip(PREDICATES[c.predicate], c.args) if k not in ("duty", "count", "date"))


class Oracle:
    """Real results per point of the space, cached: every flip is solved once per draft
    however many classes look at it."""

    def __init__(self, drafts_: tuple[str, ...], search: Search | None) -> None:
        self.drafts = drafts_
        self.search = search
        self.cache: dict[Any, Any] = {}

    def results(self, point: points.Point) -> dict[Any, Any]:
        hit = self.cache.get(point.values)
        if hit is None:
            from aiact_foss.testing import properties

            if self.search is not None:
                self.search.remaining()
            scn = points.scenario(point, "explore")
            hit = {d: properties.draft_sets(scn, d, {}) for d in self.drafts}
            hit["_scenario"] = scn
            self.cache[point.values] = hit
        return hit

    def prefetch(self, pts: list[points.Point]) -> None:
        """Solve the points not yet cached together, in batch's tagged programs (the
        flips of a witness are many small neighbouring scenarios): the same sets as
        `results` gives one by one (a test compares them), at a fraction of the cost."""
        from aiact_foss.engine import batch_solve
        from aiact_foss.testing.properties import DraftSets

        todo = list({p.values: p for p in pts if p.values not in self.cache}.values())
        if len(todo) < 2:
            return
        if self.search is not None:
            self.search.remaining()
        scns = [points.scenario(p, "explore") for p in todo]
        for p, scn, res in zip(todo, scns, batch_solve.solve_many(scns, self.drafts)):
            hit: dict[Any, Any] = {r.draft: DraftSets(r.draft, r.status, frozenset(r.always),
                                                      frozenset(r.always) | frozenset(r.sometimes)) for r in res}
            hit["_scenario"] = scn
            self.cache[p.values] = hit

    def holds(self, point: points.Point, claim: Claim, prop: Any=None) -> bool:
        """The claim is confirmed at this point by the real solver."""
        real = self.results(point)
        if claim.conclusion is not None:
            a, b = self.drafts
            return (standing(real[a], claim.conclusion), standing(real[b], claim.conclusion)) == (claim.a, claim.b)
        from aiact_foss.language import facts
        from aiact_foss.testing import properties

        sets = [real[d] for d in self.drafts]
        return any(c.number == claim.constraint
                   for c in properties.violated_by_sets(prop, sets, facts.build(real["_scenario"]).facts))

    def differences(self, point: points.Point, subject: tuple[Any, ...], pattern: concl.Conclusion | None) -> list[Claim]:
        """Every disagreement about the subject at this point, sorted."""
        real = self.results(point)
        a, b = self.drafts
        out = []
        for c in real[a].possible | real[b].possible:
            if about(c, subject) and (pattern is None or pattern.matches(c)):
                sa, sb = standing(real[a], c), standing(real[b], c)
                if sa != sb:
                    out.append(Claim(c, sa, sb))
        return sorted(out, key=Claim.key)


def neighbours(point: points.Point) -> list[points.Point]:
    """The points `deciders` looks at: each component left out, each field changed."""
    out = [p for x in point.components() if (p := point.without_component(x)) is not None]
    for (entity, fld), _ in point.values:
        out += [p for alt in points.alternatives(point, entity, fld) if (p := point.with_value(entity, fld, alt))]
    return out


def deciders(point: points.Point, survives: Callable[[points.Point], bool]) -> list[Decider]:
    """The fields that decide, in scenario order (entity, then field)."""
    out = []
    for x in point.components():
        other = point.without_component(x)
        if other is not None and not survives(other):
            out.append(Decider(x, "exists", (True,), (False,)))
    for (entity, fld), value in point.values:
        kept: list[Any] = [value]
        ended: list[Any] = []
        for alt in points.alternatives(point, entity, fld):
            other = point.with_value(entity, fld, alt)
            if other is None:
                continue
            (kept if survives(other) else ended).append(alt)
        if ended:
            out.append(Decider(entity, fld, tuple(kept), tuple(ended)))
    return sorted(out, key=lambda d: (d.entity[0] != "a", points._slot(d.entity), points.field_rank(d.field)))


# --------------------------------------------------------------------------- blocking


def _var(entity: str) -> str:
    return ("XC" if entity.startswith("c") else "XA") + entity[1:]


def _lift_value(fld: Any, v: Any, entities: set[Any]) -> str:
    if fld in REFS:
        entities.add(v)
        return _var(v)
    if fld == "licence":
        return "none" if v is None else f'"{v}"'
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "none"
    return str(v)


def _lift_field(fld: Any, entities: set[Any]) -> str:
    if isinstance(fld, tuple):
        entities.add(fld[1][0])
        return f"integrates({_var(fld[1][0])})"
    return str(fld)


def _region(number: int, found: list[Decider], entities: set[Any]) -> tuple[list[str], list[str]]:
    """The class condition as body literals over renamed ids, and the facts it needs."""
    body: list[str] = []
    facts: list[str] = []
    for j, d in enumerate(found):
        entities.add(d.entity)
        if d.field == "exists":
            continue
        e, f = _var(d.entity), _lift_field(d.field, entities)
        if len(d.values) == 1 or d.field in REFS:
            # a set of actors is kept as the witness's one (a narrower class: safe)
            body.append(f"_fv({e}, {f}, {_lift_value(d.field, d.values[0], entities)})")
        else:
            body.append(f"_fv({e}, {f}, V{j})")
            body.append(f"_bset({number}, {j}, V{j})")
            facts += [f"_bset({number}, {j}, {_lift_value(d.field, v, entities)})." for v in d.values]
    return body, facts


def _binding(entities: set[Any]) -> list[str]:
    comps = sorted(e for e in entities if e.startswith("c"))
    acts = sorted(e for e in entities if e.startswith("a"))
    out = [f"_comp({_var(x)})" for x in comps] + [f"_act({_var(a)})" for a in acts]
    for group in (comps, acts):
        out += [f"{_var(x)} != {_var(y)}" for i, x in enumerate(group) for y in group[i + 1:]]
    return out


def blocking_rules(number: int, cls: Class, pattern: concl.Conclusion | None) -> str:
    """ASP (our own constants only: slot ids, licence ids, enum values, duty ids) that
    stops what this class covers from counting as new."""
    entities: set[Any] = set(cls.subject)
    body, facts = _region(number, cls.deciders, entities)
    bind = _binding(entities)
    if cls.claim.conclusion is None:
        return "\n".join(facts + [f"_blocked_v({cls.claim.constraint}) :- "
                                  f"{', '.join([f'_violated({cls.claim.constraint})'] + body + bind)}."])
    rules = []
    comps = [_var(x) for x in cls.subject if x.startswith("c")]
    acts = [_var(a) for a in cls.subject if a.startswith("a")]
    for pred, kinds in PREDICATES.items():
        if pattern is not None and pred != pattern.predicate:
            continue
        choices = []
        for k, kind in enumerate(kinds):
            if kind in ("duty", "count", "date"):
                choices.append([f"F{k}"])
            else:
                choices.append(comps if kind == "component" else acts)
        for args in product(*choices):
            term = f"{pred}({', '.join(args)})"
            rules.append(f"_blocked({term}, SA, SB) :- {', '.join([f'_diff({term}, SA, SB)'] + body + bind)}.")
    return "\n".join(facts + rules)


def exact_rule(claim: Claim, point: points.Point) -> str:
    """The fallback block: this claim at exactly this scenario."""
    lits = [f"_fv({_const(e)}, {_field_const(f)}, {_value_const(f, v)})" for (e, f), v in point.values]
    if claim.conclusion is not None:
        c = claim.conclusion
        args = [a if kind == "duty" else str(a) if kind in ("count", "date") else _const(a)
                for kind, a in zip(PREDICATES[c.predicate], c.args)]
        term = f"{c.predicate}({', '.join(args)})"
        return f"_blocked({term}, {claim.a}, {claim.b}) :- {', '.join(lits)}."
    return f"_blocked_v({claim.constraint}) :- {', '.join(lits)}."


def _const(e: str) -> str:
    return f'"{e}"'


def _field_const(f: Any) -> str:
    return f'integrates("{f[1][0]}")' if isinstance(f, tuple) else f


def _value_const(f: Any, v: Any) -> str:
    if f in REFS:
        return f'"{v}"'
    if f == "licence":
        return "none" if v is None else f'"{v}"'
    if isinstance(v, bool):
        return "true" if v else "false"
    return "none" if v is None else str(v)
