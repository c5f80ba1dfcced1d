"""Property files as a closed language (issue: `#include` honoured, an @-term passing
vacuously, a NUL byte truncating, an unbounded helper hanging, no `fuzz --timeout`),
properties over the scenario's facts, and fuzz's minimal witness; docs/testing.md's
fuzz session run exactly as written."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from aiact_foss.cli.commands.fuzz import find_violation
from aiact_foss.law import drafts
from aiact_foss.testing import properties, shrinking, validated

ROOT = Path(__file__).resolve().parents[1]


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "aiact_foss", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=600, check=False)


def _refused(tmp_path: Path, name: str, content: bytes) -> str:
    (tmp_path / name).write_bytes(content)
    run = _cli("fuzz", "--property", name, "--examples", "5", cwd=tmp_path)
    assert run.returncode == 2 and run.stdout == "" and "Traceback" not in run.stderr, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1
    return lines[0]


def test_include_is_refused_before_clingo_reads_the_file(tmp_path):
    # before: the file was included, and whether /etc/passwd exists could be read off
    # the error; an included ASP file ran as part of the property
    (tmp_path / "other.lp").write_text(':- holds(D, foss(X)).\n')
    for target in ("/etc/passwd", "other.lp", "/no/such/file"):
        line = _refused(tmp_path, "p.lp", f'#include "{target}".\n:- holds(D, exempt(X)).\n'.encode())
        assert line == ('aiact-foss: p.lp:1: #include is outside the property language (docs/testing.md, '
                        '"Property files") (refused even in a comment)')


def test_an_at_term_is_refused_instead_of_passing_vacuously(tmp_path):
    line = _refused(tmp_path, "p.lp", b':- holds(D, foss(X)), X = @id(X).\n')
    assert line.endswith('p.lp:1: @-term is outside the property language (docs/testing.md, "Property files")')
    line = _refused(tmp_path, "q.lp", b'ok(X) :- holds(D, foss(X)).\n\n:- ok(@f).\n')
    assert "q.lp:3: @-term" in line


def test_a_nul_byte_is_refused_instead_of_truncating(tmp_path):
    # before: clingo read up to the NUL and the second constraint silently vanished
    line = _refused(tmp_path, "p.lp", b':- holds(D, exempt(X)).\n\x00\n:- possible(D, foss(X)).\n')
    assert line.endswith("p.lp:2: a NUL byte (U+0000) is outside the property language "
                         '(docs/testing.md, "Property files")')


@pytest.mark.parametrize("helper, problem", [
    ("n(X + 1) :- n(X).", "p.lp:2: arithmetic is outside the property language"),
    ("n(f(X)) :- n(X).", "p.lp:2: the head term f(X) builds a new term"),
    ("n(N) :- N = #count { X : n(X) }.", "p.lp:2: the head variable N is bound by no positive atom"),
    ("n(Y) :- n(X), Y = X.", "p.lp:2: the head variable Y is bound by no positive atom"),
])
def test_an_unbounded_helper_is_refused_instead_of_hanging(helper, problem):
    text = f':- n(X), holds(D, foss(X)).\n{helper}\nn(X) :- holds(D, exempt(X)).\n'
    with pytest.raises(properties.BadProperty) as e:
        properties.parse(text, "p.lp")
    assert str(e.value).startswith(problem)


def test_a_bounded_helper_is_fine():
    p = properties.parse(':- n(X), holds(D, foss(X)).\nn(X) :- m(X, _).\nm(X, Y) :- holds(D, exempt(X)), '
                         'possible(D, foss(Y)).\n', "p.lp")
    assert len(p.rules) == 2


def test_fuzz_timeout_is_validated_and_bounds_the_search(tmp_path):
    (tmp_path / "p.lp").write_text(':- licence(X, "CC-BY-NC-4.0"), holds(D, foss(X)).\n')
    for bad in ("0", "-1", "inf", "nan", "1e300"):
        run = _cli("fuzz", "--property", "p.lp", "--timeout", bad, cwd=tmp_path)
        assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1, (bad, run.stderr)
        assert "--timeout" in run.stderr
    run = _cli("fuzz", "--property", "p.lp", "--examples", "100000", "--timeout", "2", cwd=tmp_path)
    assert run.returncode == 3 and run.stdout == ""
    # Between examples (the usual case) or, on a loaded machine, by the watchdog inside one.
    assert re.fullmatch(r"fuzz: stopped at the time bound \(--timeout 2\) (after \d+ example\(s\): "
                        r"no counterexample so far|inside one evaluation of the property) \(incomplete\)\n",
                        run.stderr), run.stderr


def test_fuzz_memory_bound_is_validated_and_ends_the_search(tmp_path):
    (tmp_path / "p.lp").write_text(':- licence(X, "CC-BY-NC-4.0"), holds(D, foss(X)).\n')
    run = _cli("fuzz", "--property", "p.lp", "--max-memory", "8", cwd=tmp_path)
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "--max-memory" in run.stderr
    # any Python process with clingo loaded holds more than 16 MB: the bound is reached at once
    run = _cli("fuzz", "--property", "p.lp", "--examples", "100000", "--max-memory", "16", cwd=tmp_path)
    assert run.returncode == 3 and run.stdout == ""
    assert re.fullmatch(r"fuzz: stopped at the memory bound \(--max-memory 16\) after \d+ example\(s\) "
                        r"\(incomplete\)\n", run.stderr), run.stderr


# --------------------------------------------------------------------------- facts


def _scenario(licence: str, kind: str = "model") -> object:
    return validated({"scenario": 1, "name": "x", "actors": [{"id": "a", "type": "large_enterprise"}],
                      "components": [{"id": "m", "kind": kind, "developer": "a", "licence": licence}],
                      "releases": [{"component": "m", "by": "a", "channel": "open_repository"}]})


def test_a_property_reads_the_scenarios_facts():
    p = properties.parse(':- licence(X, "CC-BY-NC-4.0"), kind(X, model), possible(D, foss(X)).\n', "nc.lp")
    assert p.drafts == drafts.available()
    nc, mit = _scenario("CC-BY-NC-4.0"), _scenario("MIT")
    assert properties.violated(p, nc) == list(p.constraints)  # foss in some reading of a 2023 draft
    assert properties.violated(p, mit) == []  # foss, but not NC-licensed
    every = properties.parse(':- licence(X, "CC-BY-NC-4.0"), holds(D, foss(X)).\n', "nc.lp")
    assert properties.violated(every, nc) == []


def test_the_allowed_facts_are_the_declared_input_vocabulary():
    from aiact_foss.explore import copies

    assert {n for n, _ in properties.fact_signatures()} == copies.input_predicates() - {"pinned"}
    with pytest.raises(properties.BadProperty) as e:
        properties.parse(':- licenced(X, "MIT"), holds(D, foss(X)).\n', "p.lp")
    message = str(e.value)
    assert message.startswith("p.lp:1: unknown predicate licenced/2")
    for n, k in properties.fact_signatures():
        assert f"{n}/{k}" in message
    assert "pinned/2" not in message and "raised/1" not in message


@pytest.mark.parametrize("head", ["licence(X, \"MIT\")", "holds(D, foss(X))", "_ok(X)"])
def test_a_helper_may_not_redefine_facts_results_or_internals(head):
    with pytest.raises(properties.BadProperty) as e:
        properties.parse(f':- holds(D, foss(X)).\n{head} :- holds(D, exempt(X)).\n', "p.lp")
    assert str(e.value).startswith("p.lp:2: a helper rule may not define")


# --------------------------------------------------------------------------- shrinking


def test_fuzz_shrinks_to_a_minimal_witness():
    p = properties.parse(':- licence(X, "CC-BY-NC-4.0"), kind(X, model), possible(D, foss(X)).\n', "nc.lp")
    found = find_violation(p, examples=50, seed=0)
    assert found is not None
    scn, constraint = found
    assert [c.id for c in scn.components] == ["c1"] and [a.id for a in scn.actors] == ["a1"]
    assert not scn.releases and not scn.licences
    # the witness as printed is a scenario file that reproduces the failure
    printed = shrinking.load(shrinking.scenario_data(scn))
    assert printed == scn and properties.violated(p, printed) == [constraint]
    # a local minimum: no single shrinking step keeps the violation
    data = shrinking.scenario_data(scn)
    for candidate in shrinking._candidates(data):
        smaller = shrinking.load(candidate)
        assert smaller is None or constraint not in properties.violated(p, smaller), candidate


def test_shrinking_drops_what_the_violation_does_not_need():
    p = properties.parse(':- possible("aia-2024", gpai_model(X)).\n', "g.lp")
    big = validated({"scenario": 1, "name": "x",
                     "actors": [{"id": "dev", "type": "large_enterprise"}, {"id": "other", "type": "non_profit"}],
                     "components": [{"id": "m", "kind": "model", "developer": "dev", "general_purpose": "unknown",
                                     "weights_public": True},
                                    {"id": "d", "kind": "dataset", "developer": "other", "licence": "MIT"}],
                     "releases": [{"component": "d", "by": "other", "channel": "api"},
                                  {"component": "m", "by": "dev", "channel": "api", "donations": True}]})
    constraint = p.constraints[0]
    small = shrinking.shrink(big, lambda s: constraint in properties.violated(p, s))
    assert shrinking.scenario_data(small) == {
        "scenario": 1, "name": "x", "actors": [{"id": "a1", "type": "large_enterprise"}],
        "components": [{"id": "c1", "kind": "model", "developer": "a1", "general_purpose": True}]}


# --------------------------------------------------------------------------- the docs


def test_the_documented_fuzz_session_is_what_fuzz_prints(tmp_path):
    text = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    section = text.split("## Fuzzing", 1)[1]
    session = section.split("```console\n", 1)[1].split("```", 1)[0]
    chunks = re.split(r"^\$ ", session, flags=re.MULTILINE)[1:]
    ran = 0
    for chunk in chunks:
        command, _, expected = chunk.partition("\n")
        words = command.split()
        if words[0] == "cat":
            (tmp_path / words[1]).write_text(expected, encoding="utf-8")
            continue
        assert words[0] == "aiact-foss"
        run = _cli(*words[1:], cwd=tmp_path)
        assert run.stdout + run.stderr == expected
        ran += 1
    assert ran == 1


@pytest.mark.slow
def test_explore_searches_a_property_over_facts(tmp_path):
    import json

    (tmp_path / "some.lp").write_text(':- licence(X, "CC-BY-NC-4.0"), kind(X, model), possible(D, foss(X)).\n')
    (tmp_path / "every.lp").write_text(':- licence(X, "CC-BY-NC-4.0"), kind(X, model), holds(D, foss(X)).\n')
    found = _cli("explore", "--property", "some.lp", "--max-components", "1", "--format", "json", cwd=tmp_path)
    assert found.returncode == 1, found.stderr
    classes = json.loads(found.stdout)["classes"]
    assert len(classes) == 1 and classes[0]["violated"]["where"] == "some.lp:1"
    assert classes[0]["witness"]["components"] == [{"id": "c1", "kind": "model", "developer": "a1",
                                                    "licence": "CC-BY-NC-4.0"}]
    none = _cli("explore", "--property", "every.lp", "--max-components", "1", cwd=tmp_path)
    assert none.returncode == 0 and "0 classes" in none.stdout and none.stderr == "space exhausted\n"


@pytest.mark.slow
def test_fuzz_timeout_also_bounds_one_evaluation_that_grounds_for_ever(tmp_path):
    # bounded by the static check (no term is built), but a chain of fourteen status
    # atoms, each draft unlike the next, is 6 x 5^13 instances on every scenario, the
    # first one included (the comparisons keep clingo from projecting the variables
    # away): the watchdog ends it, one line
    body = ", ".join([f"status(D{k}, S{k})" for k in range(14)] + [f"D{k} != D{k + 1}" for k in range(13)])
    (tmp_path / "join.lp").write_text(f":- {body}.\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    run = subprocess.run([sys.executable, "-m", "aiact_foss", "fuzz", "--property", "join.lp", "--timeout", "2"],
                         capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120, check=False)
    assert run.returncode == 3 and run.stdout == ""
    assert run.stderr == ("fuzz: stopped at the time bound (--timeout 2) inside one evaluation of the property "
                          "(incomplete)\n")
