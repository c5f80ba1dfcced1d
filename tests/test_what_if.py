"""What-if from the command line: `--set PATH=VALUE` (the file's paths and values, the
loader's errors), `explain --outcome N --alternative K`, `--conclusion PATTERN` filters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clirun import cli

ROOT = Path(__file__).resolve().parents[1]
UNKNOWN = ROOT / "scenarios" / "examples" / "unknown-monetisation.yaml"
OPTIONAL = ROOT / "scenarios" / "examples" / "optional-support.yaml"


def _json(capsys, monkeypatch, *args: str) -> dict:
    rc, out, err = cli(capsys, monkeypatch, *args, "--format", "json")
    assert rc == 0, err
    return json.loads(out)


@pytest.mark.parametrize("command", ["solve", "diff"])
def test_set_is_the_same_as_editing_the_file(capsys, monkeypatch, tmp_path, command):
    edited = tmp_path / "edited.yaml"
    edited.write_text(UNKNOWN.read_text().replace("paid_support: unknown", "paid_support: required"))
    by_file = _json(capsys, monkeypatch, command, str(edited))
    by_set = _json(capsys, monkeypatch, command, str(UNKNOWN), "--set", "releases[0].paid_support=required")
    assert by_set == by_file
    assert by_set != _json(capsys, monkeypatch, command, str(UNKNOWN))


def test_set_explain_and_facts(capsys, monkeypatch, tmp_path):
    edited = tmp_path / "edited.yaml"
    edited.write_text(UNKNOWN.read_text().replace("paid_support: unknown", "paid_support: required"))
    for args in (("facts",), ("explain", "--draft", "aia-2024", "--all")):
        rc, a, _ = cli(capsys, monkeypatch, args[0], str(edited), *args[1:])
        rc2, b, err = cli(capsys, monkeypatch, args[0], str(UNKNOWN), *args[1:], "--set",
                          "releases[0].paid_support=required")
        assert rc == rc2 == 0, err
        assert a == b


def test_set_values_are_read_as_yaml_and_new_mapping_keys_allowed(capsys, monkeypatch):
    doc = _json(capsys, monkeypatch, "solve", str(OPTIONAL), "--draft", "aia-2024",
                "--set", "assume.optional_paid_services_monetise=false")
    assert doc["results"][0]["pinned"] == {"optional_paid_services_monetise": False}
    assert doc["results"][0]["status"] == "determinate"


@pytest.mark.parametrize("item, problem", [
    ("releases[0].paid_support=requird", "--set: releases[0].paid_support: Input should be"),
    ("releases[0].paid_suport=required", "--set: releases[0].paid_suport: unknown field 'paid_suport'"),
    ("releases[4].paid_support=required", "--set: releases[4]: no item 4 (there are 1)"),
    ("releases[0]paid_support=required", "--set: malformed path"),
    ("releases[0].paid_support", "--set: give PATH=VALUE"),
    ("components[0].licence=apache-2.0", "--set: components[0].licence: unknown licence 'apache-2.0'"),
])
def test_a_bad_set_is_the_loaders_one_line_error(capsys, monkeypatch, item, problem):
    for command in ("solve", "diff", "report"):
        extra = ("--out", "/dev/null") if command == "report" else ()
        rc, out, err = cli(capsys, monkeypatch, command, str(UNKNOWN), "--set", item, *extra)
        assert rc == 2 and out == ""
        assert err.startswith("aiact-foss: " + problem) and err.count("\n") == 1, err


def test_the_file_and_set_give_the_same_problem(capsys, monkeypatch, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(UNKNOWN.read_text().replace("paid_support: unknown", "paid_support: requird"))
    _, _, from_file = cli(capsys, monkeypatch, "solve", str(bad))
    _, _, from_set = cli(capsys, monkeypatch, "solve", str(UNKNOWN), "--set", "releases[0].paid_support=requird")
    problem = from_set.split("releases[0].paid_support: ", 1)[1]
    assert from_file.endswith("releases[0].paid_support: " + problem)


def test_alternative_draws_the_chosen_answers(capsys, monkeypatch):
    doc = _json(capsys, monkeypatch, "solve", str(UNKNOWN), "--draft", "aia-2024")
    outcome = next(k for k, o in enumerate(doc["results"][0]["outcomes"], 1) if len(o.get("because", [])) >= 2)
    alts = doc["results"][0]["outcomes"][outcome - 1]["because"]
    for k, alt in enumerate(alts, 1):
        g = _json(capsys, monkeypatch, "explain", str(UNKNOWN), "--draft", "aia-2024", "--all",
                  "--outcome", str(outcome), "--alternative", str(k))
        unknowns = [{"path": n["path"], "value": n["value"]} for n in g["nodes"] if n["kind"] == "unknown"]
        assert unknowns == alt["unknowns"]
        answered = {n["question"]: n["value"] for n in g["nodes"] if n["kind"] == "question"}
        assert all(answered.get(q) == v for q, v in alt["questions"].items() if q in answered)
    rc, out, err = cli(capsys, monkeypatch, "explain", str(UNKNOWN), "--draft", "aia-2024", "--all",
                       "--outcome", str(outcome), "--alternative", str(len(alts) + 1))
    assert rc == 2 and out == "" and f"has {len(alts)} alternative(s)" in err
    rc, out, err = cli(capsys, monkeypatch, "explain", str(UNKNOWN), "--draft", "aia-2024", "--all",
                       "--alternative", "1")
    assert rc == 2 and "--alternative needs --outcome" in err


def test_conclusion_filters_solve_and_merges_outcomes(capsys, monkeypatch):
    full = _json(capsys, monkeypatch, "solve", str(OPTIONAL), "--draft", "aia-2024")["results"][0]
    doc = _json(capsys, monkeypatch, "solve", str(OPTIONAL), "--draft", "aia-2024", "--conclusion", "exempt(_)",
                "--conclusion", "in_scope")
    r = doc["results"][0]
    assert doc["selected"] == ["exempt(_)", "in_scope(_)"]
    kept = {"exempt", "in_scope"}
    assert all(c["predicate"] in kept for o in r["outcomes"] for c in o["conclusions"])
    # outcomes 1 and 2 differ only in monetised/1: one outcome, both alternatives
    assert len(full["outcomes"]) == 3 and len(r["outcomes"]) == 2
    assert len(r["outcomes"][0]["because"]) == 2 and r["status"] == "ambiguous"
    one = _json(capsys, monkeypatch, "solve", str(OPTIONAL), "--draft", "aia-2024", "--conclusion", "foss(_)")
    assert one["results"][0]["status"] == "ambiguous" and len(one["results"][0]["outcomes"]) == 2
    none = _json(capsys, monkeypatch, "solve", str(OPTIONAL), "--draft", "aia-2024", "--conclusion", "registrations")
    assert none["results"][0]["status"] == "determinate" and none["results"][0]["outcomes"][0]["conclusions"] == []


def test_conclusion_filters_diff_and_report(capsys, monkeypatch, tmp_path):
    full = _json(capsys, monkeypatch, "diff", str(OPTIONAL))
    only = _json(capsys, monkeypatch, "diff", str(OPTIONAL), "--conclusion", "exempt(_)")
    want = [[d for d in p["differences"] if d["conclusion"]["predicate"] == "exempt"] for p in full["pairs"]]
    assert [p["differences"] for p in only["pairs"]] == want and any(want)
    out = tmp_path / "r.html"
    rc, _, err = cli(capsys, monkeypatch, "report", str(OPTIONAL), "--out", str(out), "--conclusion", "exempt(_)")
    assert rc == 0, err
    page = out.read_text()
    assert "exempt(pixel-vision)" in page and "monetised(pixel-vision)</" not in page
    rc, _, err = cli(capsys, monkeypatch, "solve", str(OPTIONAL), "--conclusion", "exempted(_)")
    assert rc == 2 and err.startswith("aiact-foss: --conclusion: ") and err.count("\n") == 1


def test_batch_sets_every_line_and_blames_set(capsys, monkeypatch, tmp_path):
    import yaml

    from aiact_foss.engine.results import dumps

    doc = yaml.safe_load(UNKNOWN.read_text())
    doc["components"][0]["training_compute_flop"] = 2e23
    lines = tmp_path / "in.jsonl"
    lines.write_text(json.dumps(doc) + "\n" + json.dumps(doc) + "\n")
    rc, out, err = cli(capsys, monkeypatch, "batch", str(lines), "--draft", "aia-2024",
                       "--set", "releases[0].paid_support=required")
    assert rc == 0, err
    want = _json(capsys, monkeypatch, "solve", str(UNKNOWN), "--draft", "aia-2024",
                 "--set", "releases[0].paid_support=required")
    body = dumps(want, compact=True)
    assert out.splitlines() == [f'{{"line":{n},' + body[1:] for n in (1, 2)]
    rc, out, _ = cli(capsys, monkeypatch, "batch", str(lines), "--draft", "aia-2024",
                     "--set", "releases[0].paid_support=requird")
    assert rc == 2 and json.loads(out.splitlines()[0])["error"].startswith("--set: releases[0].paid_support: ")
    rc, out, err = cli(capsys, monkeypatch, "batch", str(lines), "--set", "releases[0]paid_support=x")
    assert rc == 2 and out == "" and err.startswith("aiact-foss: --set: malformed path")
