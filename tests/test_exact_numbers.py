"""Numbers are exact at any number of digits, bounded in the loader, and written to JSON
exactly (issue 15, item 1: each failure reproduced)."""

from __future__ import annotations

import decimal
import json
import subprocess
import sys
from decimal import Decimal

import pytest

from aiact_foss import api
from aiact_foss.engine.conclusions import parse
from aiact_foss.engine.results import plain
from aiact_foss.language import facts
from aiact_foss.language.loading import InputError, parse_json_text
from aiact_foss.testing import validated

JUST_ABOVE = "10000000000000000000000000.0001"  # 29 significant digits, > 10^25


def _model(flop) -> dict:
    return {"scenario": 1, "name": "compute", "actors": [{"id": "a", "type": "large_enterprise"}],
            "components": [{"id": "m", "kind": "model", "developer": "a", "general_purpose": True,
                            "trained_on_broad_data_at_scale": True, "training_compute_flop": flop}]}


def _json(flop_text: str) -> str:
    return json.dumps(_model(0)).replace('"training_compute_flop": 0', f'"training_compute_flop": {flop_text}')


def _systemic(flop_text: str) -> bool:
    scn = validated(parse_json_text(_json(flop_text), "t.json").data)
    (result,) = api.solve_results(scn, ["aia-2024"])
    return parse("systemic_risk(m)") in result.always


def test_a_29_digit_compute_just_above_10_25_is_systemic():
    # the default 28-digit Decimal context rounded this to the threshold
    assert _systemic(JUST_ABOVE)
    assert not _systemic("10000000000000000000000000.0000")
    assert not _systemic("1E+25")


@pytest.mark.parametrize("digits", [28, 29, 40, 90])
def test_compute_units_are_exact_at_any_number_of_digits_and_under_any_context(digits):
    above = Decimal("1" + "0" * 25 + "." + "0" * (digits - 27) + "1")
    with decimal.localcontext(decimal.Context(prec=3)):
        assert facts.compute_units(above) == 10_000_001
        assert facts.compute_units(Decimal("1E+25")) == 10_000_000
        assert facts.compute_units(Decimal("0.000001")) == 1
        assert facts.compute_units(0) == 0
        assert facts.compute_units(Decimal("1E+100")) == facts.MAX_INT


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "aiact_foss", *args], input=stdin, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.parametrize("absurd", ["1e1000018", "1e-1000018", "1" + "0" * 101, "-1e101"])
def test_an_absurd_magnitude_is_a_one_line_error_in_the_loader(absurd):
    with pytest.raises(InputError) as err:
        parse_json_text(_json(absurd), "t.json")
    assert "number out of range" in str(err.value) and "\n" not in str(err.value)


def test_an_absurd_number_given_in_python_is_a_validation_error():
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="out of range"):
        validated(_model(Decimal("1e1000018")))


def test_an_absurd_compute_is_refused_by_every_command(tmp_path):
    path = tmp_path / "absurd.yaml"
    path.write_text(json.dumps(_model(0)).replace('"training_compute_flop": 0', '"training_compute_flop": 1e1000018'),
                    encoding="utf-8")
    for args in (["solve", str(path)], ["facts", str(path)], ["diff", str(path)],
                 ["explain", str(path), "--draft", "aia-2024", "--all"],
                 ["report", str(path), "--draft", "aia-2024", "--out", str(tmp_path / "r.html")]):
        p = _cli(*args)
        assert p.returncode == 2, (args, p.stderr)
        assert p.stderr.count("\n") == 1 and "number out of range: 1e1000018" in p.stderr, (args, p.stderr)
        assert "Traceback" not in p.stderr and p.stdout == ""
    p = _cli("check", str(path))  # check reports the bad file, then its summary line
    assert p.returncode == 2 and "number out of range: 1e1000018" in p.stderr.splitlines()[0]
    assert "Traceback" not in p.stderr


def test_in_a_batch_only_the_absurd_line_is_an_error():
    good = json.dumps(_model(10**22))
    p = _cli("batch", "-", "--draft", "aia-2024", stdin="\n".join([good, _json("1e1000018"), good]) + "\n")
    lines = p.stdout.splitlines()
    assert p.returncode == 2 and len(lines) == 3, p.stderr
    first, third = json.loads(lines[0]), json.loads(lines[2])
    assert (first.pop("line"), third.pop("line")) == (1, 3) and first == third and "error" not in first
    bad = json.loads(lines[1])
    assert bad["line"] == 2 and "number out of range" in bad["error"]


def _no_floats(text: str):
    def refuse(tok: str):
        raise AssertionError(f"a float in JSON output: {tok}")

    return json.loads(text, parse_float=refuse)


def test_json_output_writes_numbers_exactly_never_as_floats(tmp_path):
    assert plain(Decimal(JUST_ABOVE)) == JUST_ABOVE
    assert plain(Decimal("2E+25")) == 20_000_000_000_000_000_000_000_000
    assert plain(Decimal("8.4E+22")) == 84_000_000_000_000_000_000_000
    path = tmp_path / "m.json"
    for text, want in ((JUST_ABOVE, JUST_ABOVE), ("2e25", 2 * 10**25), ("1e100", 10**100)):
        path.write_text(_json(text), encoding="utf-8")
        p = _cli("explain", str(path), "--draft", "aia-2024", "--conclusion", "systemic_risk(m)", "--format", "json")
        assert p.returncode == 0, p.stderr
        doc = _no_floats(p.stdout)
        values = [n["value"] for n in doc["nodes"] if n.get("path") == "components[0].training_compute_flop"]
        assert values == [want], values
