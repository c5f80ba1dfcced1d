"""Time in the language (docs/time.md): as_of / --as-of, first placing dates, dates as
conclusions in the texts that were in force, --draft in-force, and no date without time."""

import json
import sys
from pathlib import Path

import pytest

from aiact_foss import api
from aiact_foss.engine import batch_solve
from aiact_foss.language.loading import InputError
from aiact_foss.language.validate import load_scenario
from aiact_foss.law import drafts

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "scenarios" / "aia-2026"
QUESTIONS = ROOT / "scenarios" / "questions"
GPAI = CASES / "open-gpai-models-as-of-2026-12-02.yaml"
IMAGE = CASES / "open-image-generator-no-safeguards.yaml"
DATED = ("applies_from", "applies", "applies_later", "grandfathered")
EARLIER = ("commission-2021", "council-2022", "ep-2023-03-23", "letter-2023-04", "ep-2023-06-14")


def cli(capsys, monkeypatch, *args):
    from aiact_foss.cli import application as climod

    monkeypatch.setattr(sys, "argv", ["aiact-foss", *args])
    with pytest.raises(SystemExit) as e:
        climod.main()
    return (e.value.code, *capsys.readouterr())


def _preds(result) -> set[str]:
    return {c.predicate for o in result.outcomes for c in o.conclusions}


def _write(tmp_path, text: str) -> str:
    p = tmp_path / "s.yaml"
    p.write_text(text, encoding="utf-8")
    return str(p)


def test_no_date_is_concluded_without_an_as_of_date():
    scn, _ = load_scenario(str(IMAGE))
    for r in api.solve_results(scn, list(drafts.available())):
        assert not _preds(r) & set(DATED), r.draft


def test_the_texts_never_in_force_conclude_no_dates_even_with_one():
    scn, _ = load_scenario(str(GPAI))
    for r in api.solve_results(scn, list(EARLIER)):
        assert not _preds(r) & set(DATED), r.draft
    assert {"applies_from", "applies"} <= _preds(api.solve_results(scn, ["aia-2024"])[0])


def test_the_option_wins_over_the_file():
    req = api.request(str(GPAI), "aia-2024", None, None, as_of="2027-09-01")
    assert req.scenario.as_of == "2027-09-01"
    [r] = api.solve_results(req.scenario, req.drafts)
    held = {str(c) for o in r.outcomes for c in o.conclusions}
    assert "applies(lab, model-2024, copyright_policy)" in held  # 2 August 2027 has passed
    assert "applies_later(lab, model-2024, copyright_policy)" not in held


def test_the_new_prohibitions_count_only_from_2_december_2026():
    def prohibited(as_of: str | None) -> bool:
        req = api.request(str(IMAGE), "aia-2026", None, None, as_of=as_of)
        [r] = api.solve_results(req.scenario, req.drafts)
        return any(c.predicate == "prohibited_practice" for o in r.outcomes for c in o.conclusions)

    assert prohibited(None) and prohibited("2026-12-02") and prohibited("2027-01-01")
    assert not prohibited("2026-12-01")


def test_an_absent_date_adds_no_outcome_where_no_rule_needs_it():
    plain = api.solve_results(load_scenario(str(IMAGE))[0], ["aia-2026"])[0]
    dated = api.solve_results(api.request(str(IMAGE), "aia-2026", None, None, as_of="2026-12-02").scenario, ["aia-2026"])[0]
    assert len(plain.outcomes) == len(dated.outcomes) == 1
    assert plain.outcomes[0].conclusions == dated.outcomes[0].conclusions


def test_an_absent_date_branches_over_periods_only_where_it_matters(tmp_path):
    text = GPAI.read_text(encoding="utf-8").replace(",\n     first_placed: 2024-10-01}", "}")
    scn, _ = load_scenario(_write(tmp_path, text))
    [r] = api.solve_results(scn, ["aia-2026"])
    assert len(r.outcomes) == 2  # a model's placing matters only before or after 2 August 2025
    paths = {p for o in r.outcomes for a in o.alternatives for p, _ in a.unknowns}
    assert paths == {"components[0].first_placed"}
    values = sorted(v for o in r.outcomes for a in o.alternatives for _, v in a.unknowns)
    assert values == ["before 2025-08-02", "from 2025-08-02"]


