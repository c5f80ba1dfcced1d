"""`aiact-foss fuzz --property P`: search generated scenarios for one that violates a
property (docs/testing.md, "Fuzzing"). The counterexample, shrunk to a minimal witness
(testing/shrinking.py), goes to stdout as YAML that `solve` reads back; the violated
constraint to stderr; exit 1. None found: exit 0. The time bound reached first: one line
on stderr, exit 3 (a witness found before it is still printed, shrunk as far as time
allowed); so does the memory bound (--max-memory), which ends the search at once."""

from __future__ import annotations

import sys
from typing import Any

import typer

from aiact_foss.engine.bounds import (  # the bounds every command shares
    DEFAULT_MEMORY_MB,
    DEFAULT_TIMEOUT,
    MAX_TIMEOUT,
)


def register(app: typer.Typer) -> None:
    @app.command()
    def fuzz(
        prop: str = typer.Option(..., "--property", help="a file of ASP constraints, or consistent, determinate, monotone:A,B,PATTERN"),
        examples: int = typer.Option(100, "--examples", min=1, help="scenarios to try"),
        seed: int = typer.Option(0, "--seed", help="the search's random seed"),
        max_components: int = typer.Option(4, "--max-components", min=0, help="at most K components per scenario"),
        timeout: float = typer.Option(DEFAULT_TIMEOUT, "--timeout", help="seconds for the whole search, shrinking included"),
        max_memory: int = typer.Option(DEFAULT_MEMORY_MB, "--max-memory",
                                       help="stop past MB megabytes of memory and exit 3 (default 4096)"),
    ) -> None:
        """Search generated scenarios for a counterexample to a property."""
        from aiact_foss.cli.application import guard
        from aiact_foss.errors import BadInput

        def run() -> Any:
            from aiact_foss.testing import properties

            try:
                prop_ = properties.load(prop)
            except properties.BadProperty as e:
                raise BadInput(str(e)) from None
            import importlib.util
            import math

            if not math.isfinite(timeout) or not 0 < timeout <= MAX_TIMEOUT:
                raise BadInput(f"--timeout: give a number of seconds above 0 and at most {MAX_TIMEOUT:g}, not {timeout:g}")
            from aiact_foss.engine.bounds import check_memory

            try:
                check_memory(max_memory)
            except ValueError as e:
                raise BadInput(str(e)) from None

            if importlib.util.find_spec("hypothesis") is None:  # an extra: aiact-foss[test]
                raise BadInput("fuzz needs hypothesis: pip install 'aiact-foss[test]'")
            _quiet_hypothesis_home()
            tty = sys.stderr.isatty()

            def progress(n: int) -> None:
                sys.stderr.write(f"\rfuzz: example {n}/{examples}")
                sys.stderr.flush()

            bound = _Bound(timeout, max_memory)
            try:
                with bound.memory_watch(), bound.watchdog():
                    return find_violation(prop_, examples=examples, seed=seed, max_components=max_components,
                                          progress=progress if tty else None, bound=bound), bound
            finally:
                if tty:
                    sys.stderr.write("\n")

        found, bound = guard(run)
        if found is not None:
            from aiact_foss.explore.scenario_yaml import dumps

            scn, constraint = found
            sys.stdout.write(dumps(scn))
            sys.stdout.flush()
            from aiact_foss.terminal import safe

            sys.stderr.write(f"violated: {safe(constraint)}\n")
        if bound.reached:
            sys.stderr.write(f"fuzz: stopped at the time bound (--timeout {timeout:g}) after {bound.examples} "
                             f"example(s): {'the witness may not be minimal' if found else 'no counterexample so far'}"
                             " (incomplete)\n")
            raise typer.Exit(3)
        if found is not None:
            raise typer.Exit(1)


class _Violation(Exception):
    pass


class _OutOfTime(Exception):
    pass


