"""Small helpers shared by the exporters: headings, wrapping, characters that a format
cannot carry (shown as Unicode control pictures, U+2400 onwards)."""

from __future__ import annotations

import textwrap

from aiact_foss.explain.nodes import Graph, Node


def title(g: Graph) -> str:
    if g.conclusion is None:
        return f"every conclusion of {g.draft}, outcome {g.outcome}"
    how = "holds" if g.holds else "does not hold"
    return f"why {g.conclusion} {how} in {g.draft}, outcome {g.outcome}"


def visible(text: str) -> str:
    """Control characters (which XML, DOT and Mermaid cannot carry) as control pictures;
    the others a terminal would obey (C1, bidi overrides) as escapes (terminal.safe)."""
    from aiact_foss.terminal import safe

    return safe("".join(chr(0x2400 + ord(c)) if ord(c) < 0x20 and c not in "\t" else "\u2421" if c == "\x7f" else c
                        for c in text))


def wrap(text: str, width: int = 42) -> list[str]:
    """Lines of at most `width`; control characters first made visible, so that a
    newline inside an id is shown, never taken for a break."""
    return textwrap.wrap(visible(text), width, break_long_words=True, break_on_hyphens=False) or [""]


def clip(text: str, limit: int) -> str:
    """text, or its first words up to `limit` characters followed by an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "\u2026"


def detail(n: Node) -> str:
    """The kind-specific part of a node: provision ref, fact path and value, ..."""
    import json

    d = n.data
    if n.kind == "fact" or n.kind == "unknown":
        return f"{d['path']} = {json.dumps(d['value'], ensure_ascii=False)}"
    if n.kind == "question":
        return f"{d['question']} = {'true' if d['value'] else 'false'}" + (", pinned" if d["pinned"] else "")
    return ""  # a rule's label starts with its provision's ref already
