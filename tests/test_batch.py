"""`batch` (outputs.md): one JSON line out per non-blank line in, in input order; each
valid line byte for byte what `solve --format json` prints, compacted; bad lines reported
with their line numbers while every other line is answered; the same bytes for any
number of workers."""

import functools
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiact_foss import api
from aiact_foss.engine import batch_solve
from aiact_foss.engine.results import dumps
from aiact_foss.language.loading import load_document
from aiact_foss.law import drafts
from aiact_foss.testing import scenarios

ROOT = Path(__file__).resolve().parents[1]
CASEBOOK = sorted(p for p in (ROOT / "scenarios").rglob("*.yaml"))


def _plain(x):
    """Loader data as JSON-ready data: decimals as JSON numbers (exact for integers)."""
    if isinstance(x, Decimal):
        return int(x) if x == x.to_integral_value() else float(x)
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_plain(v) for v in x]
    return x


def _line(data) -> str:
    return json.dumps(_plain(data), ensure_ascii=False)


@functools.cache
def _casebook_lines() -> list[str]:
    out = []
    for p in CASEBOOK:
        data = load_document(str(p)).data
        if isinstance(data, dict) and "scenario" in data:
            out.append(_line(data))
    return out


def _expected(line: str, draft: str = "all", assume=None, reading=None) -> str:
    if assume is None:
        return _expected_cached(line, draft, reading)
    return _expected_cached.__wrapped__(line, draft, reading, assume)


@functools.cache
def _expected_cached(line: str, draft: str, reading, assume=None) -> str:
    from aiact_foss.language.loading import parse_json_text
    from aiact_foss.language.validate import from_document

    scn = from_document(parse_json_text(line, "expected"))
    return dumps(api.solve(scn, draft, assume=assume, reading=reading), compact=True)


def _numbered(n: int, result: str) -> str:
    """A result line as batch writes it: its input line number first, then the rest of
    `solve --format json`'s document, byte for byte."""
    assert result.startswith('{"scenario":')
    return f'{{"line":{n},' + result[1:]


def _unnumbered(line: str) -> str:
    head, _, rest = line.partition(",")
    assert head.startswith('{"line":')
    return "{" + rest


def _out(p) -> list[str]:
    """stdout's lines, split at \\n only (U+2028 and friends are characters of a line)."""
    text = p.stdout.decode("utf-8")
    assert text == "" or text.endswith("\n")
    return text.split("\n")[:-1]


def run(*args, stdin=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, "-m", "aiact_foss", "batch", *args], capture_output=True,
                          input=stdin, env=env, timeout=600)


# ------------------------------------------------------------------ in-process: equality


def _answer(lines: list[str], draft: str = "all", assume=None, reading=None) -> list[str]:
    opts = batch_solve.parse_options(drafts.resolve(draft), assume or {}, reading)
    return batch_solve.answer([(n, text) for n, text in enumerate(lines, 1)], opts)


def _scenario_line(scn) -> str:
    return _line(scn.model_dump(mode="python", exclude={"expect"}))


# Two components a scenario: with three, the derandomized examples include scenarios with
# many unknowns whose readings took 240 s of CI (the casebook test below covers nesting).
@settings(max_examples=15)
@given(st.lists(scenarios(max_components=2), min_size=2, max_size=5))
def test_each_line_is_what_solve_prints(scns):
    lines = [_scenario_line(s) for s in scns]
    assert _answer(lines) == [_expected(x) for x in lines]


@settings(max_examples=10)
@given(st.lists(scenarios(max_components=2, contradictions=True), min_size=2, max_size=5),
       st.sampled_from([None, "open-letter-2023", "commission-guidelines-2025"]), st.dictionaries(st.sampled_from(
           ["monetisation_defeats_exemption", "open_release_is_placing_on_market"]), st.booleans(), max_size=1))
def test_contradictions_readings_and_pins_do_not_leak_between_lines(scns, reading, assume):
    lines = [_scenario_line(s) for s in scns]
    assert _answer(lines, assume=assume, reading=reading) == [
        _expected(x, assume=assume, reading=reading) for x in lines]


