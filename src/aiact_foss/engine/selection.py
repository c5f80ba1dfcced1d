"""`--conclusion PATTERN` (repeatable) on solve, diff and report: keep only the
conclusions that match one of the patterns. Outcomes that no longer differ in what is
kept become one outcome, with the alternatives of each; the status follows from the
outcomes that remain."""

from __future__ import annotations

from typing import Any

from aiact_foss.engine.conclusions import Conclusion, parse


def patterns(items: list[str] | None) -> list[Conclusion]:
    return [parse(p, pattern=True) for p in items or []]


def keeps(pats: list[Conclusion], c: dict[str, Any]) -> bool:
    conc = Conclusion(c["predicate"], tuple(c["args"]))
    return any(p.matches(conc) for p in pats)


def _alternatives(o: dict[str, Any]) -> list[dict[str, Any]]:
    if "because" in o:
        return list(o["because"])
    return [{k: o[k] for k in ("questions", "unknowns") if k in o}]


def select_solve(doc: dict[str, Any], pats: list[Conclusion]) -> dict[str, Any]:
    """The `solve` document narrowed to the conclusions matching `pats`."""
    if not pats:
        return doc
    results = [_select_result(r, pats) for r in doc["results"]]
    rest = {k: v for k, v in doc.items() if k not in ("scenario", "results")}  # e.g. a bound's mark
    return {"scenario": doc["scenario"], "selected": [str(p) for p in pats], "results": results, **rest}


def _select_result(r: dict[str, Any], pats: list[Conclusion]) -> dict[str, Any]:
    out = dict(r)
    out["always"] = [c for c in r["always"] if keeps(pats, c)]
    out["sometimes"] = [c for c in r["sometimes"] if keeps(pats, c)]
    merged: dict[str, dict[str, Any]] = {}
    for o in r["outcomes"]:
        kept = [c for c in o["conclusions"] if keeps(pats, c)]
        key = repr(kept)
        if key not in merged:
            merged[key] = {"conclusions": kept, "because": []}
        merged[key]["because"] += [a for a in _alternatives(o) if a not in merged[key]["because"]]
        if o.get("more_alternatives"):
            merged[key]["more_alternatives"] = merged[key].get("more_alternatives", 0) + o["more_alternatives"]
    outcomes = []
    for m in merged.values():
        if len(m["because"]) == 1 and "more_alternatives" not in m:
            m = {"conclusions": m["conclusions"], **m["because"][0]}
        outcomes.append(m)
    out["outcomes"] = outcomes
    if r["status"] != "inconsistent" and not r.get("more_outcomes"):
        out["status"] = "determinate" if len(outcomes) == 1 else "ambiguous"
    return out


def select_diff(doc: dict[str, Any], pats: list[Conclusion]) -> dict[str, Any]:
    """The `diff` document with only the differences on conclusions matching `pats`."""
    if not pats:
        return doc
    pairs = [{**p, "differences": [d for d in p["differences"] if keeps(pats, d["conclusion"])]} for p in doc["pairs"]]
    return {**doc, "selected": [str(p) for p in pats], "pairs": pairs}
