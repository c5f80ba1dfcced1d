"""The Python API (docs/api.md): load, solve, explanation, diff, check and report, as the
command line does, in-process. A scenario is a path, a dict or a Scenario; every failure
is an `aiact_foss.Error` whose message is the one the command line prints."""

from __future__ import annotations

import html
import io
import os
from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any, Union

from aiact_foss.engine import solving
from aiact_foss.engine.bounds import BoundReached, Bounds, enforce
from aiact_foss.engine.conclusions import Conclusion
from aiact_foss.engine.results import incomplete, solve_json
from aiact_foss.errors import BadInput, Error, NotShown, as_errors
from aiact_foss.language import facts
from aiact_foss.language.scenario import Scenario
from aiact_foss.law import drafts as draftmod
from aiact_foss.law import questions


class BadOption(ValueError):
    """A malformed command-line option or API argument (exit 2)."""


def parse_assume(items: list[str] | None) -> dict[str, bool]:
    """`--assume q=v`, repeatable or comma lists."""
    out: dict[str, bool] = {}
    for item in items or []:
        for part in item.split(","):
            part = part.strip()
            if not part:
                continue
            q, sep, v = part.partition("=")
            q, v = q.strip(), v.strip().lower()
            if not sep or v not in ("true", "false"):
                raise BadOption(f"--assume takes question=true|false, got {part!r}")
            if q not in questions.questions():
                raise BadOption(f"--assume: unknown open question {q!r}")
            if q in out and out[q] != (v == "true"):
                raise BadOption(f"--assume: {q} is given both true and false")
            out[q] = v == "true"
    return out


def check_conclusions(pats: list[Conclusion], scn: Scenario) -> None:
    """`--conclusion` naming an actor or component the scenario does not have is bad
    input (in the words `check` uses for `expect:`), not an empty or vacuous answer."""
    from aiact_foss.language.references import unknown_name

    for c in pats:
        problem = unknown_name(c, scn)
        if problem:
            raise BadOption(f"--conclusion: {problem}")


def notes(draft_ids: list[str], assume: dict[str, bool], reading: str | None, *, every: bool = False) -> list[str]:
    """One line for each --assume and --reading that pins nothing in some chosen draft
    (its question is not raised there; the pin is dropped, not an error). With every
    draft chosen (`every`), only those that pin nothing in any of them."""
    out = []
    items = [(f"--assume {q}", questions.questions()[q].drafts) for q in assume]
    if reading is not None:
        items.append((f"--reading {reading}", questions.readings()[reading].drafts))
    for what, where in items:
        missed = [d for d in draft_ids if d not in where]
        if missed and (not every or len(missed) == len(draft_ids)):
            out.append(f"note: {what} does not apply to {', '.join(missed)} (it pins nothing there)")
    return out


def check_reading(reading: str | None) -> None:
    if reading is not None and reading not in questions.readings():
        raise BadOption(f"--reading: unknown reading {reading!r} (one of {', '.join(questions.readings())})")


def solve_results(scn: Scenario, draft_ids: list[str], *, assume: dict[str, bool] | None = None,
                  reading: str | None = None, max_outcomes: int = 256,
                  into: list[solving.DraftResult] | None = None) -> list[solving.DraftResult]:
    """One result per draft, appended to `into` (when given) as each is finished."""
    check_reading(reading)
    out = [] if into is None else into
    base = facts.build(scn)
    for d in draft_ids:
        pins = questions.pins_for(d, scn.assume, reading, assume or {})
        out.append(solving.solve(d, facts.with_pins(base, pins), pins, max_outcomes=max_outcomes))
    return out


