"""What the workbench's endpoints compute, with nothing of HTTP: a request's fields to
the same document bytes the command line prints, or the one-line error it would give."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


class Refused(Exception):
    """Bad input: the one-line message, as the command line prints it after `aiact-foss: `."""


@dataclass
class Query:
    """The fields every endpoint shares (the command line's options)."""

    scenario: str
    filename: str = "scenario.yaml"
    drafts: str = "all"
    assume: list[str] = field(default_factory=list)
    reading: str | None = None
    set: list[str] = field(default_factory=list)
    conclusion: list[str] = field(default_factory=list)
    as_of: str | None = None
    max_outcomes: int = 256


@dataclass
class ExplainQuery(Query):
    drafts: str = ""
    explain: str | None = None  # the conclusion to explain; None with every_conclusion
    every_conclusion: bool = False
    why_not: bool = False
    outcome: int | None = None
    alternative: int | None = None


def _guarded(fn: Callable[[], T]) -> T:
    from aiact_foss.api import BadOption
    from aiact_foss.engine.conclusions import ConclusionSyntaxError
    from aiact_foss.errors import BadInput
    from aiact_foss.language.loading import InputError
    from aiact_foss.law.drafts import UnknownDraft

    try:
        return fn()
    except (InputError, UnknownDraft, BadOption, BadInput) as e:
        raise Refused(str(e)) from None
    except ConclusionSyntaxError as e:
        raise Refused(f"conclusion: {e}") from None


def _request(q: Query) -> Any:
    from aiact_foss import api
    from aiact_foss.law import drafts

    # as_of as --as-of: it wins over the scenario's own, and `in-force` resolves from either
    as_of = api.check_as_of(q.as_of) if q.as_of is not None else None
    if q.drafts.strip() != drafts.IN_FORCE or as_of is not None:
        drafts.resolve(q.drafts, as_of=as_of)  # a bad draft id is refused before the scenario is read
    pins = api.parse_assume(q.assume)
    api.check_reading(q.reading)
    scn = api.load_bytes(q.scenario.encode("utf-8"), q.filename or "scenario.yaml", q.set, as_of)
    return api.Request(scn, drafts.resolve(q.drafts, as_of=scn.as_of), pins, q.reading)


def solve(q: Query) -> str:
    """The bytes of `solve --format json` (with its trailing newline)."""
    def run() -> str:
        from aiact_foss import api
        from aiact_foss.engine import selection
        from aiact_foss.engine.results import dumps

        pats = selection.patterns(q.conclusion)
        req = _request(q)
        doc = api.solve(req.scenario, ",".join(req.drafts), assume=req.assume, reading=req.reading,
                        max_outcomes=q.max_outcomes)
        return dumps(selection.select_solve(doc, pats)) + "\n"

    return _guarded(run)


def diff(q: Query) -> str:
    """The bytes of `diff --format json`."""
    def run() -> str:
        from aiact_foss.engine import diffing, selection
        from aiact_foss.engine.results import dumps

        pats = selection.patterns(q.conclusion)
        req = _request(q)
        doc = diffing.diff(req.scenario, req.drafts, assume=req.assume, reading=req.reading)
        return dumps(selection.select_diff(doc, pats)) + "\n"

    return _guarded(run)


def explain(q: ExplainQuery) -> tuple[int, str]:
    """(200, the bytes of `explain --format json`) or (404, why it cannot be explained:
    the command's exit 1)."""
    def run() -> tuple[int, str]:
        from aiact_foss import explain as ex
        from aiact_foss.engine import conclusions
        from aiact_foss.explain import json_export

        if (q.explain is None) == (not q.every_conclusion):
            raise Refused("give exactly one of explain (a conclusion) and every_conclusion")
        if q.every_conclusion and q.why_not:
            raise Refused("why_not needs a conclusion: every_conclusion explains what holds")
        if not q.drafts or "," in q.drafts or q.drafts.strip() == "all":
            raise Refused("drafts: explain needs exactly one draft")
        c = conclusions.parse(q.explain) if q.explain is not None else None
        req = _request(q)
        s = ex.session(req.scenario, req.drafts[0], assume=req.assume, reading=req.reading)
        ex.check_outcome(s, q.outcome, q.alternative)
        try:
            g = ex.explain(s, c, why_not=q.why_not, outcome=q.outcome, alternative=q.alternative)
        except ex.NotExplainable as e:
            return 404, str(e)
        return 200, json_export.render(g) + "\n"

    return _guarded(run)


def describe() -> dict[str, Any]:
    """What the page offers: drafts, open questions, readings."""
    from aiact_foss.law import drafts, questions

    return {
        "drafts": [{"id": d, "title": drafts.draft(d).title, "date": drafts.draft(d).date} for d in drafts.available()],
        "questions": [{"id": q.id, "question": q.question, "drafts": list(q.drafts)} for q in questions.questions().values()],
        "readings": [{"id": r.id, "drafts": list(r.drafts)} for r in questions.readings().values()],
    }
