"""`aiact-foss fuzz --property P`: search generated scenarios for one that violates a
property (outputs.md, "fuzz"). The shrunk counterexample goes to stdout as YAML that
`solve` reads back; the violated constraint to stderr; exit 1. None found: exit 0."""

from __future__ import annotations

import sys

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def fuzz(
        prop: str = typer.Option(..., "--property", help="a file of ASP constraints, or consistent, determinate, monotone:A,B,PATTERN"),
        examples: int = typer.Option(100, "--examples", min=1, help="scenarios to try"),
        seed: int = typer.Option(0, "--seed", help="the search's random seed"),
        max_components: int = typer.Option(4, "--max-components", min=0, help="at most K components per scenario"),
    ) -> None:
        """Search generated scenarios for a counterexample to a property."""
        from aiact_foss.cli.application import guard
        from aiact_foss.errors import BadInput

        def run():
            from aiact_foss.testing import properties

            try:
                prop_ = properties.load(prop)
            except properties.BadProperty as e:
                raise BadInput(str(e)) from None
            import importlib.util

            if importlib.util.find_spec("hypothesis") is None:  # an extra: aiact-foss[test]
                raise BadInput("fuzz needs hypothesis: pip install 'aiact-foss[test]'")
            _quiet_hypothesis_home()
            tty = sys.stderr.isatty()

            def progress(n: int) -> None:
                sys.stderr.write(f"\rfuzz: example {n}/{examples}")
                sys.stderr.flush()

            try:
                return find_violation(prop_, examples=examples, seed=seed, max_components=max_components,
                                      progress=progress if tty else None)
            finally:
                if tty:
                    sys.stderr.write("\n")

        found = guard(run)
        if found is None:
            return
        from aiact_foss.explore.scenario_yaml import dumps

        scn, constraint = found
        sys.stdout.write(dumps(scn))
        sys.stdout.flush()
        from aiact_foss.terminal import safe

        sys.stderr.write(f"violated: {safe(constraint)}\n")
        raise typer.Exit(1)


class _Violation(Exception):
    pass


def find_violation(prop, *, examples: int = 100, seed: int = 0, max_components: int = 4, progress=None):
    """Search for a scenario that violates `prop` (a properties.Property): hypothesis with
    no example database and no deadline, its randomness drawn from `seed`. Returns the
    shrunk (scenario, violated constraint), or None. `progress(n)` is called per example."""
    from hypothesis import HealthCheck, Phase, Verbosity, given, settings
    from hypothesis import seed as seeded

    from aiact_foss.testing import properties, scenarios

    found: list = []
    count = [0]

    @seeded(seed)
    @settings(max_examples=examples, database=None, deadline=None, derandomize=False, verbosity=Verbosity.quiet,
              suppress_health_check=list(HealthCheck), report_multiple_bugs=False,
              phases=(Phase.generate, Phase.shrink), print_blob=False)
    @given(scenarios(max_components=max_components))
    def search(scn) -> None:
        count[0] += 1
        if progress is not None:
            progress(count[0])
        hit = properties.violated(prop, scn)
        if hit:
            found.append((scn, hit[0]))
            raise _Violation

    try:
        search()
    except _Violation:
        return found[-1]  # hypothesis replays the shrunk example last
    return None


def _quiet_hypothesis_home() -> None:
    """Hypothesis caches Unicode tables under ./.hypothesis; a command must not litter
    the user's working directory, so its home goes to the temporary directory."""
    import os
    import tempfile

    from hypothesis import configuration

    if "HYPOTHESIS_STORAGE_DIRECTORY" not in os.environ:
        configuration.set_hypothesis_home_dir(os.path.join(tempfile.gettempdir(), "aiact-foss-hypothesis"))
