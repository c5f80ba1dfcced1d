"""The output contract's fixed vocabulary (docs/outputs.md): draft ids in table
order, conclusion predicates with their arities, duty ids. No legal conditions here."""

DRAFT_IDS: tuple[str, ...] = (
    "commission-2021",
    "council-2022",
    "ep-2023-03-23",
    "letter-2023-04",
    "ep-2023-06-14",
    "aia-2024",
)

# predicate -> the kinds of its arguments: "id" (actor or component id), "actor",
# "component", "duty", "count".
PREDICATES: dict[str, tuple[str, ...]] = {
    "in_scope": ("component",),
    "exempt": ("component",),
    "research_exempt": ("component",),
    "foss": ("component",),
    "monetised": ("component",),
    "gpai_model": ("component",),
    "foundation_model": ("component",),
    "gpai_system": ("component",),
    "systemic_risk": ("component",),
    "prohibited_practice": ("component",),
    "obligation": ("actor", "component", "duty"),
    "lifted": ("actor", "component", "duty"),
    "registrations": ("actor", "count"),
}

DUTIES: tuple[str, ...] = (
    "high_risk_requirements",
    "high_risk_registration",
    "transparency_obligations",
    "gpai_system_obligations",
    "value_chain_cooperation",
    "foundation_model_obligations",
    "foundation_model_registration",
    "generative_model_obligations",
    "technical_documentation",
    "downstream_information",
    "copyright_policy",
    "training_content_summary",
    "authorised_representative",
    "systemic_risk_notification",
    "systemic_risk_obligations",
)


def draft_order(ids) -> list[str]:
    """The given draft ids, once each, in the order of the contract's table."""
    wanted = set(ids)
    return [d for d in DRAFT_IDS if d in wanted]
