"""ASP written by the program itself (properties, exploration rules) with user values
filled in safely: the text has variables where ids go, and the parsed statements get the
ids as clingo String terms, never pasted into the text."""

from __future__ import annotations

from typing import Any

import clingo.ast as cast
from clingo import String

from aiact_foss.engine import conclusions as concl
from aiact_foss.language.vocabulary import PREDICATES


def parse_with_strings(text: str, strings: dict[str, str] | None = None) -> list[Any]:
    """Statements of `text` (without `#program`); variables named in `strings` become
    string terms. The package's own ASP is held to the property language
    (law/asp_subset.py, PROPERTY), as a user's property is."""
    from aiact_foss.law import asp_subset

    asp_subset.check_text(text, "<built-in>", asp_subset.PROPERTY_LANGUAGE)
    fill: dict[str, str] = strings or {}

    class Fill(cast.Transformer):
        def visit_Variable(self, node: Any) -> Any:
            if node.name in fill:
                return cast.SymbolicTerm(node.location, String(fill[node.name]))
            return node

    out: list[Any] = []

    def take(s: Any) -> None:
        asp_subset.check(s, asp_subset.PROPERTY, "<built-in>", asp_subset.PROPERTY_LANGUAGE)
        out.append(Fill()(s))

    cast.parse_string(text, take)
    return [s for s in out if s.ast_type != cast.ASTType.Program]


def pattern_term(pattern: concl.Conclusion, strings: dict[str, str] | None = None) -> tuple[str, dict[str, str]]:
    """A conclusion pattern as ASP term text: `_` becomes a variable, duties constants,
    counts numbers, ids placeholders `S<k>` filled from the returned strings."""
    args, strings = [], dict(strings or {})
    for k, (kind, v) in enumerate(zip(PREDICATES[pattern.predicate], pattern.args)):
        if v is concl.WILDCARD:
            args.append(f"W{k}")
        elif kind == "duty":
            args.append(v)
        elif kind in ("count", "date"):
            args.append(str(v))
        else:
            strings[f"S{k}"] = v
            args.append(f"S{k}")
    return f"{pattern.predicate}({', '.join(args)})", strings
