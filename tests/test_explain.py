"""Explanation graphs: the evaluator agrees with clingo on every casebook witness and on
generated scenarios; every `always` conclusion of the casebook has a well-formed graph
(a DAG rooted at the conclusion, leaves only facts, questions, unknowns and absences,
rule nodes citing a provision); why-not graphs name the failing condition on
hand-picked cases; the command's exit codes follow outputs.md."""

from __future__ import annotations

import json
import sys
from collections import deque
from functools import cache
from pathlib import Path
from urllib.parse import urlparse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aiact_foss import explain as ex
from aiact_foss.engine import conclusions
from aiact_foss.explain.evaluate import Evaluator, Interpretation
from aiact_foss.explain.program import compile_draft
from aiact_foss.language.validate import load_scenario
from aiact_foss.law import drafts
from aiact_foss.testing import scenarios
from aiact_foss.testing.checking import find_files

ROOT = Path(__file__).resolve().parents[1]
CASEBOOK = [Path(p) for p in find_files([str(ROOT / "scenarios")])]
EXAMPLE = ROOT / "scenarios" / "examples" / "open-model-on-repository.yaml"
PYTHIA_LETTER = ROOT / "scenarios" / "drafts" / "pythia-open-letter-reading.yaml"
LEAVES = {"fact", "question", "unknown", "absence"}


@cache
def session(path: Path, draft: str) -> ex.Session:
    scn, _ = load_scenario(str(path))
    return ex.session(scn, draft)


def check_graph(g, *, roots: int | None = None) -> None:
    """The structural promises of outputs.md and of the brief."""
    ids = [n.id for n in g.nodes]
    assert ids == [f"n{k}" for k in range(1, len(ids) + 1)]
    parents = {i: [] for i in ids}
    kids = {i: [] for i in ids}
    for s, t, role in g.edges:
        assert role in ("supports", "defeats") and s in parents and t in parents and s != t
        parents[s].append(t)
        kids[t].append(s)
    # the roots come first; every node that supports nothing is a root (under --all one
    # conclusion may also support another, `foss` under `exempt`)
    sinks = [i for i in ids if not parents[i]]
    assert g.roots == ids[: len(g.roots)] and set(sinks) <= set(g.roots)
    if len(g.roots) == 1:
        assert sinks == g.roots
    if roots is not None:
        assert len(g.roots) == roots
    # acyclic (Kahn), and every node is reachable from a root
    indeg = {i: len(kids[i]) for i in ids}
    ready = deque(i for i in ids if not indeg[i])
    seen = 0
    while ready:
        v = ready.popleft()
        seen += 1
        for p in parents[v]:
            indeg[p] -= 1
            if not indeg[p]:
                ready.append(p)
    assert seen == len(ids), "the graph has a cycle"
    # breadth-first numbering: each node's first parent (the one that discovered it)
    # comes in non-decreasing order
    first = [min(int(p[1:]) for p in parents[i]) for i in ids[len(g.roots):]]
    assert first == sorted(first)
    assert all(f < int(i[1:]) for f, i in zip(first, ids[len(g.roots):]))
    for n in g.nodes:
        assert n.label.strip()
        if not kids[n.id]:
            assert n.kind in LEAVES or n.id in g.roots and not g.holds, (n.kind, n.label)
        if n.kind == "rule":
            p = n.data["provision"]
            assert p["text"].strip(), f"{g.draft}: label {n.label_id} has no provision text"
            url = urlparse(p["url"])
            # an official source, or the section of LIMITATIONS.md an encoding assumption cites
            assert (url.scheme == "https" and url.netloc) or (not url.scheme and url.path == "LIMITATIONS.md"), \
                f"{g.draft}: label {n.label_id}: bad URL {p['url']!r}"
            assert p["draft"] in drafts.available()
        if n.kind in ("fact", "unknown"):
            assert n.data["path"]
        if n.kind == "question":
            assert isinstance(n.data["value"], bool) and isinstance(n.data["pinned"], bool)


