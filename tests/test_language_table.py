"""The language's one declaration (logic/language.yaml) against everything that states
the language: the hand-written models, the generated files, the explore space, the
benchmark generator; and a throwaway field added the way the table says fields are added."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import clingo
import pytest
from pydantic import ValidationError

from aiact_foss.explore import space
from aiact_foss.language import derived
from aiact_foss.language.scenario import ITEM_MODELS, Scenario
from aiact_foss.language.table import table

ROOT = Path(__file__).resolve().parents[1]
T = table()
# the least item of each kind, to which one field at a time is added
MINIMAL = {"actor": {"id": "a", "type": "large_enterprise"}, "licence": {"id": "l"},
           "component": {"id": "c", "kind": "model", "developer": "a"},
           "release": {"component": "c", "by": "a", "channel": "open_repository"}}


@pytest.mark.parametrize("item", sorted(ITEM_MODELS))
def test_the_models_have_exactly_the_fields_of_the_table(item):
    assert list(ITEM_MODELS[item].model_fields) and set(ITEM_MODELS[item].model_fields) == {
        r.name for r in T.rows(item)}


def _accepts(row, value) -> bool:
    data = dict(MINIMAL[row.item])
    if row.item == "component" and row.applies_to("ai_system") and not row.applies_to("model"):
        data["kind"] = "ai_system"
    data[row.name] = value
    try:
        ITEM_MODELS[row.item].model_validate(data)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("row", T.fields, ids=lambda r: f"{r.item}.{r.name}")
def test_each_model_field_has_the_domain_and_default_of_its_row(row):
    field = ITEM_MODELS[row.item].model_fields[row.name]
    if row.default == "required":
        assert field.is_required()
    elif isinstance(row.default, dict):  # a default that follows another field: None in the model
        assert field.get_default() is None
    else:
        assert field.get_default(call_default_factory=True) == row.default
    if row.kind not in ("id", "ref", "refs"):  # a string field takes the string "unknown"
        assert _accepts(row, "unknown") == row.accepts_unknown
    if row.kind == "enum":
        assert all(_accepts(row, v) for v in row.values) and not _accepts(row, "bogus")
    elif row.kind == "set":
        assert _accepts(row, list(row.values)) and not _accepts(row, ["bogus"])
    elif row.flag:
        assert _accepts(row, True) and _accepts(row, False) and not _accepts(row, 1)
    elif row.kind == "count":
        lo, hi = row.bounds
        assert _accepts(row, lo) and _accepts(row, hi) and not _accepts(row, lo - 1) and not _accepts(row, hi + 1)
    elif row.kind == "flop":
        assert _accepts(row, 10**25) and _accepts(row, None) and not _accepts(row, -1)


def test_every_row_has_words_a_meaning_and_a_fact_atom_of_its_arity():
    for r in T.fields:
        assert r.meaning.strip().endswith("."), f"{r.item}.{r.name}: meaning should be one sentence"
        if r.fact is None:
            # an id, or a field whose facts are built only with an as-of date (declared apart)
            assert r.kind == "id" or any(a.name in (r.name, "placed_period") for a in T.also_declared), r.name
            continue
        want = 1 if r.flag or r.kind == "id" else 2
        assert r.fact.arity == want, f"{r.item}.{r.name}: {r.fact}"
        words = r.words if isinstance(r.words, tuple) else (r.words,)
        assert all(f"{{{r.fact.args[0]}}}" in w for w in words), f"{r.item}.{r.name}: words must name the item"


def test_input_lp_and_the_readme_table_are_generated_from_the_table():
    hint = "run python -m aiact_foss.language.derived logic/"
    assert (ROOT / "logic/common/input.lp").read_text(encoding="utf-8") == derived.input_lp(), hint
    assert derived.readme_table() in (ROOT / "logic/README.md").read_text(encoding="utf-8"), hint


def test_the_json_schema_describes_every_field_by_its_meaning():
    from aiact_foss.language.scenario import json_schema

    defs = json_schema()["$defs"]
    for item, model in ITEM_MODELS.items():
        for r in T.rows(item):
            assert defs[model.__name__]["properties"][r.name]["description"].startswith(r.meaning)


def _space_fields(k: int = 2, as_of: int | None = None) -> dict[str, set]:
    """field -> the values the explore space can give it (from the grounded choice rules)."""
    ctl = clingo.Control(["--warn=none"])
    ctl.add("base", [], space.program(k, as_of))
    ctl.ground([("base", [])])
    out: dict[str, set] = {}
    for a in ctl.symbolic_atoms.by_signature("_fv", 3):
        f = a.symbol.arguments[1]
        out.setdefault(f.name, set()).add(str(a.symbol.arguments[2]))
    return out


def test_every_field_is_varied_by_the_explore_space_or_fixed_with_a_reason():
    """`explore` says "space exhausted" only if no field it never varies could matter:
    a row the space leaves out must say why."""
    fields = _space_fields()
    for r in T.fields:
        name = "training_compute" if r.kind == "flop" else r.name
        if r.fixed is not None:
            assert len(r.fixed) > 20, f"{r.item}.{r.name}: give the reason it is not varied"
            continue
        assert r.explore == "vary" or set(r.explore) <= {"values", "order"}, f"{r.item}.{r.name}: {r.explore}"
        assert name in fields, f"{r.item}.{r.name} is neither varied by explore nor fixed with a reason"
        if r.kind == "enum":
            assert fields[name] == set(r.values)
        elif r.flag:
            assert fields[name] == {"true", "false"}
        elif r.kind in ("flop", "count"):
            assert len(fields[name]) == len(r.explore["values"])


def test_explore_as_of_varies_every_field_read_only_with_an_as_of_date():
    """`reads: as_of` rows are fixed without a date and varied under explore --as-of: a
    flag over both values, the route over its routes, a first placing over one date per
    period between the cut-off dates of logic/common/time.lp, up to the as-of date."""
    from aiact_foss.law import calendar

    plain = _space_fields()
    dated_rows = [r for r in T.fields if r.as_of_only]
    assert {r.name for r in dated_rows} >= {"first_placed", "high_risk_route", "public_authority_use",
                                            "annex_x_component"}
    for as_of in (20250801, 20261202, 20300101):
        fields = _space_fields(2, as_of)
        for r in dated_rows:
            assert r.fixed is not None and r.name not in plain
            if r.flag:
                assert fields[r.name] == {"true", "false"}
            elif r.kind == "enum":
                assert fields[r.name] == set(r.values)
            else:
                # cut at the dates of the kind and of the dated flags with cut-offs of
                # their own (annex_x_component, Art 111(1)), which the space varies too
                cut = {k: [d.fact.name for d in dated_rows if d.flag and d.applies_to(k)
                           and d.fact.name in calendar.keys()] for k in r.applies}
                starts = {str(p.start) for k in r.applies for p in calendar.periods_until(k, as_of, *cut[k])}
                assert fields[r.name] == starts
        assert {f: v for f, v in fields.items() if f in plain} == plain


def test_reads_is_structured_and_strategies_draw_no_field_it_marks():
    """What the law reads only with a date or only in some texts is a key of the table
    (`reads`), which the strategies and the explore space read, never a reason's words."""
    from hypothesis import given, settings

    from aiact_foss.law import drafts
    from aiact_foss.testing import strategies

    marked = [r for r in T.fields if r.reads is not None]
    assert marked
    for r in marked:
        assert r.reads == "as_of" or set(r.reads) <= set(drafts.available()), r
    model = ITEM_MODELS["component"]

    @settings(max_examples=30)
    @given(strategies.scenarios(min_components=1, max_components=3, kinds=["ai_system", "model"]))
    def drawn(scn):
        for c in scn.components:
            for r in marked:
                if r.item == "component" and r.applies_to(c.kind):
                    assert getattr(c, r.name) == model.model_fields[r.name].default, (r.name, c)

    drawn()


