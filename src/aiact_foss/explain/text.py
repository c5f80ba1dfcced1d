"""The explanation as an indented tree (the default `--format text`). A node reached a
second time is named, not repeated. Under each rule node the provision's words are
quoted with their source, once per provision (later nodes point back); `brief` leaves
the quotes out."""

from __future__ import annotations

import textwrap

from aiact_foss.explain.common import detail, title
from aiact_foss.explain.nodes import Graph, Node

QUOTE_WIDTH = 78  # the quotes are wrapped to fit an 80-column terminal, indentation included
MIN_QUOTE = 40


def quote_lines(text: str, indent: str, width: int = QUOTE_WIDTH) -> list[str]:
    """A provision's words as a quotation, paragraphs kept, wrapped at spaces only (a
    word longer than the line stays whole rather than being split)."""
    room = max(MIN_QUOTE, width - len(indent) - 2)
    paras = [" ".join(p.split()) for p in text.split("\n\n")]
    lines: list[str] = []
    for p in (p for p in paras if p):
        lines += textwrap.wrap(p, room, break_long_words=False, break_on_hyphens=False)
    if not lines:
        return []
    lines[0] = "\u201c" + lines[0]
    lines[-1] += "\u201d"
    return [indent + ("" if i == 0 else " ") + x for i, x in enumerate(lines)]


def render(g: Graph, *, brief: bool = False) -> str:
    lines = [title(g) + ":"]
    kids = g.children()
    shown: set[str] = set()
    quoted: dict[tuple[str, str, str], str] = {}
    stack = [(r, 0, "supports") for r in reversed(g.roots)]
    while stack:
        nid, depth, role = stack.pop()
        n = g.node(nid)
        lead = "  " * depth + ("defeated by " if role == "defeats" else "")
        extra = detail(n)
        tag = f"[{n.kind}{': ' + extra if extra else ''}]"
        if nid in shown:
            lines.append(f"{lead}{nid} (as above) {n.label}")
            continue
        shown.add(nid)
        lines.append(f"{lead}{nid} {tag} {n.label}")
        if n.kind == "rule" and not brief:
            lines += _provision(n, g.draft, "  " * depth + "    ", quoted)
        for child, r in reversed(kids[nid]):
            stack.append((child, depth + 1, r))
    if not g.roots:
        lines.append("  (no conclusion)")
    return "\n".join(lines) + "\n"


def _provision(n: Node, draft: str, indent: str, quoted: dict[tuple[str, str, str], str]) -> list[str]:
    p = n.data.get("provision")
    if not p:
        return []
    key = (p["draft"], p["ref"], p["text"])
    if key in quoted:
        return [f"{indent}(words quoted at {quoted[key]})"]
    quoted[key] = n.id
    out = quote_lines(p["text"], indent)
    if p["draft"] != draft:
        out.append(f"{indent}(the words of {p['draft']})")
    if p["url"]:
        out.append(f"{indent}{p['url']}")
    return out
