"""`aiact-foss batch`: many scenarios, one JSON line each (outputs.md, `batch`)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, BinaryIO, List, NoReturn, Optional

import typer

from aiact_foss.cli.application import SET_HELP

if TYPE_CHECKING:
    from aiact_foss.batch.runner import Interrupted, Summary
    from aiact_foss.engine.batch_solve import Options

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
    out: str = typer.Option("-", "--out", help="output file (written as FILE.part, renamed when done), or - for stdout"),
    executor: str = typer.Option("local", "--executor", help="local (processes on this machine) or dask (a Dask cluster)"),
    sets: Optional[List[str]] = typer.Option(None, "--set", help=SET_HELP + "; applied to every line"),
    timeout: Optional[float] = typer.Option(None, "--timeout", help="stop the run after SEC seconds (lines answered so far kept) and exit 3 (default 600)"),
    max_memory: Optional[int] = typer.Option(None, "--max-memory", help="stop past MB megabytes in the main process, exit 3 (default 4096)"),
    resume: bool = typer.Option(False, "--resume", help="continue an interrupted run from the complete lines of --out FILE"),
) -> None:
    """Solve one JSON scenario per input line; one JSON result (or error) per line, in order."""
    from aiact_foss.cli.application import bounds, guard
    from aiact_foss.errors import BadInput
    from aiact_foss.outfiles import is_stdout, same_file

    limits = bounds(timeout, max_memory)

    if executor not in EXECUTORS:
        raise BadInput(f"--executor: unknown executor {executor!r} (one of {', '.join(EXECUTORS)})")
    if resume and is_stdout(out):
        raise BadInput("--resume needs --out FILE: it continues the lines already in that file")
    if not is_stdout(out) and input != "-" and (same_file(input, out) or same_file(input, out + ".part")):
        raise BadInput(f"--out: {out} is the input; write the results to another file")

    def setup() -> tuple[Options, BinaryIO]:
        from aiact_foss import api
        from aiact_foss.batch import open_input
        from aiact_foss.engine.batch_solve import parse_options
        from aiact_foss.law import drafts

        when = api.check_as_of(as_of) if as_of is not None else None
        ids = drafts.resolve(draft, as_of=when)
        pins = api.parse_assume(assume)
        api.check_reading(reading)
        for line in api.notes(ids, pins, reading, every=draft.strip() == "all"):
            sys.stderr.write(f"aiact-foss: {line}\n")
        if executor == "dask":
            from aiact_foss.batch.dask_cluster import check_available

            check_available()
        return parse_options(ids, pins, reading, sets, when), open_input(input)

    opts, stream = guard(setup)
    from aiact_foss.engine.bounds import enforce

    try:
        with enforce(limits):
            summary = _run(stream, out, opts, workers, executor, resume)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    if summary.bad:
        raise typer.Exit(2)


def _run(stream: BinaryIO, out: str, opts: Options, workers: int, executor: str, resume: bool) -> Summary:
    from aiact_foss.batch.runner import Interrupted, resumed_from, run
    from aiact_foss.cli.application import guard
    from aiact_foss.outfiles import LockedOutput, OutputError, is_stdout

    if is_stdout(out):
        try:
            return run(stream, _Stdout(), opts, workers=workers, executor=executor)
        except Interrupted as e:
            _stop(e, "")
    sink = LockedOutput(out, resume=resume)
    try:
        after, summary = guard(lambda: resumed_from(sink.kept))
        sink.begin()
        summary = run(stream, sink, opts, workers=workers, executor=executor, after=after, summary=summary)
    except Interrupted as e:
        sink.abandon()
        _stop(e, f"; the complete lines so far are in {sink.part} (--resume continues)")
    except OutputError as e:
        sink.abandon()
        raise OutputError(f"{e}; the complete lines so far are in {sink.part} (--resume continues)") from None
    except BaseException:
        sink.abandon()
        raise
    sink.commit()
    return summary


def _stop(e: Interrupted, where: str) -> NoReturn:
    """End at once with 128 + the signal's number. The workers are ended already; exiting
    without the interpreter's exit handlers means no wait for the pool's manager thread,
    which a worker terminated in the middle of a message could leave blocked."""
    import os

    sys.stderr.write(f"aiact-foss: batch {e}{where}\n")
    sys.stderr.flush()
    os._exit(128 + e.signum)


class _Stdout:
    """Standard output for batch: whole writes, a full disk an OutputError."""

    def write(self, data: bytes) -> None:
        from aiact_foss.outfiles import write_stdout

        write_stdout(data)
