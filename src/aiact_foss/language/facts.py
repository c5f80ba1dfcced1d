"""Scenario -> clingo symbols (logic/README.md, "Input"), field by field as the table
logic/language.yaml declares them (which fact, which items, the order). Ids become `String` symbols,
never names, and nothing is pasted into program text, so any id survives the trip and
none can inject a rule. Each fact keeps the scenario path and value it comes from (for
explanations and conflict reports); each `unknown` field becomes a `Variable` the solver
branches on."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cache
from typing import Any

from clingo import Function, Number, String, Symbol

from aiact_foss.language.licences import BUILT_IN
from aiact_foss.language.scenario import Component, Scenario, date_number
from aiact_foss.language.table import Row, table
from aiact_foss.law.calendar import keys, periods_until

MAX_INT = 2**31 - 1
EXA = Decimal(10) ** 18


@dataclass(frozen=True)
class Variable:
    """An unknown field: `values` in the language's order, `atoms[k]` the atom that holds
    when the field takes `values[k]` (None: the value false of a tri field, no atom)."""

    path: str
    values: tuple[Any, ...]
    atoms: tuple[Any, ...]

    def read_by(self, read: frozenset[str]) -> bool:
        """Whether a rule reading the predicates `read` can see this field's value: one
        that none reads is no branching point of that program, and gets no choice."""
        return any(a is not None and a.name in read for a in self.atoms)


@dataclass(frozen=True)
class Field_:
    """A stated (or defaulted) field: the atoms true because of it, and the atoms of its
    other values, false because of it; both map back to (path, value)."""

    path: str
    value: Any
    true_atoms: tuple[Any, ...]
    false_atoms: tuple[Any, ...]


@dataclass
class FactBase:
    facts: list[Symbol] = field(default_factory=list)
    variables: list[Variable] = field(default_factory=list)
    fields: list[Field_] = field(default_factory=list)

    def provenance(self) -> dict[Symbol, tuple[str, Any]]:
        """atom -> (path, value) of the field that makes it true."""
        return {a: (f.path, f.value) for f in self.fields for a in f.true_atoms}


def compute_units(flop: Decimal | int) -> int:
    """ceil(FLOP / 10^18), clamped to clingo's 32-bit integers: exact for every
    "greater than k x 10^18" threshold (x > 10^25 iff units > 10^7). Computed on the exact
    rational, never under a Decimal context (whose 28 digits would round
    10000000000000000000000000.0001 down to the threshold)."""
    q = Fraction(flop) / 10**18
    units = -(-q.numerator // q.denominator)
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

    def enum(self, path: str, value: str, row: Row, subject: Symbol) -> None:
        """One value of a closed domain: its atom true, the others' false."""
        domain = row.values
        atoms = tuple(Function(row.fact.name, [subject, _c(v)]) for v in domain)  # type: ignore[union-attr]
        if value == "unknown":
            self.fb.variables.append(Variable(path, domain, atoms))
            return
        k = domain.index(value)
        self.fb.facts.append(atoms[k])
        self.fb.fields.append(Field_(path, value, (atoms[k],), atoms[:k] + atoms[k + 1:]))

    def item(self, item: str, path: str, obj: Any, subject: Symbol, kind: str | None = None) -> None:
        """The facts of one item, field by field in the table's order."""
        for row in table().rows(item):
            if row.fact is None or kind is not None and not row.applies_to(kind):
                continue
            self.row(row, f"{path}.{row.name}", value_of(row, obj), subject)

    def row(self, row: Row, p: str, value: Any, x: Symbol) -> None:
        for atom in row.also:
            self.fact(p, value, Function(atom.name, [x]))
        name = row.fact.name  # type: ignore[union-attr]
        if row.kind == "id":
            self.fact(p, value, Function(name, [x]))
        elif row.kind == "ref":
            if value is not None:
                self.fact(p, value, Function(name, [x, _s(value)]))
        elif row.kind == "refs":
            for j, y in enumerate(value):
                self.fact(f"{p}[{j}]", y, Function(name, [x, _s(y)]))
        elif row.kind == "enum":
            if row.others_false:
                self.enum(p, value, row, x)
            else:
                self.fact(p, value, Function(name, [x, _c(value)]))
        elif row.kind == "set":
            for v in value:
                self.fact(p, list(value), Function(name, [x, _c(v)]))
            missing = tuple(Function(name, [x, _c(v)]) for v in row.values if v not in value)
            if row.others_false and missing:
                self.fb.fields.append(Field_(p, list(value), (), missing))
        elif row.flag:
            self.flag(p, value, Function(name, [x]))
        elif row.kind == "flop":
            if value is not None:
                self.fact(p, value, Function(name, [x, Number(compute_units(value))]))
        elif row.kind == "count":
            self.fact(p, value, Function(name, [x, Number(value)]))
        else:  # pragma: no cover - table.py admits only the kinds above
            raise ValueError(f"no facts for a field of kind {row.kind}")


