"""`solve` against plain clingo: for generated scenarios, the distinct outcomes of each
draft are exactly the distinct shown-atom sets of the program `facts --draft D
--with-rules` prints, enumerated by a fresh clingo Control with nothing of ours around it.
(This caught facts added through clingo's backend being missed by the grounder.)"""

import sys
from pathlib import Path

import clingo
import pytest

from aiact_foss import api
from aiact_foss.language import facts
from aiact_foss.language.scenario import Scenario
from aiact_foss.law import drafts, questions

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import generate  # noqa: E402  (the benchmarks' seeded generator of valid scenarios)

SCENARIOS = [Scenario.model_validate(d) for d in generate.scenarios(40, 7, min_components=1, max_components=8,
                                                                    unknowns=0.08)]
# the generated scenario on which facts added through the backend lost 9 of 24 outcomes
REGRESSION = Path(__file__).resolve().parent / "data" / "grounder-regression.json"
SCENARIOS.append(Scenario.model_validate(__import__("json").loads(REGRESSION.read_text())))


def _plain_outcomes(scn: Scenario, draft: str) -> set[frozenset]:
    pins = questions.pins_for(draft, scn.assume, None, {})
    text = drafts.program_text(draft) + facts.program_text(facts.build(scn, pins))
    ctl = clingo.Control(["0", "--warn=none", "--project=show"])
    ctl.add("base", [], text)
    ctl.ground([("base", [])])
    out: set[frozenset] = set()
    ctl.solve(on_model=lambda m: out.add(frozenset(str(s) for s in m.symbols(shown=True))))
    return out


@pytest.mark.parametrize("draft", drafts.available())
def test_outcomes_equal_plain_clingo_on_generated_scenarios(draft):
    for k, scn in enumerate(SCENARIOS):
        (r,) = api.solve_results(scn, [draft], max_outcomes=10**6)
        ours = {frozenset(_symbol_text(c) for c in o.conclusions) for o in r.outcomes}
        assert ours == _plain_outcomes(scn, draft), f"scenario {k}"


def _symbol_text(c) -> str:
    args = []
    for kind, a in zip(__import__("aiact_foss.language.vocabulary", fromlist=["PREDICATES"]).PREDICATES[c.predicate], c.args):
        args.append(str(clingo.Number(a)) if kind == "count" else (a if kind == "duty" else str(clingo.String(a))))
    return f"{c.predicate}({','.join(args)})"
