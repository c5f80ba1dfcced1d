"""`aiact-foss batch`: many scenarios, one JSON line each (outputs.md, `batch`)."""

from __future__ import annotations

import sys
from typing import Any, List, Optional

import typer

from aiact_foss.cli.application import SET_HELP

EXECUTORS = ("local", "dask")


def register(app: typer.Typer) -> None:
    app.command(name="batch")(batch)


def batch(
    input: str = typer.Argument(..., help="JSON Lines: one JSON scenario per line, or - for stdin"),  # noqa: A002
    draft: str = typer.Option("all", "--draft", "--drafts", help="one draft id, a comma list, or all"),
    assume: Optional[List[str]] = typer.Option(None, "--assume", help="pin an open question: id=true|false (repeatable, or a comma list)"),
    reading: Optional[str] = typer.Option(None, "--reading", help="pin the questions of a named reading"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="the date to ask on, YYYY-MM-DD (wins over each line's as_of)"),
    workers: int = typer.Option(1, "--workers", min=1, help="processes solving in parallel (same output for any N)"),
    out: str = typer.Option("-", "--out", help="output file, or - for stdout"),
    executor: str = typer.Option("local", "--executor", help="local (processes on this machine) or dask (a Dask cluster)"),
    sets: Optional[List[str]] = typer.Option(None, "--set", help=SET_HELP + "; applied to every line"),
    timeout: Optional[float] = typer.Option(None, "--timeout", help="stop the run after SEC seconds (lines answered so far kept) and exit 3 (default 600)"),
    max_memory: Optional[int] = typer.Option(None, "--max-memory", help="stop past MB megabytes in the main process, exit 3 (default 4096)"),
) -> None:
    """Solve one JSON scenario per input line; one JSON result (or error) per line, in order."""
    from aiact_foss.cli.application import bounds, guard
    from aiact_foss.errors import BadInput

    limits = bounds(timeout, max_memory)

    if executor not in EXECUTORS:
        raise BadInput(f"--executor: unknown executor {executor!r} (one of {', '.join(EXECUTORS)})")

    def setup() -> Any:
        from aiact_foss import api
        from aiact_foss.batch import open_input
        from aiact_foss.engine.batch_solve import parse_options
        from aiact_foss.law import drafts

        when = api.check_as_of(as_of) if as_of is not None else None
        ids = drafts.resolve(draft, as_of=when)
        pins = api.parse_assume(assume)
        api.check_reading(reading)
        if executor == "dask":
            from aiact_foss.batch.dask_cluster import check_available

            check_available()
        return parse_options(ids, pins, reading, sets, when), open_input(input)

    opts, stream = guard(setup)
    sink = _open_output(out, BadInput)
    from aiact_foss.batch import run
    from aiact_foss.engine.bounds import enforce

    try:
        with enforce(limits):
            summary = run(stream, sink, opts, workers=workers, executor=executor)
    finally:
        if sink is not sys.stdout.buffer:
            sink.close()
        if stream is not sys.stdin.buffer:
            stream.close()
    if summary.bad:
        raise typer.Exit(2)


def _open_output(path: str, error: Any) -> Any:
    if path == "-":
        return sys.stdout.buffer
    try:
        return open(path, "wb")  # noqa: SIM115 - closed by batch()
    except OSError as e:
        raise error(f"--out: cannot write {path}: {e.strerror or e}") from None
