"""`diff`: pairs in draft-table order, standings that really differ, and the provisions
responsible; under the open letter's reading of Pythia, the March text and the letter's
version differ by the struck clause and nothing else."""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path

import pytest

from aiact_foss import api
from aiact_foss.engine.conclusions import Conclusion
from aiact_foss.engine.diffing import diff, lacks
from aiact_foss.language.validate import load_scenario
from aiact_foss.law import drafts

ROOT = Path(__file__).resolve().parents[1]
PYTHIA_LETTER = ROOT / "scenarios" / "drafts" / "pythia-open-letter-reading.yaml"
PYTHIA = ROOT / "scenarios" / "final-act" / "pythia-suite.yaml"
STRUCK = {"draft": "ep-2023-03-23", "label": "art2_5_fundamental_gpai_models", "ref": "Art 2(5), last sentence",
          "role": "defeats"}


@cache
def scenario(path: Path):
    return load_scenario(str(path))[0]


@cache
def pythia_diff(path: Path, ids: tuple[str, ...]) -> dict:
    return diff(scenario(path), list(ids))


def _conclusion(d: dict) -> Conclusion:
    return Conclusion(d["predicate"], tuple(d["args"]))


@pytest.mark.parametrize("path", [PYTHIA_LETTER, PYTHIA], ids=["open-letter-reading", "pythia-suite"])
def test_the_march_text_and_the_letter_differ_by_the_struck_clause(path):
    doc = pythia_diff(path, ("letter-2023-04", "ep-2023-03-23"))
    (pair,) = doc["pairs"]
    assert (pair["a"], pair["b"]) == ("ep-2023-03-23", "letter-2023-04")  # table order, whatever was given
    exempt = {_conclusion(d["conclusion"]): d for d in pair["differences"] if d["conclusion"]["predicate"] == "exempt"}
    assert Conclusion("exempt", ("pythia-12b",)) in exempt
    for d in exempt.values():
        assert d["a"] in ("never", "sometimes") and d["b"] in ("always", "sometimes") and d["a"] != d["b"]
        assert d["provisions"] == [STRUCK]
    # every difference between the two goes back to the struck clause: it defeats what
    # the letter's version concludes, and supports what the March text concludes
    for d in pair["differences"]:
        role = "supports" if d["a"] == "always" or d["b"] == "never" else "defeats"
        assert d["provisions"] == [dict(STRUCK, role=role)], d


def test_standings_differ_and_provisions_exist_in_their_draft():
    ids = ("ep-2023-03-23", "letter-2023-04", "ep-2023-06-14", "aia-2024")
    doc = pythia_diff(PYTHIA, ids)
    assert [(p["a"], p["b"]) for p in doc["pairs"]] == [(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]]
    results = {r.draft: r for r in api.solve_results(scenario(PYTHIA), list(ids))}

    def standing(d, c):
        r = results[d]
        return "always" if c in r.always else "sometimes" if c in r.sometimes else "never"

    found = 0
    for p in doc["pairs"]:
        cs = [_conclusion(d["conclusion"]) for d in p["differences"]]
        assert cs == sorted(cs, key=Conclusion.sort_key)
        for d, c in zip(p["differences"], cs):
            assert d["a"] == standing(p["a"], c) and d["b"] == standing(p["b"], c) and d["a"] != d["b"]
            assert d["provisions"], c
            for prov in d["provisions"]:
                assert prov["role"] in ("supports", "defeats") and prov["ref"]
                holder = [x for x in (p["a"], p["b"]) if prov["label"] in drafts.labels(x)]
                assert holder, prov
            found += 1
        # and nothing that differs is missing
        union = {c for x in (p["a"], p["b"]) for c in list(results[x].always) + list(results[x].sometimes)}
        assert {c for c in union if standing(p["a"], c) != standing(p["b"], c)} == set(cs)
    assert found


def test_a_label_the_other_draft_lacks_or_strikes():
    assert lacks("letter-2023-04", "ep-2023-03-23", "art2_5_fundamental_gpai_models")
    assert not lacks("letter-2023-04", "ep-2023-03-23", "art2_5")
    assert lacks("commission-2021", "aia-2024", "art53_2")


