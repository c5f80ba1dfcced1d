"""Points of the bounded space (space.py): a scenario as field values by (entity,
field), read from a model, changed one field at a time (kept valid), counted against
the defaults, and written back as a scenario of language v1."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from aiact_foss.explore.space import (
    AS_OF_REQUIRED,
    COMPUTE_UNITS,
    CUSTOM,
    LICENCE_IDS,
    RELEASE_FIELDS,
    REQUIRED,
    ROUTES,
    date_classes,
    flags,
)
from aiact_foss.language.table import table
from aiact_foss.law import calendar


def value_of(symbol: Any) -> Any:
    """A clingo value as Python: strings, ints, constants (true/false as bools)."""
    t = symbol.type.name
    if t == "String":
        return symbol.string
    if t == "Number":
        return symbol.number
    if symbol.arguments:
        return (symbol.name, tuple(value_of(a) for a in symbol.arguments))
    return {"true": True, "false": False}.get(symbol.name, symbol.name)


@dataclass(frozen=True)
class Point:
    """One scenario of the space: field values by (entity, field)."""

    values: tuple[Any, ...]  # sorted ((entity, field), value) pairs; field may be ("integrates", (y,))
    as_of: int | None = None  # explore --as-of (YYYYMMDD): the date fields are in the space

    @staticmethod
    def from_model(symbols: Any, as_of: int | None = None) -> Point:
        vals = {}
        for s in symbols:
            if s.match("_fv", 3):
                e, f, v = (value_of(a) for a in s.arguments)
                vals[(e, f)] = None if f in ("licence", "training_compute") and v == "none" else v
        return Point(tuple(sorted(vals.items(), key=_key)), as_of)

    def _new(self, vals: dict[Any, Any]) -> Point:
        return Point(tuple(sorted(vals.items(), key=_key)), self.as_of)

    def as_dict(self) -> dict[Any, Any]:
        return dict(self.values)

    def with_value(self, entity: str, field: Any, value: Any) -> Point | None:
        """This point with one field changed, repaired to stay in the space (fields a new
        kind lacks dropped, fields it gains at their defaults), or None if the change
        leaves the space (a cycle, a named contradiction)."""
        vals = self.as_dict()
        old = vals[(entity, field)]
        vals[(entity, field)] = value
        if field == "channel" and vals[(entity, "price")] == (old == "paid_download"):
            vals[(entity, "price")] = value == "paid_download"  # a defaulted price follows the channel
        if field == "type" and value != "microenterprise":
            for (e, f), v in list(vals.items()):  # the microenterprise exception needs one
                if f == "by" and v == entity:
                    vals[(e, "price_only_between_microenterprises")] = False
        if field == "kind":
            _retype(vals, entity, value, self.as_of)
        if field == "released":
            _release(vals, entity, value, self.as_of)
        if field == "risk" and self.as_of is not None:
            # the route is in the space for a high-risk system only
            if value == "high" and old != "high":
                vals[(entity, "high_risk_route")] = ROUTES[0]
            elif value != "high":
                vals.pop((entity, "high_risk_route"), None)
        p = self._new(vals)
        return p if p.valid() else None

    def without_component(self, x: str) -> Point | None:
        vals = {k: v for k, v in self.as_dict().items() if k[0] != x and k[1] != ("integrates", (x,))}
        p = self._new(vals)
        if not p.components():  # the actors would then be unused, still a valid scenario
            return p
        return p if p.valid() else None

    def renamed(self, ids: dict[str, str]) -> Point:
        """This point with its component and actor ids renamed (a permutation of slots)."""
        vals = {}
        for (e, f), v in self.values:
            if isinstance(f, tuple):
                f = ("integrates", (ids[f[1][0]],))
            elif f in ("developer", "provider", "by"):
                v = ids[v]
            vals[(ids[e], f)] = v
        return self._new(vals)

    def canonical(self) -> tuple[Point, dict[str, str]]:
        """Among the renamings of this point's ids (the same scenario up to the names of
        its components and actors, the same cost), the one whose witness text sorts
        first, and the renaming: a witness does not depend on which of them the search
        met first."""
        from itertools import permutations

        from aiact_foss.explore.scenario_yaml import dumps

        comps, acts = self.components(), self.actors()
        best: tuple[str, Point, dict[str, str]] | None = None
        for pc in permutations(comps):
            for pa in permutations(acts):
                ids = {**dict(zip(comps, pc)), **dict(zip(acts, pa))}
                p = self.renamed(ids)
                text = dumps(scenario_data(p, ""))
                if best is None or text < best[0]:
                    best = (text, p, ids)
        assert best is not None
        return best[1], best[2]

    def components(self) -> list[str]:
        return sorted({e for (e, f), _ in self.values if f == "kind"}, key=_slot)

    def actors(self) -> list[str]:
        return sorted({e for (e, f), _ in self.values if f == "type"}, key=_slot)

    def valid(self) -> bool:
        v = self.as_dict()
        comps = self.components()
        edges = {x: [f[1][0] for (e, f), val in v.items() if e == x and isinstance(f, tuple) and val] for x in comps}
        seen: dict[str, int] = {}

        def cyclic(x: str) -> bool:
            seen[x] = 1
            for y in edges.get(x, ()):
                if seen.get(y) == 1 or (y not in seen and cyclic(y)):
                    return True
            seen[x] = 2
            return False

        if any(x not in seen and cyclic(x) for x in comps):
            return False
        for x in comps:
            if v.get((x, "released")):
                if v[(x, "channel")] == "paid_download" and v[(x, "price")] is False:
                    return False
                if v[(x, "price_only_between_microenterprises")] and v[(v[(x, "by")], "type")] != "microenterprise":
                    return False
        return True

    def away(self) -> int:
        """Fields set away from their defaults, plus one per actor and component (the
        objective the search minimises)."""
        v = self.as_dict()
        n = len(self.components()) + len(self.actors())
        for (e, f), val in self.values:
            if f in REQUIRED or f in AS_OF_REQUIRED:
                continue
            if val != default(v, e, f, self.as_of):
                n += 1
        return n


@cache
def _rows(as_of: bool) -> dict[Any, Any]:
    """The space's field names -> their rows (training compute is kept in units of
    10^18 FLOP); with an as-of date, the fields read only with one too."""
    return {("training_compute" if r.kind == "flop" else r.name): r
            for r in table().fields if r.kind != "id" and (r.fixed is None or as_of and r.as_of_only)}


_ROWS = _rows(False)


def default(vals: dict[Any, Any], entity: str, field: Any, as_of: int | None = None) -> Any:
    """A field's default; for the date fields, which have none in the space (absent and
    unknown are left out), the value a witness prefers."""
    row = _rows(as_of is not None).get(field) if isinstance(field, str) else None
    if row is None:  # released, integrates(Y)
        return False
    if field == "first_placed":
        assert as_of is not None
        return date_classes(vals[(entity, "kind")], as_of)[0].start
    if field == "high_risk_route":
        return ROUTES[0]
    d = row.default
    if isinstance(d, dict):
        if "same_as" in d:
            return vals[(entity, d["same_as"])]
        return d["then"] if vals[(entity, d["from"])] == d["when"] else d["else"]
    return d


_DATED = _rows(True)
FIELD_ORDER = (("exists",) + tuple(f for f, r in _DATED.items() if r.item != "release") + ("released",)
               + tuple(f for f, r in _DATED.items() if r.item == "release"))


def field_rank(field: Any) -> int:
    """Fields in the order a scenario writes them (for listing a class's conditions)."""
    return FIELD_ORDER.index(field[0] if isinstance(field, tuple) else field) - 1


def _slot(e: str) -> tuple[Any, ...]:
    return (e[0], int(e[1:]))


def _key(item: Any) -> tuple[Any, ...]:
    (e, f), _ = item
    return (_slot(e), f if isinstance(f, str) else f"integrates:{f[1][0]}")


def _fields_for(kind: str, as_of: int | None = None) -> tuple[Any, ...]:
    """The fields a component of this kind has beyond those of every kind (integrates
    aside; the route, which only a high-risk system has, too)."""
    return tuple(f for f, r in _rows(as_of is not None).items() if r.item == "component" and r.kind != "refs"
                 and r.applies != table().kinds and r.applies_to(kind) and f != "high_risk_route")


def _retype(vals: dict[Any, Any], x: str, kind: str, as_of: int | None) -> None:
    for f in {f for k in table().kinds for f in _fields_for(k, as_of)} | {"high_risk_route"}:
        vals.pop((x, f), None)
    for key in [k for k in vals if k[0] == x and isinstance(k[1], tuple)]:
        del vals[key]
    for f in _fields_for(kind, as_of):
        vals[(x, f)] = default(vals, x, f, as_of)
    if kind == "ai_system":
        comps = sorted({e for (e, f) in vals if f == "kind"}, key=_slot)
        for y in comps:
            if y != x:
                vals[(x, ("integrates", (y,)))] = False


def _release(vals: dict[Any, Any], x: str, released: bool, as_of: int | None) -> None:
    release_flags = flags(as_of)[2]
    for f in RELEASE_FIELDS + release_flags:
        vals.pop((x, f), None)
    if released:
        vals[(x, "by")] = vals[(x, "developer")]
        vals[(x, "channel")] = "open_repository"
        for f in release_flags:
            vals[(x, f)] = f == "in_eu"
        vals[(x, "paid_support")] = vals[(x, "personal_data_use")] = "none"


def alternatives(point: Point, entity: str, field: Any) -> list[Any]:
    """The other values a field can take in the space, in a fixed order."""
    v = point.as_dict()
    current = v[(entity, field)]
    row = _rows(point.as_of is not None).get(field) if isinstance(field, str) else None
    if row is None:  # released, integrates(Y)
        dom: tuple[Any, ...] = (False, True)
    elif field == "first_placed":
        assert point.as_of is not None
        dom = tuple(c.start for c in date_classes(v[(entity, "kind")], point.as_of))
    elif field == "high_risk_route":
        dom = ROUTES
    elif row.kind == "ref":
        dom = tuple(point.actors()) if row.domain == "actor" else (None,) + LICENCE_IDS
    elif row.kind == "flop":
        dom = COMPUTE_UNITS
    elif row.kind == "enum":
        dom = row.preferred
    elif row.kind == "count":
        dom = tuple(row.explore["values"])
    else:
        dom = (False, True)
    return [d for d in dom if d != current]


# --------------------------------------------------------------------------- scenarios


def scenario_data(point: Point, name: str) -> dict[Any, Any]:
    """The scenario (plain data, language v1) that a point of the space describes,
    writing only the fields away from their defaults."""
    v = point.as_dict()
    data: dict[Any, Any] = {"scenario": 1, "name": name}
    if point.as_of is not None:
        data["as_of"] = calendar.iso(point.as_of)
    data["actors"] = [{"id": a, "type": v[(a, "type")], **({} if v[(a, "established_in_eu")] else
                                                          {"established_in_eu": False})} for a in point.actors()]
    comps = point.components()
    used_custom = sorted({v[(x, "licence")] for x in comps if v[(x, "licence")] in CUSTOM}, key=LICENCE_IDS.index)
    if used_custom:
        data["licences"] = [{"id": lid, "use_restrictions": list(CUSTOM[lid].use_restrictions)} for lid in used_custom]
    out, releases = [], []
    for x in comps:
        c: dict[Any, Any] = {"id": x, "kind": v[(x, "kind")], "developer": v[(x, "developer")]}
        own = _fields_for(c["kind"], point.as_of) + (("high_risk_route",) if (x, "high_risk_route") in v else ())
        for f in ("licence", "purpose") + tuple(sorted(own, key=field_rank)):
            val = v[(x, f)]
            if f in AS_OF_REQUIRED:  # no default in the space: always written
                c[f] = shown_value(f, val, point, x)
            elif val == default(v, x, f):
                continue
            elif f == "training_compute":
                c["training_compute_flop"] = Decimal(val) * Decimal(10) ** 18
            else:
                c[f] = val
        if c["kind"] == "ai_system":
            targets = [y for y in comps if v.get((x, ("integrates", (y,))))]
            if targets:
                c["integrates"] = targets
        out.append(c)
        if v[(x, "released")]:
            r: dict[Any, Any] = {"component": x, "by": v[(x, "by")], "channel": v[(x, "channel")]}
            for f in flags(point.as_of)[2] + ("paid_support", "personal_data_use"):
                if v[(x, f)] != default(v, x, f):
                    r[f] = v[(x, f)]
            releases.append(r)
    data["components"] = out
    if releases:
        data["releases"] = releases
    return data


def scenario(point: Point, name: str) -> Any:
    """The point as a validated Scenario (the loader's cross-reference checks included)."""
    from aiact_foss.language import references
    from aiact_foss.language.scenario import Scenario

    scn = Scenario.model_validate(scenario_data(point, name))
    references.check(scn)
    return scn


def path_of(point: Point, entity: str, field: Any) -> str:
    """The scenario path of a field of the point (as `scenario_data` writes it)."""
    if entity.startswith("a"):
        return f"actors[{point.actors().index(entity)}].{field}"
    comps = point.components()
    i = comps.index(entity)
    if field == "exists":
        return f"components[{i}]"
    if field in RELEASE_FIELDS or field in flags(point.as_of)[2]:
        released = [x for x in comps if point.as_dict().get((x, "released"))]
        return f"releases[{released.index(entity)}].{field}"
    if field == "released":
        return f"components[{i}] has a release"
    if isinstance(field, tuple):
        return f"components[{i}].integrates has {field[1][0]}"  # report.py words it
    if field == "training_compute":
        return f"components[{i}].training_compute_flop"
    return f"components[{i}].{field}"


def shown_value(field: Any, value: Any, point: Point | None = None, entity: str | None = None) -> Any:
    """A field value as the scenario writes it; a first placing as the date a witness
    gives (the point and entity name its kind and as-of date)."""
    if field == "training_compute":
        return None if value is None else int(Decimal(value) * Decimal(10) ** 18)
    if field == "first_placed":
        return _date_class(point, entity, value).day
    return value


def shown_class(point: Point, entity: str, field: Any, value: Any) -> Any:
    """A decider's value as a class lists it: a first placing as its period."""
    if field == "first_placed":
        return _date_class(point, entity, value).name
    return shown_value(field, value)


def _date_class(point: Point | None, entity: str | None, start: int) -> Any:
    assert point is not None and point.as_of is not None and entity is not None
    return next(c for c in date_classes(point.as_dict()[(entity, "kind")], point.as_of) if c.start == start)

