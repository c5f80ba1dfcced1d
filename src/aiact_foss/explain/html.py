"""One self-contained HTML page per explanation: the graph drawn by inline SVG/JS
(assets/graph.js), a details panel with each rule's provision text, the same
explanation as a nested list (readable without JavaScript), and the scenario facts it
uses, which fact nodes link to. No external resource: a Content-Security-Policy forbids
every fetch, and nothing refers to one."""

from __future__ import annotations

import html
import json
from functools import cache
from importlib import resources
from typing import Any

from aiact_foss.explain.common import detail, title, visible
from aiact_foss.explain.json_export import document
from aiact_foss.explain.nodes import Graph

CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"
LEGEND = ('<p class="legend">' + "".join(f'<span class="{k}">{k}</span>' for k in
          ("conclusion", "rule", "fact", "question", "unknown", "absence"))
          + ' <span class="kind">Arrows point from what supports (grey) or defeats (red, dashed) to what it'
          ' supports or defeats. Click a node for its provision or fact.</span></p>')


@cache
def asset(name: str) -> str:
    return (resources.files("aiact_foss.explain") / "assets" / name).read_text(encoding="utf-8")


def esc(text: str) -> str:
    return html.escape(visible(str(text)), quote=True)


def script_json(element_id: str, doc: Any) -> str:
    """JSON inside <script>: every `<` escaped, so no text can close the element, and
    the characters a terminal obeys escaped too (terminal.safe: the same JSON)."""
    from aiact_foss.terminal import safe

    text = safe(json.dumps(doc, ensure_ascii=False, sort_keys=False)).replace("<", "\\u003c")
    return f'<script type="application/json" id="{esc(element_id)}">{text}</script>'


def page(heading: str, body: str, data: dict[str, object], style: str = "") -> str:
    """The page; `style`: CSS after graph.css (the report's layout and print sheet)."""
    scripts = "\n".join(script_json(k, v) for k, v in data.items())
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\"/>\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        f"<title>{esc(heading)}</title>\n<style>\n{asset('graph.css')}{style}</style>\n</head>\n<body>\n"
        f"<h1>{esc(heading)}</h1>\n{body}\n{scripts}\n<script>\n{asset('graph.js')}</script>\n</body>\n</html>\n"
    )


def anchors_for(paths: Any) -> dict[str, str]:
    """Scenario path -> element id of its row in a facts table."""
    return {p: f"fact-{k}" for k, p in enumerate(sorted(set(paths)), 1)}


def facts_table(rows: list[tuple[str, object, str]], anchors: dict[str, str]) -> str:
    """rows: (path, value, note)."""
    out = ["<table><tr><th>scenario path</th><th>value</th><th>note</th></tr>"]
    for path, value, note in rows:
        out.append(f'<tr id="{anchors[path]}"><td><code>{esc(path)}</code></td>'
                   f"<td><code>{esc(json.dumps(value, ensure_ascii=False))}</code></td><td>{esc(note)}</td></tr>")
    out.append("</table>")
    return "\n".join(out)


def tree(g: Graph, anchors: dict[str, str], roots: list[str] | None = None) -> str:
    """The explanation as nested lists; a node reached again is named, not repeated."""
    kids = g.children()
    shown: set[str] = set()

    def item(nid: str, role: str) -> str:
        n = g.node(nid)
        mark = '<span class="defeats-mark">defeated by </span>' if role == "defeats" else ""
        extra = detail(n)
        if n.kind in ("fact", "unknown") and n.data["path"] in anchors:
            extra = f'<a href="#{anchors[n.data["path"]]}">{esc(extra)}</a>'
        elif n.kind == "rule" and n.data["provision"]["url"].startswith("https://"):
            # an encoding assumption cites a repository path (LIMITATIONS.md#...): no link
            extra = f'<a href="{esc(n.data["provision"]["url"])}">provision</a>'
        else:
            extra = esc(extra)
        head = f'{mark}<span class="kind">{nid} {n.kind}{": " if extra else ""}{extra}</span> {esc(n.label)}'
        if nid in shown:
            return f"<li>{head} <span class=\"kind\">(as above)</span></li>"
        shown.add(nid)
        inner = "".join(item(c, r) for c, r in kids[nid])
        return f"<li>{head}" + (f"<ul>{inner}</ul>" if inner else "") + "</li>"

    return '<ul class="tree">' + "".join(item(r, "supports") for r in (roots or g.roots)) + "</ul>"


def render(g: Graph) -> str:
    paths = [n.data["path"] for n in g.nodes if n.kind in ("fact", "unknown")]
    anchors = anchors_for(paths)
    rows = {}
    for n in g.nodes:
        if n.kind in ("fact", "unknown"):
            rows[n.data["path"]] = (n.data["path"], n.data["value"], "unknown, completed" if n.kind == "unknown" else "")
    body = (LEGEND + '\n<div class="layout"><div class="graph" data-graph="graph-1">'
            '<noscript>The drawing needs JavaScript; the same explanation follows as a list.</noscript></div>'
            '<aside id="details">Click a node to see its provision, fact or question.</aside></div>\n'
            f"<h2>The explanation as a list</h2>\n{tree(g, anchors)}\n"
            f"<h2>Scenario facts it uses</h2>\n{facts_table([rows[p] for p in sorted(rows)], anchors)}")
    return page(title(g), body, {"graph-1": document(g), "fact-anchors": anchors})
