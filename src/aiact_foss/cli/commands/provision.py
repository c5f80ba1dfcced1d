"""`aiact-foss provision LABEL [--draft D]`: a provision's words, its source and the
rules of logic/ that encode it, in each draft whose program carries the label."""

from __future__ import annotations

from typing import Any, Optional

import typer


def register(app: typer.Typer) -> None:
    app.command(name="provision")(provision)


def provision(
    label: str = typer.Argument(..., help="a provision label, as `drafts` lists them (e.g. art2_12)"),
    draft: Optional[str] = typer.Option(None, "--draft", "--drafts", help="one draft id, a comma list, or all (default: every draft that has the label)"),
    fmt: str = typer.Option("text", "--format", help="text or json"),
) -> None:
    """The words of provision LABEL, its source, and the rules that encode it."""
    from aiact_foss.cli.application import check_format, emit, guard

    check_format(fmt, ("text", "json"))
    doc: dict[str, Any] = guard(lambda: lookup(label, draft))
    if fmt == "json":
        from aiact_foss.engine.results import dumps

        emit(dumps(doc))
    else:
        emit(render_text(doc))


def lookup(label: str, draft_spec: str | None) -> dict[str, Any]:
    """{"label", "drafts": [{draft, ref, text, url, quoted_from, rules: [{file, line, rule}]}]}."""
    from clingo import ast

    from aiact_foss.api import BadOption
    from aiact_foss.law import drafts

    ids = drafts.resolve(draft_spec) if draft_spec else list(drafts.available())
    entries = []
    for d in ids:
        p = drafts.provisions(d).get(label)
        if p is None:
            continue
        rules = [{"file": f"logic/{s.file}", "line": s.line, "rule": str(s.ast)}
                 for s in drafts.statements(d)
                 if s.label == label and getattr(s.ast, "ast_type", None) != ast.ASTType.Comment]
        entries.append({"draft": d, "ref": p.ref, "text": p.text, "url": p.url, "quoted_from": p.draft,
                        "rules": rules})
    if not entries:
        known = sorted({lab for d in ids for lab in drafts.labels(d)})
        near = [k for k in known if label.lower() in k.lower()][:5]
        hint = f" (did you mean {', '.join(near)}?)" if near else " (`aiact-foss drafts` lists the labels)"
        where = f"in {', '.join(ids)}" if draft_spec else "in any draft"
        raise BadOption(f"provision: no label {label!r} {where}{hint}")
    return {"label": label, "drafts": entries}


def render_text(doc: dict[str, Any]) -> str:
    from aiact_foss.explain.text import quote_lines

    lines: list[str] = []
    for e in doc["drafts"]:
        if lines:
            lines.append("")
        lines.append(f"{doc['label']} in {e['draft']}: {e['ref']}")
        lines += quote_lines(e["text"], "  ")
        if e["quoted_from"] != e["draft"]:
            lines.append(f"  (the words of {e['quoted_from']})")
        lines.append(f"  source: {e['url']}")
        lines.append(f"  encoded by {len(e['rules'])} rule(s):" if e["rules"] else "  encoded by no rule")
        for r in e["rules"]:
            lines.append(f"    {r['file']}:{r['line']}")
            lines.append(f"      {r['rule']}")
    return "\n".join(lines)