def test_identical_drafts_or_one_draft_have_no_difference():
    doc = diff(scenario(PYTHIA), ["ep-2023-03-23", "ep-2023-03-23"])
    assert doc["pairs"] == []
    doc = diff(scenario(ROOT / "scenarios/examples/open-model-on-repository.yaml"), ["commission-2021", "council-2022"])
    assert doc["pairs"] == [{"a": "commission-2021", "b": "council-2022", "differences": []}]


def cli(capsys, monkeypatch, *args):
    from aiact_foss.cli import application as climod

    monkeypatch.setattr(sys, "argv", ["aiact-foss", *args])
    with pytest.raises(SystemExit) as e:
        climod.main()
    return (e.value.code, *capsys.readouterr())


def test_the_command(capsys, monkeypatch):
    args = ("diff", str(PYTHIA_LETTER), "--drafts", "ep-2023-03-23,letter-2023-04", "--format", "json")
    rc, out, _ = cli(capsys, monkeypatch, *args)
    rc2, out2, _ = cli(capsys, monkeypatch, *args)
    assert rc == rc2 == 0 and out == out2
    assert json.loads(out)["scenario"] == scenario(PYTHIA_LETTER).name
    rc, out, _ = cli(capsys, monkeypatch, "diff", str(PYTHIA_LETTER), "--drafts", "ep-2023-03-23,letter-2023-04")
    assert rc == 0 and "Art 2(5), last sentence" in out
    rc, out, err = cli(capsys, monkeypatch, "diff", str(PYTHIA_LETTER), "--drafts", "ep-2023-03-23,nope")
    assert rc == 2 and out == "" and "nope" in err


def _models(k: int, tmp_path: Path):
    """k copies of one open model (one released with donations, which raises an open
    question under the Parliament's texts): k times the differences, the same outcomes."""
    comps, releases = [], []
    for i in range(k):
        comps.append({"id": f"m{i}", "kind": "model", "developer": "lab", "licence": "Apache-2.0",
                      "general_purpose": True, "trained_on_broad_data_at_scale": True, "generative": True,
                      "training_compute_flop": 8.4e22, "weights_public": True, "architecture_public": True,
                      "usage_info_public": True})
        releases.append({"component": f"m{i}", "by": "lab", "channel": "open_repository", "donations": True})
    path = tmp_path / f"models-{k}.json"
    path.write_text(json.dumps({"scenario": 1, "name": f"{k} models", "components": comps, "releases": releases,
                                "actors": [{"id": "lab", "type": "non_profit", "established_in_eu": True}]}))
    return load_scenario(str(path))[0]


def test_diff_grounds_once_per_draft_whatever_the_number_of_differences(monkeypatch, tmp_path):
    """diff costs about what solving both drafts costs (docs/outputs.md, `diff`): one
    Control per draft (the one that solves it serves every witness), one graph builder
    per outcome drawn from, and no graph numbered per difference. It failed when each
    witness was ground afresh and each difference had its graph built and copied."""
    from aiact_foss.engine import bounds
    from aiact_foss.explain import graph, nodes

    counts: dict[str, int] = {}

    def counting(module, name):
        real = getattr(module, name)

        def wrapper(*args, **kwargs):
            counts[name] = counts.get(name, 0) + 1
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    counting(bounds, "control")
    counting(graph, "Builder")
    counting(nodes, "finish")
    ids = ["ep-2023-06-14", "aia-2024"]
    seen = []
    for k in (1, 4):
        counts.clear()
        [pair] = diff(_models(k, tmp_path), ids)["pairs"]
        seen.append((len(pair["differences"]), dict(counts)))
    (few, small), (many, large) = seen
    assert many > 3 * few > 0  # per model, but for those of the one actor
    assert small["control"] == large["control"] == len(ids)
    assert small["Builder"] == large["Builder"] >= 2
    assert "finish" not in large
