"""Bad input gets one clear line naming the file, the line where known, the path and the
problem (scenario-language.md); valid documents written against the contract load."""

import textwrap

import pytest

from aiact_foss.language.loading import InputError
from aiact_foss.language.validate import load_scenario

HEAD = "scenario: 1\nname: x\nactors:\n  - {id: lab, type: non_profit}\n"
MODEL = "components:\n  - {id: m, kind: model, developer: lab, licence: MIT}\n"


def _load(tmp_path, text: str, name: str = "s.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return load_scenario(str(p))


def _error(tmp_path, text: str, name: str = "s.yaml") -> str:
    with pytest.raises(InputError) as e:
        _load(tmp_path, text, name)
    message = str(e.value)
    assert "\n" not in message and message.startswith(str(tmp_path / name))
    return message


@pytest.mark.parametrize(
    "text, expected",
    [
        ("- a\n- b\n", "top level must be a mapping"),
        ("name: x\n", "scenario: 1"),
        ("scenario: 2\nname: x\n", "unsupported language version 2"),
        ("scenario: '1'\nname: x\n", "integer 1"),
        ("scenario: 1\nname: x\nbogus: 1\n", ":3: bogus: unknown field 'bogus'"),
        (HEAD + "  - {id: lab, type: non_profit}\n", "actors[1].id: duplicate id 'lab'"),
        (HEAD + "  - {id: b, type: company}\n", "actors[1].type"),
        (HEAD + "components:\n  - {id: m, kind: model, developer: nobody}\n", "components[0].developer: no actor has the id 'nobody'"),
        (HEAD + "components:\n  - {id: m, kind: model, developer: lab, licence: apache-2.0}\n", "did you mean 'Apache-2.0'"),
        (HEAD + "components:\n  - {id: m, kind: model, developer: lab, licence: WTFPL-9}\n", "components[0].licence: unknown licence 'WTFPL-9'"),
        (HEAD + "components:\n  - {id: m, kind: model, developer: lab, general_purpose: yes}\n", "components[0].general_purpose: must be true, false or unknown"),
        (HEAD + "components:\n  - {id: m, kind: model, developer: lab, general_purpose: 1}\n", "components[0].general_purpose"),
        (HEAD + "components:\n  - {id: m, kind: model, developer: lab, training_compute_flop: -1}\n", "must not be negative"),
        (HEAD + "components:\n  - {id: m, kind: model, developer: lab, training_compute_flop: .inf}\n", "finite"),
        (HEAD + "components:\n  - {id: m, kind: model, developer: lab, training_compute_flop: .nan}\n", "finite"),
        (HEAD + "components:\n  - {id: m, kind: model, developer: lab, checkpoints: 0}\n", "components[0].checkpoints"),
        (HEAD + "components:\n  - {id: m, kind: model, developer: lab, checkpoints: 100001}\n", "components[0].checkpoints"),
        (HEAD + "components:\n  - {id: m, kind: model, developer: lab, checkpoints: 1.5}\n", "components[0].checkpoints"),
        (HEAD + "components:\n  - {id: s, kind: ai_system, developer: lab, integrates: [s]}\n", "integrates itself"),
        (HEAD + "components:\n  - {id: s, kind: ai_system, developer: lab, integrates: [t]}\n  - {id: t, kind: ai_system, developer: lab, integrates: [s]}\n", "integration cycle"),
        (HEAD + "components:\n  - {id: s, kind: ai_system, developer: lab, integrates: [zz]}\n", "components[0].integrates[0]: no component"),
        (HEAD + "components:\n  - {id: m, kind: model, developer: lab, integrates: [m]}\n", "integrates applies to ai_system"),
        (HEAD + "components:\n  - {id: m, kind: dataset, developer: lab, weights_public: true}\n", "weights_public applies to model"),
        (HEAD + MODEL + "releases:\n  - {component: zz, by: lab, channel: api}\n", "releases[0].component: no component"),
        (HEAD + MODEL + "releases:\n  - {component: m, by: zz, channel: api}\n", "releases[0].by: no actor"),
        (HEAD + MODEL + "releases:\n  - {component: m, by: lab, channel: torrent}\n", "releases[0].channel"),
        (HEAD + MODEL + "releases:\n  - {component: m, by: lab}\n", "releases[0].channel: missing required field"),
        (HEAD + "licences:\n  - {id: MIT}\n", "clashes with a built-in licence"),
        (HEAD + "licences:\n  - {id: x, grants: [sell]}\n", "licences[0].grants[0]"),
        (HEAD + "assume: {no_such_question: true}\n", "assume.no_such_question: unknown open question"),
        (HEAD + "assume: {donations_monetise: maybe}\n", "assume.donations_monetise"),
        (HEAD + MODEL + "expect:\n  aia-2025:\n    always: []\n", "unknown draft 'aia-2025'"),
        (HEAD + MODEL + "expect:\n  aia-2024:\n    nevr: []\n", "expect.aia-2024.nevr: unknown field"),
        (HEAD + MODEL + "expect:\n  aia-2024:\n    never:\n      - exmpt: m\n", "unknown predicate 'exmpt'"),
        (HEAD + MODEL + "expect:\n  aia-2024:\n    never:\n      - obligation: [lab, m]\n", "takes 3 argument"),
        (HEAD + MODEL + "expect:\n  aia-2024:\n    never:\n      - obligation: [lab, m, paperwork]\n", "unknown duty 'paperwork'"),
        (HEAD + MODEL + "expect:\n  aia-2024:\n    never:\n      - exempt: zz\n", "'zz' names no component"),
        ("scenario: 1\nname: x\nactors:\n  - {id: '', type: non_profit}\n", "actors[0].id"),
        ("scenario: 1\nname: x\nactors:\n  - {id: " + "a" * 201 + ", type: non_profit}\n", "at most 200"),
        ('scenario: 1\nname: x\nactors:\n  - {id: "a\\0b", type: non_profit}\n', "U+0000"),
        ("scenario: 1\nname: x\nname: y\n", "duplicate key"),
    ],
)
def test_bad_input_is_one_line_with_the_path(tmp_path, text, expected):
    assert expected in _error(tmp_path, text)


def test_the_line_of_the_problem_is_named(tmp_path):
    text = HEAD + "components:\n  - id: m\n    kind: model\n    developer: lab\n    licence: WTFPL-9\n"
    assert ":9: components[0].licence" in _error(tmp_path, text)


@pytest.mark.parametrize(
    "raw, expected",
    [
        (b"", "empty"),
        (b"\x00\x01binary", "binary"),
        (b"scenario: 1\nname: \xff\xfe\n", "UTF-8"),
    ],
)
def test_unreadable_bytes(tmp_path, raw, expected):
    p = tmp_path / "s.yaml"
    p.write_bytes(raw)
    with pytest.raises(InputError, match=expected):
        load_scenario(str(p))


@pytest.mark.parametrize(
    "text, expected",
    [
        ('{"scenario": 1, "name": "x", "name": "y"}', "duplicate"),
        ('{"scenario": 1, "name": "x", "actors": [', "s.json:1: invalid JSON"),
        ('{"scenario": 1, "name": "x", "components": [{"id": "m", "kind": "model", "developer": "a", "training_compute_flop": NaN}]}', "NaN"),
        ('{"scenario": 1, "name": "x", "actors": [{"id": "\\ud800", "type": "non_profit"}]}', "surrogate"),
        ("[" * 100000 + "]" * 100000, "deep"),
    ],
)
def test_bad_json(tmp_path, text, expected):
    assert expected in _error(tmp_path, text, "s.json")


def test_alias_bomb_is_refused(tmp_path):
    bomb = "scenario: 1\nname: x\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for k in range(1, 10):
        bomb += f"b{k}: &b{k} [" + ", ".join([f"*{'a' if k == 1 else f'b{k - 1}'}"] * 10) + "]\n"
    with pytest.raises(InputError):
        _load(tmp_path, bomb)


def test_yaml_1_2_numbers_and_strings(tmp_path):
    scn, _ = _load(tmp_path, textwrap.dedent("""\
        scenario: 1
        name: yes
        actors: [{id: on, type: non_profit}]
        components:
          - {id: no, kind: model, developer: on, training_compute_flop: 1.0e25}
        """))
    assert scn.name == "yes" and scn.actors[0].id == "on"
    assert scn.components[0].training_compute_flop == 10**25


def test_the_documented_examples_load(tmp_path):
    import pathlib

    files = sorted((pathlib.Path(__file__).resolve().parents[1] / "scenarios" / "examples").glob("*.yaml"))
    assert len(files) >= 2
    for f in files:
        scn, _ = load_scenario(str(f))
        assert scn.scenario == 1
