"""`diff SCENARIO --drafts A,B[,C...] [--format text|json]` (outputs.md)."""

from __future__ import annotations

from typing import List, Optional

import typer


def register(app: typer.Typer) -> None:
    app.command(name="diff")(diff)


def diff(
    scenario: str = typer.Argument(..., help="scenario file (YAML or JSON), or - for stdin"),
    draft: str = typer.Option("all", "--drafts", "--draft", help="two or more draft ids (comma list), or all"),
    assume: Optional[List[str]] = typer.Option(None, "--assume", help="pin an open question: id=true|false"),
    reading: Optional[str] = typer.Option(None, "--reading", help="pin the questions of a named reading"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="the date to ask on, YYYY-MM-DD (wins over the scenario's as_of)"),
    fmt: str = typer.Option("text", "--format", help="text or json"),
) -> None:
    """Where drafts differ on SCENARIO, pair by pair, and the provisions responsible."""
    from aiact_foss.cli.application import check_format, emit, guard

    check_format(fmt, ("text", "json"))

    def run():
        from aiact_foss import api
        from aiact_foss.engine import diffing

        req = api.request(scenario, draft, assume, reading, as_of)
        return diffing.diff(req.scenario, req.drafts, assume=req.assume, reading=req.reading)

    doc = guard(run)
    from aiact_foss.engine import diffing
    from aiact_foss.engine.results import dumps

    emit(dumps(doc) if fmt == "json" else diffing.render_text(doc))
