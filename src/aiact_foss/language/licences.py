"""Built-in licences of the scenario language: what each grants and restricts, read from
logic/licences.yaml (each with its official text's URL and the words the reading rests
on). Whether a licence is free and open-source is decided by each draft's rules in
logic/, never here."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from aiact_foss.language.table import table
from aiact_foss.law.resources import logic_root, read_yaml

ALL_GRANTS: tuple[str, ...] = table().row("licence", "grants").values


@dataclass(frozen=True)
class LicenceTerms:
    grants: tuple[str, ...] = ALL_GRANTS
    use_restrictions: tuple[str, ...] = ()
    attribution_required: bool = False
    share_alike: bool = False


@dataclass(frozen=True)
class BuiltIn:
    """A built-in licence as logic/licences.yaml describes it."""

    id: str
    name: str
    url: str
    terms: LicenceTerms
    reading: str  # the licence's own words, quoted; or
    summary: str  # what it says, where no short passage carries the reading
    note: str


def _built_in(lid: str, raw: dict[str, Any]) -> BuiltIn:
    terms = LicenceTerms(tuple(raw.get("grants", ALL_GRANTS)), tuple(raw.get("use_restrictions", ())),
                         bool(raw.get("attribution_required", False)), bool(raw.get("share_alike", False)))
    return BuiltIn(lid, raw["name"], raw["url"], terms, raw.get("reading", ""), raw.get("summary", ""),
                   raw.get("note", ""))


@cache
def built_ins() -> dict[str, BuiltIn]:
    data = read_yaml((logic_root() / "licences.yaml").read_text(encoding="utf-8"))
    return {lid: _built_in(lid, raw) for lid, raw in data.items()}


BUILT_IN: dict[str, LicenceTerms] = {lid: b.terms for lid, b in built_ins().items()}