def solve(scenario: ScenarioLike, drafts: str | Sequence[str] = "all", *,
          assume: Mapping[str, bool] | None = None, reading: str | None = None,
          max_outcomes: int = 256, limits: Bounds | None = None) -> Result:
    """Every consistent outcome of `scenario` under each draft: the `solve --format json`
    document (docs/outputs.md), as a dict that also shows itself as tables. Under
    `limits` (time and memory, docs/bounds.md), a reached bound raises BoundReached
    carrying the drafts finished so far as its `partial` document (`"complete": false`)."""
    with as_errors():
        scn = load(scenario)
        ids = _draft_ids(drafts)
        pins = _assume(assume)
        done: list[solving.DraftResult] = []
        try:
            with enforce(limits) if limits is not None else nullcontext():
                solve_results(scn, ids, assume=pins, reading=reading, max_outcomes=max_outcomes, into=done)
        except BoundReached as e:
            e.partial = incomplete(solve_json(scn.name, done), e.reason)
            raise
        return Result(solve_json(scn.name, done))


@dataclass(frozen=True)
class Request:
    """A command's scenario and options, checked: options first, then the file."""

    scenario: Scenario
    drafts: list[str]
    assume: dict[str, bool]
    reading: str | None


def request(path: str, draft_spec: str, assume_items: list[str] | None, reading: str | None, *,
            sets: list[str] | None = None, as_of: str | None = None) -> Request:
    """`sets`: `--set PATH=VALUE` items, applied to the file's document before validation.
    `as_of` (--as-of) wins over the scenario's `as_of:`; `--draft in-force` resolves from
    whichever is given."""
    if as_of is not None:
        as_of = check_as_of(as_of)
    early = draft_spec.strip() != draftmod.IN_FORCE or as_of is not None
    ids = draftmod.resolve(draft_spec, as_of=as_of) if early else []
    pins = parse_assume(assume_items)
    check_reading(reading)
    scn = _load_file(path, sets, as_of)
    if not early:
        ids = draftmod.resolve(draft_spec, as_of=scn.as_of)
    import sys

    for line in notes(ids, pins, reading, every=draft_spec.strip() == "all"):
        sys.stderr.write(f"aiact-foss: {line}\n")
    return Request(scn, ids, pins, reading)


def check_as_of(value: str) -> str:
    from aiact_foss.language.scenario import check_date

    try:
        return check_date(value)
    except ValueError as e:
        raise BadOption(f"--as-of: {e}") from None


def _load_file(path: str, sets: list[str] | None = None, as_of: str | None = None) -> Scenario:
    """The scenario of file `path` (`-`: standard input), with `--set` items applied and
    asked as of `as_of` (a checked date) when given."""
    from aiact_foss.language.loading import load_document

    return _validated(load_document(path), sets, as_of)


def load_bytes(raw: bytes, source: str, sets: list[str] | None = None, as_of: str | None = None) -> Scenario:
    """The scenario of a file's bytes (JSON if `source` ends with .json, else YAML),
    named `source` in errors, with `--set` items applied and asked as of `as_of` (a
    checked date) when given."""
    from aiact_foss.language.loading import parse_document

    return _validated(parse_document(raw, source, as_json=source.endswith(".json")), sets, as_of)


def _validated(doc: Any, sets: list[str] | None, as_of: str | None = None) -> Scenario:
    from aiact_foss.language import overrides
    from aiact_foss.language.loading import InputError
    from aiact_foss.language.validate import from_document

    doc, changed = overrides.apply(doc, list(sets or []))
    try:
        return from_document(doc, as_of)
    except InputError as e:
        raise overrides.blame(e, changed) from None


# --------------------------------------------------------------------------- the public API

ScenarioLike = Union[str, "os.PathLike[str]", Mapping[str, Any], Scenario]


