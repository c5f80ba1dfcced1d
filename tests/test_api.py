"""The Python API: docs/api.md's examples run as doctests, from the repository's root."""

import doctest
import os
from pathlib import Path

import pytest

import aiact_foss

ROOT = Path(__file__).resolve().parents[1]


def test_the_api_page_runs(monkeypatch):
    monkeypatch.chdir(ROOT)
    failed, attempted = doctest.testfile(str(ROOT / "docs" / "api.md"), module_relative=False,
                                         optionflags=doctest.ELLIPSIS, verbose=False)
    assert attempted > 20 and failed == 0


def test_the_package_exports_the_api():
    for name in ("load", "solve", "explanation", "diff", "check", "report", "Error", "Scenario"):
        assert name in aiact_foss.__all__ and getattr(aiact_foss, name) is not None
    assert aiact_foss.api.solve is aiact_foss.solve  # the module too, without importing it
    with pytest.raises(AttributeError):
        aiact_foss.no_such_name  # noqa: B018


@pytest.mark.parametrize("bad", [42, None, ["a.yaml"]])
def test_a_scenario_of_another_type_is_an_error(bad):
    with pytest.raises(aiact_foss.Error, match="a scenario is a path, a dict or a Scenario"):
        aiact_foss.load(bad)


def test_path_dict_and_scenario_give_the_same_result():
    path = ROOT / "scenarios" / "examples" / "optional-support.yaml"
    scn = aiact_foss.load(path)
    as_dict = scn.model_dump(mode="json", exclude_defaults=True)
    a = aiact_foss.solve(path, "aia-2024")
    assert aiact_foss.solve(scn, "aia-2024") == a == aiact_foss.solve(as_dict, "aia-2024")
    assert aiact_foss.solve(os.fspath(path), ["aia-2024"]) == a


def test_bad_options_are_errors_with_the_command_lines_message():
    path = ROOT / "scenarios" / "examples" / "optional-support.yaml"
    with pytest.raises(aiact_foss.Error, match=r"^--assume: unknown open question 'nope'$"):
        aiact_foss.solve(path, assume={"nope": True})
    with pytest.raises(aiact_foss.Error, match=r"^--reading: unknown reading 'nope'"):
        aiact_foss.diff(path, reading="nope")
    with pytest.raises(aiact_foss.Error, match=r"^--conclusion: "):
        aiact_foss.explanation(path, "aia-2024", "exempt(")
    with pytest.raises(aiact_foss.Error, match=r"^--draft: explain needs exactly one draft$"):
        aiact_foss.explanation(path, "aia-2024,ep-2023-06-14", "exempt(x)")


def test_check_raises_for_a_bad_file_unless_told_to_keep_going(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("scenario: 1\nname: bad\ncomponents: [{id: m, kind: model, developer: nobody}]\n")
    good = ROOT / "scenarios" / "examples" / "optional-support.yaml"
    message = f"{bad}:3: components[0].developer: no actor has the id 'nobody'"
    with pytest.raises(aiact_foss.errors.BadInput) as e:
        aiact_foss.check(good, bad)
    assert str(e.value) == message
    kept = aiact_foss.check(good, bad, keep_going=True)
    assert [f.error for f in kept.files] == [None, message]
    assert not kept.ok and kept.files[0].checked > 0
