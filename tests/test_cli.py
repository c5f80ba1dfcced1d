"""The command line as a user meets it: exit codes, nothing on stdout for bad input,
stdin, determinism. A few subprocess runs; the casebook itself runs in-process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "scenarios" / "examples" / "open-model-on-repository.yaml"


def run(*args, stdin=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, "-m", "aiact_foss", *args], capture_output=True, text=True,
                          input=stdin, env=env, timeout=300)


def test_solve_json_is_deterministic_and_stdin_equals_the_file():
    a = run("solve", str(EXAMPLE), "--format", "json")
    b = run("solve", str(EXAMPLE), "--format", "json")
    assert a.returncode == 0, a.stderr
    assert a.stdout == b.stdout
    doc = json.loads(a.stdout)
    assert [r["draft"] for r in doc["results"]] == ["commission-2021", "council-2022", "ep-2023-03-23",
                                                   "letter-2023-04", "ep-2023-06-14", "aia-2024"]
    c = run("solve", "-", "--format", "json", stdin=EXAMPLE.read_text())
    assert json.loads(c.stdout)["results"] == doc["results"]


def test_human_output_is_a_table():
    p = run("solve", str(EXAMPLE), "--draft", "aia-2024")
    assert p.returncode == 0 and "aia-2024" in p.stdout and "copyright_policy" in p.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("solve", "/nonexistent/file.yaml"),
        ("solve", str(EXAMPLE), "--draft", "no-such-draft"),
        ("solve", str(EXAMPLE), "--assume", "no_such_question=true"),
        ("solve", str(EXAMPLE), "--assume", "donations_monetise=maybe"),
        ("solve", str(EXAMPLE), "--reading", "no-such-reading"),
        ("solve", str(EXAMPLE), "--format", "xml"),
        ("solve", str(EXAMPLE), "--bogus"),
        ("facts", str(EXAMPLE), "--with-rules"),
        ("solve",),
    ],
)
def test_bad_input_exits_2_with_one_line_and_nothing_on_stdout(args):
    p = run(*args)
    assert p.returncode == 2
    assert p.stdout == ""
    assert len(p.stderr.strip().splitlines()) == 1 and "Traceback" not in p.stderr


def test_bad_scenario_on_stdin():
    p = run("solve", "-", "--format", "json", stdin="scenario: 1\nname: x\nbogus: 1\n")
    assert p.returncode == 2 and p.stdout == "" and "<stdin>:3: bogus: unknown field" in p.stderr


def test_facts_with_rules_runs_in_plain_clingo():
    import clingo

    p = run("facts", str(EXAMPLE), "--draft", "aia-2024", "--with-rules")
    assert p.returncode == 0
    ctl = clingo.Control(["0", "--warn=none"])
    ctl.add("base", [], p.stdout)
    ctl.ground([("base", [])])
    shown = []
    ctl.solve(on_model=lambda m: shown.append({str(s) for s in m.symbols(shown=True)}))
    assert shown and all('obligation("lab","lab-7b",copyright_policy)' in s for s in shown)


def test_schema_drafts_questions():
    s = run("schema")
    assert s.returncode == 0 and json.loads(s.stdout)["type"] == "object"
    d = run("drafts", "--format", "json")
    letter = next(x for x in json.loads(d.stdout)["drafts"] if x["id"] == "letter-2023-04")
    assert letter["amends"] == "ep-2023-03-23" and letter["strikes"]
    q = run("questions", "--format", "json")
    assert {x["id"] for x in json.loads(q.stdout)["questions"]} >= {"open_release_is_placing_on_market"}


def test_check_exit_codes(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(EXAMPLE.read_text())
    assert run("check", str(good)).returncode == 0
    failing = tmp_path / "failing.yaml"
    failing.write_text(EXAMPLE.read_text().replace("    never:\n", ""))
    p = run("check", str(failing))
    assert p.returncode == 1 and "technical_documentation" in p.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("scenario: 1\nname: x\nbogus: 1\n")
    p = run("check", str(tmp_path))
    assert p.returncode == 2 and "bogus" in p.stderr and "technical_documentation" in p.stdout


def test_output_does_not_depend_on_hash_seeds():
    scenario = ROOT / "scenarios" / "examples" / "unknown-monetisation.yaml"
    outs = []
    for seed in ("1", "2", "12345"):
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), PYTHONHASHSEED=seed)
        p = subprocess.run([sys.executable, "-m", "aiact_foss", "solve", str(scenario), "--format", "json"],
                           capture_output=True, text=True, env=env, timeout=300)
        assert p.returncode == 0, p.stderr
        outs.append(p.stdout)
    assert outs[0] == outs[1] == outs[2]


@pytest.mark.parametrize("argv,taken", [
    (["solve", "x.yaml", "--format", "json"], True),
    (["solve", "x.yaml", "--format=json", "--draft", "aia-2024", "--max-outcomes", "3", "--timeout", "5"], True),
    (["solve", "x.yaml"], False),  # text: rich tables, the full command line
    (["solve", "-", "--format", "json"], False),  # stdin cannot be read twice
    (["solve", "x.yaml", "--format", "json", "--assume", "q=true"], False),
    (["solve", "x.yaml", "--format", "json", "--max-outcomes", "0"], False),
    (["solve", "x.yaml", "--format", "json", "--draft", "a", "--draft", "b"], False),
    (["solve", "x.yaml", "--format"], False),
    (["diff", "x.yaml", "--format", "json"], False),
])
def test_the_fast_path_takes_only_the_plain_json_solve(argv, taken):
    from aiact_foss.cli import fast

    assert (fast._parse(argv) is not None) == taken


def test_the_fast_path_leaves_bad_input_to_the_full_command_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("scenario: 1\nname: x\ncomponents: [{id: a}]\n")
    a = run("solve", str(bad), "--format", "json")
    b = run("solve", "-", "--format", "json", stdin=bad.read_text())
    assert a.returncode == b.returncode == 2 and a.stdout == b.stdout == ""
    assert a.stderr.replace(str(bad), "<stdin>") == b.stderr
