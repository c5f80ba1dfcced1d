"""Shrinking a counterexample to a minimal witness (docs/testing.md, "Fuzzing").

Hypothesis shrinks by its own measure of a draw, which leaves items the violation does
not need (a component nothing uses, its developer, a release). This pass works on the
scenario as a person writes it: drop an item (with whatever refers to its id), drop a
field (back to its default), turn `unknown` into a value, give a component or actor the
readable id `c1`, `a1`, ...; keep each step that still
violates the property, until none does. Every candidate goes through the YAML printer
and the loader, so the witness printed is one that `solve` reads back as the scenario
that failed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from aiact_foss.explore.scenario_yaml import dumps, scenario_data
from aiact_foss.language.loading import InputError, parse_document
from aiact_foss.language.scenario import Scenario
from aiact_foss.language.validate import from_document

Data = dict[str, Any]  # a scenario as plain data (scenario_yaml.scenario_data)

ITEMS = ("releases", "components", "licences", "actors")  # dropped in this order: dependents first
KEPT = ("scenario", "name")  # the top level a scenario file needs


def load(data: Data) -> Scenario | None:
    """The scenario `solve` would read from the printed data, or None if it is invalid."""
    try:
        return from_document(parse_document(dumps(data).encode("utf-8"), "<shrink>", as_json=False))
    except InputError:
        return None


def shrink(scn: Scenario, fails: Callable[[Scenario], bool]) -> Scenario:
    """The smallest scenario reachable from `scn` by the steps above on which `fails`
    still holds (a local minimum: no single step keeps the failure)."""
    data = scenario_data(scn)
    best = load(data) or scn
    changed = True
    while changed:
        changed = False
        for candidate in _candidates(data):
            smaller = load(candidate)
            if smaller is not None and fails(smaller):
                data, best, changed = candidate, smaller, True
                break
    return best


def _candidates(data: Data) -> Iterator[Data]:
    for key in ITEMS:
        for i, item in enumerate(data.get(key, [])):
            yield _without_item(data, key, i)
            ident = item.get("id") if isinstance(item, dict) else None
            if ident is not None:
                yield _without_id(_without_item(data, key, i), ident)
    for key in list(data):
        if key not in KEPT and key not in ITEMS:
            yield {k: v for k, v in data.items() if k != key}
    for key, prefix in (("components", "c"), ("actors", "a")):
        for i, item in enumerate(data.get(key, [])):
            readable = f"{prefix}{i + 1}"
            if item.get("id") != readable and not _mentions(data, readable):
                yield _renamed(data, item["id"], readable)
    for key in ITEMS:
        for i, item in enumerate(data.get(key, [])):
            for field in item:
                if field not in ("id", "kind", "developer", "component", "by", "channel", "type"):
                    yield _with_item(data, key, i, {f: v for f, v in item.items() if f != field})
            for field, value in item.items():
                for simpler in _simpler(value):
                    yield _with_item(data, key, i, {**item, field: simpler})


def _simpler(value: Any) -> tuple[Any, ...]:
    if value == "unknown":
        return (False, True)
    if isinstance(value, list) and value:
        return tuple([v for j, v in enumerate(value) if j != i] for i in range(len(value)))
    return ()


REFERENCES = ("id", "developer", "provider", "licence", "component", "by", "integrates")


def _mentions(data: Data, ident: str) -> bool:
    return any(item.get(f) == ident or isinstance(item.get(f), list) and ident in item[f]
               for key in ITEMS for item in data.get(key, []) for f in REFERENCES)


def _renamed(data: Data, old: str, new: str) -> Data:
    """`old` renamed `new` wherever an item names it (a readable id: `c1`, `a1`)."""
    def fix(v: Any) -> Any:
        return new if v == old else [new if x == old else x for x in v] if isinstance(v, list) else v

    out = dict(data)
    for key in ITEMS:
        if key in data:
            out[key] = [{f: fix(v) if f in REFERENCES else v for f, v in item.items()} for item in data[key]]
    return out


def _without_item(data: Data, key: str, i: int) -> Data:
    out = dict(data)
    out[key] = [x for j, x in enumerate(data[key]) if j != i]
    if not out[key]:
        del out[key]
    return out


def _with_item(data: Data, key: str, i: int, item: dict[str, Any]) -> Data:
    out = dict(data)
    out[key] = [item if j == i else x for j, x in enumerate(data[key])]
    return out


def _without_id(data: Data, ident: str) -> Data:
    """Drop every item that names `ident` in a field, and `ident` from every list of ids."""
    out = dict(data)
    for key in ITEMS:
        kept = []
        for item in data.get(key, []):
            if any(v == ident for f, v in item.items() if f != "id"):
                continue
            kept.append({f: [x for x in v if x != ident] if isinstance(v, list) else v for f, v in item.items()})
        if kept:
            out[key] = kept
        elif key in out:
            del out[key]
    return out
