"""The pytest plugin: scenario files with `expect:` become test items named after the
file, the draft and the expectation, with readable failures."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

GOOD = """\
scenario: 1
name: A lab publishes a 7B model
actors:
  - {id: lab, type: research_organisation, established_in_eu: false}
components:
  - {id: lab-7b, kind: model, developer: lab, licence: Apache-2.0, general_purpose: true}
releases:
  - {component: lab-7b, by: lab, channel: open_repository}
expect:
  aia-2024:
    status: determinate
    always:
      - obligation: [lab, lab-7b, copyright_policy]
    never:
      - exempt: lab-7b
"""


def _installed_as_plugin() -> bool:
    from importlib.metadata import entry_points

    return any(ep.value == "aiact_foss.testing.pytest_plugin" for ep in entry_points(group="pytest11"))


def _pytest(folder, *args):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    # installed, the package registers the plugin itself (entry point pytest11)
    load = [] if _installed_as_plugin() else ["-p", "aiact_foss.testing.pytest_plugin"]
    return subprocess.run([sys.executable, "-m", "pytest", *load, "-p", "no:cacheprovider",
                           "-v", "--rootdir", str(folder), str(folder), *args],
                          capture_output=True, text=True, env=env, timeout=600)


def test_expectations_become_named_items(tmp_path):
    (tmp_path / "good.yaml").write_text(GOOD)
    (tmp_path / "notes.yaml").write_text("title: not a scenario\nexpect: nothing\n")
    (tmp_path / "no-expect.yaml").write_text(GOOD.split("expect:")[0])
    run = _pytest(tmp_path)
    assert run.returncode == 0, run.stdout
    assert "good.yaml::aia-2024: status determinate PASSED" in run.stdout
    assert "good.yaml::aia-2024: always obligation(lab, lab-7b, copyright_policy) PASSED" in run.stdout
    assert "good.yaml::aia-2024: never exempt(lab-7b) PASSED" in run.stdout
    assert "3 passed" in run.stdout and "notes.yaml" not in run.stdout and "no-expect" not in run.stdout


def test_a_failing_expectation_reads_like_check(tmp_path):
    wrong = GOOD.replace("    never:\n      - exempt: lab-7b\n", "").replace(
        "copyright_policy]\n", "copyright_policy]\n      - exempt: lab-7b\n").replace(
        "status: determinate", "status: ambiguous")
    (tmp_path / "wrong.yaml").write_text(wrong)
    run = _pytest(tmp_path)
    assert run.returncode == 1
    assert "wrong.yaml::aia-2024: status ambiguous FAILED" in run.stdout
    assert "wrong.yaml::aia-2024: always exempt(lab-7b) FAILED" in run.stdout
    assert "wrong.yaml::aia-2024: always obligation(lab, lab-7b, copyright_policy) PASSED" in run.stdout
    # the failure names the expectation, why it fails, and what the draft concludes
    assert "wrong.yaml: aia-2024: always exempt(lab-7b): holds in no outcome" in run.stdout
    assert "aia-2024 concludes (determinate):" in run.stdout
    assert "always:    " in run.stdout and "obligation(lab, lab-7b, copyright_policy)" in run.stdout
    assert "Traceback" not in run.stdout


def test_a_bad_scenario_file_is_one_failing_item(tmp_path):
    (tmp_path / "bad.yaml").write_text(GOOD.replace("exempt: lab-7b", "exempt: nobody"))
    run = _pytest(tmp_path)
    assert run.returncode == 1
    assert "bad.yaml::load FAILED" in run.stdout
    assert "'nobody' names no component of the scenario" in run.stdout


def test_the_casebook_collects(tmp_path):
    run = _pytest(ROOT / "scenarios", "-q")
    assert run.returncode == 0, run.stdout[-3000:]
    assert " passed" in run.stdout
