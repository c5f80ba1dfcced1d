"""The generated reference cannot drift: every key the JSON outputs carry is declared
(reference/keys.py, docs/results.md) and every declared key occurs; every conclusion
predicate and duty id of the contract is produced by some draft's provision (glossary)."""

from pathlib import Path

import aiact_foss
from aiact_foss.engine import results
from aiact_foss.language.vocabulary import DUTIES, PREDICATES
from aiact_foss.law import drafts
from aiact_foss.reference import keys
from aiact_foss.reference.glossary import producers

ROOT = Path(__file__).resolve().parents[1]
SOLVED = ["scenarios/drafts/contradictory-facts.yaml", "scenarios/examples/unknown-monetisation.yaml",
          "scenarios/final-act/llama-2-70b.yaml", "scenarios/drafts/as-versus-as-part-of.yaml"]


def test_every_key_of_solve_is_declared_and_every_declared_key_occurs():
    found: set[str] = set()
    for f in SOLVED:
        found |= keys.declared_paths(dict(aiact_foss.solve(ROOT / f, max_outcomes=2)))
    assert found - set(keys.SOLVE_KEYS) == set()
    assert set(keys.SOLVE_KEYS) - found == set(keys.RARE)
    for rare in keys.RARE:  # emitted by the code, even if no scenario here reaches it
        assert f'"{rare.rsplit(".", 1)[-1]}"' in Path(results.__file__).read_text(encoding="utf-8")


def test_every_key_of_diff_is_declared_and_occurs():
    doc = aiact_foss.diff(ROOT / "scenarios/drafts/pythia-open-letter-reading.yaml", "ep-2023-03-23,letter-2023-04")
    assert keys.declared_paths(dict(doc)) == set(keys.DIFF_KEYS)


def test_every_predicate_and_duty_has_a_producing_provision():
    made: set[str] = set()
    for d in drafts.available():
        made |= set(producers(d))
    assert set(PREDICATES) - made == set() and set(DUTIES) - made == set()
