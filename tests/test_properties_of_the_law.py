"""Properties of the law, checked on generated scenarios (hypothesis; the `ci` profile of
conftest.py bounds them). Each test states a legal proposition that must hold in every
scenario of language v1, whatever the readings of the open questions."""

from hypothesis import given, settings
from hypothesis import strategies as st

from aiact_foss.language import facts
from aiact_foss.law import drafts
from aiact_foss.law.questions import questions
from aiact_foss.testing import (
    normalised,
    results,
    scenario_from_facts,
    scenarios,
    validated,
)

MARCH, LETTER = "ep-2023-03-23", "letter-2023-04"
SMALL = scenarios(max_components=3, max_actors=2, max_licences=1)
# Scenarios where the FOSS exemptions are in play: open licences, general-purpose models
# trained at scale, systems on the market. Uniform draws rarely combine all of these.
OPEN = {"component.licence": "Apache-2.0", "component.general_purpose": True,
        "component.trained_on_broad_data_at_scale": True}
LIKELY = st.one_of(SMALL, scenarios(max_components=3, max_actors=2, max_licences=1, fixed=OPEN),
                   scenarios(max_components=2, max_actors=2, max_licences=1, allow_unknowns=False,
                             fixed={**OPEN, "component.placed_on_market_in_eu": True}))


def _exempt(r, which):
    return {c for c in getattr(r, which) if c.predicate == "exempt"}


@settings(max_examples=150)
@given(LIKELY)
def test_the_letters_draft_never_exempts_less_than_the_march_text(scn):
    march, letter = results(scn, MARCH), results(scn, LETTER)
    assert _exempt(march, "possible") <= _exempt(letter, "possible")
    assert _exempt(march, "always") <= _exempt(letter, "always")


@settings(max_examples=150)
@given(st.one_of(*(scenarios(max_components=3, max_actors=2, max_licences=1, kinds=("ai_system", "model", "software"),
                              fixed={"component.risk": risk, f"component.{market}": True, "component.licence": "MIT"})
                  for risk in ("high", "prohibited") for market in ("placed_on_market_in_eu", "put_into_service_in_eu")),
                SMALL))
def test_no_draft_exempts_a_high_risk_or_prohibited_system_on_the_market(scn):
    carved = [c.id for c in scn.components if c.kind == "ai_system" and c.risk in ("high", "prohibited")
              and True in (c.placed_on_market_in_eu, c.put_into_service_in_eu)]
    for d in drafts.available():
        r = results(scn, d)
        assert not [c for c in r.possible if c.predicate == "exempt" and c.args[0] in carved], d


MONETISING = [("price", True), ("paid_support", "required"), ("paid_support", "optional"), ("donations", True),
              ("advertising", True), ("related_paid_services", True), ("platform_monetises_other_services", True),
              ("personal_data_use", "other"), ("commercial_activity", True)]


@settings(max_examples=150)
@given(st.one_of(scenarios(min_components=1, max_components=2, max_actors=2, max_licences=1),
                scenarios(min_components=1, max_components=2, max_actors=2, max_licences=1, fixed=OPEN)), st.data())
def test_adding_a_monetisation_fact_never_creates_an_exemption(scn, data):
    if not scn.releases:
        return
    i = data.draw(st.integers(0, len(scn.releases) - 1), label="release")
    name, value = data.draw(st.sampled_from(MONETISING), label="fact")
    raw = scn.model_dump(mode="python")
    raw["releases"][i][name] = value
    more = validated(raw)
    for d in drafts.available():
        before, after = results(scn, d), results(more, d)
        assert _exempt(after, "possible") <= _exempt(before, "possible"), d
        assert _exempt(after, "always") <= _exempt(before, "always"), d


@settings(max_examples=150)
@given(LIKELY, st.data())
def test_pinning_a_question_gives_a_subset_of_the_unpinned_outcomes(scn, data):
    d = data.draw(st.sampled_from(drafts.available()), label="draft")
    asked = sorted(q for q, spec in questions().items() if d in spec.drafts and q not in scn.assume)
    if not asked:
        return
    q = data.draw(st.sampled_from(asked), label="question")
    v = data.draw(st.booleans(), label="answer")
    free, pinned = results(scn, d), results(scn, d, assume={q: v})
    assert pinned.outcomes <= free.outcomes


@settings(max_examples=150)
@given(LIKELY, st.data())
def test_the_order_of_list_items_never_changes_a_result(scn, data):
    raw = scn.model_dump(mode="python")
    for key in ("actors", "licences", "components", "releases"):
        raw[key] = data.draw(st.permutations(raw[key]), label=key)
    for c in raw["components"]:
        c["integrates"] = data.draw(st.permutations(c["integrates"]), label="integrates")
    shuffled = validated(raw)
    for d in drafts.available():
        a, b = results(scn, d), results(shuffled, d)
        assert (a.status, a.always, a.sometimes, a.outcomes) == (b.status, b.always, b.sometimes, b.outcomes), d


@settings(max_examples=200)
@given(scenarios(max_components=4))
def test_scenario_to_facts_to_scenario_round_trips(scn):
    fb = facts.build(scn, scn.assume)
    back = scenario_from_facts(fb)
    assert back == normalised(scn)
    assert facts.build(back, back.assume).facts == fb.facts