def test_the_casebook_in_one_batch_equals_solve():
    lines = _casebook_lines()
    assert len(lines) >= 10
    out = _answer(lines)
    assert out == [_expected(x) for x in lines]
    statuses = {r["status"] for o in out for r in json.loads(o)["results"]}
    assert statuses == {"determinate", "ambiguous", "inconsistent"}  # every path taken


def test_one_draft_and_a_comma_list():
    lines = _casebook_lines()[:6]
    assert _answer(lines, "aia-2024") == [_expected(x, "aia-2024") for x in lines]
    assert _answer(lines, "aia-2024,commission-2021") == [_expected(x, "commission-2021,aia-2024") for x in lines]


# ------------------------------------------------------------------ bad lines


def test_bad_lines_are_reported_with_their_numbers_and_the_rest_answered():
    good = _casebook_lines()[:3]
    scn = json.loads(good[0])
    unknown_field = dict(scn, colour="red")
    bad_licence = json.loads(good[0])
    bad_licence["components"][0]["licence"] = "WTFPL-9"
    text = "\n".join([
        good[0],                       # 1
        "",                            # 2 blank
        '{"scenario": 1, "name": ',    # 3 bad JSON
        _line(unknown_field),          # 4 unknown field
        "   \t",                       # 5 blank
        good[1],                       # 6
        _line(bad_licence),            # 7 unknown licence
        '{"a": NaN}',                  # 8 NaN
        "[1, 2]",                      # 9 not a mapping
        good[2],                       # 10
    ]) + "\n"
    p = run("-", stdin=text.encode())
    assert p.returncode == 2, p.stderr
    out = _out(p)
    assert len(out) == 8
    assert out[0] == _numbered(1, _expected(good[0])) and out[3] == _numbered(6, _expected(good[1]))
    assert out[7] == _numbered(10, _expected(good[2]))
    errors = {json.loads(o)["line"]: json.loads(o)["error"] for o in out if "error" in json.loads(o)}
    assert sorted(errors) == [3, 4, 7, 8, 9]
    assert "colour" in errors[4]
    assert errors[7].startswith("components[0].licence: ") and "WTFPL-9" in errors[7]
    assert "NaN" in errors[8]
    assert list(json.loads(out[1])) == ["line", "error"]  # bad JSON: no name to give
    # a line the loader refuses still names its scenario, second as on a result line
    for o in (json.loads(out[2]), json.loads(out[4])):  # lines 4 and 7
        assert list(o) == ["line", "scenario", "error"] and o["scenario"] == scn["name"]
    assert [list(json.loads(o))[:2] for o in (out[0], out[3], out[7])] == [["line", "scenario"]] * 3


def test_error_lines_name_the_scenario_whatever_the_loader_refused():
    lines = [
        '{"scenario": 1, "name": "huge", "components": [{"id": "c", "kind": "model", "training_compute_flop": 1e1000018}]}',
        r'{"scenario": 1, "name": "esc \u001b[8m", "actors": [{"id": "a", "type": "zzz"}]}',
        '{"scenario": 1, "name": "twice", "name": "again"}',  # which name? none is given
        '{"scenario": 1, "name": 7}',
    ]
    p = run("-", stdin=("\n".join(lines) + "\n").encode())
    out = [json.loads(o) for o in _out(p)]
    assert p.returncode == 2 and [o["line"] for o in out] == [1, 2, 3, 4] and all("error" in o for o in out)
    assert [o.get("scenario") for o in out] == ["huge", "esc \x1b[8m", None, None]
    assert "\x1b" not in p.stdout.decode()  # the name is JSON-escaped, never raw


def test_resume_counts_error_lines_that_name_their_scenario():
    from aiact_foss.batch import runner

    kept = (b'{"line":1,"scenario":"a \\"error\\": x","results":[]}\n'
            b'{"line":2,"scenario":"b","error":"x"}\n{"line":3,"error":"y"}\n')
    after, summary = runner.resumed_from(kept)
    assert after == 3 and summary.lines == 3 and summary.bad == 2


