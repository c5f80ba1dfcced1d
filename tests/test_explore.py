"""`explore`: the bounded space, the renamed copies of the drafts, the search, its
classes and witnesses, and the command."""

import json
import os
import subprocess
import sys
from pathlib import Path

import clingo
import pytest

from aiact_foss.engine import conclusions
from aiact_foss.explore import Goal, classes, copies, explore, points, space
from aiact_foss.explore.search import standing
from aiact_foss.language import facts
from aiact_foss.testing import properties, results, validated

ROOT = Path(__file__).resolve().parents[1]
MARCH, LETTER, JUNE, FINAL = "ep-2023-03-23", "letter-2023-04", "ep-2023-06-14", "aia-2024"


def _cli(*args, cwd=None):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "aiact_foss", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, timeout=900)


def random_points(k: int, n: int, extra: str = "", as_of: int | None = None) -> list[points.Point]:
    """n points of the space, drawn by clingo's random decisions (no optimisation)."""
    out = []
    for seed in range(1, n + 1):
        ctl = clingo.Control(["--warn=none", "--opt-mode=ignore", f"--seed={seed}", "--rand-freq=1",
                              "--sign-def=rnd"])
        ctl.add("base", [], space.program(k, as_of) + extra)
        ctl.ground([("base", [])])
        with ctl.solve(yield_=True) as handle:
            model = next(iter(handle))
            out.append((points.Point.from_model(model.symbols(atoms=True), as_of),
                        frozenset(model.symbols(atoms=True))))
    return out


@pytest.fixture(scope="module")
def sample():
    return random_points(2, 40, ":- not _comp(\"c1\").")


def _scenario(point):
    return validated(points.scenario_data(point, "sample"))


# --------------------------------------------------------------------------- the space


AS_OF = 20261202  # explore --as-of 2026-12-02


@pytest.fixture(scope="module")
def dated_sample():
    """Points of the space asked as of a date, each with a model or a system."""
    return random_points(2, 40, ':- not _comp("c1").\n:- _fv("c1", kind, K), not _period(K, _, _).', as_of=AS_OF)


@pytest.mark.parametrize("which", ["sample", "dated_sample"])
def test_the_space_makes_exactly_the_facts_that_the_scenario_makes(which, request):
    vocabulary = copies.input_predicates()
    for point, atoms in request.getfixturevalue(which):
        scn = _scenario(point)
        built = facts.build(scn, {})
        # releases are numbered by slot in the space and by list index in the scenario
        number = {f"c{i}": i for i in range(1, 3)}
        renumber = {}
        for r_index, r in enumerate(scn.releases):
            renumber[number[r.component]] = r_index
        mine = set()
        for a in atoms:
            if a.name in vocabulary and not a.name.startswith("_"):
                args = list(a.arguments)
                if a.name in space.RELEASE_FLAGS + ("release", "release_of", "released_by", "channel",
                                                     "paid_support", "personal_data_use"):
                    args[0] = clingo.Number(renumber[args[0].number])
                mine.add(clingo.Function(a.name, args))
        assert mine == set(built.facts), points.scenario_data(point, "x")
        assert not built.variables


@pytest.mark.parametrize("which", ["sample", "dated_sample"])
def test_points_count_their_fields_away_from_defaults(which, request):
    for point, _ in request.getfixturevalue(which):
        # the scenario writes the required keys and exactly the fields away from defaults
        # (and, asked as of a date, a first placing and a route, which have none in the space)
        w = points.scenario_data(point, "x")
        comps = sum(len(c) - 3 + max(0, len(c.get("integrates", [])) - 1)
                    - len({"first_placed", "high_risk_route"} & set(c)) for c in w["components"])
        acts = sum(len(a) - 2 for a in w["actors"])
        rels = sum(1 + len(r) - 3 for r in w.get("releases", []))
        assert point.away() == comps + acts + rels + len(w["components"]) + len(w["actors"])


