"""Terminal layouts for results: a rich table when every identifier fits its column
whole, otherwise a list that never splits one (a terminal may wrap a long line, but
the text itself keeps each identifier in one piece)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

Row = tuple[str, list[Any], list[str]]

# a rich table with a box: a border before each column and after the last, and one
# space of padding on either side of each cell
_BORDERS = 1
_PADDING = 2


def cell(c: Any) -> str:
    """A conclusion dict as the text `solve` prints; any other item as it is."""
    if isinstance(c, dict):
        from aiact_foss.engine.conclusions import Conclusion

        return str(Conclusion(c["predicate"], tuple(c["args"])))
    return str(c)


def _longest_token(lines: Sequence[str]) -> int:
    return max((len(t) for line in lines for t in line.split(" ")), default=0)


def _columns(rows: list[Row], headers: Sequence[str]) -> list[list[str]]:
    cols: list[list[str]] = [[headers[0]], [headers[1]], [headers[2]]]
    for label, items, when in rows:
        cols[0].append(label)
        cols[1] += [cell(c) for c in items]
        cols[2] += when
    return cols


def _overhead(n: int) -> int:
    return n * _PADDING + (n + 1) * _BORDERS


def fits(rows: list[Row], width: int, headers: Sequence[str] = ("outcome", "conclusions", "when")) -> bool:
    """Whether a table of `rows` fits `width` columns with every space-free piece of
    text whole in its column (the table then wraps at spaces only)."""
    cols = _columns(rows, headers)
    return sum(_longest_token(c) for c in cols) + _overhead(len(cols)) <= width


def widths(cols: list[list[str]], width: int) -> list[int] | None:
    """Column widths that fit `width` keeping every space-free piece whole: None when the
    natural widths fit already; otherwise each column gets its longest piece and the room
    left is shared in proportion to what each still lacks of its natural width."""
    natural = [max(len(x) for x in c) for c in cols]
    room = width - _overhead(len(cols))
    if sum(natural) <= room:
        return None
    least = [_longest_token(c) for c in cols]
    spare = room - sum(least)
    lack = [n - m for n, m in zip(natural, least)]
    total = sum(lack) or 1
    out = [m + spare * k // total for m, k in zip(least, lack)]
    out[-1] += room - sum(out)
    return out


def table(title: str, headers: Sequence[str], rows: list[Row], width: int) -> Any:
    from rich.table import Table
    from rich.text import Text

    from aiact_foss.terminal import safe_lines

    t = Table(title=title, title_justify="left", show_lines=False)
    w = widths(_columns(rows, headers), width)
    t.add_column(headers[0], no_wrap=True, width=w[0] if w else None)
    t.add_column(headers[1], overflow="fold", width=w[1] if w else None)
    t.add_column(headers[2], overflow="fold", width=w[2] if w else None)
    for label, items, when in rows:  # as Text: a scenario's strings are never markup, and made safe
        t.add_row(*(Text(safe_lines(x)) for x in (label, "\n".join(cell(c) for c in items), "\n".join(when))))
    return t


def listing(title: str, rows: list[Row], words: Callable[[dict[str, Any]], str] | None = None) -> str:
    """The rows as an indented list: each outcome, when it arises, what it concludes."""
    lines = [title]
    for label, items, when in rows:
        head = {"-": "no outcome", "pinned": "pinned", "always": "in every outcome", "...": "more"}.get(
            label, f"outcome {label}")
        conds = " ".join(when)
        if label == "pinned":
            lines.append(f"  pinned: {conds}")
            continue
        lines.append(f"  {head}" + (f", when {_when(when)}" if when and label not in ("-", "always") else "")
                     + (f" ({conds})" if label == "-" and conds else "") + ":")
        for c in items:
            lines.append(f"    {cell(c)}")
            if words is not None and isinstance(c, dict):
                lines.append(f"      {words(c)}")
    return "\n".join(lines)


def _when(when: list[str]) -> str:
    """`a=1`, `b=2`, `or`, `c=3` -> `a=1 and b=2, or c=3`."""
    groups: list[list[str]] = [[]]
    for w in when:
        if w == "or":
            groups.append([])
        else:
            groups[-1].append(w)
    return ", or ".join(" and ".join(g) for g in groups if g)


def dumps_value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def fold(text: str, indent: str = "", hang: str = "  ", width: int = 80) -> list[str]:
    """`text` wrapped to `width` at spaces only (a long URL or id stays whole), the
    first line indented by `indent`, the others by `indent + hang`."""
    import textwrap

    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent + hang,
                         break_long_words=False, break_on_hyphens=False) or [indent]


def fold_items(prefix: str, items: Sequence[str], width: int = 80, hang: str = "  ") -> list[str]:
    """`prefix` and the items joined with ", ", a new line (indented by `hang`) before an
    item that would pass `width`: an item is never split."""
    lines = [prefix.rstrip()]
    for i, it in enumerate(items):
        piece = it + ("," if i < len(items) - 1 else "")
        if len(lines[-1]) + 1 + len(piece) > width and lines[-1].strip():
            lines.append(hang + piece)
        else:
            lines[-1] += " " + piece
    return lines