def test_a_text_without_dates_never_branches_on_an_absent_date():
    """The Pythia suite's sixteen undated models asked on a date: the earlier texts read no
    placing date, so none is a branching point there or gets a choice in their program
    (they were 2^16 readings per outcome, and ep-2023-06-14 did not finish)."""
    from aiact_foss.engine import solving
    from aiact_foss.language import facts

    scn = api.request(str(ROOT / "scenarios" / "final-act" / "pythia-suite.yaml"), "ep-2023-06-14", None, None,
                      as_of="2026-12-02").scenario
    fb = facts.build(scn)
    dated = [v for v in fb.variables if v.path.endswith(".first_placed")]
    assert len(dated) == 16
    for draft in EARLIER:
        solver = solving.DraftSolver(draft, fb, {})
        assert not [v for v in solver.vars if v.label.endswith(".first_placed")], draft
        assert not any(s.name == "placed_period" for s in _atoms(solver)), draft  # no choice either
    in_force = solving.DraftSolver("aia-2026", fb, {})
    assert len([v for v in in_force.vars if v.label.endswith(".first_placed")]) == 16
    assert any(s.name == "placed_period" for s in _atoms(in_force))
    [r] = api.solve_results(scn, ["ep-2023-06-14"])
    assert not {p for o in r.outcomes for a in o.alternatives for p, _ in a.unknowns if p.endswith(".first_placed")}


def _atoms(solver) -> list:
    return [a.symbol for a in solver.ctl.symbolic_atoms]


@pytest.mark.parametrize("as_of, expected", [
    ("2024-08-01", "aia-2024"), ("2026-07-26", "aia-2024"), ("2026-07-27", "aia-2026"), ("2030-01-01", "aia-2026"),
])
def test_in_force_follows_the_as_of_date(as_of, expected):
    assert drafts.resolve("in-force", as_of=as_of) == [expected]
    assert api.request(str(IMAGE), "in-force", None, None, as_of=as_of).drafts == [expected]


def test_in_force_reads_the_scenarios_as_of_date():
    assert api.request(str(GPAI), "in-force", None, None).drafts == ["aia-2026"]


@pytest.mark.parametrize("as_of, message", [
    (None, "--draft in-force needs an as-of date"),
    ("2024-07-31", "no encoded text was in force on 2024-07-31"),
])
def test_in_force_without_a_text_in_force_is_a_one_line_error(capsys, monkeypatch, as_of, message):
    args = ["solve", str(IMAGE), "--draft", "in-force"] + (["--as-of", as_of] if as_of else [])
    rc, out, err = cli(capsys, monkeypatch, *args)
    assert rc == 2 and out == "" and message in err and err.count("\n") == 1


@pytest.mark.parametrize("field, value, problem", [
    ("as_of", "2026-02-30", "is not a date of the calendar"),
    ("as_of", "2026-2-03", "is not a date written YYYY-MM-DD"),
    ("as_of", "2020-12-31", "is before 2021-01-01"),
    ("first_placed", "2027-01-01", "first placed on 2027-01-01, after the as-of date 2026-12-02"),
])
def test_a_bad_date_names_file_line_and_field(tmp_path, field, value, problem):
    text = GPAI.read_text(encoding="utf-8")
    text = text.replace("as_of: 2026-12-02", f"as_of: {value}") if field == "as_of" else \
        text.replace("first_placed: 2025-09-15", f"first_placed: {value}")
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as e:
        load_scenario(path)
    line = next(n for n, t in enumerate(text.splitlines(), 1) if value in t)
    assert problem in str(e.value) and e.value.line == line
    assert e.value.path in ("as_of", "components[1].first_placed")


