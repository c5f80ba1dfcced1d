"""`report`: one self-contained HTML page for a scenario under several drafts: its facts,
a drafts x conclusions matrix (always / sometimes / never), the questions and unknowns
that split outcomes, and each conclusion's explanation graph (drawn when opened)."""

from __future__ import annotations

import json

from aiact_foss.engine.conclusions import Conclusion
from aiact_foss.engine.results import describe_alternative, outcome_json, plain
from aiact_foss.explain import Session, session, to_symbol
from aiact_foss.explain.html import LEGEND, anchors_for, esc, facts_table, page
from aiact_foss.explain.json_export import document
from aiact_foss.explain.nodes import finish


def _facts(s: Session) -> list[tuple[str, object, str]]:
    rows: dict[str, tuple] = {}
    for f in s.fb.fields:
        rows.setdefault(f.path, (f.path, plain(f.value), ""))
    for v in s.fb.variables:
        rows.setdefault(v.path, (v.path, "unknown", "every value is considered"))
    return list(rows.values())


def _selected(cs, only: list[Conclusion] | None) -> set[Conclusion]:
    """The conclusions `--conclusion` patterns keep (all without patterns)."""
    return {c for c in cs if not only or any(p.matches(c) for p in only)}


def _matrix(sessions: dict[str, Session], only: list[Conclusion] | None = None) -> str:
    allc: set[Conclusion] = set()
    for s in sessions.values():
        allc |= _selected(set(s.result.always) | set(s.result.sometimes), only)
    head = "".join(f"<th>{esc(d)}</th>" for d in sessions)
    status = "".join(f"<td>{esc(s.result.status)}, {len(s.result.outcomes)} outcome(s)</td>" for s in sessions.values())
    rows = [f"<table><tr><th>conclusion</th>{head}</tr>", f"<tr><th>status</th>{status}</tr>"]
    for c in sorted(allc, key=Conclusion.sort_key):
        cells = []
        for s in sessions.values():
            st = "always" if c in set(s.result.always) else "sometimes" if c in set(s.result.sometimes) else "never"
            cells.append(f'<td class="{st}">{st}</td>')
        rows.append(f"<tr><th><code>{esc(str(c))}</code></th>{''.join(cells)}</tr>")
    rows.append("</table>")
    return "\n".join(rows)


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
            when = "; or ".join(describe_alternative(a) for a in alts)
            own = ", ".join(str(c) for c in o.conclusions if c not in always and _selected([c], only)) or "nothing beyond what always holds"
            items.append(f"<li>when <code>{esc(when)}</code>: {esc(own)}</li>")
        out.append(f"<h3>{esc(d)}</h3>" + (f"<p>pinned: <code>{esc(pinned)}</code></p>" if pinned else "")
                   + (f"<ol>{''.join(items)}</ol>" if len(r.outcomes) > 1 else ""))
    return "\n".join(out) or "<p>Every draft has one outcome: no open question or unknown fact changes a conclusion.</p>"


def _explanations(sessions: dict[str, Session], data: dict, only: list[Conclusion] | None = None) -> str:
    out = []
    for d, s in sessions.items():
        r = s.result
        wanted = sorted(_selected(set(r.always) | set(r.sometimes), only), key=Conclusion.sort_key)
        if not wanted:
            out.append(f"<h3>{esc(d)}</h3><p>No conclusion.</p>")
            continue
        first = {c: next(k for k, o in enumerate(r.outcomes, 1) if c in o.conclusions) for c in wanted}
        root_id: dict[Conclusion, tuple[str, str]] = {}
        for k in sorted(set(first.values())):
            b = s.builder(k)
            mine = [c for c in wanted if first[c] == k]
            g = finish(b, [b.atom_node(to_symbol(c)) for c in mine], conclusion=None, holds=True, outcome=k)
            key = f"graph-{len(data) + 1}"
            data[key] = document(g)
            for c, rid in zip(mine, g.roots):
                root_id[c] = (key, rid)
        items = []
        for c in wanted:
            key, rid = root_id[c]
            standing = "always" if c in set(r.always) else f"sometimes (drawn from outcome {first[c]})"
            label = data[key]["nodes"][int(rid[1:]) - 1]["label"]
            items.append(f'<details><summary><code>{esc(str(c))}</code>: {esc(label)} ({esc(standing)})</summary>'
                         f'<div class="graph" data-graph="{key}" data-root="{rid}"></div></details>')
        out.append(f"<h3>{esc(d)}</h3>\n" + "\n".join(items))
    return "\n".join(out)


def build(scn, draft_ids: list[str], *, assume: dict | None = None, reading: str | None = None,
          only: list[Conclusion] | None = None) -> str:
    """The page; `only`: conclusion patterns, the conclusions of the matrix and the
    explanations kept (`--conclusion`)."""
    sessions = {d: session(scn, d, assume=assume, reading=reading) for d in draft_ids}
    first = next(iter(sessions.values()))
    rows = _facts(first)
    anchors = anchors_for(p for p, _, _ in rows)
    data: dict = {"fact-anchors": anchors}
    explanations = _explanations(sessions, data, only)
    body = (
        (f"<p>{esc(scn.description)}</p>\n" if scn.description else "")
        + '<div class="layout"><main>\n'
        + "<h2>Conclusions by draft</h2>\n" + _matrix(sessions, only)
        + "\n<h2>What splits the outcomes</h2>\n" + _splits(sessions, only)
        + "\n<h2>Explanations</h2>\n" + LEGEND + explanations
        + "\n<h2>Scenario facts</h2>\n" + facts_table(sorted(rows, key=lambda r: r[0]), anchors)
        + '\n</main><aside id="details">Open an explanation and click a node to see its provision, fact or question.</aside></div>'
    )
    return page(f"Report: {scn.name}", body, data)
