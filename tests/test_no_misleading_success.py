"""No misleading success (issue: "Smaller" failures): nothing checked is not a pass, a
conclusion naming nothing is refused, contradictory or inapplicable pins are said, and
every `--out` is whole or absent (`-` is stdout)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "scenarios" / "examples" / "open-model-on-repository.yaml"  # actor lab, model lab-7b
NO_EXPECT = ROOT / "scenarios" / "examples" / "unknown-monetisation.yaml"


def _cli(*args: str, cwd: Path | None = None, preexec_fn=None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, "-m", "aiact_foss", *args], capture_output=True, text=True, env=env,
                          timeout=300, cwd=cwd, preexec_fn=preexec_fn)


def _one_line(p: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in p.stderr
    return p.stderr


def test_check_with_nothing_to_check_exits_5(tmp_path):
    empty = _cli("check", str(tmp_path))
    assert empty.returncode == 5 and "nothing was checked" in empty.stderr
    # a scenario without an expect: block (the bundled example, its expectations cut off)
    text = NO_EXPECT.read_text(encoding="utf-8")
    bare = tmp_path / "files" / "no-expect.yaml"
    bare.parent.mkdir()
    bare.write_text(text[: text.index("\nexpect:")] + "\n" if "\nexpect:" in text else text, encoding="utf-8")
    alone = _cli("check", str(bare))
    assert alone.returncode == 5 and "no expectations" in alone.stderr
    both = _cli("check", str(bare), str(EXAMPLE))
    assert both.returncode == 0 and "no-expect.yaml: no expectations" in both.stderr


def test_explain_refuses_a_conclusion_naming_nothing_in_the_scenario():
    for args in (["--conclusion", "exempt(nope)"], ["--conclusion", "exempt(nope)", "--why-not"],
                 ["--conclusion", "obligation(nobody, lab-7b, copyright_policy)", "--why-not"]):
        p = _cli("explain", str(EXAMPLE), "--draft", "aia-2024", *args)
        assert p.returncode == 2 and p.stdout == "", args
        assert _one_line(p).count("\n") == 1 and "names no" in p.stderr and "of the scenario" in p.stderr


def test_explain_and_check_say_the_same_words(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLE.read_text().replace("always:\n      - obligation: [lab, lab-7b, copyright_policy]",
                                               "always:\n      - exempt: [nope]"))
    checked = _cli("check", str(bad))
    explained = _cli("explain", str(EXAMPLE), "--draft", "aia-2024", "--conclusion", "exempt(nope)")
    assert checked.returncode == explained.returncode == 2
    assert "'nope' names no component of the scenario" in checked.stderr
    assert "'nope' names no component of the scenario" in explained.stderr


def test_contradictory_assume_values_are_an_error():
    for args in (["--assume", "donations_monetise=true", "--assume", "donations_monetise=false"],
                 ["--assume", "donations_monetise=true,donations_monetise=false"]):
        p = _cli("solve", str(EXAMPLE), *args)
        assert p.returncode == 2 and "both true and false" in _one_line(p)
    same = _cli("solve", str(EXAMPLE), "--assume", "donations_monetise=true,donations_monetise=true")
    assert same.returncode == 0


def test_a_pin_that_applies_to_no_chosen_draft_is_a_note():
    p = _cli("solve", str(EXAMPLE), "--draft", "aia-2024", "--reading", "open-letter-2023", "--format", "json")
    assert p.returncode == 0
    assert p.stderr == "aiact-foss: note: --reading open-letter-2023 does not apply to aia-2024 (it pins nothing there)\n"
    quiet = _cli("solve", str(EXAMPLE), "--draft", "ep-2023-03-23", "--reading", "open-letter-2023", "--format", "json")
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_report_out_is_whole_or_absent_and_dash_is_stdout(tmp_path):
    out = tmp_path / "r.html"

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    cut = _cli("report", str(EXAMPLE), "--out", str(out), "--draft", "aia-2024", preexec_fn=limit)
    assert cut.returncode == 2 and "file-size limit" in _one_line(cut) and cut.stderr.count("\n") == 1
    assert not out.exists() and list(tmp_path.iterdir()) == []
    whole = _cli("report", str(EXAMPLE), "--out", str(out), "--draft", "aia-2024")
    assert whole.returncode == 0 and out.read_text().rstrip().endswith("</html>")
    dash = _cli("report", str(EXAMPLE), "--out", "-", "--draft", "aia-2024", cwd=tmp_path)
    assert dash.returncode == 0 and dash.stdout == out.read_text()
    assert not (tmp_path / "-").exists()


def test_explain_out_writes_the_file_whole(tmp_path):
    out = tmp_path / "e.txt"
    p = _cli("explain", str(EXAMPLE), "--draft", "aia-2024", "--all", "--out", str(out))
    printed = _cli("explain", str(EXAMPLE), "--draft", "aia-2024", "--all")
    assert p.returncode == 0 and p.stdout == "" and out.read_text() == printed.stdout


@pytest.mark.slow
def test_explore_out_needs_a_new_or_empty_folder_unless_force(tmp_path):
    used = tmp_path / "w"
    used.mkdir()
    (used / "witness-009.yaml").write_text("stale\n")
    (used / "notes.txt").write_text("mine\n")
    args = ["explore", "--drafts", "ep-2023-03-23,letter-2023-04", "--max-components", "1", "--out", str(used)]
    refused = _cli(*args)
    assert refused.returncode == 2 and "not empty" in refused.stderr and refused.stdout == ""
    forced = _cli(*args, "--force")
    assert forced.returncode == 0, forced.stderr
    names = sorted(p.name for p in used.iterdir())
    assert "witness-009.yaml" not in names and "notes.txt" in names and "witness-001.yaml" in names
    dash = _cli("explore", "--drafts", "ep-2023-03-23,letter-2023-04", "--out", "-", cwd=tmp_path)
    assert dash.returncode == 2 and not (tmp_path / "-").exists()