def test_a_placing_after_the_options_date_is_the_files_error(capsys, monkeypatch):
    rc, out, err = cli(capsys, monkeypatch, "solve", str(GPAI), "--as-of", "2025-01-01")
    assert rc == 2 and out == ""
    assert "components[1].first_placed" in err and "after the as-of date 2025-01-01" in err and err.count("\n") == 1
    rc, _, err = cli(capsys, monkeypatch, "solve", str(GPAI), "--as-of", "2026-13-01")
    assert rc == 2 and err.startswith("aiact-foss: --as-of: ")


@pytest.mark.slow
def test_batch_gives_what_solve_gives_and_takes_as_of(tmp_path):
    ids = ("aia-2024", "aia-2026")
    for case in sorted(CASES.glob("*.yaml")):
        scn, _ = load_scenario(str(case))
        line = json.dumps(scn.model_dump(mode="python", exclude={"expect"}), default=int)  # FLOP: whole numbers
        for as_of in (None, "2027-12-02"):
            if as_of and scn.as_of is None:
                continue
            opts = batch_solve.Options(ids, as_of=as_of)
            [got] = batch_solve.answer([(1, line)], opts)
            if as_of and any(c.first_placed and c.first_placed > as_of for c in scn.components):
                assert "first_placed: first placed on" in json.loads(got)["error"]
                continue
            want = api.solve(scn.model_copy(update={"as_of": as_of or scn.as_of}), ",".join(ids))
            assert json.loads(got) == want, (case.name, as_of)


def test_the_as_of_option_on_every_command_that_solves(capsys, monkeypatch, tmp_path):
    for args in (["solve", "--format", "json"], ["diff", "--drafts", "aia-2024,aia-2026", "--format", "json"],
                 ["explain", "--draft", "in-force", "--conclusion", "applies(lab, model-2025, copyright_policy)"],
                 ["report", "--out", str(tmp_path / "r.html"), "--draft", "in-force"]):
        rc, _, err = cli(capsys, monkeypatch, args[0], str(GPAI), *args[1:], "--as-of", "2026-12-02")
        assert rc == 0, (args, err)


def test_a_dates_explanation_cites_art_111_or_113(capsys, monkeypatch):
    for c, ref in (("applies_from(lab, model-2024, copyright_policy, 20270802)", "Art 111(3)"),
                   ("applies_from(lab, model-2025, copyright_policy, 20250802)", "Art 113, third paragraph, point (b)")):
        rc, out, _ = cli(capsys, monkeypatch, "explain", str(GPAI), "--draft", "aia-2026", "--conclusion", c)
        assert rc == 0 and f"[rule] {ref}:" in out


def test_explanations_write_a_date_as_people_read_it(capsys, monkeypatch):
    c = "applies_from(lab, model-2024, copyright_policy, 20270802)"
    rc, out, _ = cli(capsys, monkeypatch, "explain", str(GPAI), "--draft", "aia-2026", "--conclusion", c)
    first = out.splitlines()[1]
    assert rc == 0 and first.endswith("applies from 2027-08-02") and "20270802" not in first


def test_other_texts_ignore_the_new_prohibition_facts():
    scn, _ = load_scenario(str(IMAGE))
    data = scn.model_dump(mode="python", exclude={"expect"})
    for k in ("generates_intimate_images", "generation_foreseeable", "generation_safeguards"):
        data["components"][0].pop(k)
    from aiact_foss.language.scenario import Scenario

    bare = Scenario.model_validate(data)
    for d in [*EARLIER, "aia-2024"]:
        assert api.solve(scn, d)["results"] == api.solve(bare, d)["results"], d
    assert api.solve(scn, "aia-2026")["results"] != api.solve(bare, "aia-2026")["results"]


@pytest.mark.slow
def test_every_duty_of_the_texts_in_force_gets_a_date_on_the_whole_casebook():
    from aiact_foss.testing.checking import find_files

    # Asked on 2025-07-01 an absent placing date has one possible period (before 2 August
    # 2025); on 2027-09-01 several, so only the small scenarios are asked then (each
    # model's period is its own branching point: the outcomes multiply).
    for path in find_files([str(ROOT / "scenarios")]):
        scn, _ = load_scenario(path)
        for as_of in ("2025-07-01", "2027-09-01"):
            if any(c.first_placed and c.first_placed > as_of for c in scn.components):
                continue
            if as_of > "2026" and len(scn.components) > 3:
                continue
            _every_duty_dated(path, scn.model_copy(update={"as_of": as_of}))


