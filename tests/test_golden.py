"""Golden files of every program transform (tests/golden/): each runs over a program
that uses every construct of the supported subset (law/asp_subset.py) and its output is
compared with a reviewed .lp file. After a deliberate change, regenerate them with
`AIACT_FOSS_UPDATE_GOLDEN=1 pytest tests/test_golden.py` and review the diff as ASP."""

from __future__ import annotations

import os
from pathlib import Path

import clingo
import clingo.ast as cast
import pytest

from aiact_foss.engine import batch_program
from aiact_foss.explain import evaluate, program
from aiact_foss.explore import copies
from aiact_foss.law import asp_subset, drafts
from aiact_foss.testing import coverage, properties

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("AIACT_FOSS_UPDATE_GOLDEN") == "1"


def _statements():
    return drafts.parse_text((GOLDEN / "subset.lp").read_text(encoding="utf-8"), "golden/subset.lp")


def _compare(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, f"tests/golden/{name} differs (see the module docstring)"


def test_the_golden_program_uses_every_construct_of_the_subset_and_nothing_else():
    used = {c for s in _statements() for c, _ in asp_subset.constructs(s.ast)}
    assert used == set(asp_subset.LAW)
    prop = (GOLDEN / "property.lp").read_text(encoding="utf-8")
    stms: list = []
    cast.parse_string(prop, stms.append)
    assert {c for s in stms for c, _ in asp_subset.constructs(s)} == set(asp_subset.PROPERTY)


def test_the_law_uses_only_the_subset():
    # drafts.parse_file refuses anything else; this says which constructs are in use
    used = {c for d in drafts.available() for s in drafts.statements(d) for c, _ in asp_subset.constructs(s.ast)}
    assert used <= set(asp_subset.LAW)


def test_batch_tagging():
    tagger = batch_program._Tagger("Scn__")
    text = "".join(f"{batch_program._tag_statement(s.ast, tagger)}\n" for s in _statements()
                   if s.ast.ast_type.name != "Comment")
    _compare("subset.tagged.lp", text)


def test_explore_copies():
    for fixed in (False, True):
        text = copies.renamed(_statements(), "golden", fixed)
        _compare(f"subset.copy-{'reading' if fixed else 'guessed'}.lp", text)


def test_coverage_twins():
    text = "".join(f"{s}\n" for s in coverage.twins(_statements()) if s.ast_type.name != "Comment")
    _compare("subset.twins.lp", text)


def test_explanation_compiler():
    compiled = program.compile_statements("golden", _statements())
    lines = []
    for r in compiled.rules:
        head = "constraint" if r.head is None else f"{'choice of ' if r.choice else ''}{r.head.name}/{len(r.head.args)}"
        lines.append(f"% {r.label or 'plumbing'}, line {r.line}: {head}\n{r.text}\n")
    _compare("subset.explain.lp", "".join(lines))


def _models(text: str) -> list[frozenset]:
    ctl = clingo.Control(["--warn=none", "--models=0"])
    ctl.add("base", [], text)
    ctl.ground([("base", [])])
    out: list[frozenset] = []
    ctl.solve(on_model=lambda m: out.append(frozenset(m.symbols(atoms=True))))
    return out


def test_the_evaluator_derives_what_clingo_derives_on_every_construct():
    compiled = program.compile_statements("golden", _statements())
    facts = (GOLDEN / "facts.lp").read_text(encoding="utf-8")
    base = _models(facts)[0]
    models = _models((GOLDEN / "subset.lp").read_text(encoding="utf-8") + facts)
    assert len(models) == 2  # the open question, answered both ways
    for model in models:
        derived = evaluate.Evaluator(compiled, evaluate.Interpretation(model)).consequences()
        assert derived == model - base, sorted(map(str, derived ^ (model - base)))


def test_property_program():
    prop = properties.parse((GOLDEN / "property.lp").read_text(encoding="utf-8"), "golden/property.lp")
    _compare("property.program.lp", "".join(f"{s}\n" for s in prop.statements()))


# --------------------------------------------------------------------------- outside the subset

OUTSIDE_LAW = [
    ("#minimize { 1, X : a(X) }.", "#minimize/#maximize"),
    ("a(X) :- b(X), X = @f(1).", "@-term"),
    ("-a(X) :- b(X).", "classical negation"),
    ("a :- not -b.", "classical negation"),
    ("#const n = 3.", "#const"),
    ("#external e.", "#external"),
    ("#show X : a(X).", "#show term"),
    ("{ a; b }.", "choice rule"),
    ("a ; b :- c.", "disjunction"),
    ("not a :- b.", "negated head"),
    ("a :- not not b.", "not not"),
    ("a(1..3).", "interval"),
    ("a :- #true.", "#true/#false in a body"),
    ("a :- 1 { b; c }.", "lparse-style aggregate"),
    ("#program step(t).", "#program part"),
    ("#heuristic a. [1, level]", "#heuristic"),
    ("#project a/0.", "#project"),
    ("a((1, 2)).", "tuple"),
    ('#include "x.lp".', "#include"),
    ("#script (python)\nx = 1\n#end.", "#script"),
]


@pytest.mark.parametrize("text, construct", OUTSIDE_LAW)
def test_a_rule_outside_the_subset_is_one_clear_error(text, construct):
    with pytest.raises(asp_subset.OutsideSubset) as e:
        drafts.parse_text("a.\n%@ plumbing\n" + text + "\n", "drafts/x/art1.lp")
    message = str(e.value)
    assert message.startswith(f"logic/drafts/x/art1.lp:3: {construct} is outside the ASP the law may use")
    assert "\n" not in message


@pytest.mark.parametrize("text, construct", [
    *[(t, c) for t, c in OUTSIDE_LAW if c not in ("choice rule",)],
    ("{ a }.", "choice rule"),
    ('#show holds/2.', "#show signature"),
    ("#defined a/1.", "#defined"),
    ("n(X + 1) :- n(X), holds(D, foss(X)).", "arithmetic"),
    ('a :- holds(D, foss("x"; "y")).', "pool"),
])
def test_a_property_outside_its_language_is_one_clear_error(text, construct):
    with pytest.raises(properties.BadProperty) as e:
        properties.parse(':- holds(D, foss(X)).\n\n' + text + "\n", "p.lp")
    message = str(e.value)
    assert message.startswith(f"p.lp:3: {construct} is outside the property language"), message
    assert "\n" not in message


def test_logic_readme_lists_exactly_the_subset():
    text = (Path(__file__).resolve().parents[1] / "logic" / "README.md").read_text(encoding="utf-8")
    section = text.split("## Constructs the law may use", 1)[1].split("\n## ", 1)[0]
    import re

    listed = re.findall(r"^\| `([^`]+)` \|", section, re.MULTILINE)
    assert listed == list(asp_subset.LAW)


def test_a_rule_in_logic_outside_the_subset_stops_every_command_with_one_line(tmp_path):
    import shutil
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    shutil.copytree(root / "src", tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__"))
    art = tmp_path / "src" / "aiact_foss" / "logic" / "drafts" / "aia-2024" / "art2_1.lp"
    lines = art.read_text(encoding="utf-8").splitlines()
    art.write_text("\n".join([*lines, "%@ plumbing", "-shadow(X) :- component(X)."]) + "\n", encoding="utf-8")
    scenario = root / "scenarios" / "examples" / "open-model-on-repository.yaml"
    for args in (["solve", str(scenario), "--draft", "aia-2024"], ["drafts"]):
        run = subprocess.run([sys.executable, "-m", "aiact_foss", *args], capture_output=True, text=True,
                             env={"PYTHONPATH": str(tmp_path / "src"), "PATH": "/usr/bin:/bin"}, timeout=300,
                             check=False)
        assert run.returncode == 2 and run.stdout == "", (args, run.stderr)
        assert run.stderr == (f"aiact-foss: logic/drafts/aia-2024/art2_1.lp:{len(lines) + 2}: classical negation "
                              'is outside the ASP the law may use (logic/README.md, "Constructs the law may use")\n')
