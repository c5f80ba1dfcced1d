"""The law's words in the outputs: explain quotes each provision under its node with
its source, `provision LABEL` prints a provision, `solve --explain-words` gives each
conclusion's sentence, DOT tooltips cut with an ellipsis."""

from __future__ import annotations

import json
import re
from pathlib import Path

from clirun import cli

from aiact_foss.law import drafts

ROOT = Path(__file__).resolve().parents[1]
OPTIONAL = str(ROOT / "scenarios" / "examples" / "optional-support.yaml")
PYTHIA = str(ROOT / "scenarios" / "final-act" / "pythia-suite.yaml")


def _explain(capsys, monkeypatch, *extra: str) -> str:
    rc, out, err = cli(capsys, monkeypatch, "explain", OPTIONAL, "--draft", "aia-2024",
                       "--conclusion", "exempt(pixel-vision)", *extra)
    assert rc == 0, err
    return out


def test_explain_text_quotes_every_provision_once_with_its_source(capsys, monkeypatch):
    out = _explain(capsys, monkeypatch)
    graph = json.loads(_explain(capsys, monkeypatch, "--format", "json"))
    provs = {(n["provision"]["ref"], n["provision"]["url"]): n["provision"]["text"]
             for n in graph["nodes"] if n["kind"] == "rule"}
    flat = " ".join(out.split())
    for (_ref, url), text in provs.items():
        assert " ".join(text.split()) in flat.replace("\u201c", "").replace("\u201d", "")
        assert url in out
    # the first rule node quotes Art 2(12); a later node with the same provision points back
    first = re.search(r"^ *(n\d+) \[rule\] Art 2\(12\)", out, re.MULTILINE).group(1)
    assert f"(words quoted at {first})" in out


def test_brief_is_the_tree_without_the_words(capsys, monkeypatch):
    full = _explain(capsys, monkeypatch)
    brief = _explain(capsys, monkeypatch, "--brief")
    assert "eur-lex.europa.eu" in full and "eur-lex.europa.eu" not in brief
    node_lines = [line for line in full.splitlines() if re.match(r"^ *(defeated by )?n\d+ ", line)]
    assert brief.splitlines()[1:] == node_lines


def test_provision_prints_words_source_and_rules(capsys, monkeypatch):
    rc, out, err = cli(capsys, monkeypatch, "provision", "art2_5_fundamental_gpai_models")
    assert rc == 0, err
    p = drafts.provisions("ep-2023-03-23")["art2_5_fundamental_gpai_models"]
    assert out.startswith(f"art2_5_fundamental_gpai_models in ep-2023-03-23: {p.ref}\n")
    assert " ".join(p.text.split()) in " ".join(out.replace("\u201c", "").replace("\u201d", "").split())
    assert f"source: {p.url}" in out
    assert "logic/drafts/ep-2023-03-23/art2_5.lp:" in out
    assert "excluded_from_exemption(X) :- foundation_model(X)." in out
    # struck by the letter's amendment: not in letter-2023-04
    assert "letter-2023-04" not in out
    rc, out, err = cli(capsys, monkeypatch, "provision", "released_under_licence", "--draft", "letter-2023-04",
                       "--format", "json")
    doc = json.loads(out)
    assert [e["draft"] for e in doc["drafts"]] == ["letter-2023-04"]
    assert doc["drafts"][0]["quoted_from"] == "ep-2023-03-23" and doc["drafts"][0]["rules"]


def test_provision_unknown_label_is_one_line(capsys, monkeypatch):
    rc, out, err = cli(capsys, monkeypatch, "provision", "art2_5_fundamental")
    assert rc == 2 and out == ""
    assert err.count("\n") == 1 and "did you mean art2_5_fundamental_gpai_models" in err


def test_solve_explain_words_gives_the_sentences_of_explain(capsys, monkeypatch):
    rc, out, err = cli(capsys, monkeypatch, "solve", OPTIONAL, "--draft", "aia-2024", "--explain-words")
    assert rc == 0, err
    root = json.loads(_explain(capsys, monkeypatch, "--format", "json"))["nodes"][0]["label"]
    lines = out.splitlines()
    i = lines.index("    exempt(pixel-vision)")
    assert lines[i + 1] == "      " + root
    assert "  outcome 3, when monetisation_defeats_exemption=true and optional_paid_services_monetise=true:" in lines


def test_solve_json_is_the_same_with_explain_words(capsys, monkeypatch):
    _, a, _ = cli(capsys, monkeypatch, "solve", OPTIONAL, "--format", "json")
    _, b, _ = cli(capsys, monkeypatch, "solve", OPTIONAL, "--format", "json", "--explain-words")
    assert a == b


def test_dot_tooltips_end_with_an_ellipsis_when_cut(capsys, monkeypatch):
    from aiact_foss.explain.common import clip

    text = "word " * 400
    cut = clip(text, 900)
    assert len(cut) <= 900 and cut.endswith("\u2026") and not cut[:-1].endswith(" ")
    assert clip("short", 900) == "short"
    rc, out, err = cli(capsys, monkeypatch, "explain", OPTIONAL, "--draft", "aia-2024",
                       "--conclusion", "exempt(pixel-vision)", "--format", "dot")
    assert rc == 0, err
    tips = re.findall(r'tooltip="((?:[^"\\]|\\.)*)"', out)
    cut = [t for t in tips if t.endswith("\u2026")]
    assert cut and all(len(t) <= 900 for t in cut)
    texts = [n["provision"]["text"] for n in json.loads(_explain(capsys, monkeypatch, "--format", "json"))["nodes"]
             if n["kind"] == "rule"]
    assert len(cut) == sum(1 for t in texts if len(t) > 900)  # exactly the texts too long for a tooltip


def test_drafts_page_quotes_every_provision_of_every_draft():
    page = " ".join((ROOT / "docs" / "drafts.md").read_text(encoding="utf-8").replace("\n>", " ").split())
    for d in drafts.available():
        section = page.split(f"### The words of `{d}`", 1)[1].split("## `", 1)[0]
        for lab, p in drafts.provisions(d).items():
            if lab not in drafts.labels(d):
                continue
            if p.draft == d:
                assert " ".join(p.text.split()) in section and p.url in section, (d, lab)
            else:
                assert f"**`{lab}`**, {p.ref}: the words of `{p.draft}`" in section, (d, lab)
