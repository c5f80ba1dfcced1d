"""`explain SCENARIO --draft D (--conclusion C | --all) [--why-not] [--outcome N]
[--format text|json|dot|graphml|mermaid|html]` (outputs.md)."""

from __future__ import annotations

import sys
from typing import Any, List, Optional

import typer

from aiact_foss.cli.application import MEMORY_HELP, SET_HELP, TIMEOUT_HELP

FORMATS = ("text", "json", "dot", "graphml", "mermaid", "html")


def register(app: typer.Typer) -> None:
    app.command(name="explain")(explain)


def explain(
    scenario: str = typer.Argument(..., help="scenario file (YAML or JSON), or - for stdin"),
    draft: str = typer.Option(..., "--draft", "--drafts", help="exactly one draft id"),
    conclusion: Optional[str] = typer.Option(None, "--conclusion", help="the conclusion to explain, e.g. exempt(pythia-12b)"),
    every: bool = typer.Option(False, "--all", help="explain every conclusion of the outcome"),
    why_not: bool = typer.Option(False, "--why-not", help="explain why the conclusion does not hold"),
    outcome: Optional[int] = typer.Option(None, "--outcome", help="the outcome to draw (from 1, in solve's order)"),
    alternative: Optional[int] = typer.Option(None, "--alternative", help="with --outcome: the answers (and completions) leading to it to draw under (from 1, in solve's order)"),
    assume: Optional[List[str]] = typer.Option(None, "--assume", help="pin an open question: id=true|false"),
    reading: Optional[str] = typer.Option(None, "--reading", help="pin the questions of a named reading"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="the date to ask on, YYYY-MM-DD (wins over the scenario's as_of)"),
    fmt: str = typer.Option("text", "--format", help="text, json, dot, graphml, mermaid or html"),
    brief: bool = typer.Option(False, "--brief", help="text: leave out the quoted words of the provisions"),
    sets: Optional[List[str]] = typer.Option(None, "--set", help=SET_HELP),
    timeout: Optional[float] = typer.Option(None, "--timeout", help=TIMEOUT_HELP),
    max_memory: Optional[int] = typer.Option(None, "--max-memory", help=MEMORY_HELP),
    out: str = typer.Option("-", "--out", help="the file to write (whole, or not at all), or - for stdout"),
) -> None:
    """Why a conclusion holds in one outcome of a draft (or, with --why-not, why not)."""
    from aiact_foss.cli.application import bounds, check_format, emit, guard
    from aiact_foss.errors import BadInput

    check_format(fmt, FORMATS)
    limits = bounds(timeout, max_memory)
    if (conclusion is None) == (not every):
        raise BadInput("give exactly one of --conclusion C and --all")
    if every and why_not:
        raise BadInput("--why-not needs --conclusion: --all explains what holds")

    def run() -> Any:
        from aiact_foss import api
        from aiact_foss import explain as ex
        from aiact_foss.engine import conclusions
        from aiact_foss.law import drafts

        if "," in draft or draft.strip() == "all":
            raise BadInput("--draft: explain needs exactly one draft")
        if draft.strip() != drafts.IN_FORCE:
            drafts.resolve(draft)
        c = conclusions.parse(conclusion) if conclusion is not None else None
        req = api.request(scenario, draft, assume, reading, sets=sets, as_of=as_of)
        api.check_conclusions([c] if c is not None else [], req.scenario)
        ids = req.drafts
        session = ex.session(req.scenario, ids[0], assume=req.assume, reading=req.reading)
        ex.check_outcome(session, outcome, alternative)
        try:
            return ex.explain(session, c, why_not=why_not, outcome=outcome, alternative=alternative)
        except ex.NotExplainable as e:
            return e

    graph = guard(run, limits)
    from aiact_foss.explain import NotExplainable

    if isinstance(graph, NotExplainable):
        from aiact_foss.terminal import safe

        sys.stderr.write(f"aiact-foss: {safe(graph)}\n")
        raise typer.Exit(1)
    text = render(graph, fmt, brief=brief)
    if out == "-":
        emit(text)
    else:
        from aiact_foss.outfiles import write_atomic

        write_atomic(out, text if text.endswith("\n") else text + "\n")


def render(graph: Any, fmt: str, *, brief: bool = False) -> str:
    import importlib

    if fmt == "text":
        from aiact_foss.explain import text

        return text.render(graph, brief=brief)
    module = {"json": "json_export"}.get(fmt, fmt)
    out: str = importlib.import_module(f"aiact_foss.explain.{module}").render(graph)  # every renderer gives str
    return out
