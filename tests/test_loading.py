"""The input reader: bytes -> plain data with line numbers, or one clear InputError."""

from __future__ import annotations

import io
import json
import os
import pickle
import sys
import time
import tracemalloc
from decimal import Decimal

import pytest

from aiact_foss.language import loading
from aiact_foss.language.loading import (
    Document,
    InputError,
    format_path,
    load_document,
    parse_document,
    parse_json_text,
    read_bytes,
)


def yaml_doc(text: str, source: str = "scn.yaml") -> Document:
    return parse_document(text.encode("utf-8"), source, as_json=False)


def json_doc(text: str, source: str = "scn.json") -> Document:
    return parse_document(text.encode("utf-8"), source, as_json=True)


def yaml_error(text: str | bytes, source: str = "scn.yaml") -> InputError:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(InputError) as info:
        parse_document(raw, source, as_json=False)
    assert_one_line(info.value)
    return info.value


def json_error(text: str | bytes, source: str = "scn.json") -> InputError:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(InputError) as info:
        parse_document(raw, source, as_json=True)
    assert_one_line(info.value)
    return info.value


def assert_one_line(err: InputError) -> None:
    text = str(err)
    assert len(text.splitlines()) == 1, text
    text.encode("utf-8")  # printable: no lone surrogates


# ---------------------------------------------------------------- InputError, format_path


def test_format_path():
    assert format_path(()) == ""
    assert format_path(("components",)) == "components"
    assert format_path(("components", 2, "licence")) == "components[2].licence"
    assert format_path((3, "id")) == "[3].id"
    assert format_path(("expect", "aia-2024", 0)) == "expect.aia-2024[0]"
    assert format_path(("assume", "a.b")) == 'assume["a.b"]'
    assert format_path(("x", 'say "hi"\n')) == 'x["say \\"hi\\"\\n"]'
    assert format_path(("x", "a\u2028b")) == 'x["a\\u2028b"]'


def test_input_error_format_and_attributes():
    err = InputError("duplicate key \"id\"", source="scn.yaml", path="components[2]", line=7)
    assert str(err) == 'scn.yaml:7: components[2]: duplicate key "id"'
    assert (err.problem, err.source, err.path, err.line) == ('duplicate key "id"', "scn.yaml", "components[2]", 7)
    assert str(InputError("file is empty", source="scn.yaml")) == "scn.yaml: file is empty"
    assert str(InputError("bad", source="a.yaml", line=3)) == "a.yaml:3: bad"
    assert str(InputError("bad", source="a.yaml", path="x.y")) == "a.yaml: x.y: bad"
    assert str(InputError("bad", source="a.yaml", path="", line=2)) == "a.yaml:2: bad"


def test_input_error_is_one_line_even_for_hostile_parts_and_survives_pickling():
    err = InputError("bad\nthing\u2028here", source="dir\n/x\ud800.yaml", path="a", line=1)
    assert_one_line(err)
    copy = pickle.loads(pickle.dumps(err))
    assert isinstance(copy, InputError)
    assert str(copy) == str(err)
    assert (copy.problem, copy.source, copy.path, copy.line) == (err.problem, err.source, err.path, err.line)


# ---------------------------------------------------------------- YAML 1.2 core schema


def test_yaml_core_schema_plain_scalars():
    doc = yaml_doc(
        "\n".join(
            [
                "a: yes",
                "b: no",
                "c: on",
                "d: off",
                "e: 1e25",
                "f: 8.4e22",
                "g: 1.0e25",
                "h: 0x10",
                "i: 0o17",
                "j: ~",
                "k: null",
                "l: NULL",
                "m:",
                "n: true",
                "o: FALSE",
                "p: TrUe",
                "q: 012",
                "r: -17",
                "s: +5",
                "t: .5",
                "u: 1.",
                "v: 1_000",
                "w: 0b101",
                "x: 2024-07-12",
                "y: 12:30",
                "z: y",
                "aa: '12'",
                'ab: "1e25"',
                "ac: 'true'",
                "ad: '~'",
                "ae: 0o8",
                "af: 0X10",
                "ag: 1e",
                "",
            ]
        )
    )
    d = doc.data
    for key in "abcd":
        assert d[key] in ("yes", "no", "on", "off") and type(d[key]) is str
    assert d["e"] == Decimal(10) ** 25 and type(d["e"]) is Decimal
    assert d["f"] == Decimal("84") * Decimal(10) ** 21 and type(d["f"]) is Decimal
    assert d["g"] == 10**25 and type(d["g"]) is Decimal  # exact, not the nearest float
    assert d["g"] != Decimal(float("1e25"))
    assert d["h"] == 16 and type(d["h"]) is int
    assert d["i"] == 15 and type(d["i"]) is int
    assert d["j"] is None and d["k"] is None and d["l"] is None and d["m"] is None
    assert d["n"] is True and d["o"] is False
    assert d["p"] == "TrUe"
    assert d["q"] == 12 and type(d["q"]) is int
    assert d["r"] == -17 and d["s"] == 5
    assert d["t"] == Decimal("0.5") and d["u"] == Decimal("1")
    assert [d[k] for k in ("v", "w", "x", "y", "z")] == ["1_000", "0b101", "2024-07-12", "12:30", "y"]
    assert [d[k] for k in ("aa", "ab", "ac", "ad")] == ["12", "1e25", "true", "~"]
    assert [d[k] for k in ("ae", "af", "ag")] == ["0o8", "0X10", "1e"]


