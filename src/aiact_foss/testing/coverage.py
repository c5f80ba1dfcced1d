"""Which provision labels a set of scenarios exercises: a label is exercised when the body
of one of its rules holds in some answer set of some scenario (for an integrity
constraint: when the contradiction it forbids is present). Each labelled rule gets a twin
`__fired(Label) :- Body.`; the twins' brave consequences give the labels."""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

import clingo
import clingo.ast as ast
from clingo import String

from aiact_foss.language import facts
from aiact_foss.language.scenario import Scenario
from aiact_foss.law import drafts, questions

FIRED = "__fired"


@cache
def _twins(draft_id: str) -> tuple[Any, ...]:
    """The draft's statements without its integrity constraints, plus one twin per
    labelled rule."""
    return twins(drafts.statements(draft_id))


def twins(statements: Any) -> tuple[Any, ...]:
    """`_twins` of any statements (drafts.Statement), for the golden tests."""
    out = []
    for s in statements:
        is_rule = s.ast.ast_type == ast.ASTType.Rule
        constraint = is_rule and s.ast.head.ast_type == ast.ASTType.Literal and \
            s.ast.head.atom.ast_type == ast.ASTType.BooleanConstant
        if not constraint:
            out.append(s.ast)
        if is_rule and s.label:
            loc = s.ast.location
            head = ast.Literal(loc, ast.Sign.NoSign, ast.SymbolicAtom(
                ast.Function(loc, FIRED, [ast.SymbolicTerm(loc, String(s.label))], False)))
            out.append(ast.Rule(loc, head, copy.deepcopy(list(s.ast.body))))
    # brave consequences are computed over the shown atoms only
    ast.parse_string(f"#show {FIRED}/1.", out.append)
    return tuple(out)


def exercised(scn: Scenario, draft_id: str) -> set[str]:
    pins = questions.pins_for(draft_id, scn.assume, None, {})
    fb = facts.build(scn, pins)
    ctl = clingo.Control(["--warn=none", "--enum-mode=brave", "--models=0"])
    with ast.ProgramBuilder(ctl) as builder:
        for stm in _twins(draft_id):
            builder.add(stm)
    ctl.add("base", [], facts.program_text(fb))
    ctl.ground([("base", [])])
    labels: set[str] = set()

    def on_model(model: clingo.Model) -> None:
        labels.clear()
        labels.update(s.arguments[0].string for s in model.symbols(shown=True) if s.name == FIRED)

    ctl.solve(on_model=on_model)
    return labels


def report(scenarios: list[Scenario], draft_ids: list[str]) -> dict[str, dict[str, list[str]]]:
    """draft -> {"exercised": labels, "missed": labels}, in program order."""
    out = {}
    for d in draft_ids:
        seen: set[str] = set()
        for scn in scenarios:
            seen |= exercised(scn, d)
        labels = drafts.labels(d)
        out[d] = {"exercised": [lab for lab in labels if lab in seen], "missed": [lab for lab in labels if lab not in seen]}
    return out