def _generator():
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_the_benchmark_generator_covers_every_field():
    """benchmarks/generate.py is kept independent of the package; with --all-fields its
    scenarios set every field of the table away from its default somewhere."""
    from aiact_foss.testing import validated

    seen: set[tuple[str, str]] = set()
    for data in _generator().scenarios(60, 3, all_fields=True):
        scn = validated(data)
        for item, items in (("actor", scn.actors), ("licence", scn.licences), ("component", scn.components),
                            ("release", scn.releases)):
            for x in items:
                seen |= {(item, name) for name in x.model_fields_set}
    missing = {(r.item, r.name) for r in T.fields} - seen
    assert not missing, f"benchmarks/generate.py never sets {sorted(missing)}"


# --------------------------------------------------------------------------- a new field

ROW = """  - item: release
    name: throwaway_flag
    kind: tri
    default: false
    fact: throwaway_flag(R)
    words: {true: "{R} is a throwaway", false: "{R} is no throwaway"}
    meaning: A field that exists only in this test.
    explore: vary
"""
CHECKS = r"""
import json
from hypothesis import find
from aiact_foss.explain import labels
from aiact_foss.explore import space
from aiact_foss.reference import docgen
from aiact_foss.testing import strategies

assert "throwaway_flag" in space.RELEASE_FLAGS
assert "throwaway_flag(I) :- _fv(X, throwaway_flag, true), _comp_id(I, X)." in space.program(1)
assert "throwaway_flag" in strategies.FIXABLE["release"] and "throwaway_flag" in strategies.RELEASE_TRI
find(strategies.scenarios(min_components=1), lambda s: any(r.throwaway_flag == "unknown" for r in s.releases))
assert "| `throwaway_flag` | " in docgen.language() and "only in this test" in docgen.language()
assert labels.FLAG_FIELD["throwaway_flag"] == ("{o} is a throwaway", "{o} is no throwaway")
print("ok")
"""


