"""What `explore` prints and writes: the classes (JSON or text), and each class's witness
as a scenario file of language v1 whose `expect:` block records what the class shows,
so that `aiact-foss check` re-solves it and confirms it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from aiact_foss.explore import Exploration, points
from aiact_foss.explore.classes import Class
from aiact_foss.explore.scenario_yaml import dumps
from aiact_foss.explore.search import Claim


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _decider_json(cls: Class, d: Any) -> dict[Any, Any]:
    if d.field == "exists":
        return {"path": points.path_of(cls.point, d.entity, "exists"), "values": ["present"], "excluded": ["absent"]}
    return {"path": points.path_of(cls.point, d.entity, d.field),
            "values": [points.shown_class(cls.point, d.entity, d.field, v) for v in d.values],
            "excluded": [points.shown_class(cls.point, d.entity, d.field, v) for v in d.excluded]}


def _difference_json(c: Claim) -> dict[Any, Any]:
    assert c.conclusion is not None  # a difference names its conclusion
    return {"conclusion": c.conclusion.to_json(), "a": c.a, "b": c.b}


def _expect_item(c: Any) -> dict[Any, Any]:
    return {c.predicate: c.args[0] if len(c.args) == 1 else list(c.args)}


def witness_data(exp: Exploration, cls: Class, oracle_results: dict[Any, Any]) -> dict[Any, Any]:
    """The witness scenario with an `expect:` block: in diff mode each difference in the
    standing it has in each draft (a `sometimes` standing is recorded as `sometimes`,
    which `check` reads as "in at least one outcome"), with each draft's status; in
    property mode each draft's status, always and sometimes sets."""
    g = exp.goal
    if g.diff_mode:
        title = f"explore {g.drafts[0]} vs {g.drafts[1]}: class {cls.number}"
    else:
        assert g.prop is not None
        title = f"explore {g.prop.name}: class {cls.number}"
    data = points.scenario_data(cls.point, title)
    lines = ["Decided by: " + "; ".join(_describe(cls, d) for d in cls.deciders) + "."]
    if g.prop is not None:
        c = _constraint(g.prop, cls)
        lines.insert(0, f"Violates {c.where}: {c.text}")
    data = {"scenario": 1, "name": title, "description": " ".join(lines), **{k: v for k, v in data.items()
                                                                            if k not in ("scenario", "name")}}
    expect: dict[Any, Any] = {}
    for d in g.drafts:
        sets = oracle_results[d]
        e: dict[Any, Any] = {"status": sets.status, "always": [], "sometimes": [], "never": []}
        if g.diff_mode:
            side = "a" if d == g.drafts[0] else "b"
            for diff in cls.differences:
                e.setdefault(getattr(diff, side), []).append(_expect_item(diff.conclusion))
        else:
            from aiact_foss.engine.conclusions import Conclusion

            e["always"] = [_expect_item(c) for c in sorted(sets.always, key=Conclusion.sort_key)]
            e["sometimes"] = [_expect_item(c) for c in sorted(sets.possible - sets.always, key=Conclusion.sort_key)]
        expect[d] = {k: v for k, v in e.items() if v}
    data["expect"] = expect
    return data


def _constraint(prop: Any, cls: Class) -> Any:
    assert cls.claim.constraint is not None  # property mode: the claim is a constraint
    return prop.constraints[cls.claim.constraint]


def _describe(cls: Class, d: Any) -> str:
    j = _decider_json(cls, d)
    if d.field == "exists":
        return f"{j['path']} is present"
    if d.field == "released":
        return str(j["path"] if d.values == (True,) else j["path"].replace("has a release", "has no release"))
    if isinstance(d.field, tuple):
        return str(j["path"]).replace(" has ", " includes " if d.values == (True,) else " excludes ")
    vals = [_shown(v) for v in j["values"]]
    ended = [_shown(v) for v in j["excluded"]]
    if len(vals) == 1:
        return f"{j['path']} = {vals[0]}"
    if len(ended) == 1:
        return f"{j['path']} != {ended[0]}"
    if len(ended) < len(vals):
        return f"{j['path']} not in {{{', '.join(ended)}}}"
    return f"{j['path']} in {{{', '.join(vals)}}}"