class _Bound:
    """The search's time bound: checked between examples and shrinking steps; a watchdog
    ends the process (one line, exit 3) if a single evaluation overruns it by more than
    GRACE, since clingo's grounding cannot be interrupted from Python."""

    GRACE = 10.0
    POLL = 0.05  # seconds between looks at the process's memory

    def __init__(self, seconds: float | None, memory_mb: int | None = None) -> None:
        import time

        self.seconds = seconds
        self.memory_mb = memory_mb
        self.deadline = None if seconds is None else time.monotonic() + seconds
        self.reached = False
        self.examples = 0

    def over(self) -> bool:
        import time

        if self.deadline is not None and time.monotonic() >= self.deadline:
            self.reached = True
        return self.reached

    def watchdog(self) -> Any:
        import contextlib
        import os
        import threading

        @contextlib.contextmanager
        def running() -> Any:
            if self.seconds is None:
                yield
                return

            def expire() -> None:
                sys.stderr.write(f"fuzz: stopped at the time bound (--timeout {self.seconds:g}) inside one "
                                 "evaluation of the property (incomplete)\n")
                sys.stderr.flush()
                os._exit(3)

            timer = threading.Timer(self.seconds + self.GRACE, expire)
            timer.daemon = True
            timer.start()
            try:
                yield
            finally:
                timer.cancel()

        return running()

    def memory_watch(self) -> Any:
        """For the whole search: past `memory_mb` of resident memory, one line and exit 3
        at once (hypothesis would take an exception raised in a test for a failure)."""
        import contextlib
        import os
        import threading

        from aiact_foss.engine.bounds import _resident_mb

        @contextlib.contextmanager
        def watching() -> Any:
            if self.memory_mb is None:
                yield
                return
            stop = threading.Event()

            def watch() -> None:
                while not stop.wait(self.POLL):
                    if _resident_mb() > self.memory_mb:  # type: ignore[operator]
                        sys.stderr.write(f"fuzz: stopped at the memory bound (--max-memory {self.memory_mb}) after "
                                         f"{self.examples} example(s) (incomplete)\n")
                        sys.stderr.flush()
                        os._exit(3)

            thread = threading.Thread(target=watch, name="fuzz memory", daemon=True)
            thread.start()
            try:
                yield
            finally:
                stop.set()
                thread.join()

        return watching()


def find_violation(prop: Any, *, examples: int = 100, seed: int = 0, max_components: int = 4, progress: Any=None,
                   bound: _Bound | None = None) -> Any:
    """Search for a scenario that violates `prop` (a properties.Property): hypothesis with
    no example database and no deadline, its randomness drawn from `seed`, then shrunk to
    a minimal witness (testing/shrinking.py). Returns (scenario, violated constraint), or
    None. `progress(n)` is called per example; `bound` stops the search at its time."""
    from hypothesis import HealthCheck, Phase, Verbosity, given, settings
    from hypothesis import seed as seeded

    from aiact_foss.testing import properties, scenarios, shrinking

    found: list[Any] = []
    count = [0]
    bound = bound or _Bound(None)

    @seeded(seed)
    @settings(max_examples=examples, database=None, deadline=None, derandomize=False, verbosity=Verbosity.quiet,
              suppress_health_check=list(HealthCheck), report_multiple_bugs=False,
              phases=(Phase.generate, Phase.shrink), print_blob=False)
    @given(scenarios(max_components=max_components))
    def search(scn: Any) -> None:
        if bound.over():
            if found:
                return  # hypothesis is shrinking: a passing example ends that quickly
            raise _OutOfTime
        count[0] += 1
        bound.examples = count[0]
        if progress is not None:
            progress(count[0])
        hit = properties.violated(prop, scn)
        if hit:
            found.append((scn, hit[0]))
            raise _Violation

    try:
        search()
    except _OutOfTime:
        return None
    except _Violation:
        pass
    except Exception:  # the bound cut hypothesis's replay short (it calls that flaky)
        if not (found and bound.reached):
            raise
    if not found:
        return None
    scn, constraint = found[-1]  # hypothesis replays its shrunk example last

    def fails(candidate: Any) -> bool:
        return not bound.over() and constraint in properties.violated(prop, candidate)

    return shrinking.shrink(scn, fails), constraint


def _quiet_hypothesis_home() -> None:
    """Hypothesis caches Unicode tables under ./.hypothesis; a command must not litter
    the user's working directory, so its home goes to the temporary directory."""
    import os
    import tempfile

    from hypothesis import configuration

    if "HYPOTHESIS_STORAGE_DIRECTORY" not in os.environ:
        configuration.set_hypothesis_home_dir(os.path.join(tempfile.gettempdir(), "aiact-foss-hypothesis"))
