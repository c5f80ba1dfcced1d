"""`aiact-foss explore`: let the solver choose the scenario and find every class of
disagreement between two drafts, or of violations of a property, within a bound
(outputs.md, "explore"; docs/exploration.md)."""

from __future__ import annotations

import sys
from typing import Any, Optional

import typer

from aiact_foss.cli.application import MEMORY_HELP


def register(app: typer.Typer) -> None:
    @app.command()
    def explore(
        drafts: Optional[str] = typer.Option(None, "--drafts", "--draft", help="the two drafts to compare: A,B"),
        conclusion: Optional[str] = typer.Option(None, "--conclusion", help="only disagreements on conclusions matching PATTERN"),
        prop: Optional[str] = typer.Option(None, "--property", help="search for violations of a property instead"),
        max_components: int = typer.Option(2, "--max-components", min=1, help="at most K components and K actors"),
        out: Optional[str] = typer.Option(None, "--out", help="write witness-001.yaml, ... into DIR (new or empty)"),
        force: bool = typer.Option(False, "--force", help="with --out: write into a folder that is not empty"),
        timeout: Optional[float] = typer.Option(None, "--timeout", help="stop after SEC seconds (default 600): the classes found so far, exit 3"),
        max_memory: Optional[int] = typer.Option(None, "--max-memory", help=MEMORY_HELP),
        as_of: Optional[str] = typer.Option(None, "--as-of", help="ask every scenario on this date, YYYY-MM-DD, and vary the fields read only with one"),
        fmt: str = typer.Option("text", "--format", help="text or json"),
    ) -> None:
        """Search the bounded scenario space for every class of disagreement between two drafts."""
        from aiact_foss.cli.application import bounds, check_format, emit, guard
        from aiact_foss.engine.bounds import BoundReached, Bounds, enforce
        from aiact_foss.errors import BadInput

        check_format(fmt, ("text", "json"))
        limits = bounds(timeout, max_memory)
        when = None
        if as_of is not None:  # explore reads no scenario file: the option is the only date
            from aiact_foss import api

            date = as_of
            when = guard(lambda: api.check_as_of(date))

        def goal() -> Any:
            from aiact_foss.engine import conclusions
            from aiact_foss.explore.search import Goal
            from aiact_foss.law import drafts as registry
            from aiact_foss.testing import properties

            ids = registry.resolve(drafts) if drafts else []
            if prop is None:
                if len(ids) != 2:
                    raise BadInput("--drafts: explore compares exactly two drafts (--drafts A,B)")
                pattern = conclusions.parse(conclusion, pattern=True) if conclusion else None
                return Goal(tuple(ids), pattern=pattern)
            if conclusion:
                raise BadInput("--conclusion and --property do not combine: write the conclusion into the property")
            try:
                p = properties.load(prop)
            except properties.BadProperty as e:
                raise BadInput(str(e)) from None
            wanted = set(ids) | set(p.drafts)
            return Goal(tuple(d for d in registry.available() if d in wanted), prop=p)

        g = guard(goal)
        target = None
        if out is not None:
            from aiact_foss.outfiles import OutputError, is_stdout, prepare_folder

            if is_stdout(out):
                raise BadInput("--out: explore writes one witness file per class into a folder; give a folder")
            try:
                target = prepare_folder(out, force=force)
            except OutputError as e:
                raise BadInput(str(e)) from None
        from aiact_foss.explore import explore as run
        from aiact_foss.explore import report
        from aiact_foss.terminal import safe, safe_lines

        tty = sys.stderr.isatty()

        def log(message: str) -> None:
            sys.stderr.write(safe(message) + "\n")

        # the search keeps its own time (checked between solves); the bound's watchdog,
        # a little later, covers memory and a solve that overruns
        with enforce(Bounds(limits.timeout * 1.05 + 1, limits.memory_mb)):
            result = run(g, k=max_components, timeout=limits.timeout,
                         log=log if tty else None, as_of=when)
        if target is not None:
            report.write_witnesses(result, result.oracle, target)
        if fmt == "json":
            from aiact_foss.engine.results import dumps

            emit(dumps(report.to_json(result, conclusion, prop)))
        else:
            sys.stdout.write(safe_lines(report.render_text(result, conclusion, prop)))
        if not result.complete:
            raise BoundReached(result.end)
        sys.stderr.write(safe(result.end) + "\n")
        if prop is not None and result.classes:
            raise typer.Exit(1)