def _shown(v: Any) -> str:
    if v is True or v is False:
        return "true" if v else "false"
    if v is None:
        return "null"
    if isinstance(v, int) and v >= 10**18:
        return f"{Decimal(v):.0E}".replace("E+", "e")
    return str(v)


def write_witnesses(exp: Exploration, oracle: Any, out: Path) -> None:
    """One witness file per class, each written whole (outfiles.write_atomic); witness
    files of an earlier run that this one does not write are removed, so that the
    folder holds exactly this run's witnesses."""
    from aiact_foss.outfiles import write_atomic

    out.mkdir(parents=True, exist_ok=True)
    written: set[str] = set()
    for cls in exp.classes:
        name = f"witness-{cls.number:03d}.yaml"
        data = witness_data(exp, cls, oracle.results(cls.point))
        header = "Written by aiact-foss explore; re-check with: aiact-foss check " + name
        write_atomic(str(out / name), dumps(data, header=header))
        written.add(name)
        cls.witness_file = name
    for stale in out.glob("witness-[0-9][0-9][0-9]*.yaml"):
        if stale.name not in written:
            stale.unlink()


def to_json(exp: Exploration, pattern: str | None, prop: str | None) -> dict[Any, Any]:
    g = exp.goal
    classes = []
    for cls in exp.classes:
        doc: dict[Any, Any] = {"class": cls.number}
        if g.diff_mode:
            doc["subject"] = list(cls.subject)
            doc["differences"] = [_difference_json(c) for c in cls.differences]
        else:
            assert g.prop is not None
            c = _constraint(g.prop, cls)
            doc["violated"] = {"constraint": c.text, "where": c.where}
        doc["deciding"] = [_decider_json(cls, d) for d in cls.deciders]
        doc["fields_away_from_default"] = cls.point.away()
        doc["witness"] = _plain(points.scenario_data(cls.point, f"class {cls.number}"))
        doc["witness_file"] = cls.witness_file
        classes.append(doc)
    doc = {"drafts": list(g.drafts), "conclusion": pattern, "property": prop, "max_components": exp.k,
           **({"as_of": exp.as_of} if exp.as_of is not None else {}), "classes": classes, "end": exp.end}
    if not exp.complete:
        doc.update(complete=False, reason=exp.end)
    return doc


def render_text(exp: Exploration, pattern: str | None, prop: str | None) -> str:
    g = exp.goal
    what = f"{g.drafts[0]} vs {g.drafts[1]}" if g.diff_mode else f"property {prop} over {', '.join(g.drafts)}"
    lines = [f"explore {what}" + (f", conclusions matching {pattern}" if pattern else "")
             + (f" as of {exp.as_of}" if exp.as_of is not None else "")
             + f": at most {exp.k} component{'s' if exp.k > 1 else ''} and {exp.k} actor{'s' if exp.k > 1 else ''}; "
             + f"{len(exp.classes)} "
             + ("class" if len(exp.classes) == 1 else "classes")]
    for cls in exp.classes:
        where = f"witness {cls.witness_file}" if cls.witness_file else "witness below"
        lines.append("")
        if g.diff_mode:
            lines.append(f"class {cls.number}: about {' and '.join(cls.subject)}; {where}, "
                         f"{cls.point.away()} fields away from defaults")
        else:
            assert g.prop is not None
            c = _constraint(g.prop, cls)
            lines.append(f"class {cls.number}: violates {c.where}: {c.text}; {where}, "
                         f"{cls.point.away()} fields away from defaults")
        lines.append("  decided by:")
        lines += [f"    {_describe(cls, d)}" for d in cls.deciders]
        if g.diff_mode:
            lines.append(f"  differences ({g.drafts[0]} / {g.drafts[1]}):")
            lines += [f"    {c.conclusion}: {c.a} / {c.b}" for c in cls.differences]
        if not cls.witness_file:
            lines.append("  witness:")
            text = dumps(points.scenario_data(cls.point, f"class {cls.number}"), flow_items=True)
            lines += ["    " + line for line in text.rstrip("\n").splitlines()]
    return "\n".join(lines) + "\n"