def _every_duty_dated(path, dated) -> None:
    """Every obligation has a date unless a system is grandfathered, and every date says
    whether the duty applies on the as-of date."""
    for r in api.solve_results(dated, ["aia-2024", "aia-2026"]):
        for o in r.outcomes:
            held = set(o.conclusions)
            dates = {c.args[:3] for c in held if c.predicate == "applies_from"}
            old = {c.args[0] for c in held if c.predicate == "grandfathered"}
            for c in held:
                if c.predicate == "obligation" and c.args not in dates:
                    assert old, (path, r.draft, str(c))
            for a, x, d in dates:
                assert any(c.predicate in ("applies", "applies_later") and c.args == (a, x, d) for c in held)


def test_explain_says_a_text_does_not_read_the_new_prohibition_facts(capsys, monkeypatch):
    base = ("explain", str(IMAGE), "--conclusion", "prohibited_practice(nudify-app)")
    rc, out, _ = cli(capsys, monkeypatch, *base, "--draft", "aia-2024", "--why-not", "--format", "json")
    assert rc == 0
    assert json.loads(out)["unread"] == [{"path": "components[0].generates_intimate_images", "value": True},
                                         {"path": "components[0].generation_foreseeable", "value": True}]
    rc, out, _ = cli(capsys, monkeypatch, *base, "--draft", "aia-2024", "--why-not")
    assert out.splitlines()[-1].startswith("not read by aia-2024 (no rule of this text uses them): "
                                           "components[0].generates_intimate_images = true")
    rc, out, _ = cli(capsys, monkeypatch, *base, "--draft", "aia-2026", "--format", "json")
    assert rc == 0 and "unread" not in json.loads(out)


@pytest.mark.parametrize("reading, registration_from, classifier_duty", [
    ("amended-act-literal", 20260802, True),
    ("amended-act-purposive", 20271202, False),
])
def test_the_amended_acts_named_readings_answer_its_open_questions(reading, registration_from, classifier_duty):
    def held(path: Path) -> set[str]:
        scn, _ = load_scenario(str(path))
        [r] = api.solve_results(scn, ["aia-2026"], reading=reading)
        assert r.status == "determinate", (path.name, r.status)
        return {str(c) for o in r.outcomes for c in o.conclusions}

    dates = held(CASES / "high-risk-systems-placed-after-the-new-dates.yaml")
    assert f"applies_from(hrtech, ranker, high_risk_registration, {registration_from})" in dates
    duty = "obligation(lab, risk-classifier, value_chain_cooperation)"
    assert (duty in held(CASES / "open-classifier-in-high-risk-system.yaml")) is classifier_duty


@pytest.mark.parametrize("reading, annex_x_public_from", [
    ("amended-act-literal", 20300802),
    ("amended-act-purposive", 20301231),
    (None, None),
])
@pytest.mark.parametrize("draft", ["aia-2024", "aia-2026"])
def test_the_named_readings_date_an_annex_x_system_for_public_authorities(tmp_path, reading, annex_x_public_from,
                                                                          draft):
    # Art 111(1) and Art 111(2), second sentence: unpinned, the question gives both dates
    text = (QUESTIONS / "public-authority-deadline-reaches-annex-x-true.yaml").read_text(encoding="utf-8")
    scn, _ = load_scenario(_write(tmp_path, text.replace("assume:\n  public_authority_deadline_reaches_annex_x: true\n",
                                                         "")))
    [r] = api.solve_results(scn, [draft], reading=reading)
    got = {c.args[3] for o in r.outcomes for c in o.conclusions
           if c.predicate == "applies_from" and c.args[1] == "sis-matcher"}
    assert got == ({annex_x_public_from} if reading else {20300802, 20301231})
    assert r.status == ("determinate" if reading else "ambiguous")
