"""The README's tour and the tutorial show the outputs exactly as the commands print
them at 80 columns: every fenced block that starts with `$ aiact-foss ...` is run
in-process from the project root and compared line by line (trailing spaces aside; a
line `...` in a block stands for lines left out)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from clirun import cli

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["README.md", "docs/tutorial.md", "docs/explanations.md"]
FENCE = re.compile(r"^```\n(\$ aiact-foss .*?)^```$", re.MULTILINE | re.DOTALL)


def blocks() -> list[tuple[str, str, list[str]]]:
    out = []
    for page in PAGES:
        for m in FENCE.finditer((ROOT / page).read_text(encoding="utf-8")):
            lines = m.group(1).rstrip("\n").split("\n")
            command = lines.pop(0)
            while command.endswith("\\"):
                command = command[:-1] + " " + lines.pop(0).strip()
            out.append((page, command, lines))
    return out


def _matches(expected: list[str], actual: list[str]) -> bool:
    """`expected` with `...` lines as gaps: its pieces in order, the first at the start
    and the last at the end unless a gap stands there."""
    if "..." not in expected:
        return expected == actual
    pieces: list[list[str]] = [[]]
    for line in expected:
        if line == "...":
            pieces.append([])
        else:
            pieces[-1].append(line)
    pos = 0
    for i, piece in enumerate(pieces):
        if not piece:
            continue
        starts = [k for k in range(pos, len(actual) - len(piece) + 1) if actual[k:k + len(piece)] == piece]
        if i == 0:
            starts = [k for k in starts if k == 0]
        if i == len(pieces) - 1:
            starts = [k for k in starts if k + len(piece) == len(actual)]
        if not starts:
            return False
        pos = starts[0] + len(piece)
    return True


def test_the_pages_show_commands():
    found = blocks()
    assert {p for p, _, _ in found} == set(PAGES)
    assert len(found) >= 10


@pytest.mark.parametrize("page, command, expected", blocks(),
                         ids=[f"{p}:{c.split()[2]}-{i}" for i, (p, c, _) in enumerate(blocks())])
def test_a_shown_output_is_what_the_command_prints(capsys, monkeypatch, page, command, expected):
    args = shlex.split(command)[2:]  # after "$ aiact-foss"
    assert "|" not in args and ">" not in args, f"{page}: a shown command must run as it is: {command}"
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.chdir(ROOT)
    _, out, err = cli(capsys, monkeypatch, *args)
    actual = [line.rstrip() for line in (out + err).rstrip("\n").split("\n")]
    assert _matches(expected, actual), f"{page}: `{command}` now prints:\n" + "\n".join(actual)