def test_yaml_special_floats_are_decimals_left_for_the_schema():
    d = yaml_doc("a: .inf\nb: -.Inf\nc: .NaN\nd: +.INF\ne: .nAn\n").data
    assert d["a"] == Decimal("Infinity") and d["d"] == Decimal("Infinity")
    assert d["b"] == Decimal("-Infinity")
    assert isinstance(d["c"], Decimal) and d["c"].is_nan()
    assert d["e"] == ".nAn"


def test_yaml_standard_tags_are_honoured():
    d = yaml_doc(
        "a: !!str 12\nb: !!int '12'\nc: !!float 1\nd: !!bool 'true'\ne: !!null ''\n"
        "f: !!map {k: v}\ng: !!seq [1]\nh: ! 12\ni: !<tag:yaml.org,2002:str> 5\n"
        "j: !!float '1.0e25'\nk: !!str\n"
    ).data
    assert d["a"] == "12"
    assert d["b"] == 12 and type(d["b"]) is int
    assert d["c"] == Decimal(1) and type(d["c"]) is Decimal
    assert d["d"] is True and d["e"] is None
    assert d["f"] == {"k": "v"} and d["g"] == [1]
    assert d["h"] == "12"  # the non-specific tag `!` means string
    assert d["i"] == "5"
    assert d["j"] == 10**25 and type(d["j"]) is Decimal
    assert d["k"] == ""


@pytest.mark.parametrize(
    "text, problem",
    [
        ("a: !foo x\n", "unsupported tag !foo"),
        ("a: !!binary aGk=\n", "unsupported tag !!binary"),
        ("a: !!timestamp 2024-07-12\n", "unsupported tag !!timestamp"),
        ("a: !!set {x: null}\n", "unsupported tag !!set"),
        ("a: !foo [1]\n", "unsupported tag !foo"),
        ("a: !!map x\n", "tag !!map on a scalar"),
        ("a: !!str [1]\n", "tag !!str on a sequence"),
        ("a: !!seq {k: v}\n", "tag !!seq on a mapping"),
        ("a: !!int x\n", '"x" is not an integer (tag !!int)'),
        ("a: !!float x\n", '"x" is not a number (tag !!float)'),
        ("a: !!bool yes\n", '"yes" is not a boolean (tag !!bool)'),
        ("a: !!null x\n", '"x" is not null (tag !!null)'),
    ],
)
def test_yaml_bad_tags(text, problem):
    err = yaml_error(text)
    assert err.problem == problem
    assert err.path == "a" and err.line == 1


def test_yaml_quoted_and_block_scalars_are_strings():
    d = yaml_doc("a: \"1.5\"\nb: 'null'\nc: |\n  12\nd: >-\n  true\n").data
    assert d == {"a": "1.5", "b": "null", "c": "12\n", "d": "true"}


def test_yaml_version_directive_does_not_switch_to_yaml_1_1():
    assert yaml_doc("%YAML 1.1\n---\na: yes\nb: 0o7\n").data == {"a": "yes", "b": 7}


def test_yaml_merge_key_is_just_a_string_key():
    d = yaml_doc("base: &b {x: 1}\nderived:\n  <<: *b\n").data
    assert d["derived"] == {"<<": {"x": 1}}


def test_top_level_need_not_be_a_mapping():
    assert yaml_doc("- a\n- 1\n").data == ["a", 1]
    assert yaml_doc("42\n").data == 42
    assert yaml_doc("null\n").data is None
    assert json_doc('"x"').data == "x"
    assert json_doc("[1, 2.5]").data == [1, Decimal("2.5")]


# ---------------------------------------------------------------- JSON


