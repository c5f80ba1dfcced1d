"""Conclusions as values: `predicate(arg, ...)` with ids as strings and counts as ints.
Parsing from the command line (outputs.md, "Writing a conclusion on the command line"),
from `expect:` maps and from clingo symbols; sorting as the contract orders them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from aiact_foss.language.vocabulary import DUTIES, PREDICATES

WILDCARD = object()  # `_` in a pattern


@dataclass(frozen=True, order=False)
class Conclusion:
    predicate: str
    args: tuple[Any, ...]  # str | int, or WILDCARD in a pattern

    def sort_key(self) -> tuple[Any, ...]:
        return self._key

    def __hash__(self) -> int:
        return self._hash

    @cached_property
    def _hash(self) -> int:
        # cached: outcomes are sets of conclusions, hashed over and over while results
        # are assembled
        return hash((self.predicate, self.args))

    @cached_property
    def _key(self) -> tuple[Any, ...]:
        # strings before numbers, numbers numerically; cached: outcomes are sorted by
        # their conclusions, so one conclusion's key is asked for many times
        return (self.predicate, tuple((1, a, "") if isinstance(a, int) else (0, 0, a) for a in self.args))

    def to_json(self) -> dict[Any, Any]:
        return {"predicate": self.predicate, "args": list(self.args)}

    def matches(self, other: Conclusion) -> bool:
        return self.predicate == other.predicate and all(
            a is WILDCARD or a == b for a, b in zip(self.args, other.args)
        )

    def __str__(self) -> str:
        def arg(a: Any) -> str:
            if a is WILDCARD:
                return "_"
            if isinstance(a, int):
                return str(a)
            return a if _bare_ok(a) else json.dumps(a, ensure_ascii=False)

        return f"{self.predicate}({', '.join(arg(a) for a in self.args)})"


class ConclusionSyntaxError(ValueError):
    pass


def _bare_ok(text: str) -> bool:
    return bool(text) and not any(c in text for c in ',()"') and text == text.strip() and text != "_"


def from_symbol(symbol: Any, skip: int = 0) -> Conclusion:
    """A shown clingo atom as a conclusion: strings stay strings, numbers ints, duty
    constants their names. `skip`: leading arguments that are not the conclusion's (the
    scenario's number in batch's tagged programs)."""
    import clingo

    args = []
    for a in symbol.arguments[skip:]:
        if a.type == clingo.SymbolType.String:
            args.append(a.string)
        elif a.type == clingo.SymbolType.Number:
            args.append(a.number)
        else:
            args.append(a.name)
    return Conclusion(symbol.name, tuple(args))


def check_shape(predicate: str, args: list[Any], *, pattern: bool = False) -> Conclusion:
    """Check predicate, arity and argument kinds against the contract's vocabulary."""
    if predicate not in PREDICATES:
        raise ConclusionSyntaxError(
            f"unknown predicate {predicate!r} (one of {', '.join(sorted(PREDICATES))})"
        )
    kinds = PREDICATES[predicate]
    if len(args) != len(kinds):
        raise ConclusionSyntaxError(f"{predicate} takes {len(kinds)} argument(s), got {len(args)}")
    out = []
    for kind, a in zip(kinds, args):
        if pattern and a is WILDCARD:
            out.append(a)
            continue
        if kind in ("count", "date"):
            if isinstance(a, bool) or not isinstance(a, int):
                raise ConclusionSyntaxError(f"the {kind} of {predicate} must be an integer, got {a!r}")
        elif not isinstance(a, str):
            raise ConclusionSyntaxError(f"{predicate}: {a!r} must be a string")
        elif kind == "duty" and a not in DUTIES:
            raise ConclusionSyntaxError(f"unknown duty {a!r} (one of {', '.join(DUTIES)})")
        out.append(a)
    return Conclusion(predicate, tuple(out))


def from_expect(item: Any) -> Conclusion:
    """`{obligation: [lab, lab-7b, copyright_policy]}` or `{exempt: lab-7b}`."""
    if not isinstance(item, dict) or len(item) != 1:
        raise ConclusionSyntaxError("a conclusion is a one-key map, predicate: argument(s)")
    ((predicate, value),) = item.items()
    args = value if isinstance(value, list) else [value]
    return check_shape(predicate, args)


def parse(text: str, *, pattern: bool = False) -> Conclusion:
    """Parse `PREDICATE(ARG, ...)` (or the JSON form); with `pattern`, `_` and a bare
    predicate name are wildcards."""
    text = text.strip()
    if text.startswith("{"):
        try:
            doc = json.loads(text)
        except ValueError as e:
            raise ConclusionSyntaxError(f"not valid JSON: {e}") from None
        if not isinstance(doc, dict) or set(doc) != {"predicate", "args"} or not isinstance(doc["args"], list):
            raise ConclusionSyntaxError('the JSON form is {"predicate": ..., "args": [...]}')
        args = [WILDCARD if pattern and a == "_" else a for a in doc["args"]]
        return check_shape(doc["predicate"], args, pattern=pattern)
    if "(" not in text:
        if pattern and text in PREDICATES:
            return Conclusion(text, tuple(WILDCARD for _ in PREDICATES[text]))
        if text in PREDICATES:
            raise ConclusionSyntaxError(f"{text} takes {len(PREDICATES[text])} argument(s), got 0")
        check_shape(text, [])
    predicate, _, rest = text.partition("(")
    predicate = predicate.strip()
    if not rest.endswith(")"):
        raise ConclusionSyntaxError("missing the closing parenthesis")
    parts = _split_args(rest[:-1])
    kinds = PREDICATES.get(predicate, ())
    values: list[Any] = []
    for i, (raw, quoted) in enumerate(parts):
        if pattern and not quoted and raw == "_":
            values.append(WILDCARD)
        elif not quoted and i < len(kinds) and kinds[i] in ("count", "date"):
            try:
                values.append(int(raw, 10))
            except ValueError:
                raise ConclusionSyntaxError(f"the count of {predicate} must be a decimal integer, got {raw!r}") from None
        else:
            values.append(raw)
    return check_shape(predicate, values, pattern=pattern)


def _split_args(inner: str) -> list[tuple[str, bool]]:
    """Split on commas; an argument is bare (taken literally) or a JSON string literal."""
    out: list[tuple[str, bool]] = []
    i, n = 0, len(inner)
    if not inner.strip():
        return out
    while True:
        while i < n and inner[i] == " ":
            i += 1
        if i < n and inner[i] == '"':
            decoder = json.JSONDecoder()
            try:
                value, end = decoder.raw_decode(inner, i)
            except ValueError:
                raise ConclusionSyntaxError(f"bad string literal at column {i + 1}") from None
            out.append((value, True))
            i = end
        else:
            j = i
            while j < n and inner[j] not in ',()"':
                j += 1
            if j < n and inner[j] in '()"':
                raise ConclusionSyntaxError(f"unexpected {inner[j]!r} in a bare argument; quote the id as a JSON string")
            value = inner[i:j].rstrip(" ")
            if not value:
                raise ConclusionSyntaxError("empty argument")
            out.append((value, False))
            i = j
        while i < n and inner[i] == " ":
            i += 1
        if i == n:
            return out
        if inner[i] != ",":
            raise ConclusionSyntaxError(f"expected ',' at column {i + 1}")
        i += 1
