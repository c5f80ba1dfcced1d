"""The explanation as an indented tree (the default `--format text`). A node reached a
second time is named, not repeated."""

from __future__ import annotations

from aiact_foss.explain.common import detail, title
from aiact_foss.explain.nodes import Graph


def render(g: Graph) -> str:
    lines = [title(g) + ":"]
    kids = g.children()
    shown: set[str] = set()
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
        for child, r in reversed(kids[nid]):
            stack.append((child, depth + 1, r))
    if not g.roots:
        lines.append("  (no conclusion)")
    if g.unread:
        import json

        facts = "; ".join(f"{p} = {json.dumps(v, ensure_ascii=False)}" for p, v in g.unread)
        lines.append(f"not read by {g.draft} (no rule of this text uses them): {facts}")
    return "\n".join(lines) + "\n"
