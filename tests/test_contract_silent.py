"""Four points the output contract does not settle, decided in docs/semantics.md (the
last three rows, and "nested integration, `foss` and Art 25(4)"); each test states the
decision on a minimal scenario."""

import pytest

from aiact_foss import api
from aiact_foss.language.scenario import Scenario

PARLIAMENT = ("ep-2023-03-23", "letter-2023-04", "ep-2023-06-14")
FINAL = ("aia-2024", "aia-2026")


def _scn(components, releases, actors=None):
    return Scenario.model_validate({
        "scenario": 1, "name": "t",
        "actors": actors or [{"id": "dev", "type": "non_profit"}, {"id": "bank", "type": "large_enterprise"}],
        "components": components, "releases": releases})


def _held(scn, draft) -> tuple[set[str], set[str]]:
    [r] = api.solve_results(scn, [draft])
    return {str(c) for c in r.always}, {str(c) for c in r.sometimes}


@pytest.mark.parametrize("draft", FINAL)
def test_a_foss_ai_system_supplied_to_a_high_risk_provider_is_a_component_of_the_carve_out(draft):
    scn = _scn([{"id": "ocr", "kind": "ai_system", "developer": "dev", "licence": "Apache-2.0"},
                {"id": "scorer", "kind": "ai_system", "developer": "bank", "risk": "high",
                 "put_into_service_in_eu": True, "integrates": ["ocr"]}],
               [{"component": "ocr", "by": "dev", "channel": "open_repository"}])
    always, sometimes = _held(scn, draft)
    assert "lifted(dev, ocr, value_chain_cooperation)" in always
    assert "obligation(dev, ocr, value_chain_cooperation)" not in always | sometimes
    bundled = scn.model_copy(update={"releases": [scn.releases[0].model_copy(update={"channel": "bundled_in_product"})]})
    assert "obligation(dev, ocr, value_chain_cooperation)" in _held(bundled, draft)[0]


@pytest.mark.parametrize("draft", PARLIAMENT + FINAL)
def test_a_priced_release_outside_the_union_monetises_but_places_nothing_on_the_union_market(draft):
    model = {"id": "fm", "kind": "model", "developer": "dev", "licence": "Apache-2.0", "general_purpose": True,
             "trained_on_broad_data_at_scale": True, "generative": True, "weights_public": True,
             "architecture_public": True, "usage_info_public": True}
    outside = _scn([model], [{"component": "fm", "by": "dev", "channel": "paid_download", "in_eu": False}])
    always, sometimes = _held(outside, draft)
    assert "monetised(fm)" in always
    assert not any(c.startswith(("in_scope(", "obligation(")) for c in always | sometimes)
    inside = _scn([model], [{"component": "fm", "by": "dev", "channel": "paid_download"}])
    assert "in_scope(fm)" in _held(inside, draft)[0] | _held(inside, draft)[1]


@pytest.mark.parametrize("draft", ("ep-2023-06-14",) + FINAL)
def test_the_monetisation_questions_arise_on_the_releases_of_a_systems_provider_only(draft):
    actors = [{"id": "dev", "type": "non_profit"}, {"id": "prov", "type": "small_enterprise"}]
    app = {"id": "app", "kind": "ai_system", "developer": "dev", "provider": "prov", "licence": "MIT",
           "risk": "high", "put_into_service_in_eu": True}

    def raised(by: str, **flags) -> set[str]:
        scn = _scn([app], [{"component": "app", "by": by, "channel": "open_repository", **flags}], actors)
        [r] = api.solve_results(scn, [draft])
        return {q for o in r.outcomes for a in o.alternatives for q, _ in a.questions}

    assert "donations_monetise" not in raised("dev", donations=True)
    assert "donations_monetise" in raised("prov", donations=True)
    if draft in FINAL:
        assert "optional_paid_services_monetise" not in raised("dev", paid_support="optional")
        assert "optional_paid_services_monetise" in raised("prov", paid_support="optional")


@pytest.mark.parametrize("draft", FINAL)
def test_integration_through_a_sub_system_is_integration_in_the_outer_system(draft):
    scn = _scn([{"id": "lib", "kind": "software", "developer": "dev", "licence": "MIT"},
                {"id": "ocr", "kind": "ai_system", "developer": "bank", "integrates": ["lib"]},
                {"id": "scorer", "kind": "ai_system", "developer": "bank", "risk": "high",
                 "put_into_service_in_eu": True, "integrates": ["ocr"]}],
               [{"component": "lib", "by": "dev", "channel": "bundled_in_product"}])
    always, _ = _held(scn, draft)
    assert "obligation(dev, lib, value_chain_cooperation)" in always
    direct = scn.model_copy(update={"components": [scn.components[0], scn.components[1].model_copy(
        update={"integrates": []}), scn.components[2].model_copy(update={"integrates": ["ocr", "lib"]})]})
    assert "obligation(dev, lib, value_chain_cooperation)" in _held(direct, draft)[0]