def load(scenario: ScenarioLike, sets: list[str] | None = None) -> Scenario:
    """A valid Scenario from a file path (YAML or JSON; "-" for stdin), a dict in the
    scenario language, or a Scenario (returned as is); `sets` are `--set PATH=VALUE` items
    applied before validation (not to a Scenario)."""
    from aiact_foss.language.loading import Document, load_document

    with as_errors():
        if isinstance(scenario, Scenario) and not sets:
            return scenario
        if isinstance(scenario, Scenario):
            return _validated(Document(source="<scenario>", data=scenario.model_dump(mode="json"), lines={}), sets)
        if isinstance(scenario, Mapping):
            return _validated(Document(source="<dict>", data=dict(scenario), lines={}), sets)
        if isinstance(scenario, (str, os.PathLike)):
            return _validated(load_document(os.fspath(scenario)), sets)
        raise BadInput(f"a scenario is a path, a dict or a Scenario, not {type(scenario).__name__}")


def _draft_ids(spec: str | Sequence[str]) -> list[str]:
    return draftmod.resolve(spec if isinstance(spec, str) else ",".join(spec))


def _assume(assume: Mapping[str, bool] | None) -> dict[str, bool]:
    out: dict[str, bool] = {}
    for q, v in (assume or {}).items():
        if q not in questions.questions():
            raise BadOption(f"--assume: unknown open question {q!r}")
        if not isinstance(v, bool):
            raise BadOption(f"--assume takes question=true|false, got {q}={v!r}")
        out[q] = v
    return out


def _text_of(render: Any) -> str:
    from rich.console import Console

    buf = io.StringIO()
    render(Console(file=buf, width=100, color_system=None, soft_wrap=False))
    return buf.getvalue()


class Result(dict[str, Any]):
    """The result of `solve`: the JSON contract as a dict; shows as tables in the REPL and
    in Jupyter."""

    def __repr__(self) -> str:
        from aiact_foss.engine.results import render_text

        text = _text_of(lambda console: render_text(self, console))
        return "\n".join(line.rstrip() for line in text.splitlines())

    def _repr_html_(self) -> str:
        from aiact_foss.engine.results import _fmt, describe_alternative

        e = html.escape
        parts = [f"<p><b>{e(self['scenario'])}</b></p>"]
        for r in self["results"]:
            parts.append(f"<table><caption style='text-align:left'>{e(r['draft'])}: {e(r['status'])}</caption>"
                         "<tr><th>outcome</th><th>conclusions</th><th>when</th></tr>")
            for k, o in enumerate(r["outcomes"], 1):
                alts = o.get("because") or [{"questions": o.get("questions", {}), "unknowns": o.get("unknowns", [])}]
                when = " <i>or</i> ".join(e(describe_alternative(a)).replace("\n", ", ") for a in alts)
                concl = "<br>".join(e(_fmt(c)) for c in o["conclusions"]) or "(none)"
                parts.append(f"<tr><td>{k}</td><td style='text-align:left'>{concl}</td><td>{when}</td></tr>")
            if r["status"] == "inconsistent":
                conflict = ", ".join(f"{c['path']}={c['value']}" for c in r["conflict"])
                parts.append(f"<tr><td>-</td><td>the facts contradict each other</td><td>{e(conflict)}</td></tr>")
            parts.append("</table>")
        return "\n".join(parts)


@dataclass(frozen=True)
class Explanation:
    """The explanation graph of one conclusion (`explain`); `render(fmt)` gives any of the
    command's formats (text, json, dot, graphml, mermaid, html)."""

    graph: Any

    def render(self, fmt: str = "text") -> str:
        import importlib

        formats = ("text", "json", "dot", "graphml", "mermaid", "html")
        if fmt not in formats:
            raise BadInput(f"--format: unknown format {fmt!r} (one of {', '.join(formats)})")
        module = {"json": "json_export"}.get(fmt, fmt)
        return str(importlib.import_module(f"aiact_foss.explain.{module}").render(self.graph))

    def json(self) -> dict[str, Any]:
        """The `explain --format json` document."""
        import json

        doc: dict[str, Any] = json.loads(self.render("json"))
        return doc

    def __repr__(self) -> str:
        return self.render("text").rstrip("\n")

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(self.render('text'))}</pre>"


