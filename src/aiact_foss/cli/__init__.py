"""The command line: the typer application (application.py) and one module per larger
command (commands/)."""

from aiact_foss.cli.application import app, main

__all__ = ["app", "main"]
