"""The law's printed program (law/compiled.py): cached on disk, read back unchanged, and
skipped when the cache cannot be written."""

from __future__ import annotations

import clingo

from aiact_foss.law import compiled, drafts


def _fresh(monkeypatch, where):
    monkeypatch.setenv("AIACT_FOSS_CACHE_DIR", str(where))
    compiled.program.cache_clear()


def test_the_printed_program_parses_back_into_the_same_statements(tmp_path, monkeypatch):
    _fresh(monkeypatch, tmp_path)
    for d in drafts.available():
        text = compiled.program(d)
        parsed: list[clingo.ast.AST] = []
        clingo.ast.parse_string(text, parsed.append)
        assert [str(s) for s in parsed][1:] == [str(s.ast) for s in drafts.statements(d)]  # [0]: the implicit #program base


def test_a_second_read_comes_from_the_cache_file(tmp_path, monkeypatch):
    _fresh(monkeypatch, tmp_path)
    first = compiled.program("aia-2024")
    (entry,) = tmp_path.glob("law-*-aia-2024.lp")
    entry.write_text(first + "% read from the cache\n", encoding="utf-8")
    compiled.program.cache_clear()
    assert compiled.program("aia-2024").endswith("% read from the cache\n")


def test_an_unwritable_cache_is_harmless(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    _fresh(monkeypatch, blocker / "cache")  # below a file: cannot be created
    assert compiled.program("aia-2024") == "".join(f"{s.ast}\n" for s in drafts.statements("aia-2024"))


def test_the_empty_setting_turns_the_cache_off(tmp_path, monkeypatch):
    _fresh(monkeypatch, "")
    assert compiled.cache_dir() is None
    assert compiled.program("aia-2024")
