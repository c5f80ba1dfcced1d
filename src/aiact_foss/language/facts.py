"""Scenario -> clingo symbols (logic/README.md, "Input"). Ids become `String` symbols,
never names, and nothing is pasted into program text, so any id survives the trip and
none can inject a rule. Each fact keeps the scenario path and value it comes from (for
explanations and conflict reports); each `unknown` field becomes a `Variable` the solver
branches on."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from functools import cache
from typing import Any

from clingo import Function, Number, String, Symbol

from aiact_foss.language.licences import ALL_GRANTS, BUILT_IN, LicenceTerms
from aiact_foss.language.scenario import Component, Release, Scenario, date_number
from aiact_foss.law.calendar import Period, periods_until

MAX_INT = 2**31 - 1
EXA = Decimal(10) ** 18

ENUM_DOMAINS = {
    "actor_type": ("natural_person", "microenterprise", "small_enterprise", "medium_enterprise",
                   "large_enterprise", "non_profit", "research_organisation", "public_authority"),
    "risk": ("prohibited", "high", "transparency", "minimal"),
    "paid_support": ("none", "optional", "required"),
    "personal_data_use": ("none", "security_compatibility_interoperability_only", "other"),
}
TRI_MODEL = ("general_purpose", "trained_on_broad_data_at_scale", "generative", "high_impact_capabilities",
             "weights_public", "architecture_public", "usage_info_public")
TRI_SYSTEM = ("general_purpose", "generative", "placed_on_market_in_eu", "put_into_service_in_eu",
              "generates_intimate_images", "generates_child_abuse_material", "generation_intended",
              "generation_foreseeable", "generation_safeguards")
RELEASE_FLAGS = ("in_eu", "price", "price_only_between_microenterprises", "donations", "advertising",
                 "related_paid_services", "platform_monetises_other_services", "commercial_activity")


@dataclass(frozen=True)
class Variable:
    """An unknown field: `values` in the language's order, `atoms[k]` the atom that holds
    when the field takes `values[k]` (None: the value false of a tri field, no atom)."""

    path: str
    values: tuple
    atoms: tuple


@dataclass(frozen=True)
class Field_:
    """A stated (or defaulted) field: the atoms true because of it, and the atoms of its
    other values, false because of it; both map back to (path, value)."""

    path: str
    value: Any
    true_atoms: tuple
    false_atoms: tuple


@dataclass
class FactBase:
    facts: list[Symbol] = field(default_factory=list)
    variables: list[Variable] = field(default_factory=list)
    fields: list[Field_] = field(default_factory=list)

    def provenance(self) -> dict[Symbol, tuple[str, Any]]:
        """atom -> (path, value) of the field that makes it true."""
        return {a: (f.path, f.value) for f in self.fields for a in f.true_atoms}


def compute_units(flop: Decimal) -> int:
    """ceil(FLOP / 10^18), clamped to clingo's 32-bit integers: exact for every
    "greater than k x 10^18" threshold (x > 10^25 iff units > 10^7)."""
    units = int((flop / EXA).to_integral_value(rounding=ROUND_CEILING))
    return min(units, MAX_INT)


def _s(text: str) -> Symbol:
    return String(text)


@cache
def _c(name: str) -> Symbol:
    return Function(name)  # enum values and duty names: few, and asked for per atom


class _Builder:
    def __init__(self) -> None:
        self.fb = FactBase()

    def fact(self, path: str, value: Any, atom: Symbol) -> None:
        self.fb.facts.append(atom)
        self.fb.fields.append(Field_(path, value, (atom,), ()))

    def flag(self, path: str, value: Any, atom: Symbol) -> None:
        """A bool or tri field: true -> fact, false -> no fact, unknown -> variable."""
        if value == "unknown":
            self.fb.variables.append(Variable(path, (False, True), (None, atom)))
        elif value is True:
            self.fact(path, True, atom)
        else:
            self.fb.fields.append(Field_(path, False, (), (atom,)))

    def enum(self, path: str, value: str, name: str, subject: Symbol) -> None:
        domain = ENUM_DOMAINS[name]
        atoms = tuple(Function(name, [subject, _c(v)]) for v in domain)
        if value == "unknown":
            self.fb.variables.append(Variable(path, domain, atoms))
            return
        k = domain.index(value)
        self.fb.facts.append(atoms[k])
        self.fb.fields.append(Field_(path, value, (atoms[k],), atoms[:k] + atoms[k + 1:]))


def build(scn: Scenario, pins: dict[str, bool] | None = None) -> FactBase:
    b = _Builder()
    for i, a in enumerate(scn.actors):
        p, x = f"actors[{i}]", _s(a.id)
        b.fact(f"{p}.id", a.id, Function("actor", [x]))
        b.enum(f"{p}.type", a.type, "actor_type", x)
        b.flag(f"{p}.established_in_eu", a.established_in_eu, Function("established_in_eu", [x]))
    custom = {lic.id: (i, lic) for i, lic in enumerate(scn.licences)}
    used = sorted({c.licence for c in scn.components if c.licence is not None})
    for lid in used:
        if lid in custom:
            i, lic = custom[lid]
            terms = LicenceTerms(tuple(lic.grants), tuple(lic.use_restrictions), lic.attribution_required, lic.share_alike)
            _licence(b, f"licences[{i}]", lid, terms)
        else:
            _licence(b, None, lid, BUILT_IN[lid])
    as_of = date_number(scn.as_of) if scn.as_of is not None else None
    if as_of is not None:
        b.fact("as_of", scn.as_of, Function("as_of", [Number(as_of)]))
    for i, c in enumerate(scn.components):
        _component(b, f"components[{i}]", c)
        if as_of is not None:
            _time(b, f"components[{i}]", c, as_of)
    for i, r in enumerate(scn.releases):
        _release(b, f"releases[{i}]", i, r)
    return with_pins(b.fb, pins or {})


def with_pins(fb: FactBase, pins: dict[str, bool]) -> FactBase:
    """The same facts plus `pinned/2` for each pin (a draft's pins differ, the scenario's
    facts do not: build once, pin per draft)."""
    if not pins:
        return fb
    extra = [Function("pinned", [_c(q), _c("true" if v else "false")]) for q, v in sorted(pins.items())]
    return FactBase(fb.facts + extra, fb.variables, fb.fields)


def _licence(b: _Builder, path: str | None, lid: str, t: LicenceTerms) -> None:
    x = _s(lid)
    where = path or f"built-in licence {lid}"
    for g in t.grants:
        b.fact(f"{where}.grants", list(t.grants), Function("grants", [x, _c(g)]))
    missing = tuple(Function("grants", [x, _c(g)]) for g in ALL_GRANTS if g not in t.grants)
    if missing:
        b.fb.fields.append(Field_(f"{where}.grants", list(t.grants), (), missing))
    for r in t.use_restrictions:
        b.fact(f"{where}.use_restrictions", list(t.use_restrictions), Function("use_restriction", [x, _c(r)]))
    b.flag(f"{where}.attribution_required", t.attribution_required, Function("attribution_required", [x]))
    b.flag(f"{where}.share_alike", t.share_alike, Function("share_alike", [x]))


def _component(b: _Builder, p: str, c: Component) -> None:
    x = _s(c.id)
    b.fact(f"{p}.id", c.id, Function("component", [x]))
    b.fact(f"{p}.kind", c.kind, Function("kind", [x, _c(c.kind)]))
    b.fact(f"{p}.developer", c.developer, Function("developer", [x, _s(c.developer)]))
    if c.licence is not None:
        b.fact(f"{p}.licence", c.licence, Function("licence", [x, _s(c.licence)]))
    b.fact(f"{p}.purpose", c.purpose, Function("purpose", [x, _c(c.purpose)]))
    if c.kind == "model":
        for name in TRI_MODEL:
            b.flag(f"{p}.{name}", getattr(c, name), Function(name, [x]))
        b.flag(f"{p}.designated_systemic_risk", c.designated_systemic_risk, Function("designated_systemic_risk", [x]))
        if c.training_compute_flop is not None:
            b.fact(f"{p}.training_compute_flop", c.training_compute_flop,
                   Function("training_compute", [x, Number(compute_units(c.training_compute_flop))]))
        b.fact(f"{p}.checkpoints", c.checkpoints, Function("checkpoints", [x, Number(c.checkpoints)]))
    elif c.kind == "ai_system":
        for name in TRI_SYSTEM:
            b.flag(f"{p}.{name}", getattr(c, name), Function(name, [x]))
        for j, y in enumerate(c.integrates):
            b.fact(f"{p}.integrates[{j}]", y, Function("integrates", [x, _s(y)]))
        b.fact(f"{p}.provider", c.provider_id, Function("provider", [x, _s(c.provider_id)]))
        b.enum(f"{p}.risk", c.risk, "risk", x)


def _time(b: _Builder, p: str, c: Component, as_of: int) -> None:
    """The dates a component's duties turn on, read only with an as-of date: its first
    placing (absent: one of the periods between the law's cut-off dates, up to the as-of
    date) and, for a system that may be high-risk, its classification route."""
    x = _s(c.id)
    if c.kind not in ("model", "ai_system"):
        return
    if c.first_placed is not None:
        b.fact(f"{p}.first_placed", c.first_placed, Function("first_placed", [x, Number(date_number(c.first_placed))]))
    elif periods_until(c.kind, as_of):
        periods: tuple[Period, ...] = periods_until(c.kind, as_of)
        atoms = tuple(Function("placed_period", [x, Number(q.start)]) for q in periods)
        if len(atoms) == 1:
            b.fact(f"{p}.first_placed", periods[0].name, atoms[0])
        else:
            b.fb.variables.append(Variable(f"{p}.first_placed", tuple(q.name for q in periods), atoms))
    if c.kind == "ai_system" and c.risk in ("high", "unknown"):
        routes = ("annex_i", "annex_iii")
        atoms = tuple(Function("high_risk_route", [x, _c(r)]) for r in routes)
        if c.high_risk_route == "unknown":
            b.fb.variables.append(Variable(f"{p}.high_risk_route", routes, atoms))
        else:
            k = routes.index(c.high_risk_route)
            b.fb.facts.append(atoms[k])
            b.fb.fields.append(Field_(f"{p}.high_risk_route", c.high_risk_route, (atoms[k],), atoms[1 - k:2 - k]))


def _release(b: _Builder, p: str, i: int, r: Release) -> None:
    n = Number(i)
    b.fact(f"{p}.component", r.component, Function("release", [n]))
    b.fact(f"{p}.component", r.component, Function("release_of", [n, _s(r.component)]))
    b.fact(f"{p}.by", r.by, Function("released_by", [n, _s(r.by)]))
    b.fact(f"{p}.channel", r.channel, Function("channel", [n, _c(r.channel)]))
    for name in RELEASE_FLAGS:
        value = r.price_value if name == "price" else getattr(r, name)
        b.flag(f"{p}.{name}", value, Function(name, [n]))
    b.enum(f"{p}.paid_support", r.paid_support, "paid_support", n)
    b.enum(f"{p}.personal_data_use", r.personal_data_use, "personal_data_use", n)


def program_text(fb: FactBase, *, as_choices: bool = False) -> str:
    """The facts as ASP text, printed from the symbols (for solving, `facts` and
    `--with-rules`). `as_choices`: every stated atom and every atom a stated field makes
    false becomes a free choice, so that assumptions can fix them one field at a time."""
    if as_choices:
        stated = list(fb.facts) + [a for f in fb.fields for a in f.false_atoms]
        lines = [f"{{ {a} }}." for a in dict.fromkeys(stated)]
    else:
        lines = [f"{a}." for a in fb.facts]
    for v in fb.variables:
        atoms = [str(a) for a in v.atoms if a is not None]
        if len(atoms) == 1:
            lines.append(f"{{ {atoms[0]} }}.  % {v.path}: unknown")
        else:
            lines.append(f"1 {{ {'; '.join(atoms)} }} 1.  % {v.path}: unknown")
    return "\n".join(lines) + ("\n" if lines else "")