def test_json_numbers_are_exact():
    d = json_doc('{"a": 1.0e25, "b": 8.4e22, "c": 12, "d": -0.5, "e": 1e25}').data
    assert d["a"] == 10**25 and type(d["a"]) is Decimal
    assert d["b"] == Decimal("8.4e22")
    assert d["c"] == 12 and type(d["c"]) is int
    assert d["d"] == Decimal("-0.5")
    assert d["e"] == 10**25 and type(d["e"]) is Decimal


def test_json_keeps_insertion_order():
    d = json_doc('{"z": 1, "a": 2, "m": {"y": 1, "b": 2}}').data
    assert list(d) == ["z", "a", "m"] and list(d["m"]) == ["y", "b"]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_json_nan_and_infinity_are_refused_with_path_and_line(constant):
    err = json_error('{\n  "components": [\n    {"training_compute_flop": ' + constant + '}\n  ]\n}')
    assert err.problem == f"{constant} is not a valid JSON number"
    assert err.path == "components[0].training_compute_flop"
    assert err.line == 3


def test_json_duplicate_key_names_path_and_line_of_second_occurrence():
    text = '{\n  "components": [\n    {"id": "a"},\n    {"id": "b",\n     "kind": "model",\n     "id": "c"}\n  ]\n}'
    err = json_error(text)
    assert str(err) == 'scn.json:6: components[1]: duplicate key "id"'


def test_json_duplicate_key_spelled_with_an_escape():
    err = json_error('{"name": 1, "n\\u0061me": 2}')
    assert err.problem == 'duplicate key "name"' and err.line == 1 and err.path is None


def test_json_syntax_error_has_line_and_column():
    err = json_error('{\n  "a": 1,\n  "b" 2\n}')
    assert err.line == 3
    assert err.problem.startswith("invalid JSON: Expecting ':' delimiter")
    assert "column 7" in err.problem


@pytest.mark.parametrize("text", ['{"a": [1, 2', '{"a": "unterminat', '{"a":', '{"a": 1,\n'])
def test_truncated_json(text):
    err = json_error(text)
    assert "unexpected end of input" in err.problem and "truncated" in err.problem
    assert err.line == text.count("\n") + 1 or err.line == 1


def test_json_extra_data_and_comments_are_refused():
    assert "Extra data" in json_error('{"a": 1}\n{"b": 2}').problem
    assert json_error('{"a": 1} // note').line == 1


def test_json_raw_control_character_in_string_is_refused():
    err = json_error('{"a": "x\ty"}')
    assert "Invalid control character" in err.problem


def test_json_unpaired_surrogate_escape_is_left_for_validation():
    d = json_doc('{"id": "\\ud800", "\\udfff": 1}').data
    assert d == {"id": "\ud800", "\udfff": 1}
    err = json_error('{"\\ud800": 1, "\\ud800": 2}')
    assert "\\ud800" in str(err)


def test_json_oversized_numbers_are_clean_errors():
    err = json_error('{"a": [%s]}' % ("9" * 5000))
    assert err.problem.startswith("number out of range") and err.path == "a[0]"
    err = json_error('{"a": 1e999999999999999999999999}')
    assert err.problem.startswith("number out of range") and err.path == "a"


def test_parse_json_text_for_batch_lines():
    doc = parse_json_text('\ufeff{"scenario": 1, "name": "x"}', "batch.jsonl:3")
    assert doc.data == {"scenario": 1, "name": "x"} and doc.source == "batch.jsonl:3"
    assert doc.line_of(("name",)) == 1
    with pytest.raises(InputError) as info:
        parse_json_text('{"a": 1, "a": 2}', "batch.jsonl:4")
    assert str(info.value) == 'batch.jsonl:4:1: duplicate key "a"'
    with pytest.raises(InputError, match="document is empty"):
        parse_json_text("  ", "batch.jsonl:5")


# ---------------------------------------------------------------- YAML structure errors


def test_yaml_duplicate_key_names_path_and_line_of_second_occurrence():
    text = (
        "scenario: 1\n"
        "name: x\n"
        "components:\n"
        "  - id: a\n"
        "    kind: model\n"
        "  - id: b\n"
        "    kind: model\n"
        "    id: c\n"
    )
    err = yaml_error(text)
    assert str(err) == 'scn.yaml:8: components[1]: duplicate key "id"'
    assert (err.path, err.line, err.problem) == ("components[1]", 8, 'duplicate key "id"')


