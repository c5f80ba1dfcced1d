"""`report`: one self-contained HTML page for a scenario under several drafts: its facts,
a drafts x conclusions matrix (always / sometimes / never), the questions and unknowns
that split outcomes, and each conclusion's explanation graph (drawn when opened)."""

from __future__ import annotations

import json
from typing import Any

from aiact_foss.engine.conclusions import Conclusion
from aiact_foss.engine.results import describe_alternative, outcome_json, plain
from aiact_foss.explain import Session, session, to_symbol
from aiact_foss.explain.html import (
    LEGEND,
    anchors_for,
    asset,
    esc,
    facts_table,
    page,
    tree,
)
from aiact_foss.explain.json_export import document
from aiact_foss.explain.nodes import finish


def _facts(s: Session) -> list[tuple[str, object, str]]:
    rows: dict[str, tuple[Any, ...]] = {}
    for f in s.fb.fields:
        rows.setdefault(f.path, (f.path, plain(f.value), ""))
    for v in s.fb.variables:
        rows.setdefault(v.path, (v.path, "unknown", "every value is considered"))
    return list(rows.values())


def _selected(cs: Any, only: list[Conclusion] | None) -> set[Conclusion]:
    """The conclusions `--conclusion` patterns keep (all without patterns)."""
    return {c for c in cs if not only or any(p.matches(c) for p in only)}


def _matrix(sessions: dict[str, Session], only: list[Conclusion] | None = None) -> str:
    allc: set[Conclusion] = set()
    for s in sessions.values():
        allc |= _selected(set(s.result.always) | set(s.result.sometimes), only)
    head = "".join(f"<th>{esc(d)}</th>" for d in sessions)
    status = "".join(f"<td>{esc(s.result.status)}, {len(s.result.outcomes)} outcome(s)</td>" for s in sessions.values())
    rows = ['<div class="matrix"><table>', f"<tr><th>conclusion</th>{head}</tr>", f"<tr><th>status</th>{status}</tr>"]
    for c in sorted(allc, key=Conclusion.sort_key):
        cells = []
        for s in sessions.values():
            st = "always" if c in set(s.result.always) else "sometimes" if c in set(s.result.sometimes) else "never"
            cells.append(f'<td class="{st}">{st}</td>')
        rows.append(f"<tr><th><code>{esc(str(c))}</code></th>{''.join(cells)}</tr>")
    rows.append("</table></div>")
    return "\n".join(rows)


def conditions(alt: dict[Any, Any]) -> str:
    """An alternative's answers and completions as one phrase: `a=true and b="x"`."""
    return " and ".join(describe_alternative(alt).split("\n"))


def paragraphs(text: str) -> str:
    """A description as paragraphs of running text: the line breaks and indentation of
    a folded YAML block are the file's layout, not the author's words."""
    import re

    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip())]
    return "".join(f"<p>{esc(p)}</p>" for p in paras if p)


HOW_TO_READ = (
    '<aside class="how-to-read"><h2>How to read this</h2><dl>'
    "<dt>determinate</dt><dd>the draft gives one outcome: every open question and unknown fact that arises leads to the same conclusions.</dd>"
    "<dt>ambiguous</dt><dd>the draft gives several outcomes: how an open question is answered, or what an unknown fact turns out to be, changes a conclusion. Each outcome is listed with the answers and completions that lead to it.</dd>"
    "<dt>inconsistent</dt><dd>the facts contradict each other under the draft: it gives no outcome at all.</dd>"
    "<dt>always</dt><dd>the conclusion holds in every outcome of the draft.</dd>"
    "<dt>sometimes</dt><dd>the conclusion holds in some outcomes of the draft but not in others.</dd>"
    "<dt>never</dt><dd>the conclusion holds in no outcome of the draft.</dd>"
    "</dl><p>An explanation shows why a conclusion holds in one outcome: each rule applied, with the words of its provision, down to the facts of the scenario and the answers to open questions.</p></aside>"
)


