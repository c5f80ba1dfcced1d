"""GraphML (loads in networkx, yEd, Gephi). Every node carries kind and label; rule
nodes their provision; fact and unknown nodes their path and value (`value` holds the
value as JSON text, since its type varies); edges their role."""

from __future__ import annotations

import json
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from aiact_foss.explain.common import visible
from aiact_foss.explain.nodes import Graph

NODE_KEYS = (("kind", "string"), ("label", "string"), ("path", "string"), ("value", "string"),
             ("question", "string"), ("pinned", "boolean"), ("applies", "boolean"),
             ("provision_draft", "string"), ("provision_ref", "string"), ("provision_text", "string"),
             ("provision_url", "string"))
GRAPH_KEYS = (("format", "string"), ("draft", "string"), ("outcome", "int"), ("conclusion", "string"),
              ("holds", "boolean"))


def _data(key: str, value: Any) -> str:
    if isinstance(value, bool):
        value = "true" if value else "false"
    return f"<data key={quoteattr(key)}>{escape(visible(str(value)))}</data>"


def render(g: Graph) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">']
    for name, typ in GRAPH_KEYS:
        out.append(f'  <key id="g_{name}" for="graph" attr.name="{name}" attr.type="{typ}"/>')
    for name, typ in NODE_KEYS:
        out.append(f'  <key id="{name}" for="node" attr.name="{name}" attr.type="{typ}"/>')
    out.append('  <key id="role" for="edge" attr.name="role" attr.type="string"/>')
    out.append('  <graph id="explanation" edgedefault="directed">')
    graph_data = {"format": "aiact-foss/explanation/v1", "draft": g.draft, "outcome": g.outcome,
                  "conclusion": str(g.conclusion) if g.conclusion is not None else "", "holds": g.holds}
    out.extend("    " + _data(f"g_{k}", v) for k, v in graph_data.items())
    for n in g.nodes:
        fields: dict[str, object] = {"kind": n.kind, "label": n.label}  # str, or bool for a flag
        d = n.data
        if "path" in d:
            fields["path"] = d["path"]
        if "value" in d:
            fields["value"] = json.dumps(d["value"], ensure_ascii=False)
        if n.kind == "question":
            fields["question"], fields["pinned"] = d["question"], d["pinned"]
        if n.kind == "rule":
            fields["applies"] = n.applies
            for k, v in d["provision"].items():
                fields[f"provision_{k}"] = v
        body = "".join(_data(k, v) for k, v in fields.items())
        out.append(f"    <node id={quoteattr(n.id)}>{body}</node>")
    for k, (s, t, role) in enumerate(g.edges, 1):
        out.append(f'    <edge id="e{k}" source="{s}" target="{t}">{_data("role", role)}</edge>')
    out.append("  </graph>")
    out.append("</graphml>")
    return "\n".join(out) + "\n"
