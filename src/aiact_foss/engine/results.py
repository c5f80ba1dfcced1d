"""Result documents of the output contract (outputs.md, `solve`) and their rendering:
JSON (byte-identical for the same input) and human tables."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from aiact_foss.engine.solving import DraftResult, Outcome

MAX_ALTERNATIVES = 32


def outcome_json(o: Outcome, memo: dict[Any, dict[Any, Any]] | None = None) -> dict[Any, Any]:
    """`memo`: the JSON of each conclusion met so far, shared by the outcomes of a result
    (`_pretty` prints a shared conclusion once)."""
    if memo is None:
        memo = {}
    doc: dict[str, Any] = {"conclusions": [_conclusion_json(c, memo) for c in o.conclusions]}
    alts = [a.to_json() for a in o.alternatives]
    if len(alts) == 1 and not o.more_alternatives:
        doc.update(alts[0])
    else:
        doc["because"] = alts[:MAX_ALTERNATIVES]
        more = len(alts) + o.more_alternatives - MAX_ALTERNATIVES
        if more > 0:
            doc["more_alternatives"] = more
    return doc


def _conclusion_json(c: Any, memo: dict[Any, dict[Any, Any]]) -> dict[Any, Any]:
    doc = memo.get(c)
    if doc is None:
        doc = memo[c] = c.to_json()
    return doc


def draft_json(r: DraftResult) -> dict[Any, Any]:
    memo: dict[Any, dict[Any, Any]] = {}
    doc: dict[str, Any] = {
        "draft": r.draft,
        "status": r.status,
        "pinned": dict(sorted(r.pinned.items())),
        "always": [c.to_json() for c in r.always],
        "sometimes": [c.to_json() for c in r.sometimes],
        "outcomes": [outcome_json(o, memo) for o in r.outcomes],
    }
    if r.more_outcomes:
        # an integer when counted; "more than N" when counting stopped at its bound
        doc["more_outcomes"] = r.more_outcomes if r.outcomes_counted else f"more than {r.more_outcomes}"
    if r.status == "inconsistent":
        doc["conflict"] = [{"path": p, "value": plain(v)} for p, v in r.conflict]
    return doc


def plain(value: Any) -> Any:
    """A scenario value for JSON. A number is written exactly, never as a float: an
    integer as a JSON integer (of any size), any other number as a decimal string
    ("10000000000000000000000000.0001")."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else format(value, "f")
    return value


def incomplete(doc: dict[Any, Any], reason: str) -> dict[Any, Any]:
    """A document cut short by a bound: what was finished, marked (outputs, "Bounds")."""
    return {**doc, "complete": False, "reason": reason}


def solve_json(name: str, results: list[DraftResult]) -> dict[Any, Any]:
    return {"scenario": name, "results": [draft_json(r) for r in results]}


def dumps(doc: Any, *, compact: bool = False) -> str:
    """JSON text: compact on one line, or indented with every small value (a conclusion,
    an unknown's completion) kept on one line so that results read as lists. Characters
    a terminal would act on (terminal.safe) are written as JSON escapes: the same JSON."""
    from aiact_foss.terminal import safe, safe_lines

    if compact:
        return safe(json.dumps(doc, ensure_ascii=False, separators=(",", ":")))
    return safe_lines(_pretty(doc, 0, {}))


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # one encoder: json.dumps builds one a call


