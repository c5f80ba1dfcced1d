"""The command line (outputs.md). Thin: parses options, delegates, renders. Imports are
lazy so that `--help` starts fast; errors are one line on stderr with exit 2.

Size: over 400 lines because the smaller commands (solve, check, facts, drafts,
questions, schema) live here together; a larger command has its own module in commands/.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, List, Optional

import typer
import typer.main
from typer.core import TyperGroup

app = typer.Typer(
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish, PowerShell
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="A legal reasoner for the free and open-source exemption of the EU AI Act, across its drafts.",
    epilog="Example:\n\n\b\n  aiact-foss solve scenarios/examples/open-model-on-repository.yaml --draft aia-2024",
)


def _version(value: bool) -> None:
    if value:
        from aiact_foss.law.identity import version_text

        emit(version_text())
        raise typer.Exit(0)


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", is_eager=True, callback=_version,
                                 help="print the tool's version and, per draft, its id, date and content hash"),
) -> None:
    """A legal reasoner for the free and open-source exemption of the EU AI Act, across its drafts."""
    if ctx.invoked_subcommand is None:  # bare `aiact-foss`: the help, and success
        emit(ctx.get_help())
        raise typer.Exit(0)

DRAFT_HELP = "one draft id, a comma list, all, or in-force (the text in force on the as-of date)"
FORMAT_HELP = "text (human tables) or json (the machine contract)"
SET_HELP = "change a fact of the scenario: PATH=VALUE as in the file, e.g. releases[0].paid_support=required (repeatable)"
CONCLUSION_HELP = "only conclusions matching PATTERN, e.g. exempt(_) or obligation (repeatable)"


# Modules under aiact_foss/commands/ whose register(app) adds more commands.
COMMAND_MODULES: tuple[str, ...] = ("batch", "fuzz", "explore", "explain", "report", "diff", "provision", "serve")


def _fail(message: str) -> None:
    from aiact_foss.errors import BadInput

    raise BadInput(message)


TIMEOUT_HELP = "stop after SEC seconds with a partial result and exit 3 (default 600)"
MEMORY_HELP = "stop past MB megabytes of memory with a partial result and exit 3 (default 4096)"


def bounds(timeout: float | None, max_memory: int | None) -> Any:
    """The command's time and memory bounds (engine/bounds.py), checked (exit 2)."""
    from aiact_foss.engine.bounds import Bounds, check_memory, check_timeout

    try:
        return Bounds(check_timeout(timeout), check_memory(max_memory))
    except ValueError as e:
        _fail(str(e))


def guard(fn: Callable[[], Any], limits: Any = None) -> Any:
    """Run fn (under `limits`, engine.bounds.Bounds), turning the package's bad-input
    errors into BadInput (one line, exit 2). A reached bound passes through as
    BoundReached: main() reports it (exit 3)."""
    from aiact_foss.errors import guarded

    if limits is None:
        return guarded(fn)
    from aiact_foss.engine.bounds import enforce

    with enforce(limits):
        return guarded(fn)


def emit(text: str) -> None:
    """Print a command's output, every line made safe for a terminal (terminal.safe):
    JSON stays the same JSON, only its raw control characters become escapes."""
    from aiact_foss.terminal import safe_lines

    sys.stdout.write(safe_lines(text if text.endswith("\n") else text + "\n"))


def check_format(fmt: str, allowed: tuple[str, ...]) -> None:
    if fmt not in allowed:
        _fail(f"--format: unknown format {fmt!r} (one of {', '.join(allowed)})")


def _console() -> Any:
    from rich.console import Console

    return Console(soft_wrap=False)


