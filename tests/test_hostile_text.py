"""Hostile strings in a scenario never reach a terminal raw (terminal.safe): a name or id
holding escape sequences (set the title, clear the screen, hide text with ESC[8m), a C1
CSI, a carriage return, bidi overrides or rich markup goes through every command, text
and machine formats, outputs and errors, and comes out escaped."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiact_foss.terminal import safe, safe_lines

ROOT = Path(__file__).resolve().parents[1]
EVIL = "\x1b]0;pwned\x07\x1b[2J\x1b[8m\x9b31m\r\u202e[/bold][red]"
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
ACTOR, MODEL = f"dev{EVIL}", f"m{EVIL}"


def _scenario(tmp_path: Path, **extra) -> Path:
    doc = {
        "scenario": 1,
        "name": f"name {EVIL}",
        "actors": [{"id": ACTOR, "type": "small_enterprise", "established_in_eu": True}],
        "components": [{"id": MODEL, "kind": "model", "developer": ACTOR, "licence": "Apache-2.0",
                        "weights_public": True, "general_purpose": True}],
        "releases": [{"component": MODEL, "by": ACTOR, "channel": "open_repository"}],
        **extra,
    }
    path = tmp_path / f"s{len(list(tmp_path.iterdir()))}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), COLUMNS="200")
    return subprocess.run([sys.executable, "-m", "aiact_foss", *args], capture_output=True, input=stdin,
                          env=env, timeout=300)


def _clean(p: subprocess.CompletedProcess) -> str:
    text = p.stdout.decode("utf-8") + p.stderr.decode("utf-8")
    raw = RAW.findall(text)
    assert not raw, f"raw {raw[:3]!r} in {text[:300]!r}"
    assert "Traceback" not in text
    return text


def test_safe_escapes_what_a_terminal_obeys_and_keeps_the_rest():
    assert safe("a\x1b[2Jb") == "a\\u001b[2Jb"
    assert safe("\x9b\x7f\u202e\u2066\r\n") == "\\u009b\\u007f\\u202e\\u2066\\u000d\\u000a"
    assert safe("exempt(pythia-12b) \u00e9\u4e2d \U0001f916") == "exempt(pythia-12b) \u00e9\u4e2d \U0001f916"
    assert safe_lines("a\x1b\nb") == "a\\u001b\nb"


def test_json_keeps_its_value_and_loses_its_raw_controls():
    from aiact_foss.engine.results import dumps

    doc = {"name": EVIL, "n": [1, "\u2028"]}
    for text in (dumps(doc), dumps(doc, compact=True)):
        assert json.loads(text) == doc and not RAW.search(text)


@pytest.mark.parametrize("args", [
    ["solve", "{s}", "--draft", "aia-2024"],
    ["solve", "{s}", "--draft", "aia-2024", "--format", "json"],
    ["diff", "{s}", "--drafts", "aia-2024,commission-2021"],
    ["diff", "{s}", "--drafts", "aia-2024,commission-2021", "--format", "json"],
    ["explain", "{s}", "--draft", "aia-2024", "--all"],
    ["explain", "{s}", "--draft", "aia-2024", "--all", "--format", "json"],
    ["explain", "{s}", "--draft", "aia-2024", "--conclusion", "gpai_model({m})"],
    ["explain", "{s}", "--draft", "aia-2024", "--conclusion", "systemic_risk({m})", "--why-not"],
    ["explain", "{s}", "--draft", "aia-2024", "--conclusion", "exempt({m})", "--why-not"],
    ["report", "{s}", "--out", "-", "--draft", "aia-2024"],
    ["check", "{s}"],
])
def test_every_command_escapes_a_hostile_scenario(tmp_path, args):
    s = _scenario(tmp_path, expect={"aia-2024": {"never": [{"gpai_model": [MODEL]}]}})
    argv = [a.format(s=s, m=json.dumps(MODEL)) for a in args]
    p = _run(*argv)
    text = _clean(p)
    assert p.returncode in (0, 1), text[:500]
    if args[0] in ("solve", "diff") and "json" not in args:
        assert "name \\u001b]0;pwned" in text
    if args[0] == "check":
        assert p.returncode == 1 and "FAIL" in text and "m\\u001b]0;pwned" in text


def test_errors_escape_hostile_values(tmp_path):
    bad_licence = _scenario(tmp_path, licences=[], components=[
        {"id": MODEL, "kind": "model", "developer": ACTOR, "licence": f"L{EVIL}"}])
    for argv in (["solve", str(bad_licence)], ["check", str(bad_licence)], ["facts", str(bad_licence)],
                 ["explain", str(_scenario(tmp_path)), "--draft", "aia-2024", "--conclusion", f"exempt({json.dumps('x' + EVIL)})"],
                 ["solve", str(_scenario(tmp_path)), "--assume", f"q{EVIL}=true"]):
        p = _run(*argv)
        _clean(p)
        assert p.returncode == 2 and p.stderr.decode().count("\n") == (2 if argv[0] == "check" else 1), (argv, p.stderr)


def test_batch_lines_and_error_lines_are_escaped(tmp_path):
    good = _scenario(tmp_path).read_text()
    bad = json.dumps({"scenario": 1, "name": EVIL, "colour": EVIL, "actors": [{"id": EVIL}]})
    p = _run("batch", "-", "--draft", "aia-2024", stdin=f"{good}\n{bad}\n".encode())
    _clean(p)
    lines = p.stdout.decode().split("\n")[:-1]
    assert p.returncode == 2 and json.loads(lines[0])["scenario"] == f"name {EVIL}"


def test_facts_on_a_terminal_is_escaped_and_in_a_pipe_is_the_exact_program(tmp_path):
    s = _scenario(tmp_path)
    piped = _run("facts", str(s))
    assert ACTOR.encode() in piped.stdout  # clingo reads it: the id exactly
    leader, follower = pty.openpty()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    p = subprocess.Popen([sys.executable, "-m", "aiact_foss", "facts", str(s)], stdout=follower,
                         stderr=subprocess.PIPE, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # EIO: the other end closed
            break
        if not data:
            break
        chunks.append(data)
    p.wait(timeout=60)
    os.close(leader)
    text = b"".join(chunks).decode().replace("\r\n", "\n")
    assert p.returncode == 0 and "dev\\u001b]0;pwned" in text and not RAW.search(text)


@given(st.text(alphabet=st.sampled_from(["a", " ", "\n", "\t", "\r", "\x1b", "\x7f", "\x85", "é", "\u202e",
                                         "\u2028", "\u200b", "\ufeff", "\ud800", "\xa0"]), max_size=30))
def test_safe_lines_is_safe_line_by_line(text):
    """One pass over a whole output (and none when it is plain ASCII) escapes what
    `safe` escapes in each line and keeps the line breaks."""
    assert safe_lines(text) == "\n".join(safe(line) for line in text.split("\n"))


def test_a_result_prints_the_same_with_shared_and_unshared_conclusions():
    """draft_json shares one dict per conclusion among the outcomes, which the printer
    prints once: the text is that of the same document without sharing."""
    from aiact_foss import api
    from aiact_foss.engine import results

    scn = api.load({"scenario": 1, "name": "two unknowns", "actors": [{"id": "lab", "type": "small_enterprise"}],
                    "components": [{"id": f"m{i}", "kind": "model", "developer": "lab", "licence": "Apache-2.0",
                                    "general_purpose": True, "trained_on_broad_data_at_scale": True, "generative": True,
                                    "weights_public": "unknown", "architecture_public": True,
                                    "usage_info_public": True} for i in range(2)],
                    "releases": [{"component": f"m{i}", "by": "lab", "channel": "open_repository"} for i in range(2)]})
    doc = results.solve_json(scn.name, api.solve_results(scn, ["aia-2024"]))
    outcomes = doc["results"][0]["outcomes"]
    assert len(outcomes) > 1 and any(a is b for a in outcomes[0]["conclusions"] for b in outcomes[1]["conclusions"])
    assert results.dumps(doc) == results.dumps(json.loads(json.dumps(doc)))
