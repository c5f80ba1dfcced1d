"""aiact_foss.testing (strategies and result helpers), aiact_foss.testing.properties (property
files and built-ins) and the `fuzz` command."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from aiact_foss import api
from aiact_foss.cli.commands.fuzz import find_violation
from aiact_foss.explore.scenario_yaml import dumps
from aiact_foss.language.loading import parse_document
from aiact_foss.language.validate import from_document
from aiact_foss.law import drafts
from aiact_foss.testing import properties, results, scenarios, validated

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"


def _cli(*args, cwd=None):
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run([sys.executable, "-m", "aiact_foss", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, timeout=600)


# --------------------------------------------------------------------------- strategies


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_generated_scenarios_are_valid_and_survive_yaml(scn):
    # validated() re-runs the loader's checks; the YAML we write reads back identically
    for flow in (False, True):
        text = dumps(scn, flow_items=flow)
        assert from_document(parse_document(text.encode("utf-8"), "x.yaml", as_json=False)) == scn, text
    ids = [a.id for a in scn.actors] + [c.id for c in scn.components]
    assert all(0 < len(i) <= 200 and "\x00" not in i for i in ids)
    for c in scn.components:
        if c.kind != "ai_system":
            assert c.integrates == [] and c.provider is None


def test_generation_reaches_every_kind_hostile_ids_unknowns_and_integrations():
    seen = set()

    @settings(max_examples=300, database=None, derandomize=True)
    @given(scenarios())
    def collect(scn):
        for c in scn.components:
            seen.add(c.kind)
            if c.integrates:
                seen.add("integrates")
            if not c.id.isalnum():
                seen.add("hostile id")
            if "unknown" in (c.general_purpose, c.risk, c.placed_on_market_in_eu):
                seen.add("unknown")
        if scn.licences:
            seen.add("custom licence")

    collect()
    assert {"model", "dataset", "software", "ai_system", "integrates", "hostile id", "unknown",
            "custom licence"} <= seen


def test_shrinking_goes_to_small_readable_scenarios():
    scn = find(scenarios(), lambda s: any(r.channel == "paid_download" for r in s.releases),
               settings=settings(database=None, derandomize=True, max_examples=500))
    assert len(scn.components) == 1 and len(scn.releases) == 1 and len(scn.actors) == 1
    assert [a.id for a in scn.actors] == ["a1"] and scn.licences == [] and scn.assume == {}
    text = dumps(scn)
    assert "unknown" not in text and len(text.splitlines()) < 15


@settings(max_examples=40)
@given(scenarios(kinds=("ai_system",), allow_unknowns=False, fixed={"release.channel": "api", "component.risk": "high"}))
def test_kinds_fixed_and_no_unknowns_are_honoured(scn):
    assert all(c.kind == "ai_system" and c.risk == "high" for c in scn.components)
    assert all(r.channel == "api" for r in scn.releases)
    assert "unknown" not in dumps(scn)


def test_bad_strategy_arguments_are_refused():
    with pytest.raises(ValueError):
        scenarios(kinds=("robot",))
    with pytest.raises(ValueError):
        scenarios(fixed={"component.colour": "red"})
    with pytest.raises(ValueError):
        scenarios(min_components=3, max_components=2)


@settings(max_examples=25)
@given(scenarios(max_components=2, max_actors=2, max_licences=1), st.sampled_from(drafts.available()))
def test_results_agree_with_solve(scn, draft):
    r = results(scn, draft)
    (full,) = api.solve_results(scn, [draft], max_outcomes=10_000)
    assert r.status == full.status
    assert r.always == frozenset(full.always) and r.sometimes == frozenset(full.sometimes)
    assert r.outcomes == frozenset(frozenset(o.conclusions) for o in full.outcomes)


def test_results_helpers_read_conclusions():
    scn = validated({"scenario": 1, "name": "lab", "actors": [{"id": "lab", "type": "research_organisation"}],
                     "components": [{"id": 'x"7b', "kind": "model", "developer": "lab", "general_purpose": True}],
                     "releases": [{"component": 'x"7b', "by": "lab", "channel": "api"}]})
    r = results(scn, "aia-2024")
    assert r.holds('gpai_model("x\\"7b")') and r.can_hold('gpai_model("x\\"7b")')
    assert {c.args[2] for c in r.matching("obligation(lab, _, _)")} >= {"copyright_policy"}


# --------------------------------------------------------------------------- properties


def test_property_file_is_read_and_checked(tmp_path):
    f = tmp_path / "p.lp"
    f.write_text('% duty\n:- possible("aia-2024", obligation(A, X, technical_documentation)),\n'
                 '   not holds("aia-2024", exempt(X)).\n')
    p = properties.load(str(f))
    assert p.drafts == ("aia-2024",) and len(p.constraints) == 1
    assert p.constraints[0].where.endswith("p.lp:2")
    lab = validated({"scenario": 1, "name": "x", "actors": [{"id": "a", "type": "large_enterprise"}],
                     "components": [{"id": "m", "kind": "model", "developer": "a", "general_purpose": True}],
                     "releases": [{"component": "m", "by": "a", "channel": "api"}]})
    assert properties.violated(p, lab) == list(p.constraints)
    quiet = validated({"scenario": 1, "name": "x", "actors": [{"id": "a", "type": "large_enterprise"}],
                       "components": [{"id": "m", "kind": "dataset", "developer": "a"}]})
    assert properties.violated(p, quiet) == []


@pytest.mark.parametrize("text, problem", [
    (':- holds(aia, exempt(X)).', "unknown draft"),
    (':- hold("aia-2024", exempt(X)).', "unknown predicate hold/2"),
    (':- holds("aia-2024", exmpt(X)).', "unknown conclusion predicate"),
    (':- holds("aia-2024", exempt(X, Y)).', "takes 1 argument"),
    ('{ a }.', "f.lp:1: choice rule is outside the property language"),
    ('#script (python) x = 1 #end.', "f.lp:1: #script is outside the property language"),
    ('holds("aia-2024", exempt("x")).', "may not define holds"),
    ('a :- b.', "no integrity constraint"),
    (':- holds("aia-2024" exempt(X)).', "not valid ASP: f.lp:1:"),
    ('\n:- not possible("aia-2024", exempt(X)).', "f.lp:2: unsafe variables ('X' is unsafe)"),
])
def test_bad_properties_are_named(text, problem):
    with pytest.raises(properties.BadProperty) as e:
        properties.parse(text, "f.lp")
    assert problem in str(e.value) and "\n" not in str(e.value)


def test_builtins():
    assert properties.load("consistent").drafts == drafts.available()
    m = properties.load('monotone:ep-2023-03-23,letter-2023-04,obligation("a \\"b", _, copyright_policy)')
    assert m.drafts == ("ep-2023-03-23", "letter-2023-04")
    # the id goes in as a string symbol, quotes and all
    assert 'obligation("a \\"b",W1,copyright_policy)' in str(m.statements()[0])
    for bad in ("monotone:x,y,exempt", "monotone:aia-2024,exempt", "monotone:aia-2024,aia-2024,foo(x)"):
        with pytest.raises(properties.BadProperty):
            properties.load(bad)
    inconsistent = validated({"scenario": 1, "name": "x", "actors": [{"id": "a", "type": "large_enterprise"}],
                              "components": [{"id": "m", "kind": "model", "developer": "a"}],
                              "releases": [{"component": "m", "by": "a", "channel": "paid_download", "price": False}]})
    assert properties.violated(properties.load("consistent"), inconsistent)
    assert properties.violated(properties.load("determinate"), inconsistent)


def test_find_violation_is_deterministic_and_shrinks(tmp_path):
    f = tmp_path / "p.lp"
    f.write_text(':- possible("aia-2024", gpai_model(X)).\n')
    p = properties.load(str(f))
    one = find_violation(p, examples=100, seed=3)
    two = find_violation(p, examples=100, seed=3)
    assert one is not None and one[0] == two[0]
    scn, constraint = one
    assert len(scn.components) == 1 and scn.components[0].general_purpose is True
    assert properties.violated(p, scn) == [constraint]
    assert find_violation(properties.load("monotone:ep-2023-03-23,letter-2023-04,exempt"), examples=30) is None


# --------------------------------------------------------------------------- fuzz command


def test_fuzz_prints_a_shrunk_runnable_counterexample(tmp_path):
    f = tmp_path / "nodoc.lp"
    f.write_text(':- possible("aia-2024", obligation(A, X, technical_documentation)).\n')
    run = _cli("fuzz", "--property", str(f), "--examples", "200", cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    assert run.stderr.strip() == f"violated: {f}:1: :- possible(\"aia-2024\", obligation(A, X, technical_documentation))."
    witness = tmp_path / "w.yaml"
    witness.write_text(run.stdout)
    solved = _cli("solve", str(witness), "--draft", "aia-2024", "--format", "json")
    assert solved.returncode == 0 and '"technical_documentation"' in solved.stdout
    again = _cli("fuzz", "--property", str(f), "--examples", "200", cwd=tmp_path)
    assert again.stdout == run.stdout  # same P, N, S, K: same output
    assert not (tmp_path / ".hypothesis").exists()


def test_fuzz_without_a_violation_and_with_bad_input(tmp_path):
    ok = _cli("fuzz", "--property", "monotone:ep-2023-03-23,letter-2023-04,exempt", "--examples", "20",
              "--max-components", "2")
    assert ok.returncode == 0 and ok.stdout == ""
    for args in (["--property", "nonsense"], ["--property", "monotone:aia-2024,x,exempt"],
                 ["--property", "consistent", "--examples", "0"]):
        bad = _cli("fuzz", *args)
        assert bad.returncode == 2 and bad.stdout == "" and "Traceback" not in bad.stderr
        assert len(bad.stderr.strip().splitlines()) == 1


def test_the_documented_example_test_runs():
    text = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0] for b in text.split("```python\n")[1:]]
    example = next(b for b in blocks if "def test_" in b)
    namespace: dict = {}
    exec(compile(example, "docs/testing.md", "exec"), namespace)
    tests = [f for name, f in namespace.items() if name.startswith("test_")]
    assert tests
    for t in tests:
        t()
