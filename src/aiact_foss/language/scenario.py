"""The scenario language, version 1 (docs/scenario-language.md), as pydantic
models, written by hand against the language's one declaration, logic/language.yaml (a
test checks that every row is a field here with the same domain and default, and back).
`aiact-foss schema` prints the JSON Schema generated from them, described by the table. Cross-references (ids, licences, cycles, expectations) are
checked in `references.py`, which names the offending path."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)

from aiact_foss.language.licences import ALL_GRANTS
from aiact_foss.language.reading.limits import RANGE, in_range
from aiact_foss.language.table import table


def _check_text(value: str) -> str:
    if "\x00" in value:
        raise ValueError("contains the character U+0000, which the solver cannot carry")
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
        raise ValueError("contains an unpaired surrogate")
    return value


def _check_id(value: str) -> str:
    _check_text(value)
    if not value:
        raise ValueError("an id must not be empty")
    if len(value) > 200:
        raise ValueError(f"an id is at most 200 characters, this one has {len(value)}")
    return value


Id = Annotated[str, AfterValidator(_check_id), Field(min_length=1, max_length=200)]
Text = Annotated[str, AfterValidator(_check_text)]

def _tri(value: Any) -> Any:
    # Literal[True] alone would also take 1 and 1.0: a tri field takes exactly these three.
    if isinstance(value, bool) or value == "unknown" and isinstance(value, str):
        return value
    raise ValueError("must be true, false or unknown")


# Three-valued facts: true, false or "unknown" (the solver branches on unknown).
Tri = Annotated[Literal[True, False, "unknown"], BeforeValidator(_tri)]


def _version(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("the language version must be the integer 1")
    if value != 1:
        raise ValueError(f"unsupported language version {value}: this tool reads version 1")
    return value


def _number(value: Any) -> Decimal | None:
    """A decimal literal, kept exact (the loader hands Decimal for YAML/JSON floats)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise ValueError("must be a number or null")
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError("must be a finite number")
    if number < 0:
        raise ValueError("must not be negative")
    if not in_range(number):  # the loader refuses it first; this guards data given in Python
        raise ValueError(f"out of range ({RANGE})")
    return number


Flop = Annotated[
    Decimal | None,
    BeforeValidator(_number),
    WithJsonSchema({"anyOf": [{"type": "number", "minimum": 0}, {"type": "null"}]}),
]


EARLIEST_DATE = "2021-01-01"  # no text encoded here speaks of an earlier date


def check_date(value: str) -> str:
    """A date as --as-of gives it: the checks of the language's date fields."""
    out: str = _date(value)
    return out


def _date(value: Any) -> Any:
    """An exact ISO date YYYY-MM-DD that exists, not before 2021."""
    import datetime

    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("must be a date written YYYY-MM-DD")  # noqa: TRY004 - pydantic reports ValueError
    if len(value) != 10 or value[4] != "-" or value[7] != "-" or not (value[:4] + value[5:7] + value[8:]).isdigit():
        raise ValueError(f"{value!r} is not a date written YYYY-MM-DD")
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date of the calendar") from None
    if value < EARLIEST_DATE:
        raise ValueError(f"{value!r} is before {EARLIEST_DATE}, earlier than any text this tool encodes")
    return value


