"""The scenario language's one declaration (logic/language.yaml), read into rows. Every
other statement of the language (facts builder, input.lp, the README's input table,
strategies, the explore space, explanation words, schema descriptions) is derived from
these rows; the file's opening comment says what each key means."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from aiact_foss.law.resources import logic_root, read_yaml

ITEMS = ("actor", "licence", "component", "release")
FIELD_KINDS = ("id", "ref", "refs", "enum", "set", "bool", "tri", "flop", "count", "date")
REQUIRED = "required"
_ATOM = re.compile(r"([a-z][a-z0-9_]*)(?:\(([A-Z](?:, [A-Z])*)\))?\Z")
# placeholder -> the kind of argument it stands for (any other capital: a constant)
PLACEHOLDER_KINDS = {"A": "actor", "L": "licence", "X": "component", "Y": "component", "R": "release",
                     "N": "number", "Q": "question"}


@dataclass(frozen=True)
class Atom:
    """An atom pattern of the table, e.g. `actor_type(A, T)`, and its words."""

    name: str
    args: tuple[str, ...]
    words: str

    @property
    def arity(self) -> int:
        return len(self.args)

    @property
    def arg_kinds(self) -> tuple[str, ...]:
        return tuple(PLACEHOLDER_KINDS.get(a, "const") for a in self.args)

    def template(self) -> str:
        """The words with positional placeholders ("{0} is {1}")."""
        text = self.words
        for k, a in enumerate(self.args):
            text = text.replace("{" + a + "}", "{" + str(k) + "}")
        return text

    def __str__(self) -> str:
        return f"{self.name}({', '.join(self.args)})" if self.args else self.name


def parse_atom(text: str, words: str = "") -> Atom:
    m = _ATOM.match(text)
    if not m:
        raise ValueError(f"logic/language.yaml: not an atom pattern: {text!r}")
    return Atom(m.group(1), tuple(m.group(2).split(", ")) if m.group(2) else (), words)


@dataclass(frozen=True)
class Row:
    item: str
    name: str
    kind: str
    domain: Any  # ref/refs: an item; enum/set: {value: words}; else None
    default: Any
    applies: tuple[str, ...]
    fact: Atom | None
    also: tuple[Atom, ...]
    words: Any  # bool/tri: (true words, false words); else one template
    meaning: str
    explore: Any  # "vary", {"values": [...]}, {"order": [...]} or {"fixed": reason}
    unknown: bool
    others_false: bool
    reads: Any = None  # None (always read), "as_of", or a tuple of the draft ids that read it

    @property
    def as_of_only(self) -> bool:
        """Read only with an as-of date (`reads: as_of`)."""
        return bool(self.reads == "as_of")

    @property
    def flag(self) -> bool:
        return self.kind in ("bool", "tri")

    @property
    def accepts_unknown(self) -> bool:
        return self.kind == "tri" or self.unknown

    @property
    def values(self) -> tuple[str, ...]:
        """An enum's or set's values, in the language's order."""
        return tuple(self.domain) if isinstance(self.domain, dict) else ()

    @property
    def preferred(self) -> tuple[str, ...]:
        """An enum's values in the order witnesses and shrinking prefer (explore `order`)."""
        order = self.explore.get("order") if isinstance(self.explore, dict) else None
        return tuple(order) if order else self.values

    @property
    def bounds(self) -> tuple[int, int]:
        """A count's least and greatest value."""
        lo, hi = self.domain
        return int(lo), int(hi)

    @property
    def fixed(self) -> str | None:
        """Why the explore space does not vary this field (None: it does)."""
        return self.explore.get("fixed") if isinstance(self.explore, dict) else None

    def applies_to(self, kind: str) -> bool:
        return kind in self.applies

    def field_words(self) -> Any:
        """The words of the field with {o} for its item and {v} for its value."""
        subject = self.fact.args[0] if self.fact else ""
        value = self.fact.args[-1] if self.fact and self.fact.arity > 1 else ""

        def sub(text: str) -> str:
            text = text.replace("{" + subject + "}", "{o}") if subject else text
            return text.replace("{" + value + "}", "{v}") if value else text

        if isinstance(self.words, tuple):
            return tuple(sub(w) for w in self.words)
        return sub(self.words) if self.words else None