def test_yaml_duplicate_key_at_top_level_and_in_flow_style():
    err = yaml_error("name: a\nscenario: 1\nname: b\n")
    assert str(err) == 'scn.yaml:3: duplicate key "name"'
    err = yaml_error("a: {x: 1, 'x': 2}\n")
    assert (err.path, err.problem) == ("a", 'duplicate key "x"')


def test_yaml_duplicate_hostile_key_message_stays_one_line():
    err = yaml_error('"a\\nb": 1\n"a\\nb": 2\n"\\u2028": 3\n')
    assert err.problem == 'duplicate key "a\\nb"'


@pytest.mark.parametrize(
    "text, problem",
    [
        ("1: x\n", 'mapping key "1" is an integer, not a string (quote it)'),
        ("true: x\n", 'mapping key "true" is a boolean, not a string (quote it)'),
        ("~: x\n", 'mapping key "~" is null, not a string (quote it)'),
        ("1.5: x\n", 'mapping key "1.5" is a number, not a string (quote it)'),
        ("? [a]\n: x\n", "mapping key is a sequence, not a string"),
        ("? {a: 1}\n: x\n", "mapping key is a mapping, not a string"),
    ],
)
def test_yaml_keys_must_be_strings(text, problem):
    err = yaml_error(text)
    assert err.problem == problem and err.line == 1


def test_yaml_quoted_and_tagged_keys_are_fine():
    assert yaml_doc("'1': x\n!!str 2: y\nyes: z\n").data == {"1": "x", "2": "y", "yes": "z"}


def test_yaml_syntax_error_has_line_and_libyaml_problem():
    err = yaml_error("scenario: 1\nname: [a, b\ncomponents: []\n")
    assert err.line is not None and err.line >= 2
    assert err.problem.startswith("invalid YAML: ")
    err = yaml_error("a:\n  - b\n c: 1\n")
    assert err.line == 3
    assert "did not find expected key" in err.problem
    assert "line 1" in err.problem  # where the enclosing block mapping started


def test_yaml_tab_indentation_is_a_syntax_error():
    err = yaml_error("a:\n\tb: 1\n")
    assert err.line == 2 and err.problem.startswith("invalid YAML")


def test_multiple_yaml_documents_are_refused():
    err = yaml_error("a: 1\n---\nb: 2\n")
    assert err.line == 2 and "more than one YAML document" in err.problem
    err = yaml_error("--- \na: 1\n...\n---\n")
    assert "more than one YAML document" in err.problem


def test_single_explicit_document_is_fine():
    assert yaml_doc("%YAML 1.2\n---\na: 1\n...\n").data == {"a": 1}


# ---------------------------------------------------------------- empty, binary, encoding


@pytest.mark.parametrize("text", ["", "   \n\n\t\n", "# just a comment\n\n# another\n", "---\n", "--- # c\n...\n"])
def test_empty_yaml(text):
    assert str(yaml_error(text)) == "scn.yaml: file is empty"


@pytest.mark.parametrize("text", ["", " \n\r\n\t"])
def test_empty_json(text):
    assert str(json_error(text)) == "scn.json: file is empty"


def test_bom_only_is_empty():
    assert yaml_error(b"\xef\xbb\xbf\n").problem == "file is empty"


def test_nul_byte_is_a_binary_file():
    err = yaml_error(b"a: 1\nb: \x00\x01\x02\n")
    assert err.problem == "binary file: NUL byte at byte offset 8" and err.line == 2
    assert json_error(b'{"a":\x00}').problem.startswith("binary file")


def test_utf16_file_is_refused():
    err = yaml_error("a: 1\n".encode("utf-16"))
    assert err.problem.startswith(("binary file", "not valid UTF-8"))


def test_non_utf8_names_byte_offset_and_line():
    err = yaml_error(b"name: ok\nid: caf\xe9\n")
    assert err.problem == "not valid UTF-8: byte 0xe9 at byte offset 16"
    assert err.line == 2
    err = json_error(b'{"a":\n "\xff"}')
    assert err.problem == "not valid UTF-8: byte 0xff at byte offset 8" and err.line == 2


def test_bom_is_dropped():
    assert parse_document(b"\xef\xbb\xbfa: 1\n", "s.yaml", as_json=False).data == {"a": 1}
    doc = parse_document(b'\xef\xbb\xbf{"a": 1}', "s.json", as_json=True)
    assert doc.data == {"a": 1}
    assert list(doc.data) == ["a"]


def test_yaml_control_characters_are_refused_with_line():
    err = yaml_error('a: 1\nb: "x\x01y"\n')
    assert err.line == 2 and "control character U+0001" in err.problem and "\\x01" in err.problem
    err = yaml_error('a: "x\x9fy"\n')
    assert "U+009F" in err.problem


