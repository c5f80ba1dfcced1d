"""The open questions and named readings (logic/questions.yaml): ids, texts, the drafts
they arise in, and how pins from `assume:`, `--assume` and `--reading` combine."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from aiact_foss.law.resources import logic_root, read_yaml


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    drafts: tuple[str, ...]
    raised_when: str
    raised_by: str


@dataclass(frozen=True)
class Reading:
    id: str
    answers: dict[str, bool]
    drafts: tuple[str, ...]
    source: str


@cache
def _data() -> dict[Any, Any]:
    data: dict[Any, Any] = read_yaml((logic_root() / "questions.yaml").read_text(encoding="utf-8"))
    return data


@cache
def questions() -> dict[str, Question]:
    return {
        qid: Question(qid, q["question"], tuple(q["drafts"]), q["raised_when"], q["raised_by"])
        for qid, q in _data()["questions"].items()
    }


@cache
def readings() -> dict[str, Reading]:
    return {
        rid: Reading(rid, dict(r["answers"]), tuple(r["drafts"]), r["source"])
        for rid, r in _data()["readings"].items()
    }


def pins_for(draft: str, file_assume: dict[str, bool], reading: str | None,
             cli_assume: dict[str, bool]) -> dict[str, bool]:
    """The pins in force in `draft`: `--assume` over `--reading` over the file's `assume:`.
    A reading pins only in the drafts it names; a pin for a question the draft does not
    have is dropped (it is not an error)."""
    pins = dict(file_assume)
    if reading is not None:
        r = readings()[reading]
        if draft in r.drafts:
            pins.update(r.answers)
    pins.update(cli_assume)
    return {q: v for q, v in sorted(pins.items()) if draft in questions()[q].drafts}