@dataclass(frozen=True)
class Table:
    items: dict[str, dict[str, str]]
    kinds: tuple[str, ...]
    fields: tuple[Row, ...]
    extra_facts: tuple[tuple[Atom, str, str], ...]  # (atom, from, meaning)
    also_declared: tuple[Atom, ...]
    conclusions: dict[str, tuple[str, ...]]
    duties: tuple[str, ...]

    def rows(self, item: str) -> tuple[Row, ...]:
        return tuple(r for r in self.fields if r.item == item)

    def row(self, item: str, name: str) -> Row:
        for r in self.fields:
            if r.item == item and r.name == name:
                return r
        raise KeyError(f"{item}.{name}")

    def flags(self, item: str, kind: str | None = None) -> tuple[str, ...]:
        """The bool and tri fields of an item (of a component kind), in table order."""
        return tuple(r.name for r in self.rows(item) if r.flag and (kind is None or r.applies_to(kind)))

    def input_atoms(self) -> tuple[Atom, ...]:
        """Every atom a scenario can become, then the other declared inputs (input.lp)."""
        out: list[Atom] = []
        for r in self.fields:
            out += [*r.also, *([r.fact] if r.fact else [])]
        out += [a for a, _, _ in self.extra_facts]
        out += list(self.also_declared)
        return tuple(dict.fromkeys(out))

    def atom_words(self) -> dict[str, tuple[tuple[str, ...], str]]:
        """predicate -> (argument kinds, template) for every input fact with words."""
        out: dict[str, tuple[tuple[str, ...], str]] = {}
        for a in self.input_atoms():
            if a.words:
                out[a.name] = (a.arg_kinds, a.template())
        return out

    def value_words(self) -> dict[str, str]:
        """enum value -> its words (one meaning per value across the language)."""
        out: dict[str, str] = {}
        for r in self.fields:
            if r.kind == "enum" and isinstance(r.domain, dict):
                for v, w in r.domain.items():
                    if out.setdefault(v, w) != w:
                        raise ValueError(f"logic/language.yaml: {v!r} has two different words")
        return out


def _row(raw: dict[str, Any], kinds: tuple[str, ...]) -> Row:
    where = f"logic/language.yaml: {raw.get('item')}.{raw.get('name')}"
    if raw.get("item") not in ITEMS or raw.get("kind") not in FIELD_KINDS:
        raise ValueError(f"{where}: unknown item or kind")
    words = raw.get("words", "")
    if isinstance(words, dict):
        words = (words[True], words[False])
    fact_words = str(raw.get("fact_words", words[0] if isinstance(words, tuple) else words))
    fact = parse_atom(raw["fact"], fact_words) if "fact" in raw else None
    also = tuple(parse_atom(a, w) for a, w in (raw.get("also") or {}).items())
    applies = tuple(raw["applies"]) if "applies" in raw else kinds if raw["item"] == "component" else ()
    reads = raw.get("reads")
    if isinstance(reads, dict) and set(reads) == {"drafts"} and reads["drafts"]:
        reads = tuple(reads["drafts"])
    elif reads not in (None, "as_of"):
        raise ValueError(f"{where}: reads: give as_of or {{drafts: [...]}}")
    return Row(item=raw["item"], name=raw["name"], kind=raw["kind"], domain=raw.get("domain"),
               default=raw.get("default"), applies=applies, fact=fact, also=also, words=words,
               meaning=raw["meaning"], explore=raw.get("explore", "vary"), unknown=bool(raw.get("unknown")),
               others_false=bool(raw.get("others_false")), reads=reads)


def parse(data: dict[str, Any]) -> Table:
    kinds = tuple(data["kinds"])
    return Table(
        items=data["items"], kinds=kinds, fields=tuple(_row(r, kinds) for r in data["fields"]),
        extra_facts=tuple((parse_atom(e["fact"]), e["from"], e["meaning"]) for e in data.get("extra_facts", [])),
        also_declared=tuple(parse_atom(a) for a in data.get("also_declared", [])),
        conclusions={k: tuple(v) for k, v in data["conclusions"].items()}, duties=tuple(data["duties"]))


def load_text() -> str:
    return (logic_root() / "language.yaml").read_text(encoding="utf-8")


@cache
def table() -> Table:
    return parse(read_yaml(load_text()))
