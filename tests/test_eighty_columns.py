"""At 80 columns (COLUMNS=80) the main commands keep every identifier whole: a table
wraps at spaces only or becomes a list; `drafts` lists one label a line; `diff` groups."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from clirun import cli

from aiact_foss.law import drafts

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = [ROOT / "scenarios" / p for p in (
    "examples/open-model-on-repository.yaml", "examples/optional-support.yaml", "examples/unknown-monetisation.yaml",
    "final-act/pythia-suite.yaml", "final-act/llama-2-70b.yaml", "drafts/value-chain.yaml")]
TOKEN = re.compile(r"[A-Za-z0-9_.\-]+")
# the words the solve renderer writes around the identifiers
FRAME = {"outcome", "conclusions", "when", "always", "pinned", "or", "and", "nothing", "else", "none", "of", "these", "every", "reading",
         "more", "outcomes", "in", "the", "facts", "contradict", "each", "other", "no", "only", "matching"}


def _strings(value) -> set[str]:
    if isinstance(value, dict):
        return set().union(*(_strings(v) | {k} for k, v in value.items())) if value else set()
    if isinstance(value, list):
        return set().union(*(_strings(v) for v in value)) if value else set()
    return {json.dumps(value) if not isinstance(value, str) else value}


@pytest.fixture
def narrow(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_solve_never_splits_an_identifier(capsys, monkeypatch, narrow, path):
    rc, text, err = cli(capsys, monkeypatch, "solve", str(path))
    assert rc == 0, err
    rc, js, _ = cli(capsys, monkeypatch, "solve", str(path), "--format", "json")
    doc = json.loads(js)
    vocab = FRAME | set(drafts.available()) | {"determinate", "ambiguous", "inconsistent"}
    for s in _strings(doc["results"]):
        vocab |= set(TOKEN.findall(s)) | {s}
    body = text.splitlines()[1:]  # the first line is the scenario's name
    assert all(len(line) <= 80 or "┃" not in line and "│" not in line for line in body)
    for line in body:
        for tok in TOKEN.findall(line):
            assert tok in vocab or tok.isdigit(), f"{path.name}: {tok!r} is a piece of an identifier in {line!r}"


def test_diff_groups_by_conclusion_and_pair_with_counts(capsys, monkeypatch, narrow):
    path = str(ROOT / "scenarios" / "final-act" / "pythia-suite.yaml")
    args = ("diff", path, "--drafts", "ep-2023-03-23,letter-2023-04", "--reading", "open-letter-2023")
    _, text, _ = cli(capsys, monkeypatch, *args)
    _, js, _ = cli(capsys, monkeypatch, *args, "--format", "json")
    _, detail, _ = cli(capsys, monkeypatch, *args, "--detail")
    diffs = json.loads(js)["pairs"][0]["differences"]
    heads = re.findall(r"^  (\d+) x (\w+)\(", text, re.MULTILINE)
    assert sum(int(n) for n, _ in heads) == len(diffs) == 129
    assert len(heads) < 10 and ("16", "exempt") in heads
    shown = {c for line in text.splitlines() if line.startswith("      ") for c in line.strip().split("  ")}
    assert shown == {_c(d) for d in diffs}
    assert all(len(line) <= 80 for line in text.splitlines() if line.startswith("      "))
    assert [line for line in detail.splitlines() if line.startswith("  ") and not line.startswith("    ")] == \
        [f"  {_c(d)}: {d['a']} in ep-2023-03-23, {d['b']} in letter-2023-04" for d in diffs]


def _c(d: dict) -> str:
    from aiact_foss.engine.conclusions import Conclusion

    return str(Conclusion(d["conclusion"]["predicate"], tuple(d["conclusion"]["args"])))


def test_drafts_lists_one_label_a_line(capsys, monkeypatch, narrow):
    rc, text, err = cli(capsys, monkeypatch, "drafts")
    assert rc == 0, err
    lines = text.splitlines()
    for d in drafts.available():
        for lab in drafts.labels(d):
            assert any(line.startswith(f"    {lab}: ") or line == f"    {lab}" for line in lines), lab
    # a longer line is one that carries a URL, which is never split
    assert all(len(line) <= 80 or "https://" in line for line in lines)


def test_explain_quotes_fit_and_keep_urls_whole(capsys, monkeypatch, narrow):
    path = str(ROOT / "scenarios" / "examples" / "optional-support.yaml")
    args = ("explain", path, "--draft", "aia-2024", "--conclusion", "exempt(pixel-vision)")
    _, text, _ = cli(capsys, monkeypatch, *args)
    _, js, _ = cli(capsys, monkeypatch, *args, "--format", "json")
    for n in json.loads(js)["nodes"]:
        if n["kind"] == "rule":
            assert n["provision"]["url"] in text.splitlines() or \
                any(line.strip() == n["provision"]["url"] for line in text.splitlines())
    quotes = [line for line in text.splitlines() if line.lstrip().startswith(("\u201c", " "))]
    assert quotes and all(len(line) <= 80 or " " not in line.strip() for line in quotes)
