"""Time and memory bounds (engine/bounds.py): a reached bound is one line on stderr, a
partial result marked `"complete": false` with its reason, and exit 3."""

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aiact_foss import api
from aiact_foss.engine import bounds
from aiact_foss.language.scenario import Scenario

ROOT = Path(__file__).resolve().parents[1]


def _models(k: int) -> dict:
    comps = [{"id": f"m{i}", "kind": "model", "developer": "lab", "licence": "Apache-2.0",
              "general_purpose": True, "trained_on_broad_data_at_scale": True, "generative": True,
              "weights_public": "unknown", "architecture_public": True, "usage_info_public": True}
             for i in range(k)]
    return {"scenario": 1, "name": f"{k} models", "components": comps,
            "actors": [{"id": "lab", "type": "research_organisation", "established_in_eu": False}],
            "releases": [{"component": f"m{i}", "by": "lab", "channel": "open_repository"} for i in range(k)]}


def _cli(*args, stdin=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, "-m", "aiact_foss", *args], capture_output=True, text=True,
                          input=stdin, env=env, timeout=300)


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan, 0, -1, 1e10, bounds.MAX_TIMEOUT * 2])
def test_a_timeout_is_finite_positive_and_in_range(bad):
    with pytest.raises(ValueError, match="--timeout"):
        bounds.check_timeout(bad)


def test_defaults_apply_without_options():
    assert bounds.check_timeout(None) == bounds.DEFAULT_TIMEOUT
    assert bounds.check_memory(None) == bounds.DEFAULT_MEMORY_MB
    assert bounds.check_timeout(2.5) == 2.5


@pytest.mark.parametrize("command", [["solve", "-"], ["diff", "-", "--drafts", "all"],
                                     ["explain", "-", "--draft", "aia-2024", "--all"],
                                     ["explore", "--drafts", "ep-2023-03-23,letter-2023-04"]])
@pytest.mark.parametrize("value", ["inf", "nan", "0", "-3", "1e10"])
def test_every_command_refuses_a_bad_timeout(command, value):
    run = _cli(*command, "--timeout", value, stdin=json.dumps(_models(1)))
    assert run.returncode == 2 and run.stdout == "" and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and "--timeout" in run.stderr


def test_the_api_gives_the_finished_drafts_as_a_partial_document():
    scn = Scenario.model_validate(_models(24))
    with pytest.raises(bounds.BoundReached) as caught:
        api.solve(scn, limits=bounds.Bounds(timeout=0.02))
    partial = caught.value.partial
    assert partial is not None and partial["complete"] is False
    assert partial["reason"] == "time limit of 0.02 s reached"
    assert len(partial["results"]) < 6
    whole = api.solve(scn, limits=bounds.Bounds(timeout=300))
    assert "complete" not in whole and partial["results"] == whole["results"][:len(partial["results"])]


@pytest.mark.parametrize("option,reason", [(["--timeout", "0.05"], "time limit of 0.05 s reached"),
                                           (["--max-memory", "16"], "memory limit of 16 MB reached")])
@pytest.mark.parametrize("command", [["solve", "-", "--format", "json"], ["diff", "-", "--format", "json"]])
def test_a_reached_bound_is_one_line_a_partial_result_and_exit_3(option, reason, command):
    run = _cli(*command, *option, stdin=json.dumps(_models(24)))
    assert run.returncode == 3, run.stderr
    assert run.stderr.strip() == f"aiact-foss: stopped: {reason}; the result is incomplete"
    doc = json.loads(run.stdout)
    assert doc["complete"] is False and doc["reason"] == reason


def test_a_bound_not_reached_changes_nothing():
    data = json.dumps(_models(2))
    plain = _cli("solve", "-", "--format", "json", stdin=data)
    bounded = _cli("solve", "-", "--format", "json", "--timeout", "300", "--max-memory", "8000", stdin=data)
    assert plain.returncode == bounded.returncode == 0
    assert plain.stdout == bounded.stdout and '"complete"' not in plain.stdout


# Both bounds fire early, often while a module is being imported: before engine/bounds.py
# waited for the import to end, that gave a half-imported `yaml` (a traceback, exit 1)
# or an "Exception ignored in" message, about one run in six.
@pytest.mark.parametrize("option,reason", [(["--timeout", "0.05"], "time limit of 0.05 s reached"),
                                           (["--max-memory", "16"], "memory limit of 16 MB reached")])
@pytest.mark.parametrize("command", [["explain", "--draft", "aia-2024", "--all", "--format", "json"],
                                     ["explain", "--draft", "aia-2024", "--all"], ["report"]])
def test_explain_and_report_write_nothing_when_a_bound_is_reached(tmp_path, option, reason, command):
    """docs/bounds.md: a graph or a page is whole or not written. A file already at --out
    stays as it was, and no temporary file is left beside it."""
    src = tmp_path / "s.json"
    src.write_text(json.dumps(_models(24)))
    out = tmp_path / "out" / "result"
    out.parent.mkdir()
    out.write_text("before\n")
    for target in ("-", str(out)):
        run = _cli(command[0], str(src), *command[1:], *option, "--out", target)
        assert run.returncode == 3, run.stderr
        assert run.stderr == f"aiact-foss: stopped: {reason}; the result is incomplete\n"
        assert run.stdout == ""
    assert out.read_text() == "before\n" and sorted(p.name for p in out.parent.iterdir()) == ["result"]
