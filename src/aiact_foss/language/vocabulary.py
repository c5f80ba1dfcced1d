"""The output contract's fixed vocabulary (docs/outputs.md): draft ids in table
order, conclusion predicates with their arities, duty ids (the last two declared in
logic/language.yaml). No legal conditions here."""

from typing import Any

from aiact_foss.language.table import table

DRAFT_IDS: tuple[str, ...] = (
    "commission-2021",
    "council-2022",
    "ep-2023-03-23",
    "letter-2023-04",
    "ep-2023-06-14",
    "aia-2024",
)

# predicate -> the kinds of its arguments: "actor", "component", "duty", "count"; and the
# duty ids: both declared in logic/language.yaml ("conclusions", "duties").
PREDICATES: dict[str, tuple[str, ...]] = table().conclusions
DUTIES: tuple[str, ...] = table().duties


def draft_order(ids: Any) -> list[str]:
    """The given draft ids, once each, in the order of the contract's table."""
    wanted = set(ids)
    return [d for d in DRAFT_IDS if d in wanted]
