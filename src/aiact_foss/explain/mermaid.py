"""Mermaid flowchart. Labels are quoted and escaped with Mermaid's entity codes, so no
id can break out of its node; control characters are shown as control pictures."""

from __future__ import annotations

from aiact_foss.explain.common import detail, title, visible, wrap
from aiact_foss.explain.nodes import Graph

SHAPE = {"conclusion": ('(["', '"])'), "rule": ('["', '"]'), "fact": ('[/"', '"/]'),
         "question": ('{{"', '"}}'), "unknown": ('[\\"', '"\\]'), "absence": ('>"', '"]')}
COLOUR = {"conclusion": "#dbeafe", "rule": "#fef3c7", "fact": "#dcfce7", "question": "#f3e8ff",
          "unknown": "#fce7f3", "absence": "#f3f4f6"}
_ENTITY = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;"}


def escape(text: str) -> str:
    return "".join(_ENTITY.get(c, c) for c in visible(text))


def render(g: Graph) -> str:
    out = [f"%% {visible(title(g))}", "flowchart BT"]
    for n in g.nodes:
        lines = wrap(n.label)
        extra = detail(n)
        if extra:
            lines.append(f"({extra})")
        opening, closing = SHAPE[n.kind]
        out.append(f"  {n.id}{opening}{'<br>'.join(escape(x) for x in lines)}{closing}")
    for s, t, role in g.edges:
        out.append(f"  {s} -. defeats .-> {t}" if role == "defeats" else f"  {s} --> {t}")
    for kind, colour in COLOUR.items():
        out.append(f"  classDef {kind} fill:{colour},stroke:#6b7280")
    for kind in COLOUR:
        ids = [n.id for n in g.nodes if n.kind == kind]
        if ids:
            out.append(f"  class {','.join(ids)} {kind}")
    return "\n".join(out) + "\n"