def value_of(row: Row, obj: Any) -> Any:
    """The field's value on `obj`, with a default that depends on another field applied."""
    value = getattr(obj, row.name)
    if value is None and isinstance(row.default, dict):
        other = getattr(obj, row.default.get("same_as") or row.default["from"])
        if "same_as" in row.default:
            return other
        return row.default["then"] if other == row.default["when"] else row.default["else"]
    return value


def build(scn: Scenario, pins: dict[str, bool] | None = None) -> FactBase:
    b = _Builder()
    for i, a in enumerate(scn.actors):
        b.item("actor", f"actors[{i}]", a, _s(a.id))
    custom = {lic.id: (i, lic) for i, lic in enumerate(scn.licences)}
    used = sorted({c.licence for c in scn.components if c.licence is not None})
    for lid in used:
        if lid in custom:
            i, lic = custom[lid]
            b.item("licence", f"licences[{i}]", lic, _s(lid))
        else:
            b.item("licence", f"built-in licence {lid}", BUILT_IN[lid], _s(lid))
    as_of = date_number(scn.as_of) if scn.as_of is not None else None
    if as_of is not None:
        b.fact("as_of", scn.as_of, Function("as_of", [Number(as_of)]))
    for i, c in enumerate(scn.components):
        b.item("component", f"components[{i}]", c, _s(c.id), c.kind)
        if as_of is not None:
            _time(b, f"components[{i}]", c, as_of)
    for i, r in enumerate(scn.releases):
        b.item("release", f"releases[{i}]", r, Number(i))
    return with_pins(b.fb, pins or {})


def with_pins(fb: FactBase, pins: dict[str, bool]) -> FactBase:
    """The same facts plus `pinned/2` for each pin (a draft's pins differ, the scenario's
    facts do not: build once, pin per draft)."""
    if not pins:
        return fb
    extra = [Function("pinned", [_c(q), _c("true" if v else "false")]) for q, v in sorted(pins.items())]
    return FactBase(fb.facts + extra, fb.variables, fb.fields)


def _time(b: _Builder, p: str, c: Component, as_of: int) -> None:
    """The dates a component's duties turn on, read only with an as-of date: its first
    placing (absent: one of the periods between the law's cut-off dates, up to the as-of
    date) and, for a system that may be high-risk, its classification route."""
    x = _s(c.id)
    if c.kind not in ("model", "ai_system"):
        return
    if c.first_placed is not None:
        b.fact(f"{p}.first_placed", c.first_placed, Function("first_placed", [x, Number(date_number(c.first_placed))]))
    elif periods := periods_until(c.kind, as_of, *_cutoff_facts(c)):
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


@cache
def cutoff_flags(kind: str) -> tuple[Row, ...]:
    """The flags of a `kind` component whose facts have cut-off dates of their own (keys
    of `cutoff/2` in logic/common/time.lp): a component that has or may have one has its
    periods cut at those dates too."""
    return tuple(row for row in table().rows("component")
                 if row.flag and row.fact is not None and row.fact.name in keys() and row.applies_to(kind))


def _cutoff_facts(c: Component) -> tuple[str, ...]:
    return tuple(row.fact.name for row in cutoff_flags(c.kind) if row.fact is not None
                 and getattr(c, row.name) is not False)


def program_text(fb: FactBase, *, as_choices: bool = False, read: frozenset[str] | None = None) -> str:
    """The facts as ASP text, printed from the symbols (for solving, `facts` and
    `--with-rules`). `as_choices`: every stated atom and every atom a stated field makes
    false becomes a free choice, so that assumptions can fix them one field at a time.
    `read`: the predicates the program's rules read; an unknown field none of them reads
    gets no choice (it would only multiply answer sets that no rule tells apart)."""
    if as_choices:
        stated = list(fb.facts) + [a for f in fb.fields for a in f.false_atoms]
        lines = [f"{{ {a} }}." for a in dict.fromkeys(stated)]
    else:
        lines = [f"{a}." for a in fb.facts]
    for v in fb.variables:
        if read is not None and not v.read_by(read):
            continue
        atoms = [str(a) for a in v.atoms if a is not None]
        if len(atoms) == 1:
            lines.append(f"{{ {atoms[0]} }}.  % {v.path}: unknown")
        else:
            lines.append(f"1 {{ {'; '.join(atoms)} }} 1.  % {v.path}: unknown")
    return "\n".join(lines) + ("\n" if lines else "")
