"""`diff SCENARIO --drafts A,B[,C...] [--format text|json]` (outputs.md)."""

from __future__ import annotations

from typing import List, Optional

import typer

from aiact_foss.cli.application import MEMORY_HELP, TIMEOUT_HELP


def register(app: typer.Typer) -> None:
    app.command(name="diff")(diff)


def diff(
    scenario: str = typer.Argument(..., help="scenario file (YAML or JSON), or - for stdin"),
    draft: str = typer.Option("all", "--drafts", "--draft", help="two or more draft ids (comma list), or all"),
    assume: Optional[List[str]] = typer.Option(None, "--assume", help="pin an open question: id=true|false"),
    reading: Optional[str] = typer.Option(None, "--reading", help="pin the questions of a named reading"),
    fmt: str = typer.Option("text", "--format", help="text or json"),
    timeout: Optional[float] = typer.Option(None, "--timeout", help=TIMEOUT_HELP),
    max_memory: Optional[int] = typer.Option(None, "--max-memory", help=MEMORY_HELP),
) -> None:
    """Where drafts differ on SCENARIO, pair by pair, and the provisions responsible."""
    from aiact_foss.cli.application import bounds, check_format, emit, guard
    from aiact_foss.engine.bounds import BoundReached

    check_format(fmt, ("text", "json"))
    limits = bounds(timeout, max_memory)

    def run():
        from aiact_foss import api
        from aiact_foss.engine import diffing

        req = api.request(scenario, draft, assume, reading)
        return diffing.diff(req.scenario, req.drafts, assume=req.assume, reading=req.reading)

    from aiact_foss.engine import diffing
    from aiact_foss.engine.results import dumps

    try:
        doc = guard(run, limits)
    except BoundReached as e:
        if e.partial is not None and fmt == "json":
            emit(dumps(e.partial))
        raise
    emit(dumps(doc) if fmt == "json" else diffing.render_text(doc))
