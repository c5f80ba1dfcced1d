"""`report SCENARIO --out report.html [--draft D]`: one offline page with the scenario's
facts, the drafts x conclusions matrix, what splits outcomes, and each conclusion's
explanation graph."""

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
    app.command(name="report")(report)


def report(
    scenario: str = typer.Argument(..., help="scenario file (YAML or JSON), or - for stdin"),
    out: str = typer.Option(..., "--out", help="the HTML file to write (whole, or not at all), or - for stdout"),
    draft: str = typer.Option("all", "--draft", "--drafts", help="one draft id, a comma list, or all"),
    assume: Optional[List[str]] = typer.Option(None, "--assume", help="pin an open question: id=true|false"),
    reading: Optional[str] = typer.Option(None, "--reading", help="pin the questions of a named reading"),
    sets: Optional[List[str]] = typer.Option(None, "--set", help=SET_HELP),
    conclusion: Optional[List[str]] = typer.Option(None, "--conclusion", help=CONCLUSION_HELP),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="the date to ask on, YYYY-MM-DD (wins over the scenario's as_of)"),
    timeout: Optional[float] = typer.Option(None, "--timeout", help=TIMEOUT_HELP),
    max_memory: Optional[int] = typer.Option(None, "--max-memory", help=MEMORY_HELP),
) -> None:
    """Write a self-contained HTML report of SCENARIO under the drafts."""
    from aiact_foss.cli.application import bounds, guard

    limits = bounds(timeout, max_memory)

    def run() -> Any:
        from aiact_foss import api
        from aiact_foss.engine import selection
        from aiact_foss.explain.report import build

        pats = selection.patterns(conclusion)
        req = api.request(scenario, draft, assume, reading, sets=sets, as_of=as_of)
        return build(req.scenario, req.drafts, assume=req.assume, reading=req.reading, only=pats or None)

    text = guard(run, limits)
    from aiact_foss.outfiles import write_atomic

    write_atomic(out, text)