def explanation(scenario: ScenarioLike, draft: str, conclusion: str | None = None, *, why_not: bool = False,
            outcome: int | None = None, assume: Mapping[str, bool] | None = None,
            reading: str | None = None) -> Explanation:
    """Why `conclusion` (written as on the command line, e.g. "exempt(pythia-12b)") holds
    in one outcome of `draft`, or with why_not=True why it does not; conclusion None
    explains every conclusion of the outcome. (The command is `explain`; the function is
    named for what it returns, since `aiact_foss.explain` is the package that draws it.)"""
    from aiact_foss import explain as ex
    from aiact_foss.engine import conclusions

    with as_errors():
        ids = draftmod.resolve(draft)
        if len(ids) != 1 or "," in draft or draft.strip() == "all":
            raise BadInput("--draft: explain needs exactly one draft")
        if conclusion is None and why_not:
            raise BadInput("--why-not needs --conclusion: --all explains what holds")
        c = conclusions.parse(conclusion) if conclusion is not None else None
        pins = _assume(assume)
        check_reading(reading)
        session = ex.session(load(scenario), ids[0], assume=pins, reading=reading)
        ex.check_outcome(session, outcome)
        try:
            return Explanation(ex.explain(session, c, why_not=why_not, outcome=outcome))
        except ex.NotExplainable as e:
            raise NotShown(str(e)) from None


class Diff(dict[str, Any]):
    """The result of `diff`: the `diff --format json` document; shows as text."""

    def __repr__(self) -> str:
        from aiact_foss.engine import diffing

        return diffing.render_text(self).rstrip("\n")

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(repr(self))}</pre>"


def diff(scenario: ScenarioLike, drafts: str | Sequence[str] = "all", *,
         assume: Mapping[str, bool] | None = None, reading: str | None = None) -> Diff:
    """Where the drafts differ on `scenario`, pair by pair, and the provisions responsible."""
    from aiact_foss.engine import diffing

    with as_errors():
        scn = load(scenario)
        ids = _draft_ids(drafts)
        pins = _assume(assume)
        check_reading(reading)
        return Diff(diffing.diff(scn, ids, assume=pins, reading=reading))


@dataclass(frozen=True)
class CheckReport:
    """What `check` found: per file, its failed expectations (and, with keep_going, its
    bad input)."""

    files: list[Any] = field(default_factory=list)  # testing.checking.FileReport

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.files)

    @property
    def failures(self) -> list[str]:
        return [f"{f.path}: {line}" for f in self.files for line in f.failures]

    def __repr__(self) -> str:
        bad = sum(1 for f in self.files if f.error)
        return (f"CheckReport({len(self.files)} files, {len(self.failures)} failed expectations, "
                f"{bad} bad files)")


def check(*paths: str | os.PathLike[str], keep_going: bool = False) -> CheckReport:
    """Check the `expect:` blocks of scenario files (folders searched recursively).

    A bad file raises BadInput with the command line's message, as every other function
    does. With keep_going (a casebook runner's choice, and what the `check` command does)
    a bad file is kept in the report instead, as its `error`, and the others are checked."""
    from aiact_foss.testing.checking import check_file, find_files

    with as_errors():
        reports = []
        for f in find_files([os.fspath(p) for p in paths]):
            one = check_file(f)
            if one.error is not None and not keep_going:
                raise BadInput(one.error)
            reports.append(one)
        return CheckReport(reports)


def report(scenario: ScenarioLike, drafts: str | Sequence[str] = "all", *,
           assume: Mapping[str, bool] | None = None, reading: str | None = None) -> str:
    """The self-contained HTML report of `scenario` under the drafts (`report --out`)."""
    from aiact_foss.explain.report import build

    with as_errors():
        scn = load(scenario)
        ids = _draft_ids(drafts)
        pins = _assume(assume)
        check_reading(reading)
        return str(build(scn, ids, assume=pins, reading=reading))


__all__ = ["CheckReport", "Diff", "Error", "Explanation", "Result", "Scenario", "check", "diff",
           "explanation", "load", "report", "solve"]
