"""Every provision label of every draft is exercised by at least one casebook scenario
(`aiact-foss drafts --coverage`)."""

from pathlib import Path

import pytest

from aiact_foss.language.loading import parse_document
from aiact_foss.language.validate import from_document, load_scenario
from aiact_foss.law import drafts
from aiact_foss.testing import coverage
from aiact_foss.testing.checking import find_files

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def casebook():
    return [load_scenario(f)[0] for f in find_files([str(ROOT / "scenarios")])]


@pytest.mark.parametrize("draft_id", drafts.available())
def test_every_label_is_exercised_by_the_casebook(casebook, draft_id):
    rep = coverage.report(casebook, [draft_id])[draft_id]
    assert not rep["missed"], f"{draft_id}: no casebook scenario exercises {rep['missed']}"


def test_a_label_is_exercised_only_when_its_rule_body_holds():
    scn = from_document(parse_document(b"scenario: 1\nname: nothing\n", "t.yaml", as_json=False))
    assert coverage.exercised(scn, "aia-2024") == set()
    scn = from_document(parse_document(
        b"scenario: 1\nname: a\nactors: [{id: a, type: microenterprise}]\n"
        b"components: [{id: s, kind: ai_system, developer: a, risk: high, placed_on_market_in_eu: true}]\n",
        "t.yaml", as_json=False))
    fired = coverage.exercised(scn, "aia-2024")
    assert {"high_risk_class", "system_placed_on_market"} <= fired
    assert "art53_1_a" not in fired and "paid_download_is_priced" not in fired