def test_unreadable_lines_do_not_stop_the_batch():
    good = _casebook_lines()[0].encode()
    text = good + b"\n\xff\xfe not utf-8\n" + good + b"\r\n\n"
    p = run("-", stdin=text)
    out = _out(p)
    assert p.returncode == 2 and len(out) == 3
    assert json.loads(out[1])["line"] == 2 and "UTF-8" in json.loads(out[1])["error"]
    assert out[0] == _numbered(1, _expected(good.decode())) and out[2] == _numbered(3, _expected(good.decode()))


def test_every_valid_line_exits_0_and_an_empty_input_prints_nothing():
    lines = _casebook_lines()[:2]
    p = run("-", stdin=("\n".join(lines) + "\n").encode())
    assert p.returncode == 0, p.stderr
    assert _out(p) == [_numbered(n, _expected(x)) for n, x in enumerate(lines, 1)]
    empty = run("-", stdin=b"\n \n")
    assert (empty.returncode, empty.stdout) == (0, b"")


@pytest.mark.parametrize("args", [
    ["--draft", "nope"], ["--assume", "nope=true"], ["--assume", "donations_monetise=maybe"],
    ["--reading", "nope"], ["--workers", "0"], ["--executor", "spark"],
])
def test_bad_options_exit_2_with_nothing_on_stdout(args):
    p = run("-", *args, stdin=b"{}\n")
    assert p.returncode == 2 and p.stdout == b""
    assert p.stderr.decode().count("\n") == 1 and "Traceback" not in p.stderr.decode()


def test_a_missing_input_file_exits_2(tmp_path):
    p = run(str(tmp_path / "none.jsonl"))
    assert p.returncode == 2 and p.stdout == b"" and "no such file" in p.stderr.decode()


# ------------------------------------------------------------------ workers, files


def test_output_is_byte_identical_for_any_number_of_workers(tmp_path):
    # enough lines for several chunks per worker (the big Pythia suite left out: slow)
    lines = [x for x in _casebook_lines() if "Pythia" not in x]
    small = lines[:12]
    body = lines + [""] + small + ['{"broken": 1'] + small
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(body) + "\n", encoding="utf-8")
    one = run(str(src), "--workers", "1")
    two = run(str(src), "--workers", "2", "--out", str(tmp_path / "out.jsonl"))
    assert one.returncode == two.returncode == 2
    assert two.stdout == b"" and (tmp_path / "out.jsonl").read_bytes() == one.stdout
    out = _out(one)
    assert len(out) == len([b for b in body if b.strip()])
    assert out[:len(lines)] == [_numbered(n, _expected(x)) for n, x in enumerate(lines, 1)]
    first, error, second = out[len(lines):len(lines) + len(small)], out[len(lines) + len(small)], \
        out[len(lines) + len(small) + 1:]
    assert [json.loads(x)["line"] for x in first] == list(range(len(lines) + 2, len(lines) + 2 + len(small)))
    unnumbered = [_unnumbered(x) for x in out[:len(small)]]
    assert [_unnumbered(x) for x in first] == [_unnumbered(x) for x in second] == unnumbered
    assert json.loads(error)["line"] == len(lines) + len(small) + 2  # the blank line counts


def test_no_progress_on_stderr_when_it_is_not_a_terminal():
    p = run("-", stdin=(_casebook_lines()[0] + "\n").encode())
    assert p.returncode == 0 and p.stderr == b""


def test_line_separators_inside_a_line_are_characters_not_line_breaks():
    scn = json.loads(_casebook_lines()[0])
    scn["name"] = "a\u2028b\x85c\u2029d"
    line = json.dumps(scn, ensure_ascii=False)
    p = run("-", stdin=(line + "\n").encode())
    assert p.returncode == 0 and _out(p) == [_numbered(1, _expected(line))]


