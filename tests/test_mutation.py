"""The mutation harness (docs/testing.md, "Mutation testing"): its operators, that it
kills and spares mutants as the casebook says, and that the checked-in list of
equivalent mutants names mutants that exist."""

from pathlib import Path

from clingo import ast

from aiact_foss.law import drafts
from aiact_foss.testing import mutation

ROOT = Path(__file__).resolve().parents[1]
EQUIVALENT = ROOT / "tests" / "mutation" / "equivalent.yaml"


def _statement(text: str) -> drafts.Statement:
    out: list = []
    ast.parse_string(text, out.append)
    return drafts.Statement(out[1], "demo", "drafts/demo/demo.lp", 1)


def test_every_operator_mutates_the_rule():
    ms = {m.id.split(":", 1)[1]: m.mutated for m in mutation.mutants_of(_statement("a(X) :- b(X), not c(X), X > 10."))}
    assert ms["delete"] == ""
    assert ms["drop:0"] == "a(X) :- not c(X); X > 10."
    assert ms["drop:1"] == "a(X) :- b(X); X > 10."
    assert ms["negate:0"] == "a(X) :- not b(X); not c(X); X > 10."
    assert ms["negate:1"] == "a(X) :- b(X); c(X); X > 10."
    assert ms["negate:2"] == "a(X) :- b(X); not c(X); not X > 10."
    assert ms["shift:2:0+1"] == "a(X) :- b(X); not c(X); X > 11."
    assert ms["shift:2:0-1"] == "a(X) :- b(X); not c(X); X > 9."
    assert ms["shift:2:0strict"] == "a(X) :- b(X); not c(X); X >= 10."
    assert len(ms) == 10


def test_mutant_ids_do_not_depend_on_the_line():
    one = [m.id for m in mutation.mutants_of(_statement("a(X) :- b(X)."))]
    moved = [m.id for m in mutation.mutants_of(_statement("\n\n\na(X) :- b(X)."))]
    assert one == moved


def _art51_2_delete() -> mutation.Mutant:
    ms = mutation.all_mutants(["drafts/aia-2024/art51_52.lp"], ("delete",))
    (m,) = [m for m in ms if m.label == "art51_2"]
    return m


def test_the_casebook_kills_a_deleted_presumption_and_only_a_case_about_it_does():
    m = _art51_2_delete()
    above = mutation.load_cases([str(ROOT / "scenarios" / "final-act" / "open-model-above-1e25.yaml")])
    unrelated = mutation.load_cases([str(ROOT / "scenarios" / "drafts" / "contradictory-facts.yaml")])
    (killed,) = mutation.run([m], above).verdicts
    assert killed.status == "killed" and "aia-2024" in killed.by
    (spared,) = mutation.run([m], unrelated).verdicts
    assert spared.status == "survived"


def test_an_unsafe_mutant_is_invalid_not_counted():
    ms = mutation.all_mutants(["common/provider.lp"], ("drop",))
    unsafe = [m for m in ms if m.mutated == "part_of(X,S) :- part_of(S2,S)."]
    cases = mutation.load_cases([str(ROOT / "scenarios" / "final-act" / "bloom.yaml")])
    (v,) = mutation.run(unsafe, cases).verdicts
    assert v.status == "invalid"
    assert "| **all** | | 1 | 0 | 0 | 0 | 1 | **-** |" in mutation.report(mutation.run(unsafe, cases))


def test_the_list_of_equivalent_mutants_is_current():
    listed = mutation.equivalents(EQUIVALENT)
    assert listed, "tests/mutation/equivalent.yaml is empty"
    current = {m.id: m for m in mutation.all_mutants()}
    for mid, entry in listed.items():
        assert mid in current, f"{mid}: no such mutant (the rule changed: review the entry)"
        assert entry["mutated"] == (current[mid].mutated or "(deleted)"), mid
        assert str(entry.get("reason", "")).strip(), f"{mid}: no reason"