def _pretty(value: Any, depth: int, seen: dict[tuple[int, int], str]) -> str:
    """`seen`: the one-line text of each small value already printed, by identity and
    depth: the outcomes of a result share each conclusion's dict (draft_json)."""
    if not isinstance(value, (dict, list)) or not value:
        return _ENCODE(value)
    key = (id(value), depth)
    text = seen.get(key)
    if text is not None:
        return text
    if depth > 0 and _shallow(value):  # checked first: printing every level flat is slow
        flat = _ENCODE(value)
        if len(flat) <= 96:
            seen[key] = flat
            return flat
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(value, dict):
        items = [f"{inner}{_ENCODE(k)}: {_pretty(v, depth + 1, seen)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    items = [f"{inner}{_pretty(v, depth + 1, seen)}" for v in value]
    return "[\n" + ",\n".join(items) + f"\n{pad}]"


def _shallow(value: Any) -> bool:
    """At most one level of nesting below: a conclusion, a path/value pair, a list of ids."""
    children = value.values() if isinstance(value, dict) else value
    return all(not isinstance(c, (dict, list)) or all(not isinstance(g, (dict, list)) for g in (c.values() if isinstance(c, dict) else c)) for c in children)


def describe_alternative(alt: dict[Any, Any]) -> str:
    parts = [f"{q}={'true' if v else 'false'}" for q, v in alt["questions"].items()]
    parts += [f"{u['path']}={json.dumps(u['value'])}" for u in alt["unknowns"]]
    return "\n".join(parts) or "every reading"


def render_text(doc: dict[Any, Any], console: Any, *, words: Callable[[dict[Any, Any]], str] | None = None) -> None:
    """Human tables: one per draft, its status, what always holds, and each outcome. A
    table that would have to split an identifier to fit the console becomes a list;
    with `words`, the list gives each conclusion's sentence under it."""
    from aiact_foss.engine.textlayout import fits, fold_items, listing, table
    from aiact_foss.terminal import safe_lines, safe_markup

    console.print(f"[bold]{safe_markup(doc['scenario'])}[/bold]")
    if doc.get("selected"):
        for line in fold_items("only conclusions matching", doc["selected"], console.width):
            console.print(line, highlight=False, markup=False, soft_wrap=True)
    for r in doc["results"]:
        title = f"{r['draft']}: {r['status']}"
        rows = _rows(r, "(none of these)" if doc.get("selected") else "(nothing else)")
        if words is None and fits(rows, console.width):
            console.print(table(title, ("outcome", "conclusions", "when"), rows, console.width))
        else:
            console.print(safe_lines(listing(title, rows, words)), highlight=False, markup=False, soft_wrap=True)


def _rows(r: dict[Any, Any], nothing: str = "(nothing else)") -> list[tuple[str, list[Any], list[str]]]:
    """(outcome, conclusions, when lines) per row; a conclusion stays its JSON dict so
    that a list layout can word it."""
    rows: list[tuple[str, list[Any], list[str]]] = []
    if r["status"] == "inconsistent":
        conflict = ", ".join(f"{c['path']}={json.dumps(c['value'])}" for c in r["conflict"])
        rows.append(("-", ["the facts contradict each other"], [conflict]))
    if r["pinned"]:
        rows.append(("pinned", [], [", ".join(f"{q}={'true' if v else 'false'}" for q, v in r["pinned"].items())]))
    if r["always"] and len(r["outcomes"]) > 1:
        rows.append(("always", list(r["always"]), []))
    always = {json.dumps(c) for c in r["always"]} if len(r["outcomes"]) > 1 else set()
    for k, o in enumerate(r["outcomes"], 1):
        own: list[Any] = [c for c in o["conclusions"] if json.dumps(c) not in always] or [nothing]
        alts = o.get("because") or [{"questions": o.get("questions", {}), "unknowns": o.get("unknowns", [])}]
        when: list[str] = []
        for i, a in enumerate(alts):
            if i:
                when.append("or")
            when += describe_alternative(a).split("\n")
        rows.append((str(k), own, when))
    if r.get("more_outcomes"):
        more = r["more_outcomes"]  # a count, or "more than N" where counting stopped
        rows.append(("...", [f"{more} more outcomes" if isinstance(more, int) else f"{more} outcomes"], []))
    return rows


def _fmt(c: dict[Any, Any]) -> str:
    from aiact_foss.engine.conclusions import Conclusion

    return str(Conclusion(c["predicate"], tuple(c["args"])))
