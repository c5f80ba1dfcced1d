"""Plain-English labels for explanation nodes: one template per predicate (conclusions,
duties, the shared machinery: logic/glosses.yaml; the scenario's facts:
logic/language.yaml) and one per scenario field. A
predicate without a template is shown as its name and arguments, which stays correct
when the logic grows a predicate this table does not know yet."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from clingo import Symbol, SymbolType

from aiact_foss.explain.glosses import glosses
from aiact_foss.language.facts import FactBase
from aiact_foss.language.table import table
from aiact_foss.law.calendar import iso

_G = glosses()
DUTY = {d: g.words for d, g in _G.duties.items()}
WORDS = {**{w: g.words for w, g in _G.words.items()}, **table().value_words()}
# predicate -> (argument kinds, template). Kinds name the placeholder shown for an
# argument that a why-not leaves open ("some component"). The derived predicates' words
# are in logic/glosses.yaml, the scenario's facts' in logic/language.yaml.
ATOM: dict[str, tuple[tuple[str, ...], str]] = {
    **{p: (g.args, g.words) for p, g in _G.predicates.items()},
    **table().atom_words(),
}

UNBOUND = {"component": "some component", "actor": "someone", "licence": "some licence", "release": "some release",
           "const": "something", "number": "some number", "question": "some question", "duty": "some duty",
           "date": "some date"}

# scenario field -> (text when true, text when false) for flags, else one template; {o} is
# the owner, {v} the value (logic/language.yaml, `words`)
FLAG_FIELD: dict[str, tuple[str, str]] = {r.name: r.field_words() for r in table().fields if r.flag}
VALUE_FIELD: dict[str, str] = {r.name: r.field_words() for r in table().fields if not r.flag and r.kind != "id"}
ENUM_FIELDS = frozenset(r.name for r in table().fields if r.kind == "enum")
_ITEM = re.compile(r"^(actors|licences|components|releases)\[(\d+)\]")


class Labeller:
    """Labels in the scenario's own ids; releases are named after their component."""

    def __init__(self, fb: FactBase, question_texts: dict[str, str]) -> None:
        self.questions = question_texts
        self.owner: dict[str, str] = {}
        comp: dict[int, str] = {}
        for f in fb.fields:
            m = _ITEM.match(f.path)
            if not m:
                continue
            if f.path == f"{m.group(0)}.id":
                self.owner[m.group(0)] = str(f.value)
            elif m.group(1) == "releases" and f.path.endswith(".component"):
                comp[int(m.group(2))] = str(f.value)
        self.release = {i: f"{c}'s release #{i}" for i, c in comp.items()}
        for i, text in self.release.items():
            self.owner[f"releases[{i}]"] = text

    # -- atoms ---------------------------------------------------------------------------
    def arg(self, kind: str, a: Symbol | None) -> str:
        """One argument: a symbol, or None when a why-not leaves it open."""
        if a is None:
            return UNBOUND.get(kind, "something")
        if kind == "release" and a.type == SymbolType.Number:
            return self.release.get(a.number, f"release #{a.number}")
        if a.type == SymbolType.String:
            return a.string
        if a.type == SymbolType.Number:
            return iso(a.number) if kind == "date" else str(a.number)
        if not a.arguments:
            return WORDS.get(a.name, a.name.replace("_", " ")) if kind == "const" else a.name
        return str(a)

    def atom(self, name: str, args: Sequence[Symbol | None]) -> str:
        """The label of predicate `name` with arguments `args` (symbols, None for open)."""
        if name in ("obligation", "lifted") and len(args) == 3:
            actor, x = self.arg("actor", args[0]), self.arg("component", args[1])
            d = args[2]
            duty = DUTY.get(d.name, d.name.replace("_", " ") + " for {x}") if d is not None else "meet some duty for {x}"
            duty = duty.format(x=x)
            if name == "obligation":
                return f"{actor} must {duty}"
            return f"a free and open-source exception lifts {actor}'s duty to {duty}"
        entry = ATOM.get(name)
        if entry is None or len(entry[0]) != len(args):
            shown = ", ".join(self.arg("const", a) if a is not None else "_" for a in args)
            return f"{name.replace('_', ' ')}({shown})"
        kinds, template = entry
        return template.format(*(self.arg(k, a) for k, a in zip(kinds, args)))

    def symbol(self, sym: Symbol) -> str:
        return self.atom(sym.name, list(sym.arguments))

    # -- the scenario's fields -------------------------------------------------------------
    def field(self, path: str, value: Any) -> str:
        owner_path, _, name = path.rpartition(".")
        name = re.sub(r"\[\d+\]$", "", name)
        m = _ITEM.match(owner_path)
        if m:
            owner = self.owner.get(m.group(0), m.group(0))
        elif owner_path.startswith("built-in licence "):
            owner = owner_path.removeprefix("built-in licence ")
        else:
            owner = owner_path
        if name == "id":
            articles = {i["list"]: i["a"] for i in table().items.values()}
            kind = articles.get(m.group(1) if m else "", "an item")
            return f"{value} is {kind} of the scenario"
        if name in FLAG_FIELD and isinstance(value, bool):
            return FLAG_FIELD[name][0 if value else 1].format(o=owner)
        template = VALUE_FIELD.get(name, "{o}: " + name.replace("_", " ") + " = {v}")
        return template.format(o=owner, v=self.value(name, value))

    def value(self, name: str, value: Any) -> str:
        if isinstance(value, list):
            shown = [str(v) for v in value]  # a list field holds ids or enum values
            return ", ".join(WORDS.get(v, v) if name != "grants" else v for v in shown) or "nothing"
        if isinstance(value, Decimal):
            return format(value, "g")
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str) and name in ENUM_FIELDS:
            return WORDS.get(value, value)
        return str(value)

    def unknown(self, path: str, value: Any) -> str:
        shown = "true" if value is True else "false" if value is False else str(value)
        return f"{self.field(path, value)} (unknown in the scenario; this outcome takes {shown})"

    def question(self, q: str, value: bool, pinned: bool) -> str:
        how = "pinned to" if pinned else "answered"
        text = self.questions.get(q)
        if not text:
            return f"open question {q} {how} {'true' if value else 'false'}"
        # the question's text says what true means; a false answer is worded as its denial
        return f"open question {q} {how} {'true' if value else 'false'}: " + (text if value else f"it is not the case that {text}")
