"""`aiact-foss serve [--port N] [--host H]`: the local web workbench (aiact_foss.web),
on the loopback interface unless told otherwise. Needs the extra `[web]`."""

from __future__ import annotations

import sys

import typer


def register(app: typer.Typer) -> None:
    app.command(name="serve")(serve)


def serve(
    port: int = typer.Option(8765, "--port", min=0, max=65535, help="the TCP port to listen on"),
    host: str = typer.Option("127.0.0.1", "--host", help="the address to bind: loopback unless you mean otherwise"),
    timeout: float = typer.Option(60.0, "--timeout", min=1, help="stop a request that solves for longer than SEC seconds"),
    max_bytes: int = typer.Option(2 * 1024 * 1024, "--max-bytes", min=1024, help="the largest request body accepted"),
) -> None:
    """A local web workbench: paste a scenario, pick drafts and pins, see outcomes, diffs and explanations."""
    import importlib.util

    from aiact_foss.errors import BadInput

    if importlib.util.find_spec("fastapi") is None or importlib.util.find_spec("uvicorn") is None:
        raise BadInput("serve needs the web extra: pip install 'aiact-foss[web]'")
    import uvicorn

    from aiact_foss.web.app import create_app

    sys.stderr.write(f"aiact-foss: the workbench is at http://{host}:{port}/ (Ctrl-C stops it)\n")
    uvicorn.run(create_app(max_bytes=max_bytes, seconds=timeout), host=host, port=port, log_level="warning")