def test_a_program_the_tagging_cannot_rewrite_is_solved_line_by_line_and_says_so_once(monkeypatch, capsys):
    from aiact_foss.engine import batch_program

    lines = [x for x in _casebook_lines() if "Pythia" not in x][:5]

    def unsupported(draft_id):
        raise batch_program.Unsupported("a test construct")

    monkeypatch.setattr(batch_solve, "tagged_program", unsupported)
    monkeypatch.setattr(batch_solve, "_NOTED", set())
    capsys.readouterr()
    assert _answer(lines) == [_expected(x) for x in lines]
    assert _answer(lines[:2]) == [_expected(x) for x in lines[:2]]
    notes = capsys.readouterr().err.splitlines()
    assert notes == [f"aiact-foss batch: {d}: the tagged program cannot take a test construct; solving its "
                     "scenarios one by one (same results, slower)" for d in drafts.available()]


def test_an_overlong_line_is_reported_without_being_kept(monkeypatch):
    import io

    from aiact_foss.batch import runner as batch

    monkeypatch.setattr(batch, "MAX_LINE", 64)
    stream = io.BytesIO(b'{"scenario": 1}\n' + b"x" * 1000 + b"\n\n" + b'{"a": 1}\n')
    read = list(batch.read_lines(stream))
    assert [n for n, _ in read] == [1, 2, 4]
    assert read[0][1] == '{"scenario": 1}\n' and read[2][1] == '{"a": 1}\n'
    assert "longer than" in str(read[1][1].problem)


# ------------------------------------------------------------------ ambiguous lines in a group


def _ambiguous_lines() -> list[str]:
    lines = [x for x in _casebook_lines() if "Pythia" not in x]
    amb = [x for x in lines if '"status":"ambiguous"' in _expected(x).replace(" ", "")]
    assert len(amb) >= 2
    return amb


def test_an_ambiguous_line_in_a_group_is_what_it_prints_alone_and_comes_from_the_group(monkeypatch):
    from aiact_foss.engine import solving

    amb = _ambiguous_lines()
    others = [x for x in _casebook_lines() if "Pythia" not in x and x not in amb][:4]
    alone = [_answer([x])[0] for x in amb]  # a group of one is solved by solving.solve
    assert alone == [_expected(x) for x in amb]
    statuses = []
    real = solving.solve

    def spy(*args, **kwargs):
        r = real(*args, **kwargs)
        statuses.append(r.status)
        return r

    monkeypatch.setattr(solving, "solve", spy)
    mixed = [others[0], amb[0], *others[1:], *amb[1:], amb[0]]
    out = _answer(mixed)
    assert out == [_expected(x) for x in mixed]
    assert out[1] == out[-1] == alone[0]
    assert "ambiguous" not in statuses  # the group's tables answered them


@pytest.mark.slow
def test_more_readings_than_the_limit_fall_back_to_solving_alone(monkeypatch):
    from aiact_foss.engine import solving

    amb = _ambiguous_lines()[:3]
    monkeypatch.setattr(solving, "READINGS_LIMIT", 1)
    expected = [_expected_cached.__wrapped__(x, "all", None) for x in amb]
    assert _answer(amb) == expected


def test_unknown_fields_and_hostile_ids_reach_the_grounder_as_symbols():
    """Facts and unknown fields go to the grounder as symbols (batch_program.Input), never
    as printed text: an enum unknown (exactly one value), tri unknowns (true or false)
    and ids that would break a printed program, next to each other in one group."""
    hostile = ['x). evil(1). y("', 'line\nbreak', 'back\\slash "q"', "%comment"]
    lines = []
    for k, name in enumerate(hostile):
        lines.append(_line({
            "scenario": 1, "name": f"unknowns {k}",
            "actors": [{"id": name, "type": "small_enterprise", "established_in_eu": True}],
            "components": [
                {"id": f"{name}-m", "kind": "model", "developer": name, "licence": "Apache-2.0",
                 "general_purpose": "unknown", "weights_public": True},
                {"id": f"{name}-s", "kind": "ai_system", "developer": name, "licence": "MIT",
                 "integrates": [f"{name}-m"], "placed_on_market_in_eu": "unknown", "risk": "unknown"},
            ],
            "releases": [{"component": f"{name}-m", "by": name, "channel": "open_repository",
                          "paid_support": "unknown"}],
        }))
    out = _answer(lines)
    assert out == [_expected(x) for x in lines]
    assert all('"status":"ambiguous"' in o for o in out)
    assert any('"path":"components[1].risk"' in o for o in out)