IsoDate = Annotated[
    str | None,
    BeforeValidator(_date),
    WithJsonSchema({"anyOf": [{"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                              {"type": "null"}]}),
]


def date_number(value: str) -> int:
    """YYYY-MM-DD -> the integer YYYYMMDD the law's rules compare."""
    return int(value.replace("-", ""))


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Actor(_Strict):
    id: Id
    type: Literal[
        "natural_person",
        "microenterprise",
        "small_enterprise",
        "medium_enterprise",
        "large_enterprise",
        "non_profit",
        "research_organisation",
        "public_authority",
    ]
    established_in_eu: bool = True


Grant = Literal["access", "use", "modify", "distribute"]
Restriction = Literal["safety", "non_commercial", "research_only", "user_scale", "field_of_use"]
# the table's grants, checked once against Grant: a grant the type lacks fails at import
_ALL_GRANTS: tuple[Grant, ...] = TypeAdapter(tuple[Grant, ...]).validate_python(ALL_GRANTS)


class Licence(_Strict):
    id: Id
    grants: list[Grant] = Field(default_factory=lambda: list(_ALL_GRANTS))
    use_restrictions: list[Restriction] = Field(default_factory=list)
    attribution_required: bool = False
    share_alike: bool = False


ComponentKind = Literal["model", "dataset", "software", "ai_system"]

# Fields that apply only to some kinds (logic/language.yaml, `applies`).
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    r.name: r.applies for r in table().rows("component") if r.applies != table().kinds
}


class Component(_Strict):
    id: Id
    kind: ComponentKind
    developer: Id
    licence: Id | None = None
    purpose: Literal["general", "scientific_research_only"] = "general"
    general_purpose: Tri = False
    trained_on_broad_data_at_scale: Tri = False
    generative: Tri = False
    training_compute_flop: Flop = None
    high_impact_capabilities: Tri = False
    designated_systemic_risk: bool = False
    weights_public: Tri = False
    architecture_public: Tri = False
    usage_info_public: Tri = False
    checkpoints: Annotated[int, Field(ge=1, le=100_000)] = 1
    integrates: list[Id] = Field(default_factory=list)
    provider: Id | None = Field(default=None, description="defaults to the developer")
    placed_on_market_in_eu: Tri = False
    put_into_service_in_eu: Tri = False
    risk: Literal["prohibited", "high", "transparency", "minimal", "unknown"] = "minimal"
    first_placed: IsoDate = Field(default=None, description=(
        "the date it was first placed on the Union market or put into service (Art 111, 113); "
        "absent: unknown, branched over the periods between the legal cut-off dates when an as-of date is given"))
    high_risk_route: Literal["annex_i", "annex_iii", "unknown"] = Field(default="unknown", description=(
        "for a high-risk system: classified under Art 6(1) and Annex I, or Art 6(2) and Annex III "
        "(the Art 113 dates differ); read only with an as-of date"))
    public_authority_use: Tri = Field(default=False, description=(
        "the high-risk system is intended to be used by public authorities (Art 111(2), second sentence); "
        "read only with an as-of date"))
    annex_x_component: Tri = Field(default=False, description=(
        "the system is a component of a large-scale IT system established by a legal act listed in Annex X "
        "(Art 111(1)); read only with an as-of date"))
    # The material facts of Art 5(1)(ba), (bb) and 5(1a) of the amended Act (aia-2026).
    generates_intimate_images: Tri = Field(default=False, description=(
        "generates or manipulates realistic material of an identifiable person's intimate parts or sexually "
        "explicit activities without that person's consent (Art 5(1)(ba), 5(1b), aia-2026)"))
    generates_child_abuse_material: Tri = Field(default=False, description=(
        "generates or manipulates material within Art 2(c), (e) of Directive 2011/93/EU (Art 5(1)(bb), aia-2026)"))
    generation_intended: Tri = Field(default=False, description=(
        "that generation is the system's intended purpose (Art 5(1a)(a)(i), aia-2026)"))
    generation_foreseeable: Tri = Field(default=False, description=(
        "that generation is a reasonably foreseeable and reproducible outcome without significant technical "
        "modification (Art 5(1a)(a)(ii), aia-2026)"))
    generation_safeguards: Tri = Field(default=False, description=(
        "the system has reasonable and adequate safeguards that reliably prevent that generation "
        "(Art 5(1a)(a)(ii), aia-2026)"))

    @property
    def provider_id(self) -> str:
        return self.provider if self.provider is not None else self.developer


Channel = Literal["open_repository", "own_website", "api", "bundled_in_product", "paid_download"]


class Release(_Strict):
    component: Id
    by: Id
    channel: Channel
    in_eu: bool = True
    price: Tri | None = Field(default=None, description="defaults to true on paid_download, false otherwise")
    price_only_between_microenterprises: bool = False
    paid_support: Literal["none", "optional", "required", "unknown"] = "none"
    donations: bool = False
    advertising: Tri = False
    related_paid_services: Tri = False
    platform_monetises_other_services: Tri = False
    personal_data_use: Literal[
        "none", "security_compatibility_interoperability_only", "other", "unknown"
    ] = "none"
    commercial_activity: Tri = False

    @property
    def price_value(self) -> bool | str:
        if self.price is None:
            return self.channel == "paid_download"
        return self.price


# A conclusion in `expect:`: a one-key map, predicate to its argument or list of arguments.
ExpectedConclusion = Annotated[
    dict[str, Any],
    WithJsonSchema(
        {
            "type": "object",
            "minProperties": 1,
            "maxProperties": 1,
            "description": "predicate: argument, or predicate: [arguments]",
        }
    ),
]


class Expectation(_Strict):
    status: Literal["determinate", "ambiguous", "inconsistent"] | None = None
    always: list[ExpectedConclusion] = Field(default_factory=list)
    sometimes: list[ExpectedConclusion] = Field(default_factory=list)
    never: list[ExpectedConclusion] = Field(default_factory=list)


class Scenario(_Strict):
    scenario: Annotated[Literal[1], BeforeValidator(_version)] = Field(description="language version")
    name: Text
    description: Text | None = None
    as_of: IsoDate = Field(default=None, description=(
        "the date the question is asked on (--as-of wins); with it, aia-2024 and aia-2026 conclude when each duty applies"))
    actors: list[Actor] = Field(default_factory=list)
    licences: list[Licence] = Field(default_factory=list)
    components: list[Component] = Field(default_factory=list)
    releases: list[Release] = Field(default_factory=list)
    assume: dict[str, bool] = Field(default_factory=dict, description="open-question id -> answer")
    expect: dict[str, Expectation] = Field(default_factory=dict, description="draft id -> expectation")

    @model_validator(mode="after")
    def _cross_references(self, info: ValidationInfo) -> Scenario:
        # So that model_validate cannot accept what fails later (an unknown licence, a
        # dangling id); the reader checks them itself, to name the file's line.
        if not (info.context or {}).get("references_checked_by_reader"):
            from aiact_foss.language import references
            from aiact_foss.language.loading import format_path

            try:
                references.check(self)
            except references.ReferenceError_ as e:
                raise ValueError(f"{format_path(tuple(e.path))}: {e.problem}") from None
        return self


ITEM_MODELS = {"actor": Actor, "licence": Licence, "component": Component, "release": Release}


def json_schema() -> dict[Any, Any]:
    """The JSON Schema of the models, each item field described by its meaning in the
    language table."""
    schema = Scenario.model_json_schema()
    for item, model in ITEM_MODELS.items():
        props = schema["$defs"][model.__name__]["properties"]
        for row in table().rows(item):
            old = props[row.name].get("description")
            props[row.name]["description"] = row.meaning + (f" ({old})" if old else "")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "aiact-foss scenario, language version 1"
    return schema