@app.command()
def solve(
    scenario: str = typer.Argument(..., help="scenario file (YAML or JSON), or - for stdin"),
    draft: str = typer.Option("all", "--draft", "--drafts", help=DRAFT_HELP),
    assume: Optional[List[str]] = typer.Option(None, "--assume", help="pin an open question: id=true|false (repeatable, or a comma list)"),
    reading: Optional[str] = typer.Option(None, "--reading", help="pin the questions of a named reading"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="the date to ask on, YYYY-MM-DD (wins over the scenario's as_of)"),
    max_outcomes: int = typer.Option(256, "--max-outcomes", min=1, help="list at most N outcomes"),
    fmt: str = typer.Option("text", "--format", help=FORMAT_HELP),
    sets: Optional[List[str]] = typer.Option(None, "--set", help=SET_HELP),
    conclusion: Optional[List[str]] = typer.Option(None, "--conclusion", help=CONCLUSION_HELP),
    explain_words: bool = typer.Option(False, "--explain-words", help="text: each conclusion with its sentence, as explain words it"),
    timeout: Optional[float] = typer.Option(None, "--timeout", help=TIMEOUT_HELP),
    max_memory: Optional[int] = typer.Option(None, "--max-memory", help=MEMORY_HELP),
) -> None:
    """Every consistent outcome of SCENARIO under each draft."""
    check_format(fmt, ("text", "json"))
    limits = bounds(timeout, max_memory)

    def run() -> Any:
        from aiact_foss import api
        from aiact_foss.engine import selection

        pats = selection.patterns(conclusion)
        req = api.request(scenario, draft, assume, reading, sets=sets, as_of=as_of)
        doc = api.solve(req.scenario, ",".join(req.drafts), assume=req.assume, reading=req.reading,
                        max_outcomes=max_outcomes)
        return selection.select_solve(doc, pats), req.scenario

    from aiact_foss.engine.bounds import BoundReached
    from aiact_foss.engine.results import dumps

    try:
        doc, scn = guard(run, limits)
    except BoundReached as e:
        if e.partial is not None:
            _print_solve(e.partial, fmt, None)
        elif fmt == "json":  # stopped before the scenario was read: nothing but the mark
            emit(dumps({"results": [], "complete": False, "reason": e.reason}))
        raise
    words = None
    if explain_words and fmt != "json":
        from aiact_foss.explain.words import sentences

        words = sentences(scn)
    _print_solve(doc, fmt, words)


def _print_solve(doc: dict[Any, Any], fmt: str, words: Any) -> None:
    from aiact_foss.engine.results import dumps, render_text

    if fmt == "json":
        emit(dumps(doc))
    else:
        render_text(doc, _console(), words=words)


@app.command()
def check(paths: List[str] = typer.Argument(..., help="scenario files or folders")) -> None:
    """Check the `expect:` blocks of scenario files (folders searched recursively)."""
    from aiact_foss.terminal import safe
    from aiact_foss.testing.checking import check_file, find_files

    files = find_files(paths)
    bad = failed = checked = 0
    for f in files:
        report = check_file(f)
        checked += report.checked
        if report.error:
            bad += 1
            sys.stderr.write(f"{safe(report.error)}\n")
        elif not report.checked:
            sys.stderr.write(f"{safe(f)}: no expectations (no expect: block), nothing checked\n")
        for line in report.failures:
            failed += 1
            emit(f"FAIL {f}: {line}")
    sys.stderr.write(f"{len(files)} files, {failed} failed expectations, {bad} bad files\n")
    if bad:
        raise typer.Exit(2)
    if failed:
        raise typer.Exit(1)
    if not checked:  # as pytest does when it collects no test
        sys.stderr.write("aiact-foss: nothing was checked: no scenario file with an expect: block"
                         f" under {safe(', '.join(paths))}\n")
        raise typer.Exit(5)


