"""The explanation graph as data: nodes, edges, roots; and the numbering that turns a
builder's nodes into a graph (breadth-first from the roots, children sorted)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field, replace
from typing import Any

from aiact_foss.engine.conclusions import Conclusion

KINDS = ("conclusion", "rule", "fact", "question", "unknown", "absence")


@dataclass
class Node:
    key: tuple[Any, ...]
    kind: str
    label: str
    data: dict[Any, Any] = field(default_factory=dict)  # the kind's own JSON fields
    applies: bool = True  # a rule node in a why-not: False (the rule does not apply)
    label_id: str | None = None  # a rule node's provision label
    id: str = ""


@dataclass
class Graph:
    draft: str
    outcome: int
    conclusion: Conclusion | None
    holds: bool
    nodes: list[Node]  # in id order
    edges: list[tuple[str, str, str]]  # (source id, target id, role)
    roots: list[str]
    # the scenario's facts, stated true, that no rule of the draft reads: (path, value)
    unread: list[tuple[str, object]] = field(default_factory=list)

    def node(self, node_id: str) -> Node:
        return self.nodes[int(node_id[1:]) - 1]

    def children(self) -> dict[str, list[tuple[str, str]]]:
        """target id -> [(source id, role)], in id order."""
        out: dict[str, list[tuple[str, str]]] = {n.id: [] for n in self.nodes}
        for s, t, role in self.edges:
            out[t].append((s, role))
        return out


# -- numbering --------------------------------------------------------------------------------
def reach(b: Any, roots: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The keys of the builder's nodes reachable from the roots, in the order `finish`
    numbers them: breadth-first, children in sorted order. Only the part of the
    builder's graph reachable from the roots is visited: a builder shared by many
    explanations grows with all of them (and keeps each node's sorted children, redone
    only when the node has gained some)."""
    into: dict[tuple[Any, ...], list[tuple[Any, ...]]] = b.into  # target -> [(source, role)]
    memo: dict[tuple[Any, ...], tuple[int, list[tuple[Any, ...]]]] = b.sorted_into
    order: list[tuple[Any, ...]] = []
    seen: set[tuple[Any, ...]] = set()
    queue: deque[tuple[Any, ...]] = deque()
    for r in roots:
        if r not in seen:
            seen.add(r)
            queue.append(r)
    while queue:
        k = queue.popleft()
        order.append(k)
        sources = into.get(k, ())
        known = memo.get(k)
        if known is None or known[0] != len(sources):
            known = memo[k] = (len(sources), sorted({s for s, _ in sources}, key=lambda c: _sort_key(b.nodes[c])))
        for c in known[1]:
            if c not in seen:
                seen.add(c)
                queue.append(c)
    return order


def finish(b: Any, roots: list[tuple[Any, ...]], *, conclusion: Conclusion | None, holds: bool, outcome: int,
           root_label: str | None = None) -> Graph:
    """Number the nodes breadth-first from the roots, children in sorted order (`reach`).
    The root of a why-not is shown as the conclusion it denies, not as an absence."""
    into: dict[tuple[Any, ...], list[tuple[Any, ...]]] = b.into
    order = reach(b, roots)
    ids = {k: f"n{i}" for i, k in enumerate(order, 1)}
    nodes = [replace(b.nodes[k], id=ids[k]) for k in order]  # the builder's nodes are shared
    if root_label is not None:
        nodes[0] = replace(nodes[0], kind="conclusion", label=root_label)
    edges = sorted(((ids[s], ids[t], role) for t in order for (s, role) in into.get(t, ()) if s in ids),
                   key=lambda e: (int(e[1][1:]), int(e[0][1:]), e[2]))
    return Graph(b.draft, outcome, conclusion, holds, nodes, edges, [ids[r] for r in dict.fromkeys(roots)])


def _sort_key(n: Node) -> tuple[Any, ...]:
    return (n.label, KINDS.index(n.kind), repr(n.key))