def test_a_dated_point_is_asked_on_its_date_with_a_date_of_each_period(dated_sample):
    """Asked as of a date, every model and system gets a real first-placing date, one per
    period between the law's cut-off dates (logic/common/time.lp), on or before the as-of
    date; a high-risk system gets a route; the scenario carries the date."""
    from aiact_foss.law import calendar

    seen = set()
    for point, _ in dated_sample:
        scn = _scenario(point)
        assert scn.as_of == "2026-12-02"
        for c in scn.components:
            if c.kind in ("model", "ai_system"):
                day = int(c.first_placed.replace("-", ""))
                assert day <= AS_OF
                period = max(p.start for p in calendar.periods(c.kind) if p.start <= day)
                seen.add((c.kind, period))
            else:
                assert c.first_placed is None
            assert (c.high_risk_route != "unknown") == (c.kind == "ai_system" and c.risk == "high")
    assert seen == {(k, p.start) for k in ("model", "ai_system") for p in calendar.periods_until(k, AS_OF)}


def test_any_day_of_a_period_gives_what_the_day_the_space_gives_gives(dated_sample):
    """The periods are classes: the last day of the period (or the first day the language
    allows, for the period before the first cut-off) concludes what the day the space
    gives concludes, in both texts that read dates."""
    from aiact_foss.law import calendar

    for point, _ in dated_sample[:12]:
        scn = _scenario(point)
        moved = []
        for c in scn.components:
            if c.first_placed is None:
                moved.append(c)
                continue
            day = int(c.first_placed.replace("-", ""))
            starts = [p.start for p in calendar.periods(c.kind)]
            later = [s for s in starts if s > day]
            other = "2021-01-01" if day < starts[1] else calendar.day_before(later[0]) if later else "2026-12-02"
            other = min(other, "2026-12-02")
            moved.append(c.model_copy(update={"first_placed": other}))
        scn2 = scn.model_copy(update={"components": moved})
        assert scn2 != scn or all(c.first_placed is None for c in scn.components)
        for d in ("aia-2024", "aia-2026"):
            assert results(scn, d) == results(scn2, d), (d, scn2)


def test_a_witness_does_not_depend_on_the_names_the_search_gave(sample):
    """Every renaming of a point's ids has the same canonical form, at the same cost,
    and the renamed scenario concludes the renamed conclusions."""
    from itertools import permutations

    two = [p for p, _ in sample if len(p.components()) == 2 and len(p.actors()) == 2][:6]
    assert two
    for point in two:
        canon, ids = point.canonical()
        assert canon.away() == point.away() and point.renamed(ids) == canon
        for pc in permutations(["c1", "c2"]):
            for pa in permutations(["a1", "a2"]):
                other = point.renamed({"c1": pc[0], "c2": pc[1], "a1": pa[0], "a2": pa[1]})
                assert other.canonical()[0] == canon
    point = two[0]
    canon, ids = point.canonical()
    real, moved = results(_scenario(point), FINAL), results(_scenario(canon), FINAL)

    def rename(c):
        from aiact_foss.language.vocabulary import PREDICATES

        return conclusions.Conclusion(c.predicate, tuple(ids.get(a, a) if k in ("actor", "component") else a
                                                         for k, a in zip(PREDICATES[c.predicate], c.args)))

    assert {rename(c) for c in real.always} == set(moved.always)
    assert {rename(c) for c in real.possible} == set(moved.possible)


@pytest.mark.parametrize("which, drafts", [("sample", (MARCH, FINAL)), ("dated_sample", (FINAL, "aia-2026"))])
def test_the_oracle_solves_many_points_as_it_solves_one(which, drafts, request):
    """Prefetched in batch's tagged programs, a point's sets are those `solve` gives it alone."""
    pts = [p for p, _ in request.getfixturevalue(which)][:16]
    many = classes.Oracle(drafts, None)
    many.prefetch(pts)
    assert all(p.values in many.cache for p in pts)
    for p in pts:
        for d in drafts:
            assert many.cache[p.values][d] == properties.draft_sets(_scenario(p), d, {}), (d, p)