@app.command()
def facts(
    scenario: str = typer.Argument(..., help="scenario file, or - for stdin"),
    draft: Optional[str] = typer.Option(None, "--draft", "--drafts", help="the draft whose pins (and, with --with-rules, rules) to include"),
    with_rules: bool = typer.Option(False, "--with-rules", help="print the complete program for one draft, runnable by plain clingo"),
    assume: Optional[List[str]] = typer.Option(None, "--assume", help="pin an open question: id=true|false (with --draft)"),
    reading: Optional[str] = typer.Option(None, "--reading", help="pin the questions of a named reading (with --draft)"),
    sets: Optional[List[str]] = typer.Option(None, "--set", help=SET_HELP),
) -> None:
    """The ASP facts the scenario becomes."""

    def run() -> Any:
        from aiact_foss import api
        from aiact_foss.language import facts as factmod
        from aiact_foss.law import drafts, questions

        ids = drafts.resolve(draft) if draft else []
        if with_rules and len(ids) != 1:
            _fail("--with-rules needs exactly one --draft")
        pins_cli = api.parse_assume(assume)
        api.check_reading(reading)
        scn = api.load(scenario, sets)
        pins = questions.pins_for(ids[0], scn.assume, reading, pins_cli) if len(ids) == 1 else {}
        text = factmod.program_text(factmod.build(scn, pins))
        if with_rules:
            text = drafts.program_text(ids[0]) + "\n% the scenario's facts\n" + text
        return text

    text = guard(run)
    if sys.stdout.isatty():
        emit(text)
    else:  # a program for clingo (--with-rules): its strings exactly as the facts hold them
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


@app.command(name="drafts")
def drafts_cmd(
    coverage: bool = typer.Option(False, "--coverage", help="which provision labels the scenarios exercise"),
    paths: Optional[List[str]] = typer.Argument(None, help="with --coverage: scenario files or folders (default: scenarios/)"),
    fmt: str = typer.Option("text", "--format", help=FORMAT_HELP),
) -> None:
    """The encoded drafts: date, source, provisions, and what an amendment changes."""
    check_format(fmt, ("text", "json"))
    from aiact_foss.engine.results import dumps
    from aiact_foss.law import drafts

    if coverage:
        _coverage(paths or ["scenarios"], fmt)
        return
    if paths:
        _fail("scenario paths go with --coverage")
    doc: list[dict[str, Any]] = []
    for d in drafts.available():
        meta = drafts.draft(d)
        provs = drafts.provisions(d)
        entry: dict[str, Any] = {
            "id": d,
            "title": meta.title,
            "date": meta.date,
            "source": meta.source,
            "provisions": [
                {"label": lab, "ref": provs[lab].ref if lab in provs else None,
                 "draft": provs[lab].draft if lab in provs else None}
                for lab in drafts.labels(d)
            ],
        }
        if meta.amends:
            entry["amends"] = meta.amends
            entry["strikes"] = [
                {"label": lab, "ref": drafts.provisions(meta.amends)[lab].ref} for lab in meta.strikes
            ]
            for key, labs in (("replaces", meta.replaces), ("inserts", meta.inserts)):
                if labs:  # only when used: the letter's entry stays as it was
                    entry[key] = [{"label": lab, "ref": provs[lab].ref} for lab in labs]
        doc.append(entry)
    if fmt == "json":
        emit(dumps({"drafts": doc}))
        return
    from aiact_foss.engine.textlayout import fold

    lines: list[str] = []
    for e in doc:
        lines += fold(f"{e['id']}  {e['date']}  {e['title']}")
        lines.append(f"  source: {e['source']}")
        if "amends" in e:
            lines += fold(f"amends {e['amends']}" + "".join(
                f", {verb}: " + "; ".join(f"{s['label']} ({s['ref']})" for s in e[key])
                for key, verb in (("strikes", "striking"), ("replaces", "replacing"), ("inserts", "inserting"))
                if e.get(key)), "  ")
        lines.append(f"  encodes {len(e['provisions'])} labels (`aiact-foss provision LABEL` quotes one):")
        for p in e["provisions"]:
            lines += fold(f"{p['label']}: {p['ref']}" if p["ref"] else p["label"], "    ", "    ")
    emit("\n".join(lines))


def _coverage(paths: list[str], fmt: str) -> None:
    from aiact_foss.engine.results import dumps
    from aiact_foss.language.validate import load_scenario
    from aiact_foss.law import drafts
    from aiact_foss.testing import coverage
    from aiact_foss.testing.checking import find_files

    def run() -> Any:
        files = find_files(paths)
        if not files:
            _fail(f"no scenario files under {', '.join(paths)}")
        return files, [load_scenario(f)[0] for f in files]

    files, scenarios = guard(run)
    rep = coverage.report(scenarios, list(drafts.available()))
    if fmt == "json":
        emit(dumps({"scenarios": len(files), "drafts": rep}))
        return
    for d, r in rep.items():
        total = len(r["exercised"]) + len(r["missed"])
        emit(f"{d}: {len(r['exercised'])} of {total} labels exercised by {len(files)} scenarios"
             + (f"; missed: {', '.join(r['missed'])}" if r["missed"] else ""))


