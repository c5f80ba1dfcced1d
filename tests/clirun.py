"""Run the command line in-process (no subprocess per case): exit code, stdout, stderr."""

from __future__ import annotations

import sys

import pytest


def cli(capsys, monkeypatch, *args: str) -> tuple[int, str, str]:
    from aiact_foss.cli import application

    monkeypatch.setattr(sys, "argv", ["aiact-foss", *args])
    with pytest.raises(SystemExit) as e:
        application.main()
    out, err = capsys.readouterr()
    return e.value.code, out, err