def test_a_guessed_copy_concludes_what_the_draft_concludes(sample):
    """Brave and cautious consequences of one renamed copy over a fixed point equal the
    real solver's possible and always sets."""
    for point, _ in sample[:12]:
        scn = _scenario(point)
        for d in (MARCH, FINAL):
            fixed = "\n".join(f":- not _fv({classes._const(e)}, {classes._field_const(f)}, "
                              f"{classes._value_const(f, v)})." for (e, f), v in point.values)
            fixed += "\n" + "\n".join(f':- not _comp("{x}").' for x in point.components())
            fixed += "\n" + "\n".join(f':- _comp("{x}").' for x in ("c1", "c2") if x not in point.components())
            fixed += "\n" + "\n".join(f':- _act("{a}").' for a in ("a1", "a2") if a not in point.actors())
            fixed += "\n:- _fail_of(g).\n"
            got = {}
            for mode in ("brave", "cautious"):
                ctl = clingo.Control(["--warn=none", "--opt-mode=ignore", f"--enum-mode={mode}", "--models=0"])
                ctl.add("base", [], space.program(2) + copies.copy_text(d, "g", None) + fixed + "#show _c/2.")
                ctl.ground([("base", [])])
                last = []
                ctl.solve(on_model=lambda m: last.__setitem__(slice(None), m.symbols(shown=True)))  # noqa: B023
                got[mode] = {conclusions.from_symbol(s.arguments[1]) for s in last}
            real = results(scn, d)
            assert got["brave"] == set(real.possible), (d, points.scenario_data(point, "x"))
            assert got["cautious"] == set(real.always), (d, points.scenario_data(point, "x"))


def test_a_reading_copy_concludes_one_outcome_of_the_draft(sample):
    """A copy with a fixed reading is one answer set of the draft: its conclusions are
    one of the real outcomes, and every outcome has such a reading."""
    from aiact_foss.explore.search import readings_of

    for point, _ in sample[:12]:
        scn = _scenario(point)
        fixed = "\n".join(f":- not _fv({classes._const(e)}, {classes._field_const(f)}, "
                          f"{classes._value_const(f, v)})." for (e, f), v in point.values)
        fixed += "\n" + "\n".join(f':- _comp("{x}").' for x in ("c1", "c2") if x not in point.components())
        fixed += "\n" + "\n".join(f':- _act("{a}").' for a in ("a1", "a2") if a not in point.actors())
        for d in (MARCH, JUNE, FINAL):
            real = results(scn, d)
            seen = set()
            for reading in readings_of(d, scn, None, True):
                ctl = clingo.Control(["--warn=none", "--opt-mode=ignore", "--models=0"])
                ctl.add("base", [], space.program(2) + copies.copy_text(d, "r", reading) + fixed + "#show _c/2.")
                ctl.ground([("base", [])])
                models = []
                ctl.solve(on_model=lambda m: models.append(  # noqa: B023 - solve calls it before the loop moves on
                    frozenset(conclusions.from_symbol(s.arguments[1]) for s in m.symbols(shown=True))))
                assert len(models) == 1 and models[0] in real.outcomes, (d, reading)
                seen.add(models[0])
            assert seen == real.outcomes


# --------------------------------------------------------------------------- the search


@pytest.fixture(scope="module")
def march_vs_letter():
    return explore(Goal((MARCH, LETTER)), k=2)


def test_march_against_the_letter_finds_the_foundation_model_class(march_vs_letter):
    run = march_vs_letter
    assert run.end == "space exhausted" and run.classes
    fm = [c for c in run.classes if any(d.conclusion.predicate == "exempt" for d in c.differences)]
    assert fm
    witness = fm[0].point.as_dict()
    x = next(d.conclusion.args[0] for d in fm[0].differences if d.conclusion.predicate == "exempt")
    assert witness[(x, "kind")] == "model" and witness[(x, "general_purpose")] is True
    assert witness[(x, "trained_on_broad_data_at_scale")] is True
    exempt = next(d for d in fm[0].differences if d.conclusion.predicate == "exempt")
    assert (exempt.a, exempt.b) == ("never", "always")
    deciding = {(d.entity, d.field) for d in fm[0].deciders}
    assert {(x, "general_purpose"), (x, "trained_on_broad_data_at_scale"), (x, "licence")} <= deciding


