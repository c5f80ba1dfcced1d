"""Points of the bounded space (space.py): a scenario as field values by (entity,
field), read from a model, changed one field at a time (kept valid), counted against
the defaults, and written back as a scenario of language v1."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from aiact_foss.explore.space import (
    ACTOR_TYPES,
    CHANNELS,
    COMPUTE_UNITS,
    CUSTOM,
    KINDS,
    LICENCE_IDS,
    MODEL_FLAGS,
    PAID_SUPPORT,
    PERSONAL_DATA,
    RELEASE_FIELDS,
    RELEASE_FLAGS,
    REQUIRED,
    RISKS,
    SYSTEM_FLAGS,
)


def value_of(symbol):
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

    values: tuple  # sorted ((entity, field), value) pairs; field may be ("integrates", (y,))

    @staticmethod
    def from_model(symbols) -> "Point":
        vals = {}
        for s in symbols:
            if s.match("_fv", 3):
                e, f, v = (value_of(a) for a in s.arguments)
                vals[(e, f)] = None if f in ("licence", "training_compute") and v == "none" else v
        return Point(tuple(sorted(vals.items(), key=_key)))

    def as_dict(self) -> dict:
        return dict(self.values)

    def with_value(self, entity: str, field, value) -> "Point | None":
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
            _retype(vals, entity, value)
        if field == "released":
            _release(vals, entity, value)
        p = Point(tuple(sorted(vals.items(), key=_key)))
        return p if p.valid() else None

    def without_component(self, x: str) -> "Point | None":
        vals = {k: v for k, v in self.as_dict().items() if k[0] != x and k[1] != ("integrates", (x,))}
        p = Point(tuple(sorted(vals.items(), key=_key)))
        if not p.components():  # the actors would then be unused, still a valid scenario
            return p
        return p if p.valid() else None

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
            if f in REQUIRED:
                continue
            if val != default(v, e, f):
                n += 1
        return n


def default(vals: dict, entity: str, field):
    if field == "established_in_eu" or field == "in_eu":
        return True
    if field in ("licence", "training_compute"):
        return None
    if field == "purpose":
        return "general"
    if field == "checkpoints":
        return 1
    if field == "risk":
        return "minimal"
    if field == "provider":
        return vals[(entity, "developer")]
    if field == "price":
        return vals[(entity, "channel")] == "paid_download"
    if field in ("paid_support", "personal_data_use"):
        return "none"
    return False


FIELD_ORDER = ("type", "established_in_eu", "kind", "developer", "licence", "purpose") + MODEL_FLAGS + (
    "training_compute", "checkpoints", "placed_on_market_in_eu", "put_into_service_in_eu", "risk", "provider",
    "integrates", "released") + RELEASE_FIELDS


def field_rank(field) -> int:
    """Fields in the order a scenario writes them (for listing a class's conditions)."""
    return FIELD_ORDER.index(field[0] if isinstance(field, tuple) else field) if field != "exists" else -1


def _slot(e: str) -> tuple:
    return (e[0], int(e[1:]))


def _key(item) -> tuple:
    (e, f), _ = item
    return (_slot(e), f if isinstance(f, str) else f"integrates:{f[1][0]}")


def _fields_for(kind: str) -> tuple:
    return MODEL_FLAGS + ("training_compute", "checkpoints") if kind == "model" else \
        SYSTEM_FLAGS + ("risk", "provider") if kind == "ai_system" else ()


def _retype(vals: dict, x: str, kind: str) -> None:
    every = set(MODEL_FLAGS + SYSTEM_FLAGS) | {"training_compute", "checkpoints", "risk", "provider"}
    for f in every:
        vals.pop((x, f), None)
    for key in [k for k in vals if k[0] == x and isinstance(k[1], tuple)]:
        del vals[key]
    for f in _fields_for(kind):
        vals[(x, f)] = default(vals, x, f)
    if kind == "ai_system":
        comps = sorted({e for (e, f) in vals if f == "kind"}, key=_slot)
        for y in comps:
            if y != x:
                vals[(x, ("integrates", (y,)))] = False


def _release(vals: dict, x: str, released: bool) -> None:
    for f in RELEASE_FIELDS:
        vals.pop((x, f), None)
    if released:
        vals[(x, "by")] = vals[(x, "developer")]
        vals[(x, "channel")] = "open_repository"
        for f in RELEASE_FLAGS:
            vals[(x, f)] = f == "in_eu"
        vals[(x, "paid_support")] = vals[(x, "personal_data_use")] = "none"


def alternatives(point: Point, entity: str, field) -> list:
    """The other values a field can take in the space, in a fixed order."""
    v = point.as_dict()
    current = v[(entity, field)]
    if field == "type":
        dom = ACTOR_TYPES
    elif field == "kind":
        dom = KINDS
    elif field == "licence":
        dom = (None,) + LICENCE_IDS
    elif field == "purpose":
        dom = ("general", "scientific_research_only")
    elif field in ("developer", "provider", "by"):
        dom = tuple(point.actors())
    elif field == "training_compute":
        dom = COMPUTE_UNITS
    elif field == "checkpoints":
        dom = (1, 2)
    elif field == "risk":
        dom = RISKS
    elif field == "channel":
        dom = CHANNELS
    elif field == "paid_support":
        dom = PAID_SUPPORT
    elif field == "personal_data_use":
        dom = PERSONAL_DATA
    else:
        dom = (False, True)
    return [d for d in dom if d != current]


# --------------------------------------------------------------------------- scenarios


def scenario_data(point: Point, name: str) -> dict:
    """The scenario (plain data, language v1) that a point of the space describes,
    writing only the fields away from their defaults."""
    v = point.as_dict()
    data: dict = {"scenario": 1, "name": name}
    data["actors"] = [{"id": a, "type": v[(a, "type")], **({} if v[(a, "established_in_eu")] else
                                                          {"established_in_eu": False})} for a in point.actors()]
    comps = point.components()
    used_custom = sorted({v[(x, "licence")] for x in comps if v[(x, "licence")] in CUSTOM}, key=LICENCE_IDS.index)
    if used_custom:
        data["licences"] = [{"id": lid, "use_restrictions": list(CUSTOM[lid].use_restrictions)} for lid in used_custom]
    out, releases = [], []
    for x in comps:
        c: dict = {"id": x, "kind": v[(x, "kind")], "developer": v[(x, "developer")]}
        for f in ("licence", "purpose") + _fields_for(c["kind"]):
            val = v[(x, f)]
            if val == default(v, x, f):
                continue
            if f == "training_compute":
                c["training_compute_flop"] = Decimal(val) * Decimal(10) ** 18
            else:
                c[f] = val
        if c["kind"] == "ai_system":
            targets = [y for y in comps if v.get((x, ("integrates", (y,))))]
            if targets:
                c["integrates"] = targets
        out.append(c)
        if v[(x, "released")]:
            r: dict = {"component": x, "by": v[(x, "by")], "channel": v[(x, "channel")]}
            for f in RELEASE_FLAGS + ("paid_support", "personal_data_use"):
                if v[(x, f)] != default(v, x, f):
                    r[f] = v[(x, f)]
            releases.append(r)
    data["components"] = out
    if releases:
        data["releases"] = releases
    return data


def scenario(point: Point, name: str):
    """The point as a validated Scenario (the loader's cross-reference checks included)."""
    from aiact_foss.language import references
    from aiact_foss.language.scenario import Scenario

    scn = Scenario.model_validate(scenario_data(point, name))
    references.check(scn)
    return scn


def path_of(point: Point, entity: str, field) -> str:
    """The scenario path of a field of the point (as `scenario_data` writes it)."""
    if entity.startswith("a"):
        return f"actors[{point.actors().index(entity)}].{field}"
    comps = point.components()
    i = comps.index(entity)
    if field == "exists":
        return f"components[{i}]"
    if field in RELEASE_FIELDS:
        released = [x for x in comps if point.as_dict().get((x, "released"))]
        return f"releases[{released.index(entity)}].{field}"
    if field == "released":
        return f"components[{i}] has a release"
    if isinstance(field, tuple):
        return f"components[{i}].integrates has {field[1][0]}"  # report.py words it
    if field == "training_compute":
        return f"components[{i}].training_compute_flop"
    return f"components[{i}].{field}"


def shown_value(field, value):
    """A field value as the scenario writes it."""
    if field == "training_compute":
        return None if value is None else int(Decimal(value) * Decimal(10) ** 18)
    return value
