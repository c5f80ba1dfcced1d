"""Graphviz DOT: the root at the top, what supports it below; defeats edges red and
dashed; rule nodes link to their provision."""

from __future__ import annotations

from aiact_foss.explain.common import clip, detail, title, visible, wrap
from aiact_foss.explain.nodes import Graph

STYLE = {
    "conclusion": 'shape=box, style="rounded,filled,bold", fillcolor="#dbeafe"',
    "rule": 'shape=box, style="filled", fillcolor="#fef3c7"',
    "fact": 'shape=note, style="filled", fillcolor="#dcfce7"',
    "question": 'shape=hexagon, style="filled", fillcolor="#f3e8ff"',
    "unknown": 'shape=parallelogram, style="filled", fillcolor="#fce7f3"',
    "absence": 'shape=box, style="dashed,filled", fillcolor="#f3f4f6"',
}


def quote(*lines: str) -> str:
    """A DOT double-quoted string, one line per argument (centred line breaks)."""
    return '"' + "\\n".join(visible(x.replace("\\", "\\\\").replace('"', '\\"')) for x in lines) + '"'


def render(g: Graph) -> str:
    out = ["digraph explanation {",
           f"  graph [rankdir=BT, labelloc=t, fontname=Helvetica, label={quote(title(g))}];",
           "  node [fontname=Helvetica, fontsize=10];",
           "  edge [arrowsize=0.7];"]
    for n in g.nodes:
        lines = wrap(n.label)
        extra = detail(n)
        if extra:
            lines.append(f"({extra})")
        attrs = [f"label={quote(*lines)}", STYLE[n.kind]]
        if n.kind == "rule":
            p = n.data["provision"]
            attrs.append(f"tooltip={quote(clip(p['text'], 900))}")
            if p["url"].startswith("https://"):  # not a repository path (LIMITATIONS.md#...)
                attrs.append(f"URL={quote(p['url'])}")
            if not n.applies:
                attrs.append('color="#9ca3af", fontcolor="#4b5563"')
        out.append(f"  {n.id} [{', '.join(attrs)}];")
    for s, t, role in g.edges:
        style = ' [color="#dc2626", style=dashed, label="defeats", fontcolor="#dc2626", fontsize=9]' if role == "defeats" else ""
        out.append(f"  {s} -> {t}{style};")
    out.append("}")
    return "\n".join(out) + "\n"