def test_every_class_is_confirmed_by_the_real_solver(march_vs_letter):
    for cls in march_vs_letter.classes:
        scn = _scenario(cls.point)
        a, b = results(scn, MARCH), results(scn, LETTER)
        for d in cls.differences:
            assert (standing(a, d.conclusion), standing(b, d.conclusion)) == (d.a, d.b)


def test_exhausted_means_every_disagreement_lies_in_a_class(march_vs_letter):
    """Sampled points where the drafts disagree: each disagreement is one the blocking
    rules of a class cover (checked by clingo over the point's values)."""
    blocks = "\n".join(classes.blocking_rules(c.number, c, None) for c in march_vs_letter.classes)
    extra = ':- not _comp("c1").\n:- not _fv("c1", general_purpose, true).\n'
    disagreements = 0
    for point, _ in random_points(2, 40, extra):
        scn = _scenario(point)
        a, b = results(scn, MARCH), results(scn, LETTER)
        diffs = [(c, standing(a, c), standing(b, c)) for c in a.possible | b.possible
                 if standing(a, c) != standing(b, c)]
        if not diffs:
            continue
        disagreements += 1
        lines = [f"_fv({classes._const(e)}, {classes._field_const(f)}, {classes._value_const(f, v)})."
                 for (e, f), v in point.values]
        lines += [f'_comp("{x}").' for x in point.components()] + [f'_act("{y}").' for y in point.actors()]
        lines += [f"_diff({properties.conclusion_symbol(c)}, {sa}, {sb})." for c, sa, sb in diffs]
        ctl = clingo.Control(["--warn=none"])
        ctl.add("base", [], "\n".join(lines) + "\n" + blocks + "\n#defined _blocked/3.")
        ctl.ground([("base", [])])
        blocked = {str(s.symbol) for s in ctl.symbolic_atoms.by_signature("_blocked", 3)}
        for c, sa, sb in diffs:
            assert f"_blocked({properties.conclusion_symbol(c)},{sa},{sb})" in blocked, (c, sa, sb, scn)
    assert disagreements >= 5


def test_a_class_shown_by_its_canonical_witness_is_the_class_found_there():
    """A class is shown from the renaming of its witness whose text sorts first: its
    differences and deciding fields are those computed at that witness."""
    run = explore(Goal((MARCH, JUNE)), k=2)
    assert any(len(c.point.components()) == 2 for c in run.classes)
    for cls in run.classes:
        assert cls.point.canonical()[0] == cls.point
        assert cls.differences == run.oracle.differences(cls.point, cls.subject, None)

        def survives(p, subject=cls.subject):
            return any(classes.about(c.conclusion, subject) for c in run.oracle.differences(p, subject, None))

        assert cls.deciders == classes.deciders(cls.point, survives)


def test_a_pattern_limits_the_disagreements():
    run = explore(Goal((MARCH, FINAL), pattern=conclusions.parse("exempt", pattern=True)), k=1)
    assert run.end == "space exhausted" and run.classes
    assert all(d.conclusion.predicate == "exempt" for c in run.classes for d in c.differences)


def test_property_mode_finds_violations_and_proves_their_absence():
    holds = properties.load(f"monotone:{MARCH},{LETTER},exempt")
    run = explore(Goal(holds.drafts, prop=holds), k=2)
    assert run.end == "space exhausted" and run.classes == []
    broken = properties.parse(':- possible("aia-2024", obligation(A, X, technical_documentation)).', "p.lp")
    run = explore(Goal(broken.drafts, prop=broken), k=1)
    assert run.classes
    for cls in run.classes:
        assert properties.violated(broken, _scenario(cls.point))


