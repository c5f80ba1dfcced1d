"""`diff`: where two drafts differ on a scenario, and the provisions responsible
(outputs.md, `diff`).

A conclusion's standing in a draft is `always`, `sometimes` or `never`. For each
conclusion whose standing differs, the draft where it stands higher has an outcome in
which it holds (its derivation is explained there) and the other an outcome in which it
does not (its why-not, drawn from an outcome whose reading agrees with the derivation's
where there is one, so that both explain the same facts and answers). The responsible provisions are the rule labels of the derivation
that the other draft lacks or strikes (role `supports`), then those of the why-not
(failed conditions, fired defeaters, the rules that do not apply) that the other draft
lacks or strikes (role `defeats`). A label the other draft has with different rules
counts as lacking. When no label differs (the drafts share every rule involved and
differ in a fact of their own, such as which monetisation indicators they read), the
rules that derive the conclusion and those that fail to are given instead."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from aiact_foss.engine.conclusions import Conclusion
from aiact_foss.law import drafts

RANK = {"never": 0, "sometimes": 1, "always": 2}


@dataclass(frozen=True)
class Responsible:
    draft: str  # the draft whose words are quoted
    label: str
    ref: str
    role: str  # supports | defeats

    def to_json(self) -> dict[Any, Any]:
        return {"draft": self.draft, "label": self.label, "ref": self.ref, "role": self.role}


@dataclass
class Difference:
    conclusion: Conclusion
    a: str
    b: str
    provisions: list[Responsible]

    def to_json(self) -> dict[Any, Any]:
        return {"conclusion": self.conclusion.to_json(), "a": self.a, "b": self.b,
                "provisions": [p.to_json() for p in self.provisions]}


def standing(result: Any, c: Conclusion) -> str:
    if c in _as_set(result, "always"):
        return "always"
    return "sometimes" if c in _as_set(result, "sometimes") else "never"


_SETS: dict[tuple[int, str], tuple[object, frozenset[Any]]] = {}


def _as_set(result: Any, name: str) -> frozenset[Any]:
    """result.always or .sometimes as a set, made once per result (diff asks for every
    conclusion of a scenario: a set built each time would make it quadratic)."""
    known = _SETS.get((id(result), name))
    if known is None or known[0] is not result:
        if len(_SETS) > 64:  # a diff holds one result per draft
            _SETS.clear()
        known = _SETS[(id(result), name)] = (result, frozenset(getattr(result, name)))
    return known[1]


@cache
def _rule_texts(draft_id: str) -> dict[str, frozenset[Any]]:
    out: dict[str, set[Any]] = {}
    for s in drafts.statements(draft_id):
        if s.label:
            out.setdefault(s.label, set()).add(str(s.ast))
    return {k: frozenset(v) for k, v in out.items()}


def lacks(other: str, draft_id: str, label: str) -> bool:
    """Does draft `other` lack (or strike) the rules `draft_id` has under `label`?"""
    mine, theirs = _rule_texts(draft_id).get(label), _rule_texts(other).get(label)
    return theirs is None or theirs != mine


def _labels(found: Any, *, applies: bool | None) -> list[str]:
    """Rule labels of an explanation (explain.Reached) in node order (applies: only rules
    that do / do not apply)."""
    seen: dict[str, None] = {}
    for n in found.nodes:
        if n.kind == "rule" and n.label_id and (applies is None or n.applies == applies):
            seen.setdefault(n.label_id)
    return list(seen)


def _top_labels(found: Any) -> list[str]:
    """The labels of the rules attached directly to the root."""
    by_key = {n.key: n for n in found.nodes}
    return list(dict.fromkeys(by_key[k].label_id for k in found.into_root
                              if by_key[k].kind == "rule" and by_key[k].label_id))


def responsible(why: Any, why_not: Any, holding: str, failing: str) -> list[Responsible]:
    def entry(draft_id: str, label: str, role: str) -> Responsible:
        p = drafts.provisions(draft_id).get(label)
        return Responsible(p.draft if p else draft_id, label, p.ref if p else label, role)

    out = [entry(holding, lab, "supports") for lab in _labels(why, applies=True) if lacks(failing, holding, lab)]
    out += [entry(failing, lab, "defeats") for lab in _labels(why_not, applies=None) if lacks(holding, failing, lab)]
    if not out:
        out = [entry(holding, lab, "supports") for lab in _top_labels(why)]
        out += [entry(failing, lab, "defeats") for lab in _top_labels(why_not)]
    return list(dict.fromkeys(out))


def _compatible(x: Any, y: Any) -> bool:
    """Two alternatives that some reading satisfies both (what one leaves open, the
    other may fix)."""
    qx, qy = dict(x.questions), dict(y.questions)
    ux, uy = dict(x.unknowns), dict(y.unknowns)
    return all(qy.get(q, v) == v for q, v in qx.items()) and all(uy.get(p, v) == v for p, v in ux.items())


def _comparable_outcome(s: Any, c: Conclusion, holding: Any) -> int:
    """The outcome of s to explain c's absence from: the first without c whose reading
    agrees with the reading under which the other draft derives it (the same answers to
    the open questions, the same completions of unknown facts), else the first without c."""
    alt = holding.alternatives[0]
    first = None
    for k, o in enumerate(s.result.outcomes, 1):  # stops at the first that serves
        if c in o.conclusion_set:
            continue
        if any(_compatible(alt, a) for a in o.alternatives):
            return k
        first = first or k
    assert first is not None  # c stands lower here: some outcome lacks it
    return first


def diff(scn: Any, draft_ids: list[str], *, assume: dict[Any, Any] | None = None, reading: str | None = None) -> dict[Any, Any]:
    """The `diff --format json` document."""
    from aiact_foss.engine.bounds import BoundReached
    from aiact_foss.engine.results import incomplete

    ids = [d for d in drafts.available() if d in set(draft_ids)]
    pairs: list[dict[Any, Any]] = []
    try:
        _pairs(scn, ids, assume, reading, pairs)
    except BoundReached as e:  # the pairs compared so far
        e.partial = incomplete({"scenario": scn.name, "pairs": pairs}, e.reason)
        raise
    return {"scenario": scn.name, "pairs": pairs}


def _pairs(scn: Any, ids: list[str], assume: dict[Any, Any] | None, reading: str | None, pairs: list[dict[Any, Any]]) -> None:
    from aiact_foss import explain as ex

    sessions = {d: ex.session(scn, d, assume=assume, reading=reading) for d in ids}
    memo: dict[tuple[Any, ...], object] = {}  # a draft's explanation serves every pair it is in

    def explain(d: str, c: Conclusion, why_not: bool = False, outcome: int | None = None) -> Any:
        key = (d, c, why_not, outcome)
        if key not in memo:  # the nodes alone: the graph would be numbered and copied for nothing
            memo[key] = ex.reached(sessions[d], c, why_not=why_not, outcome=outcome)
        return memo[key]

    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            ra, rb = sessions[a].result, sessions[b].result
            union = set(ra.always) | set(ra.sometimes) | set(rb.always) | set(rb.sometimes)
            diffs = []
            for c in sorted(union, key=Conclusion.sort_key):
                sa, sb = standing(ra, c), standing(rb, c)
                if sa == sb:
                    continue
                hi, lo = (a, b) if RANK[sa] > RANK[sb] else (b, a)
                why = explain(hi, c)
                k = _comparable_outcome(sessions[lo], c, sessions[hi].result.outcomes[why.outcome - 1])
                why_not = explain(lo, c, True, k)
                diffs.append(Difference(c, sa, sb, responsible(why, why_not, hi, lo)))
            pairs.append({"a": a, "b": b, "differences": [d.to_json() for d in diffs]})


def render_text(doc: dict[Any, Any], *, detail: bool = False) -> str:
    """Per pair of drafts, the differences grouped: one group per predicate, standing in
    each draft and provisions responsible, with its count and its conclusions; `detail`
    lists every difference with its provisions, one by one."""
    lines = [doc["scenario"]]
    if doc.get("selected"):
        from aiact_foss.engine.textlayout import fold_items

        lines += fold_items("only conclusions matching", doc["selected"])
    for p in doc["pairs"]:
        lines.append(f"{p['a']} vs {p['b']}: {len(p['differences'])} difference(s)")
        if detail:
            for d in p["differences"]:
                lines.append(f"  {_conclusion(d)}: {d['a']} in {p['a']}, {d['b']} in {p['b']}")
                lines += _provision_lines(d["provisions"])
            continue
        groups: dict[str, list[dict[Any, Any]]] = {}
        for d in p["differences"]:
            key = repr((d["conclusion"]["predicate"], d["a"], d["b"], d["provisions"]))
            groups.setdefault(key, []).append(d)
        for members in groups.values():
            d = members[0]
            shape = f"{d['conclusion']['predicate']}({', '.join('_' for _ in d['conclusion']['args'])})"
            lines.append(f"  {len(members)} x {shape}: {d['a']} in {p['a']}, {d['b']} in {p['b']}")
            lines += _provision_lines(d["provisions"])
            lines += _wrapped([_conclusion(m) for m in members], "      ")
    return "\n".join(lines) + "\n"


def _conclusion(d: dict[Any, Any]) -> str:
    return str(Conclusion(d["conclusion"]["predicate"], tuple(d["conclusion"]["args"])))


def _provision_lines(provs: list[dict[Any, Any]]) -> list[str]:
    return [f"    {r['role']}: {r['ref']} [{r['label']}, {r['draft']}]" for r in provs]


def _wrapped(items: list[str], indent: str, width: int = 80) -> list[str]:
    """Items side by side, two spaces apart, a new line before one that would pass
    `width` (an item is never split)."""
    out: list[str] = []
    line = ""
    for it in items:
        if line and len(indent) + len(line) + 2 + len(it) > width:
            out.append(indent + line)
            line = ""
        line = f"{line}  {it}" if line else it
    if line:
        out.append(indent + line)
    return out
