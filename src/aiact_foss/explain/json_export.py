"""The node-link JSON of an explanation (format aiact-foss/explanation/v1; its schema is
schemas/explanation-v1.schema.json)."""

from __future__ import annotations

from typing import Any

from aiact_foss.explain.nodes import Graph

FORMAT = "aiact-foss/explanation/v1"


def document(g: Graph) -> dict[Any, Any]:
    return {
        "format": FORMAT,
        "draft": g.draft,
        "outcome": g.outcome,
        "conclusion": g.conclusion.to_json() if g.conclusion is not None else None,
        "holds": g.holds,
        "nodes": [{"id": n.id, "kind": n.kind, "label": n.label, **n.data} for n in g.nodes],
        "edges": [{"source": s, "target": t, "role": role} for s, t, role in g.edges],
    }


def render(g: Graph) -> str:
    from aiact_foss.engine.results import dumps

    return dumps(document(g))