def test_a_timeout_stops_the_search():
    run = explore(Goal((MARCH, FINAL)), k=2, timeout=0.5)
    assert run.end.startswith("time limit of 0.5 s reached (") and not run.complete
    assert run.end.endswith("solves; the space is not exhausted)")


# --------------------------------------------------------------------------- the command


def test_explore_writes_witnesses_that_check_and_solve_confirm(tmp_path):
    out = tmp_path / "w"
    run = _cli("explore", "--drafts", f"{LETTER},{MARCH}", "--out", str(out), "--format", "json")
    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines()[-1] == "space exhausted"
    doc = json.loads(run.stdout)
    assert doc["drafts"] == [MARCH, LETTER] and doc["end"] == "space exhausted"
    files = sorted(p.name for p in out.iterdir())
    assert files == [f"witness-{i:03d}.yaml" for i in range(1, len(doc["classes"]) + 1)]
    checked = _cli("check", str(out))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    for cls in doc["classes"]:
        solved = json.loads(_cli("solve", str(out / cls["witness_file"]), "--draft", f"{MARCH},{LETTER}",
                                 "--format", "json").stdout)
        standings = {}
        for r in solved["results"]:
            always = {json.dumps(c) for c in r["always"]}
            some = {json.dumps(c) for c in r["sometimes"]}
            standings[r["draft"]] = lambda c, a=always, s=some: "always" if c in a else "sometimes" if c in s else "never"
        for d in cls["differences"]:
            c = json.dumps(d["conclusion"])
            assert (standings[MARCH](c), standings[LETTER](c)) == (d["a"], d["b"])


def test_explore_as_of_finds_what_the_amendment_moved_and_solve_confirms_it(tmp_path):
    """explore --as-of: the dates the amended Act moved show as classes whose witnesses
    carry real dates and the as-of date, load with the ordinary loader and reproduce
    each difference under `solve`."""
    out = tmp_path / "w"
    old, new = "aia-2024", "aia-2026"
    run = _cli("explore", "--drafts", f"{old},{new}", "--as-of", "2026-12-02", "--max-components", "1",
               "--out", str(out), "--format", "json")
    assert run.returncode == 0, run.stderr
    doc = json.loads(run.stdout)
    assert doc["as_of"] == "2026-12-02" and doc["end"] == "space exhausted" and doc["classes"]
    assert any(d["conclusion"]["predicate"] == "applies_from" for c in doc["classes"] for d in c["differences"])
    for cls in doc["classes"]:
        assert cls["witness"]["as_of"] == "2026-12-02"
        dates = [c["first_placed"] for c in cls["witness"]["components"] if c["kind"] in ("model", "ai_system")]
        assert dates and all(len(x) == 10 and x <= "2026-12-02" for x in dates)
        solved = _cli("solve", str(out / cls["witness_file"]), "--draft", f"{old},{new}", "--format", "json")
        assert solved.returncode == 0, solved.stderr
        standings = {}
        for r in json.loads(solved.stdout)["results"]:
            always = {json.dumps(c) for c in r["always"]}
            some = {json.dumps(c) for c in r["sometimes"]}
            standings[r["draft"]] = lambda c, a=always, s=some: "always" if c in a else "sometimes" if c in s else "never"
        for d in cls["differences"]:
            c = json.dumps(d["conclusion"])
            assert (standings[old](c), standings[new](c)) == (d["a"], d["b"]), d
    assert _cli("check", str(out)).returncode == 0


def test_explore_without_as_of_varies_no_date():
    program = space.program(2)
    assert "as_of(" not in program and "first_placed" not in program and "public_authority_use" not in program
    assert "as_of(20261202)." in space.program(2, AS_OF)