def _splits(sessions: dict[str, Session], only: list[Conclusion] | None = None) -> str:
    out = []
    for d, s in sessions.items():
        r = s.result
        pinned = ", ".join(f"{q}={'true' if v else 'false'}" for q, v in sorted(r.pinned.items()))
        if r.status == "inconsistent":
            conflict = ", ".join(f"{p} = {json.dumps(plain(v))}" for p, v in r.conflict)
            out.append(f"<h3>{esc(d)}</h3><p>The facts contradict each other: {esc(conflict)}</p>")
            continue
        if len(r.outcomes) < 2 and not pinned:
            continue
        items = []
        always = set(r.always)
        for o in r.outcomes:
            doc = outcome_json(o)
            alts = doc.get("because") or [{"questions": doc.get("questions", {}), "unknowns": doc.get("unknowns", [])}]
            when = "; or ".join(conditions(a) for a in alts)
            own = ", ".join(str(c) for c in o.conclusions if c not in always and _selected([c], only)) or "nothing beyond what always holds"
            items.append(f"<li>when <code>{esc(when)}</code>: {esc(own)}</li>")
        out.append(f"<h3>{esc(d)}</h3>" + (f"<p>pinned: <code>{esc(pinned)}</code></p>" if pinned else "")
                   + (f"<ol>{''.join(items)}</ol>" if len(r.outcomes) > 1 else ""))
    return "\n".join(out) or "<p>Every draft has one outcome: no open question or unknown fact changes a conclusion.</p>"


def _explanations(sessions: dict[str, Session], data: dict[Any, Any], anchors: dict[str, str],
                  only: list[Conclusion] | None = None) -> str:
    """Each conclusion's graph, drawn when opened, and the same as a list for print."""
    out = []
    for d, s in sessions.items():
        r = s.result
        wanted = sorted(_selected(set(r.always) | set(r.sometimes), only), key=Conclusion.sort_key)
        if not wanted:
            out.append(f"<h3>{esc(d)}</h3><p>No conclusion.</p>")
            continue
        first = {c: next(k for k, o in enumerate(r.outcomes, 1) if c in o.conclusions) for c in wanted}
        root_id: dict[Conclusion, tuple[str, str]] = {}
        printed: dict[Conclusion, str] = {}
        for k in sorted(set(first.values())):
            b = s.builder(k)
            mine = [c for c in wanted if first[c] == k]
            g = finish(b, [b.atom_node(to_symbol(c)) for c in mine], conclusion=None, holds=True, outcome=k)
            key = f"graph-{len(data) + 1}"
            data[key] = document(g)
            for c, rid in zip(mine, g.roots):
                root_id[c] = (key, rid)
                printed[c] = tree(g, anchors, [rid])
        items = []
        for c in wanted:
            key, rid = root_id[c]
            standing = "always" if c in set(r.always) else f"sometimes (drawn from outcome {first[c]})"
            label = data[key]["nodes"][int(rid[1:]) - 1]["label"]
            summary = f"<code>{esc(str(c))}</code>: {esc(label)} ({esc(standing)})"
            items.append(f'<details><summary>{summary}</summary>'
                         f'<div class="graph" data-graph="{key}" data-root="{rid}"></div></details>'
                         f'<div class="print-only"><p>{summary}</p>{printed[c]}</div>')
        out.append(f"<h3>{esc(d)}</h3>\n" + "\n".join(items))
    return "\n".join(out)


def build(scn: Any, draft_ids: list[str], *, assume: dict[Any, Any] | None = None, reading: str | None = None,
          only: list[Conclusion] | None = None) -> str:
    """The page; `only`: conclusion patterns, the conclusions of the matrix and the
    explanations kept (`--conclusion`)."""
    sessions = {d: session(scn, d, assume=assume, reading=reading) for d in draft_ids}
    first = next(iter(sessions.values()))
    rows = _facts(first)
    anchors = anchors_for(p for p, _, _ in rows)
    data: dict[Any, Any] = {"fact-anchors": anchors}
    explanations = _explanations(sessions, data, anchors, only)
    body = (
        (f'<div class="description">{paragraphs(scn.description)}</div>\n' if scn.description else "")
        + HOW_TO_READ + "\n"
        + '<div class="layout"><main>\n'
        + "<h2>Conclusions by draft</h2>\n" + _matrix(sessions, only)
        + "\n<h2>What splits the outcomes</h2>\n" + _splits(sessions, only)
        + "\n<h2>Explanations</h2>\n" + LEGEND + explanations
        + "\n<h2>Scenario facts</h2>\n" + facts_table(sorted(rows, key=lambda r: r[0]), anchors)
        + '\n</main><aside id="details">Open an explanation and click a node to see its provision, fact or question.</aside></div>'
    )
    return page(f"Report: {scn.name}", body, data, asset("report.css"))
