"""The legal words of explanations (logic/glosses.yaml): a gloss for every derived
predicate, duty and constant, each with the provisions it comes from. Python only reads
them; the file's opening comment says what each key means."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from aiact_foss.law.resources import logic_root, read_yaml


@dataclass(frozen=True)
class Gloss:
    words: str
    sources: tuple[tuple[str, str], ...]  # (draft, label)
    args: tuple[str, ...] = ()
    defined_in: tuple[str, ...] = ()  # a bookkeeping helper: the files that derive it


@dataclass(frozen=True)
class Glosses:
    predicates: dict[str, Gloss]
    duties: dict[str, Gloss]
    words: dict[str, Gloss]


def _gloss(name: str, raw: dict[str, Any]) -> Gloss:
    sources = []
    for s in raw.get("sources", []):
        draft, _, label = s.partition(" ")
        if not label:
            raise ValueError(f"logic/glosses.yaml: {name}: a source is \"draft label\", not {s!r}")
        sources.append((draft, label))
    return Gloss(raw["words"], tuple(sources), tuple(raw.get("args", ())), tuple(raw.get("defined_in", ())))


def parse(data: dict[str, Any]) -> Glosses:
    return Glosses(*({k: _gloss(k, v) for k, v in (data.get(part) or {}).items()}
                     for part in ("predicates", "duties", "words")))


@cache
def glosses() -> Glosses:
    return parse(read_yaml((logic_root() / "glosses.yaml").read_text(encoding="utf-8")))