def test_explore_json_is_byte_identical_and_text_lists_classes():
    one = _cli("explore", "--drafts", f"{MARCH},{LETTER}", "--max-components", "1", "--format", "json")
    two = _cli("explore", "--drafts", f"{MARCH},{LETTER}", "--max-components", "1", "--format", "json")
    assert one.returncode == 0 and one.stdout == two.stdout
    text = _cli("explore", "--drafts", f"{MARCH},{LETTER}", "--max-components", "1")
    assert text.stdout.count("\nclass ") == len(json.loads(one.stdout)["classes"])
    assert "decided by:" in text.stdout and "witness:" in text.stdout


def test_explore_property_exit_codes(tmp_path):
    ok = _cli("explore", "--property", f"monotone:{MARCH},{LETTER},exempt", "--max-components", "1")
    assert ok.returncode == 0 and "0 classes" in ok.stdout
    f = tmp_path / "p.lp"
    f.write_text(':- possible("aia-2024", gpai_model(X)).\n')
    bad = _cli("explore", "--property", str(f), "--max-components", "1", "--out", str(tmp_path / "w"))
    assert bad.returncode == 1 and "violates" in bad.stdout
    assert _cli("check", str(tmp_path / "w")).returncode == 0


@pytest.mark.parametrize("args", [
    ["--drafts", MARCH],
    ["--drafts", f"{MARCH},{LETTER},{FINAL}"],
    ["--drafts", f"{MARCH},nonsense"],
    ["--drafts", f"{MARCH},{LETTER}", "--conclusion", "exmpt(_)"],
    ["--drafts", f"{MARCH},{LETTER}", "--property", "consistent", "--conclusion", "exempt"],
    ["--drafts", f"{MARCH},{LETTER}", "--timeout", "0"],
    ["--drafts", f"{MARCH},{LETTER}", "--timeout", "inf"],
    ["--drafts", f"{MARCH},{LETTER}", "--timeout", "1e10"],
    ["--drafts", f"{MARCH},{LETTER}", "--format", "yaml"],
    ["--property", "monotone:nope"],
    ["--drafts", "aia-2024,aia-2026", "--as-of", "2026-02-30"],
    ["--drafts", "aia-2024,aia-2026", "--as-of", "2020-12-31"],
    ["--drafts", "aia-2024,aia-2026", "--as-of", "2 December 2026"],
])
def test_explore_bad_input(args):
    run = _cli("explore", *args)
    assert run.returncode == 2 and run.stdout == "" and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_explore_out_must_be_a_folder(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    run = _cli("explore", "--drafts", f"{MARCH},{LETTER}", "--out", str(f))
    assert run.returncode == 2 and "not a folder" in run.stderr


def test_the_exploration_page_lists_what_explore_finds_for_the_letter():
    from aiact_foss.explore import docpage

    page = (ROOT / "docs" / "exploration.md").read_text(encoding="utf-8")
    a, b = MARCH, LETTER
    start = page.index(f"<!-- explore {a} {b} -->")
    end = page.index("<!-- end -->", start) + len("<!-- end -->\n")
    assert page[start:end] == docpage.section(a, b), "docs/exploration.md is stale: python -m aiact_foss.explore.docpage docs/exploration.md"
    for a, b in docpage.PAIRS:
        assert f"<!-- explore {a} {b} -->" in page
    # the prose is docpage's: regenerating the page keeps it
    assert page.startswith(docpage.INTRO) and page.endswith(docpage.OUTRO)
    assert all(note in page for note in docpage.NOTES.values()) and docpage.DATED_NOTE in page


def test_the_exploration_page_lists_what_explore_finds_as_of_a_date():
    from aiact_foss.explore import docpage

    page = (ROOT / "docs" / "exploration.md").read_text(encoding="utf-8")
    a, b, as_of, k = docpage.DATED
    start = page.index(f"<!-- explore {a} {b} {as_of} -->")
    end = page.index("<!-- end -->", start) + len("<!-- end -->\n")
    assert page[start:end] == docpage.section(a, b, as_of, k), "docs/exploration.md is stale"
