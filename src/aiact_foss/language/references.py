"""Checks that span the scenario: unique ids, references that resolve, no integration
cycles, fields used only on the kinds they apply to, the checkpoint budget, and
`assume:` / `expect:` written in the contract's vocabulary. Each failure names its path."""

from __future__ import annotations

import difflib
from typing import Any

from aiact_foss.engine import conclusions
from aiact_foss.language.licences import BUILT_IN
from aiact_foss.language.scenario import KIND_FIELDS, Component, Scenario
from aiact_foss.language.vocabulary import DRAFT_IDS, PREDICATES
from aiact_foss.law.questions import questions

MAX_CHECKPOINTS_TOTAL = 2_000_000_000


class ReferenceError_(ValueError):
    """A cross-reference problem at `path` (a tuple as the loader keys lines)."""

    def __init__(self, path: tuple[Any, ...], problem: str) -> None:
        super().__init__(problem)
        self.path = path
        self.problem = problem


def check(scn: Scenario) -> None:
    actors = _unique(scn.actors, "actors")
    custom = _unique(scn.licences, "licences")
    for i, lic in enumerate(scn.licences):
        if lic.id in BUILT_IN:
            raise ReferenceError_(("licences", i, "id"), f"licence id {lic.id!r} clashes with a built-in licence")
    components = _unique(scn.components, "components")
    total = 0
    for i, c in enumerate(scn.components):
        _check_component(i, c, actors, custom, components)
        total += c.checkpoints
        if total > MAX_CHECKPOINTS_TOTAL:
            raise ReferenceError_(("components", i, "checkpoints"),
                                  f"the checkpoints of the scenario add up to more than {MAX_CHECKPOINTS_TOTAL:,}")
    _check_cycles(scn)
    check_dates(scn)
    for i, r in enumerate(scn.releases):
        if r.component not in components:
            raise ReferenceError_(("releases", i, "component"), f"no component has the id {r.component!r}")
        if r.by not in actors:
            raise ReferenceError_(("releases", i, "by"), f"no actor has the id {r.by!r}")
    for q in scn.assume:
        if q not in questions():
            raise ReferenceError_(("assume", q), f"unknown open question {q!r}{_suggest(q, questions())}")
    _check_expect(scn, set(actors), set(components))


def check_dates(scn: Scenario) -> None:
    """No component is first placed after the date the question is asked on."""
    if scn.as_of is None:
        return
    for i, c in enumerate(scn.components):
        if c.first_placed is not None and c.first_placed > scn.as_of:
            raise ReferenceError_(("components", i, "first_placed"),
                                  f"first placed on {c.first_placed}, after the as-of date {scn.as_of}")


def _unique(items: Any, kind: str) -> dict[Any, Any]:
    seen: dict[Any, Any] = {}
    for i, item in enumerate(items):
        if item.id in seen:
            raise ReferenceError_((kind, i, "id"), f"duplicate id {item.id!r} (also {kind}[{seen[item.id]}])")
        seen[item.id] = i
    return seen


def _suggest(word: str, choices: Any) -> str:
    lower = {c.lower(): c for c in choices}
    if word.lower() in lower:
        return f" (ids are case-sensitive: did you mean {lower[word.lower()]!r}?)"
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _check_component(i: int, c: Component, actors: Any, custom: Any, components: Any) -> None:
    if c.developer not in actors:
        raise ReferenceError_(("components", i, "developer"), f"no actor has the id {c.developer!r}")
    if c.licence is not None and c.licence not in BUILT_IN and c.licence not in custom:
        known = list(BUILT_IN) + list(custom)
        raise ReferenceError_(("components", i, "licence"), f"unknown licence {c.licence!r}{_suggest(c.licence, known)}")
    for field in sorted(c.model_fields_set):
        kinds = KIND_FIELDS.get(field)
        if kinds and c.kind not in kinds and getattr(c, field) != Component.model_fields[field].get_default(call_default_factory=True):
            raise ReferenceError_(("components", i, field), f"{field} applies to {' and '.join(kinds)} components, not to a {c.kind}")
    if c.provider is not None and c.provider not in actors:
        raise ReferenceError_(("components", i, "provider"), f"no actor has the id {c.provider!r}")
    for j, x in enumerate(c.integrates):
        if x == c.id:
            raise ReferenceError_(("components", i, "integrates", j), f"{c.id!r} integrates itself")
        if x not in components:
            raise ReferenceError_(("components", i, "integrates", j), f"no component has the id {x!r}")


def _check_cycles(scn: Scenario) -> None:
    index = {c.id: i for i, c in enumerate(scn.components)}
    edges = {c.id: c.integrates for c in scn.components}
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    for root in edges:
        if state.get(root):
            continue
        stack = [(root, iter(edges[root]))]
        state[root] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                cycle = [n for n, _ in stack[[n for n, _ in stack].index(child):]] + [child]
                i = index[node]
                raise ReferenceError_(("components", i, "integrates", edges[node].index(child)),
                                      "integration cycle: " + " -> ".join(repr(n) for n in cycle))
            elif not state.get(child):
                state[child] = 1
                stack.append((child, iter(edges[child])))


def _check_expect(scn: Scenario, actors: set[Any], components: set[Any]) -> None:
    for draft, exp in scn.expect.items():
        if draft not in DRAFT_IDS:
            raise ReferenceError_(("expect", draft), f"unknown draft {draft!r}{_suggest(draft, DRAFT_IDS)}")
        for group in ("always", "sometimes", "never"):
            for j, item in enumerate(getattr(exp, group)):
                path = ("expect", draft, group, j)
                try:
                    c = conclusions.from_expect(item)
                except conclusions.ConclusionSyntaxError as e:
                    raise ReferenceError_(path, str(e)) from None
                problem = _unknown_name(c, actors, components)
                if problem:
                    raise ReferenceError_(path, problem)


def unknown_name(c: conclusions.Conclusion, scn: Scenario) -> str | None:
    """Why conclusion (or pattern) `c` can name nothing in `scn`: an actor or component id
    the scenario does not have. The same words for `check`, `explain` and `diff`."""
    return _unknown_name(c, {a.id for a in scn.actors}, {x.id for x in scn.components})


def _unknown_name(c: conclusions.Conclusion, actors: set[str], components: set[str]) -> str | None:
    for kind, a in zip(PREDICATES.get(c.predicate, ()), c.args):
        if a is conclusions.WILDCARD:
            continue
        if kind in ("actor", "component") and a not in (actors if kind == "actor" else components):
            return f"{a!r} names no {kind} of the scenario"
    return None
