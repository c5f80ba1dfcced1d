"""The fuzz targets (aiact_foss.testing.fuzzing; benchmarks/fuzz.py runs them for a set
time under atheris): every seed from the casebook and every input a fuzzer once crashed
on (tests/data/fuzz/<target>/) goes through its target without breaking its contract,
plus a short hypothesis session per target."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiact_foss.testing import fuzzing

ROOT = Path(__file__).resolve().parents[1]
FOUND = ROOT / "tests" / "data" / "fuzz"


def _found(target: str) -> list[Path]:
    folder = FOUND / target
    return sorted(folder.iterdir()) if folder.is_dir() else []


@pytest.mark.parametrize("target", sorted(fuzzing.TARGETS))
def test_every_seed_passes(target):
    seeds = list(fuzzing.seeds(target, ROOT))
    assert seeds
    for data in seeds:
        fuzzing.TARGETS[target](data)


@pytest.mark.parametrize("path", [p for t in sorted(fuzzing.TARGETS) for p in _found(t)], ids=lambda p: p.name)
def test_every_input_a_fuzzer_crashed_on_stays_fixed(path):
    fuzzing.TARGETS[path.parent.name](path.read_bytes())


def test_a_non_ascii_name_in_a_property_is_an_error_not_an_abort(tmp_path):
    """clingo's parser reports one byte of a non-ASCII character, which its Python logger
    cannot decode: before the fix, `explore --property` aborted with a PANIC."""
    prop = FOUND / "property" / "non-ascii-name-aborts-clingo.lp"
    p = subprocess.run([sys.executable, "-m", "aiact_foss", "explore", "--property", str(prop)],
                       capture_output=True, text=True, timeout=120, env={"PYTHONPATH": str(ROOT / "src")})
    assert p.returncode == 2 and "U+07BC" in p.stderr and p.stderr.count("\n") == 1, p.stderr


@pytest.mark.parametrize("target", sorted(fuzzing.TARGETS))
@settings(max_examples=30)
@given(data=st.binary(max_size=256))
def test_random_bytes(target, data):
    fuzzing.TARGETS[target](data)


@pytest.mark.slow
def test_the_fuzz_script_runs_for_a_set_time(tmp_path):
    p = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "fuzz.py"), "--engine", "hypothesis",
                        "--seconds", "2", "--target", "conclusion", "--out", str(tmp_path)],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert "fuzz conclusion:" in p.stderr and "no crash" in p.stderr


def test_a_comparison_in_a_head_is_refused_by_name():
    """`a=f(x).` parses as a rule whose head is a comparison, which has no symbol: before
    the fix the subset check raised AttributeError (the fuzz session's exit 77)."""
    from aiact_foss.testing import properties

    data = (FOUND / "property" / "comparison-in-a-head-has-no-symbol.lp").read_text()
    with pytest.raises(properties.BadProperty) as e:
        properties.parse(data, "p.lp")
    assert str(e.value) == 'p.lp:1: comparison in a head is outside the property language (docs/testing.md, "Property files")'
