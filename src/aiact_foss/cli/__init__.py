"""The command line: the typer application (application.py), one module per larger
command (commands/), and a path for `solve FILE --format json` that needs no typer
(fast.py)."""

from __future__ import annotations

import os
import sys
from typing import Any


def main() -> None:
    # pydantic looks up plugins through every installed package's entry points at the
    # first model; the command line uses none
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from aiact_foss.cli.fast import solve

    status = solve(sys.argv[1:])
    if status is not None:
        sys.stdout.flush()
        sys.exit(status)
    from aiact_foss.cli.application import main as full

    full()


def __getattr__(name: str) -> Any:  # `app` on demand: importing it costs typer
    if name == "app":
        from aiact_foss.cli.application import app

        return app
    raise AttributeError(name)


__all__ = ["app", "main"]