# ---------------------------------------------------------------- aliases and limits


def billion_laughs(levels: int = 10) -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        refs = ", ".join([f"*l{i - 1}"] * 10)
        lines.append(f"l{i}: &l{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_fast_without_memory_growth():
    text = billion_laughs(10)  # 10^10 nodes when expanded
    tracemalloc.start()
    try:
        start = time.perf_counter()
        err = yaml_error(text)
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 0.5
    assert peak < 5 * 1024 * 1024
    assert "too many nodes after alias expansion" in err.problem
    assert err.line is not None and err.path is not None


def test_small_aliases_are_expanded():
    doc = yaml_doc("base: &b {licence: MIT, kind: model}\nx: *b\nitems: [*b, *b]\nname: &n hello\ncopy: *n\n")
    d = doc.data
    assert d["x"] == {"licence": "MIT", "kind": "model"} and d["items"] == [d["x"], d["x"]]
    assert d["copy"] == "hello"
    assert doc.lines[("items", 1)] == 3
    assert doc.line_of(("items", 1, "licence")) == 3  # inside an alias: the alias's line


def test_alias_used_as_key():
    assert yaml_doc("k: &k name\n*k : v\n").data == {"k": "name", "name": "v"}
    err = yaml_error("k: &k name\nname: 1\n*k : v\n")
    assert err.problem == 'duplicate key "name"' and err.line == 3
    err = yaml_error("k: &k [1]\n*k : v\n")
    assert "not a string" in err.problem


def test_unknown_and_recursive_aliases():
    err = yaml_error("a: *nope\n")
    assert err.problem == "unknown alias *nope" and err.path == "a"
    err = yaml_error("a: &x\n  b: *x\n")
    assert err.problem.startswith("recursive alias *x") and err.path == "a.b"


def test_alias_counts_towards_depth(monkeypatch):
    monkeypatch.setattr(loading, "MAX_DEPTH", 4)
    assert yaml_doc("a: &a [[1]]\nb: *a\n").data == {"a": [[1]], "b": [[1]]}
    err = yaml_error("a: &a [[[1]]]\nb: [*a]\n")
    assert "nested deeper than 4 levels" in err.problem and err.path == "b[0]"


def test_node_limit_yaml_and_json(monkeypatch):
    monkeypatch.setattr(loading, "MAX_NODES", 10)
    assert yaml_doc("[1, 2, 3, 4, 5, 6, 7, 8, 9]\n").data == list(range(1, 10))
    assert "too many nodes" in yaml_error("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n").problem
    assert json_doc("[1, 2, 3, 4, 5, 6, 7, 8, 9]").data == list(range(1, 10))
    assert json_doc('{"a": "x,y,z,:,:,:,[[[[", "b": [1, 2, 3], "c": {}}').data["b"] == [1, 2, 3]
    assert "too many nodes" in json_error("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]").problem
    assert "too many nodes" in json_error('{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}').problem


def test_deep_yaml_flow_nesting_is_refused_fast():
    start = time.perf_counter()
    err = yaml_error("[" * 100_000)
    assert time.perf_counter() - start < 1.0
    assert err.problem == "nested deeper than 64 levels"


def test_deep_yaml_block_nesting_is_refused_fast():
    text = "".join("  " * i + f"k{i}:\n" for i in range(2000)) + "  " * 2000 + "v\n"
    start = time.perf_counter()
    err = yaml_error(text)
    assert time.perf_counter() - start < 1.0
    assert err.problem == "nested deeper than 64 levels" and err.line == 65


def test_yaml_depth_limit_is_exact():
    depth = loading.MAX_DEPTH
    ok = "[" * depth + "]" * depth
    assert yaml_doc(ok).data is not None
    err = yaml_error("[" * (depth + 1) + "]" * (depth + 1))
    assert err.problem == f"nested deeper than {depth} levels"


def test_deep_json_is_refused_fast():
    for text in ("[" * 100_000, "[" * 100_000 + "]" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000):
        start = time.perf_counter()
        err = json_error(text)
        assert time.perf_counter() - start < 1.0
        assert err.problem == "nested deeper than 64 levels" and err.line == 1


def test_json_depth_limit_is_exact_and_ignores_brackets_in_strings():
    depth = loading.MAX_DEPTH
    assert json_doc("[" * depth + "]" * depth).data is not None
    assert json_error("[" * (depth + 1) + "]" * (depth + 1)).problem == f"nested deeper than {depth} levels"
    tricky = json.dumps({"s": "[" * 500 + '\\"{' * 100, "t": ["]" * 3]})
    assert json_doc(tricky).data["t"] == ["]]]"]
    deep_in_string = "[" * (depth - 1) + json.dumps("[[[[\\\"[[[[" * 20) + "]" * (depth - 1)
    assert json_doc(deep_in_string).data is not None


def test_json_depth_error_reports_the_line():
    text = '{\n "a":\n  ' + "[" * 70 + "]" * 70 + "\n}"
    err = json_error(text)
    assert err.problem == "nested deeper than 64 levels" and err.line == 3


def test_integer_with_too_many_digits_in_yaml():
    err = yaml_error("a: " + "7" * 5000 + "\n")
    assert "more than" in err.problem and "digits" in err.problem and err.path == "a"
    assert yaml_doc("a: " + "7" * 100 + "\n").data["a"] == int("7" * 100)
    err = yaml_error("a: 1e999999999999999999999999\n")
    assert err.problem.startswith("number out of range")


# ---------------------------------------------------------------- reading files and stdin


def test_size_limit_on_files(tmp_path, monkeypatch):
    monkeypatch.setattr(loading, "MAX_BYTES", 100)
    ok = tmp_path / "ok.yaml"
    ok.write_bytes(b"a: " + b"x" * 96 + b"\n")  # exactly 100 bytes
    assert load_document(str(ok)).data == {"a": "x" * 96}
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * 97 + b"\n")
    with pytest.raises(InputError) as info:
        load_document(str(big))
    assert str(info.value) == f"{big}: input is larger than the 100 bytes limit"
    with pytest.raises(InputError, match="larger than"):
        parse_document(b"x" * 101, "raw.yaml", as_json=False)


