"""Command-line conventions: --version, -h, completion, bare `aiact-foss`, metavars in
words, help text for every option, an example at the end of every command's help, and
summaries in full."""

import re
import subprocess
import sys

import pytest

from aiact_foss.cli import conventions
from aiact_foss.cli.application import command
from aiact_foss.law import drafts


def run(*args):
    return subprocess.run([sys.executable, "-m", "aiact_foss", *args], capture_output=True, text=True, timeout=120)


def test_bare_command_prints_help_and_succeeds():
    p = run()
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("Usage: aiact-foss") and "Commands:" in p.stdout


def test_version_names_the_tool_and_each_draft_with_a_hash():
    p = run("--version")
    assert p.returncode == 0, p.stderr
    first, *rest = p.stdout.splitlines()
    assert re.fullmatch(r"aiact-foss \d+\.\d+\.\d+\S*", first)
    assert [line.split()[0] for line in rest] == list(drafts.available())
    for line in rest:
        d, date, digest = line.split()
        assert date == drafts.draft(d).date and re.fullmatch(r"sha256:[0-9a-f]{64}", digest)
    assert len({line.split()[2] for line in rest}) == len(rest)  # each draft's law differs


def test_short_help_option_and_completion():
    assert run("solve", "-h").stdout == run("solve", "--help").stdout
    p = run("--show-completion", "bash")
    assert p.returncode == 0 and "complete" in p.stdout


COMMANDS = sorted(command().commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_follows_the_conventions(name):
    cmd = command().commands[name]
    for param in cmd.params:
        if param.name == "help":
            continue
        assert param.help, f"{name}: {param.opts} has no help text"
        if not getattr(param, "is_flag", False):
            assert param.name in conventions.METAVARS, f"{name}: give {param.opts} a metavar in conventions.METAVARS"
    assert name in conventions.EXAMPLES, f"{name}: add an example to conventions.EXAMPLES"


def help_page(capsys, *args):
    command().main([*args, "--help"], prog_name="aiact-foss", standalone_mode=False)
    return capsys.readouterr().out


def test_help_pages_show_words_not_python_types_and_end_with_an_example(capsys):
    for name in COMMANDS:
        page = help_page(capsys, name)
        assert not re.search(r"<[a-z_\[\]]+>|\{[a-z_]+\}", page), f"{name}: {page}"
        assert page.rstrip().endswith(conventions.EXAMPLES[name]), name
    root = help_page(capsys)
    listed = root.split("Commands:")[1]
    for name in COMMANDS:
        summary = " ".join((command().commands[name].help or "").split("\n\n")[0].split())
        assert summary in " ".join(listed.split()).replace("- ", "-"), f"{name}: summary cut"
