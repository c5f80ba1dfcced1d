"""`diff SCENARIO --drafts A,B[,C...] [--format text|json]` (outputs.md)."""

from __future__ import annotations

from typing import Any, List, Optional

import typer

from aiact_foss.cli.application import (
    CONCLUSION_HELP,
    MEMORY_HELP,
    SET_HELP,
    TIMEOUT_HELP,
)


def register(app: typer.Typer) -> None:
    app.command(name="diff")(diff)


def diff(
    scenario: str = typer.Argument(..., help="scenario file (YAML or JSON), or - for stdin"),
    draft: str = typer.Option("all", "--drafts", "--draft", help="two or more draft ids (comma list), or all"),
    assume: Optional[List[str]] = typer.Option(None, "--assume", help="pin an open question: id=true|false"),
    reading: Optional[str] = typer.Option(None, "--reading", help="pin the questions of a named reading"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="the date to ask on, YYYY-MM-DD (wins over the scenario's as_of)"),
    fmt: str = typer.Option("text", "--format", help="text or json"),
    sets: Optional[List[str]] = typer.Option(None, "--set", help=SET_HELP),
    conclusion: Optional[List[str]] = typer.Option(None, "--conclusion", help=CONCLUSION_HELP),
    detail: bool = typer.Option(False, "--detail", help="text: every difference with its provisions, one by one"),
    timeout: Optional[float] = typer.Option(None, "--timeout", help=TIMEOUT_HELP),
    max_memory: Optional[int] = typer.Option(None, "--max-memory", help=MEMORY_HELP),
) -> None:
    """Where drafts differ on SCENARIO, pair by pair, and the provisions responsible."""
    from aiact_foss.cli.application import bounds, check_format, emit, guard
    from aiact_foss.engine.bounds import BoundReached

    check_format(fmt, ("text", "json"))
    limits = bounds(timeout, max_memory)

    def run() -> Any:
        from aiact_foss import api
        from aiact_foss.engine import diffing, selection

        pats = selection.patterns(conclusion)
        req = api.request(scenario, draft, assume, reading, sets=sets, as_of=as_of)
        api.check_conclusions(pats, req.scenario)
        doc = diffing.diff(req.scenario, req.drafts, assume=req.assume, reading=req.reading)
        return selection.select_diff(doc, pats)

    from aiact_foss.engine import diffing
    from aiact_foss.engine.results import dumps

    try:
        doc = guard(run, limits)
    except BoundReached as e:
        if fmt == "json":  # stopped before any pair was compared: nothing but the mark
            emit(dumps(e.partial or {"pairs": [], "complete": False, "reason": e.reason}))
        raise
    emit(dumps(doc) if fmt == "json" else diffing.render_text(doc, detail=detail))