def test_default_size_limit_is_64_mib_and_admits_large_scenarios():
    assert loading.MAX_BYTES == 64 * 1024 * 1024
    assert loading.MAX_DEPTH == 64
    assert loading.MAX_NODES == 5_000_000


def test_size_limit_reads_at_most_limit_plus_one_byte(monkeypatch):
    monkeypatch.setattr(loading, "MAX_BYTES", 1000)
    requested = []

    class Endless:
        def read(self, size=-1):
            requested.append(size)
            assert 0 <= size <= 1001
            return b"a" * size

    class FakeStdin:
        buffer = Endless()

    monkeypatch.setattr(sys, "stdin", FakeStdin())
    with pytest.raises(InputError) as info:
        read_bytes("-")
    assert str(info.value) == "<stdin>: input is larger than the 1000 bytes limit"
    assert requested == [1001]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_endless_device_is_refused_without_reading_it_all(monkeypatch):
    monkeypatch.setattr(loading, "MAX_BYTES", 4096)
    start = time.perf_counter()
    with pytest.raises(InputError, match="larger than the 4096 bytes limit"):
        read_bytes("/dev/zero")
    assert time.perf_counter() - start < 1.0


def test_stdin_is_yaml(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\xef\xbb\xbfname: x\nflag: yes\n")))
    doc = load_document("-")
    assert doc.source == "<stdin>"
    assert doc.data == {"name": "x", "flag": "yes"}
    assert doc.lines[("flag",)] == 2


def test_stdin_json_is_read_as_yaml_1_2(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"a": 1.0e25, "b": [true, null]}')))
    assert load_document("-").data == {"a": Decimal(10) ** 25, "b": [True, None]}


def test_stdin_empty(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    with pytest.raises(InputError) as info:
        load_document("-")
    assert str(info.value) == "<stdin>: file is empty"


def test_text_only_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("a: 1\n"))
    assert read_bytes("-") == ("<stdin>", b"a: 1\n")


def test_json_chosen_by_extension(tmp_path):
    j = tmp_path / "scn.json"
    j.write_text('{"a": 1, "a": 2}', encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_document(str(j))
    assert str(info.value) == f'{j}:1: duplicate key "a"'
    y = tmp_path / "scn.yaml"
    y.write_text('{"a": 1.5, "b": yes}', encoding="utf-8")  # YAML flow mapping, not JSON
    assert load_document(str(y)).data == {"a": Decimal("1.5"), "b": "yes"}
    j.write_text('{"a": 1.5}', encoding="utf-8")
    assert load_document(str(j)).source == str(j)


def test_missing_file_and_directory(tmp_path):
    missing = tmp_path / "nope.yaml"
    with pytest.raises(InputError) as info:
        load_document(str(missing))
    assert str(info.value) == f"{missing}: no such file"
    with pytest.raises(InputError) as info:
        load_document(str(tmp_path))
    assert str(info.value) == f"{tmp_path}: is a directory, not a file"
    with pytest.raises(InputError):
        load_document("")
    with pytest.raises(InputError):
        load_document("bad\x00name.yaml")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file(tmp_path):
    f = tmp_path / "secret.yaml"
    f.write_text("a: 1\n")
    f.chmod(0)
    try:
        with pytest.raises(InputError, match="permission denied"):
            load_document(str(f))
    finally:
        f.chmod(0o644)


# ---------------------------------------------------------------- line numbers


SCENARIO_YAML = """\
# a comment line
scenario: 1
name: Pythia
actors:
  - id: eleutherai
    type: non_profit
components:
  - id: pythia-12b
    kind: model
    developer: eleutherai
    licence: Apache-2.0
  - {id: pythia-1.4b, kind: model,
     licence: MIT}
  -
    id: data
    kind: dataset
    integrates:
      - a
      - b
"""


def test_yaml_lines_of_paths():
    doc = yaml_doc(SCENARIO_YAML)
    lines = doc.lines
    assert lines[()] == 2
    assert lines[("scenario",)] == 2
    assert lines[("actors",)] == 4
    assert lines[("actors", 0)] == 5
    assert lines[("actors", 0, "type")] == 6
    assert lines[("components", 0)] == 8
    assert lines[("components", 0, "licence")] == 11
    assert lines[("components", 1)] == 12
    assert lines[("components", 1, "licence")] == 13
    assert lines[("components", 2)] == 15
    assert lines[("components", 2, "integrates", 1)] == 19
    assert doc.line_of(("components", 2, "integrates", 1)) == 19
    assert doc.line_of(("components", 1, "developer")) == 12  # missing field: its mapping
    assert doc.line_of(("nowhere", 3)) == 2


def test_json_lines_of_paths_eager_and_lazy(monkeypatch):
    text = json.dumps(yaml_doc(SCENARIO_YAML).data, indent=2)
    rows = text.splitlines()

    def row_of(needle: str, after: int = 0) -> int:
        return next(i for i in range(after, len(rows)) if needle in rows[i]) + 1

    doc = json_doc(text)
    assert doc.lines  # small JSON: computed at parse time
    third = row_of('"id": "data"')
    expected = {
        (): 1,
        ("name",): row_of('"name"'),
        ("actors", 0): row_of('"actors"') + 1,
        ("components", 0, "licence"): row_of('"licence"'),
        ("components", 2): third - 1,
        ("components", 2, "integrates", 1): row_of('"b"', third),
    }
    for path, line in expected.items():
        assert doc.lines[path] == line, path
    monkeypatch.setattr(loading, "_EAGER_JSON_LINES", 0)
    lazy = json_doc(text)
    assert lazy.lines == {}
    assert lazy.line_of(("components", 0, "licence")) == expected[("components", 0, "licence")]
    assert lazy.lines == doc.lines


def test_line_numbers_in_errors_from_the_builder():
    err = yaml_error("a: 1\nb:\n  c: [1, 2, !foo 3]\n")
    assert (err.line, err.path) == (3, "b.c[2]")


# ---------------------------------------------------------------- hostile strings

HOSTILE = [
    'quote " inside',
    "apostrophe ' inside",
    "new\nline",
    "crlf\r\nline",
    "100% %s %d %%",
    "emoji 🤖 and 🇪🇺",
    "line separator \u2028 here",
    "paragraph \u2029 here",
    "tab\there",
    "back\\slash",
    " leading and trailing ",
    "# not a comment",
    "- not a list",
    "key: not a map",
    "{braces} [brackets] &anchor *alias !tag |pipe >fold @at `tick`",
    "Lab \"West\" (US)",
    "ünïcödé ñ 中文 עברית",
    "\ufeff inner BOM",
    "\x7f del \x85 nel \x9f c1",
    "\\u0000 looks like an escape",
    "x" * 200,
]


def yaml_double_quoted(value: str) -> str:
    """A YAML double-quoted scalar: JSON escapes, plus \\xNN for what YAML forbids raw."""
    quoted = json.dumps(value, ensure_ascii=False)
    return "".join(f"\\x{ord(c):02x}" if loading._YAML_FORBIDDEN.match(c) else c for c in quoted)


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_strings_survive_double_quoted_yaml(value):
    doc = yaml_doc(f"id: {yaml_double_quoted(value)}\nother: 1\n")
    assert doc.data == {"id": value, "other": 1}


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_strings_survive_json_read_as_yaml(value):
    # stdin is YAML; JSON with ASCII escapes (surrogate pairs for emoji) must still work
    for ascii_only in (True, False):
        text = json.dumps({"id": value, "n": 1.0e25}, ensure_ascii=ascii_only)
        assert yaml_doc(text).data == {"id": value, "n": Decimal("1e25")}


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_strings_survive_json(value):
    for ascii_only in (True, False):
        assert json_doc(json.dumps({"id": value}, ensure_ascii=ascii_only)).data == {"id": value}


@pytest.mark.parametrize("value", [v for v in HOSTILE if not any(c in v for c in "\n\r\x7f\x9f")])
def test_hostile_strings_survive_raw_in_quoted_yaml(value):
    single = "'" + value.replace("'", "''") + "'"
    assert yaml_doc(f"id: {single}\nnext: 1\n").data == {"id": value, "next": 1}
    double = '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") + '"'
    assert yaml_doc(f"id: {double}\nnext: 1\n").data == {"id": value, "next": 1}


def test_hostile_plain_and_block_scalars():
    assert yaml_doc("id: 100% sure\n").data == {"id": "100% sure"}
    assert yaml_doc("id: emoji 🤖\n").data == {"id": "emoji 🤖"}
    assert yaml_doc("id: |\n  line one\n  line \"two\"\n").data == {"id": 'line one\nline "two"\n'}


def test_yaml_1_2_line_separators_are_ordinary_characters():
    # libyaml (YAML 1.1) would treat these as line breaks; YAML 1.2 does not
    text = "id: a\u2028b \u2029 c\x85d\nblock: |\n  x \u2028 y\n\u2028key: 'q \u2028 r'\nlast: 1\n"
    doc = yaml_doc(text)
    assert doc.data == {
        "id": "a\u2028b \u2029 c\x85d",
        "block": "x \u2028 y\n",
        "\u2028key": "q \u2028 r",
        "last": 1,
    }
    assert doc.lines[("last",)] == 5  # line numbers not shifted either
    err = yaml_error("a: \u2028\na: 2\n")
    assert err.line == 2


def test_hostile_keys_are_kept_and_reported_readably():
    doc = yaml_doc('"a.b": 1\n"x\\ny": 2\n')
    assert doc.data == {"a.b": 1, "x\ny": 2}
    assert doc.lines[("x\ny",)] == 2
    err = yaml_error('m:\n  "a b": [1, !bad 2]\n')
    assert err.path == 'm["a b"][1]'


# ---------------------------------------------------------------- fallback parser


def test_pure_python_fallback_gives_the_same_results(monkeypatch):
    fast = yaml_doc(SCENARIO_YAML)
    monkeypatch.setattr(loading, "_CLoader", None)
    slow = yaml_doc(SCENARIO_YAML)
    assert slow.data == fast.data and slow.lines == fast.lines
    assert yaml_doc("a: yes\nb: 1.0e25\nc: ! 1\n").data == {"a": "yes", "b": Decimal(10) ** 25, "c": "1"}
    assert yaml_error("a: 1\na: 2\n").problem == 'duplicate key "a"'
    assert yaml_error("a: [1\n").problem.startswith("invalid YAML")
    assert "too many nodes" in yaml_error(billion_laughs(10)).problem
    assert yaml_error("[" * 100).problem == "nested deeper than 64 levels"


# ---------------------------------------------------------------- size: 10,000 components


def big_scenario(n: int) -> dict:
    return {
        "scenario": 1,
        "name": f"generated {n}",
        "actors": [{"id": "a", "type": "non_profit"}],
        "components": [
            {
                "id": f"component-{i}",
                "kind": "model",
                "developer": "a",
                "licence": "Apache-2.0",
                "training_compute_flop": "1.0e25",
                "checkpoints": 154,
                "weights_public": True,
            }
            for i in range(n)
        ],
    }


def test_ten_thousand_component_json_loads(tmp_path):
    text = json.dumps(big_scenario(10_000), indent=2).replace('"1.0e25"', "1.0e25")
    path = tmp_path / "big.json"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size < loading.MAX_BYTES
    start = time.perf_counter()
    doc = load_document(str(path))
    elapsed = time.perf_counter() - start
    assert len(doc.data["components"]) == 10_000
    assert doc.data["components"][-1]["training_compute_flop"] == 10**25
    assert doc.line_of(("components", 9_999, "checkpoints")) == text[: text.rindex('"checkpoints"')].count("\n") + 1
    assert elapsed < 5.0  # measured ~0.01 s per 1,000 components; generous for shared machines
