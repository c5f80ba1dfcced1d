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
        from aiact_foss.cli import guard
        from aiact_foss.errors import BadInput

        def run():
            from aiact_foss import properties

            try:
                prop_ = properties.load(prop)
            except properties.BadProperty as e:
                raise BadInput(str(e)) from None
            try:
                import hypothesis  # noqa: F401  (an extra: aiact-foss[test])
            except ImportError:
                raise BadInput("fuzz needs hypothesis: pip install 'aiact-foss[test]'") from None
            _quiet_hypothesis_home()
            from aiact_foss.testing import find_violation

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
        sys.stderr.write(f"violated: {constraint}\n")
        raise typer.Exit(1)


def _quiet_hypothesis_home() -> None:
    """Hypothesis caches Unicode tables under ./.hypothesis; a command must not litter
    the user's working directory, so its home goes to the temporary directory."""
    import os
    import tempfile

    from hypothesis import configuration

    if "HYPOTHESIS_STORAGE_DIRECTORY" not in os.environ:
        configuration.set_hypothesis_home_dir(os.path.join(tempfile.gettempdir(), "aiact-foss-hypothesis"))
