"""Scenario -> clingo symbols: hostile ids survive and cannot inject rules; compute is
exact at the Art 51(2) boundary."""

from decimal import Decimal

import clingo
import clingo.ast
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiact_foss.language import facts
from aiact_foss.language.scenario import Scenario
from aiact_foss.testing import scenarios

HOSTILE = [
    'a"b',
    "x). evil(1). y(",
    "% not a comment",
    "line\nbreak",
    "tab\tand back\\slash",
    "emoji \U0001F600 and U+2028 \u2028",
    "_",
    "#show",
    "'single'",
    "Ünïcödé",
]


def _scenario(actor: str, model: str) -> Scenario:
    return Scenario.model_validate({
        "scenario": 1, "name": "hostile",
        "actors": [{"id": actor, "type": "non_profit"}],
        "components": [{"id": model, "kind": "model", "developer": actor, "licence": "MIT",
                        "general_purpose": "unknown", "training_compute_flop": Decimal("1e25")}],
        "releases": [{"component": model, "by": actor, "channel": "open_repository"}],
    })


@pytest.mark.parametrize("hostile", HOSTILE)
def test_ids_survive_printing_and_parsing_and_inject_nothing(hostile):
    fb = facts.build(_scenario(hostile, hostile + "-m"))
    text = facts.program_text(fb)
    ctl = clingo.Control(["0", "--warn=none"])
    ctl.add("base", [], text)
    ctl.ground([("base", [])])
    atoms = {a.symbol for a in ctl.symbolic_atoms}
    assert not any(a.name == "evil" for a in atoms)
    assert clingo.Function("developer", [clingo.String(hostile + "-m"), clingo.String(hostile)]) in atoms
    strings = {arg.string for a in atoms for arg in a.arguments if arg.type == clingo.SymbolType.String}
    assert hostile in strings and hostile + "-m" in strings


@pytest.mark.parametrize(
    "flop, units",
    [
        ("1e25", 10_000_000),
        ("1.0e25", 10_000_000),
        ("10000000000000000000000001", 10_000_001),
        ("1.0000000000000000000000001e25", 10_000_001),
        ("8.4e22", 84_000),
        ("0", 0),
        ("1e40", 2**31 - 1),
    ],
)
def test_compute_units_are_exact_at_the_threshold(flop, units):
    assert facts.compute_units(Decimal(flop)) == units


def test_float_would_have_been_wrong():
    # float("1e25") is above 10^25: the reason numbers stay Decimal
    assert Decimal(float("1e25")) > Decimal("1e25")
    assert facts.compute_units(Decimal("1e25")) == 10_000_000


def test_unknown_fields_become_variables_in_language_order():
    scn = Scenario.model_validate({
        "scenario": 1, "name": "u", "actors": [{"id": "a", "type": "microenterprise"}],
        "components": [{"id": "s", "kind": "ai_system", "developer": "a", "risk": "unknown"}],
        "releases": [{"component": "s", "by": "a", "channel": "api", "paid_support": "unknown"}],
    })
    fb = facts.build(scn)
    assert [(v.path, v.values) for v in fb.variables] == [
        ("components[0].risk", ("prohibited", "high", "transparency", "minimal")),
        ("releases[0].paid_support", ("none", "optional", "required")),
    ]
    assert "1 { risk(\"s\",prohibited); risk(\"s\",high); risk(\"s\",transparency); risk(\"s\",minimal) } 1." in facts.program_text(fb)


def test_price_defaults_to_true_on_paid_download_and_pins_become_facts():
    scn = Scenario.model_validate({
        "scenario": 1, "name": "p", "actors": [{"id": "a", "type": "microenterprise"}],
        "components": [{"id": "m", "kind": "model", "developer": "a"}],
        "releases": [{"component": "m", "by": "a", "channel": "paid_download"}],
    })
    fb = facts.build(scn, {"donations_monetise": True})
    names = {str(a) for a in fb.facts}
    assert "price(0)" in names
    assert "pinned(donations_monetise,true)" in names
    assert fb.provenance()[clingo.Function("price", [clingo.Number(0)])] == ("releases[0].price", True)


def _declared_inputs() -> set[tuple[str, int]]:
    """The #defined signatures of logic/common/input.lp (the fact vocabulary)."""
    from aiact_foss.law import drafts

    return {(s.ast.name, s.ast.arity) for s in drafts.parse_file("common/input.lp")
            if s.ast.ast_type == clingo.ast.ASTType.Defined}


@settings(max_examples=150)
@given(scenarios(max_components=4, contradictions=True),
       st.dictionaries(st.sampled_from(["monetisation_defeats_exemption", "donations_monetise"]), st.booleans()))
def test_every_atom_built_is_in_the_declared_vocabulary(scn, pins):
    """batch hands facts to the grounder through one bridging rule per declared input
    predicate (batch_program.py): an undeclared one would be lost there."""
    fb = facts.build(scn, pins)
    atoms = list(fb.facts) + [a for v in fb.variables for a in v.atoms if a is not None]
    atoms += [a for f in fb.fields for a in f.false_atoms]
    assert {(a.name, len(a.arguments)) for a in atoms} <= _declared_inputs()