@app.command()
def questions(fmt: str = typer.Option("text", "--format", help=FORMAT_HELP)) -> None:
    """The open interpretive questions and the named readings."""
    check_format(fmt, ("text", "json"))
    from aiact_foss.engine.results import dumps
    from aiact_foss.law import questions as qmod

    qs = [
        {"id": q.id, "question": q.question, "drafts": list(q.drafts), "raised_when": q.raised_when, "raised_by": q.raised_by}
        for q in qmod.questions().values()
    ]
    rs: list[dict[str, Any]] = [{"id": r.id, "answers": r.answers, "drafts": list(r.drafts), "source": r.source} for r in qmod.readings().values()]
    if fmt == "json":
        emit(dumps({"questions": qs, "readings": rs}))
        return
    for q in qs:
        emit(f"{q['id']}  ({', '.join(q['drafts'])})\n  true means: {q['question']}\n  raised when: {q['raised_when']}\n  raised by: {q['raised_by']}")
    emit("readings:")
    for r in rs:
        answers = ", ".join(f"{k}={'true' if v else 'false'}" for k, v in r["answers"].items())
        emit(f"  {r['id']}: {answers}\n    in {', '.join(r['drafts'])}; {r['source']}")


@app.command()
def schema() -> None:
    """The JSON Schema of the scenario language."""
    from aiact_foss.engine.results import dumps
    from aiact_foss.language.scenario import json_schema

    emit(dumps(json_schema()))


_COMMAND: list[TyperGroup] = []


def command() -> TyperGroup:
    """The click group of every command (those of COMMAND_MODULES registered once), with
    the conventions of cli/conventions.py applied."""
    if not _COMMAND:
        import importlib

        from aiact_foss.cli import conventions

        for name in COMMAND_MODULES:
            importlib.import_module(f"aiact_foss.cli.commands.{name}").register(app)
        group = typer.main.get_command(app)
        assert isinstance(group, TyperGroup)
        conventions.apply(group)
        _COMMAND.append(group)
    return _COMMAND[0]


def main() -> None:
    from aiact_foss.engine.bounds import BoundReached, message
    from aiact_foss.errors import BadInput
    from aiact_foss.law.asp_subset import OutsideSubset
    from aiact_foss.outfiles import OutputError, describe
    from aiact_foss.terminal import safe

    try:
        rc = command().main(prog_name="aiact-foss", standalone_mode=False)
        sys.stdout.flush()  # here, so that a full disk is our one-line error, not Python's at exit
    except (BadInput, OutputError, OutsideSubset) as e:  # OutsideSubset: a rule in logic/ outside the subset
        sys.stderr.write(f"aiact-foss: {safe(e)}\n")
        _quiet_stdout()
        sys.exit(2)
    except BoundReached as e:
        sys.stdout.flush()
        sys.stderr.write(message(e) + "\n")
        sys.exit(3)
    except typer.Exit as e:
        sys.exit(e.exit_code)
    except typer.TyperException as e:  # usage errors: bad option, missing argument
        sys.stderr.write(f"aiact-foss: {safe(e.format_message())}\n")
        sys.exit(2)
    except typer.Abort:
        sys.stderr.write("aiact-foss: aborted\n")
        sys.exit(130)
    except BrokenPipeError:  # the reader went away (`| head`): end quietly
        _quiet_stdout()
        sys.exit(0)
    except OSError as e:
        import errno

        if e.errno not in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EIO) or e.filename is not None:
            raise
        sys.stderr.write(f"aiact-foss: cannot write the output: {describe(e)}\n")
        _quiet_stdout()
        sys.exit(2)
    sys.exit(rc if isinstance(rc, int) else 0)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so that Python's own flush at exit cannot fail again
    on what is still buffered."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
