"""Commands beyond the core ones, one module each; each has `register(app)`, which adds
its typer command(s) and keeps heavy imports inside the command functions."""