@pytest.mark.parametrize("path", CASEBOOK, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_always_conclusion_has_a_well_formed_graph(path):
    for d in drafts.available():
        s = session(path, d)
        for c in s.result.always:
            g = ex.explain(s, c)
            check_graph(g, roots=1)
            root = g.nodes[0]
            assert root.kind == "conclusion" and g.holds and g.conclusion == c
            assert any(n.kind == "rule" for n in g.nodes), f"{d}: {c} has no rule"


@pytest.mark.parametrize("path", CASEBOOK, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_evaluator_derives_exactly_what_clingo_derives(path):
    """On a stable model, the heads of the rule instances whose body holds are exactly
    its derived atoms: the matcher misses no construct and invents nothing."""
    for d in drafts.available():
        s = session(path, d)
        for k in range(1, len(s.result.outcomes) + 1):
            atoms = s.builder(k).interp.atoms
            _assert_consequences(d, atoms)


def _assert_consequences(draft: str, atoms) -> None:
    program = compile_draft(draft)
    derived = {a for a in atoms if (a.name, len(a.arguments)) in program.by_head}
    got = Evaluator(program, Interpretation(atoms)).consequences()
    assert got == derived, (sorted(map(str, got - derived))[:5], sorted(map(str, derived - got))[:5])


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scn=scenarios(max_components=3), draft=st.sampled_from(list(drafts.available())))
def test_generated_scenarios_explain_every_conclusion(scn, draft):
    s = ex.session(scn, draft)
    if not s.result.outcomes:
        return  # inconsistent: nothing to explain
    _assert_consequences(draft, s.builder(1).interp.atoms)
    g = ex.explain(s, None)
    check_graph(g, roots=len(s.result.outcomes[0].conclusions))
    for c in s.result.sometimes[:3]:  # why-not where some outcome lacks it
        check_graph(ex.explain(s, c, why_not=True), roots=1)


# -- why-not on hand-picked cases -----------------------------------------------------------
def _why_not(path: Path, draft: str, text: str):
    g = ex.explain(session(path, draft), conclusions.parse(text), why_not=True)
    check_graph(g, roots=1)
    assert not g.holds and g.nodes[0].kind == "conclusion"
    return g


def _sources(g, node_id: str, role: str | None = None) -> list:
    return [g.node(s) for s, t, r in g.edges if t == node_id and (role is None or r == role)]


def test_why_not_names_the_struck_clause_of_the_march_text():
    g = _why_not(PYTHIA_LETTER, "ep-2023-03-23", "exempt(pythia-12b)")
    (rule,) = _sources(g, "n1")
    assert rule.kind == "rule" and not rule.applies and rule.label_id == "art2_5"
    (defeater,) = _sources(g, rule.id, "defeats")
    assert defeater.kind == "conclusion" and "excluded" in defeater.label
    assert [n.label_id for n in _sources(g, defeater.id)] == ["art2_5_fundamental_gpai_models"]
    assert _sources(g, defeater.id)[0].data["provision"]["ref"] == "Art 2(5), last sentence"


def test_why_not_names_the_failing_fact():
    # Art 2(12) reaches AI systems only: the model's kind is the failing condition
    g = _why_not(EXAMPLE, "aia-2024", "exempt(lab-7b)")
    facts = {n.data["path"]: n.data["value"] for n in g.nodes if n.kind == "fact"}
    assert facts == {"components[0].kind": "model"}


def test_why_not_shows_the_failed_comparison_and_its_fact():
    g = _why_not(EXAMPLE, "aia-2024", "systemic_risk(lab-7b)")
    (cmp,) = [n for n in g.nodes if n.kind == "absence" and "84000 > 10000000" in n.label]
    (fact,) = _sources(g, cmp.id)
    assert fact.kind == "fact" and fact.data["path"] == "components[0].training_compute_flop"
    stated = {n.data["path"]: n.data["value"] for n in g.nodes if n.kind == "fact"}
    assert stated["components[0].high_impact_capabilities"] is False
    assert stated["components[0].designated_systemic_risk"] is False


def test_why_not_shows_the_defeating_exception():
    g = _why_not(EXAMPLE, "aia-2024", "obligation(lab, lab-7b, technical_documentation)")
    (rule,) = _sources(g, "n1")
    assert rule.label_id == "art53_1_a"
    (defeater,) = _sources(g, rule.id, "defeats")
    assert [n.label_id for n in _sources(g, defeater.id)] == ["art53_2"]


def test_a_question_that_decides_the_outcome_is_a_node():
    g = ex.explain(session(PYTHIA_LETTER, "ep-2023-03-23"), conclusions.parse("registrations(eleutherai, 2464)"))
    check_graph(g, roots=1)
    questions = {n.data["question"]: (n.data["value"], n.data["pinned"]) for n in g.nodes if n.kind == "question"}
    assert questions["checkpoints_register_separately"] == (True, True)
    assert questions["open_release_is_placing_on_market"] == (True, True)


def test_unknown_fields_become_unknown_nodes_with_the_completion_chosen():
    scn, _ = load_scenario(str(EXAMPLE))
    scn = scn.model_copy(update={"components": [scn.components[0].model_copy(update={"general_purpose": "unknown"})]})
    s = ex.session(scn, "aia-2024")
    c = conclusions.parse("gpai_model(lab-7b)")
    g = ex.explain(s, c)
    unknown = [n for n in g.nodes if n.kind == "unknown"]
    assert [(n.data["path"], n.data["value"]) for n in unknown] == [("components[0].general_purpose", True)]
    g = ex.explain(s, c, why_not=True)
    assert [(n.data["path"], n.data["value"]) for n in g.nodes if n.kind == "unknown"] == \
        [("components[0].general_purpose", False)]
    assert g.outcome != ex.explain(s, c).outcome


# -- the command ------------------------------------------------------------------------------
def cli(capsys, monkeypatch, *args: str) -> tuple[int, str, str]:
    from aiact_foss.cli import application as climod

    monkeypatch.setattr(sys, "argv", ["aiact-foss", *args])
    with pytest.raises(SystemExit) as e:
        climod.main()
    out, err = capsys.readouterr()
    return e.value.code, out, err


@pytest.mark.parametrize("args, code", [
    (("--conclusion", "exempt(lab-7b)"), 1),  # holds in no outcome
    (("--conclusion", "obligation(lab, lab-7b, copyright_policy)", "--why-not"), 1),  # holds in every one
    (("--conclusion", "exempt(lab-7b"), 2),  # malformed
    (("--conclusion", "exempted(lab-7b)"), 2),  # unknown predicate
    (("--conclusion", "exempt(lab, lab-7b)"), 2),  # wrong arity
    (("--conclusion", "obligation(lab, lab-7b, copyright_policy)", "--outcome", "2"), 2),  # out of range
    (("--all", "--why-not"), 2),
    ((), 2),  # neither --conclusion nor --all
    (("--conclusion", "obligation(lab, lab-7b, copyright_policy)", "--format", "svg"), 2),
])
def test_exit_codes(capsys, monkeypatch, args, code):
    rc, out, err = cli(capsys, monkeypatch, "explain", str(EXAMPLE), "--draft", "aia-2024", *args)
    assert rc == code, err
    assert out == "" and len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize("draft", ["all", "aia-2024,ep-2023-06-14", "aia-2023"])
def test_explain_needs_exactly_one_known_draft(capsys, monkeypatch, draft):
    rc, out, err = cli(capsys, monkeypatch, "explain", str(EXAMPLE), "--draft", draft, "--all")
    assert rc == 2 and out == ""


def test_explain_json_is_byte_identical_and_follows_the_contract(capsys, monkeypatch):
    args = ("explain", str(PYTHIA_LETTER), "--draft", "letter-2023-04", "--conclusion", "exempt(pythia-12b)", "--format", "json")
    rc, a, _ = cli(capsys, monkeypatch, *args)
    session.cache_clear()
    rc2, b, _ = cli(capsys, monkeypatch, *args)
    assert rc == rc2 == 0 and a == b
    doc = json.loads(a)
    assert doc["format"] == "aiact-foss/explanation/v1" and doc["holds"] is True and doc["outcome"] == 1
    assert doc["conclusion"] == {"predicate": "exempt", "args": ["pythia-12b"]}
    assert doc["nodes"][0]["id"] == "n1" and doc["nodes"][0]["kind"] == "conclusion"


def test_all_draws_one_root_per_conclusion_and_text_is_a_tree(capsys, monkeypatch):
    rc, out, _ = cli(capsys, monkeypatch, "explain", str(EXAMPLE), "--draft", "aia-2024", "--all", "--format", "json")
    doc = json.loads(out)
    n = len(session(EXAMPLE, "aia-2024").result.outcomes[0].conclusions)
    assert rc == 0 and doc["conclusion"] is None
    roots = [x for x in doc["nodes"][:n]]
    assert all(x["kind"] == "conclusion" for x in roots)
    labels = {x["label"] for x in roots}
    assert len(labels) == n  # one root per conclusion of the outcome
    rc, out, _ = cli(capsys, monkeypatch, "explain", str(EXAMPLE), "--draft", "aia-2024",
                     "--conclusion", "obligation(lab, lab-7b, copyright_policy)")
    lines = out.splitlines()
    assert rc == 0 and lines[1].startswith("n1 [conclusion] lab must put in place a copyright policy")
    assert all(line.startswith("  ") for line in lines[2:])