def test_a_new_tri_release_field_is_one_row_one_model_field_and_one_rule(tmp_path):
    """The table says how to add a field; do it on a copy of the package and check that
    facts, schema, solve, explain, explore, strategies and the docs reference pick it up."""
    shutil.copytree(ROOT / "src", tmp_path / "src", symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "logic", tmp_path / "logic")
    table_file = tmp_path / "logic" / "language.yaml"
    text = table_file.read_text(encoding="utf-8")
    anchor = "  - item: release\n    name: paid_support\n"
    table_file.write_text(text.replace(anchor, ROW + anchor), encoding="utf-8")
    model = tmp_path / "src" / "aiact_foss" / "language" / "scenario.py"
    text = model.read_text(encoding="utf-8")
    anchor = "    commercial_activity: Tri = False\n"
    model.write_text(text.replace(anchor, anchor + "    throwaway_flag: Tri = False\n"), encoding="utf-8")
    rules = tmp_path / "logic" / "common" / "monetisation.lp"
    anchor = "monetising(R, commercial_activity) :- commercial_activity(R).\n"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace(anchor, anchor + "monetising(R, commercial_activity) :- throwaway_flag(R).\n"),
                     encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "src")}

    def run(*args: str, stdin: str | None = None) -> str:
        p = subprocess.run([sys.executable, *args], cwd=tmp_path, env=env, input=stdin, capture_output=True,
                           text=True, timeout=300)
        assert p.returncode == 0, p.stderr
        return p.stdout

    run("-m", "aiact_foss.language.derived", "logic")  # the generated input.lp and README table
    assert "#defined throwaway_flag/1." in (tmp_path / "logic/common/input.lp").read_text(encoding="utf-8")
    scenario = {"scenario": 1, "name": "t", "actors": [{"id": "a", "type": "large_enterprise"}],
                "components": [{"id": "m", "kind": "model", "developer": "a", "licence": "MIT"}],
                "releases": [{"component": "m", "by": "a", "channel": "open_repository", "throwaway_flag": True}]}
    (tmp_path / "t.json").write_text(json.dumps(scenario), encoding="utf-8")
    scenario["releases"][0]["throwaway_flag"] = "unknown"
    (tmp_path / "u.json").write_text(json.dumps(scenario), encoding="utf-8")
    assert "throwaway_flag(0)." in run("-m", "aiact_foss", "facts", "t.json").splitlines()
    assert "{ throwaway_flag(0) }." in run("-m", "aiact_foss", "facts", "u.json")
    schema = json.loads(run("-m", "aiact_foss", "schema"))
    assert schema["$defs"]["Release"]["properties"]["throwaway_flag"]["description"].startswith("A field that")
    solved = run("-m", "aiact_foss", "solve", "t.json", "--draft", "aia-2024", "--format", "json")
    assert '"monetised"' in solved and '"m"' in solved
    why = run("-m", "aiact_foss", "explain", "t.json", "--draft", "aia-2024", "--conclusion", "monetised(m)")
    assert "m's release #0 is a throwaway" in why
    assert run("-c", CHECKS).strip() == "ok"


def test_scenario_validates_with_the_table_domains():
    """The top-level model is untouched by the table; a sanity check that the fixtures above are valid."""
    Scenario.model_validate({"scenario": 1, "name": "x", "actors": [MINIMAL["actor"]], "licences": [MINIMAL["licence"]],
                             "components": [MINIMAL["component"]], "releases": [MINIMAL["release"]]})
