"""Files generated from the language table (logic/language.yaml): logic/common/input.lp
(the fact vocabulary every draft declares) and the "Input" table of logic/README.md.
`python -m aiact_foss.language.derived logic/` rewrites both; a test checks they are
current."""

from __future__ import annotations

import sys
from pathlib import Path

from aiact_foss.language.table import Row, Table, table

BANNER = "generated from logic/language.yaml by `python -m aiact_foss.language.derived logic/`; do not edit by hand"
README_BEGIN = f"<!-- {BANNER} -->"
README_END = "<!-- end of the generated input table -->"


def input_lp(t: Table | None = None) -> str:
    t = t or table()
    lines = ["%" + "-" * 74, f"% {BANNER}.",
             "% The scenario's fact vocabulary (logic/README.md, \"Input\"). Declared so that a",
             "% scenario that lacks some kind of fact grounds without warnings. Included in",
             "% every draft's program.", "%" + "-" * 74]
    lines += [f"#defined {a.name}/{a.arity}." for a in t.input_atoms()]
    return "\n".join(lines) + "\n"


def _type(row: Row) -> str:
    if row.kind in ("enum", "set"):
        values = " \\| ".join(f"`{v}`" for v in row.values) + (" \\| `unknown`" if row.unknown else "")
        return values if row.kind == "enum" else f"list of {values}"
    if row.kind in ("ref", "refs"):
        return f"{row.domain} id" + ("s" if row.kind == "refs" else "")
    return {"id": "string", "flop": "number of FLOP or null", "count": "integer"}.get(row.kind, row.kind)


def _default(row: Row) -> str:
    d = row.default
    if isinstance(d, dict):
        if "same_as" in d:
            return f"the {d['same_as']}"
        return f"`{str(d['then']).lower()}` when {d['from']} is `{d['when']}`, else `{str(d['else']).lower()}`"
    if d is None:
        return "null"
    if isinstance(d, bool):
        return f"`{str(d).lower()}`"
    if isinstance(d, list):
        return "[]" if not d else "all: " + ", ".join(d)
    return d if d == "required" else f"`{d}`"


def readme_table(t: Table | None = None) -> str:
    t = t or table()
    rows = [README_BEGIN, "", "| field | applies to | type | default | fact | meaning |", "|---|---|---|---|---|---|"]
    for r in t.fields:
        where = f"{t.items[r.item]['list']}[i].{r.name}"
        applies = ", ".join(r.applies) if r.item == "component" and r.applies != t.kinds else ""
        atoms = ", ".join(f"`{a}`" for a in (*r.also, *([r.fact] if r.fact else [])))
        rows.append(f"| `{where}` | {applies} | {_type(r)} | {_default(r)} | {atoms} | {r.meaning} |")
    for atom, source, meaning in t.extra_facts:
        rows.append(f"| {source} | | | | `{atom}` | {meaning} |")
    rows += ["", README_END]
    return "\n".join(rows)


def readme(current: str, t: Table | None = None) -> str:
    """logic/README.md with its generated input table replaced."""
    head, found, rest = current.partition(README_BEGIN)
    if not found:
        raise ValueError("logic/README.md has no generated input table marker")
    _, found, tail = rest.partition(README_END)
    if not found:
        raise ValueError("logic/README.md: the generated input table has no end marker")
    return head + readme_table(t) + tail


def main(argv: list[str]) -> None:
    logic = Path(argv[0] if argv else "logic")
    (logic / "common" / "input.lp").write_text(input_lp(), encoding="utf-8")
    path = logic / "README.md"
    path.write_text(readme(path.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
