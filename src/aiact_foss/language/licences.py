"""Built-in licences of the scenario language (scenario-language.md, "Licence"): what each
grants and restricts, as facts. Whether a licence is free and open-source is decided by
each draft's rules in logic/, never here."""

from dataclasses import dataclass

ALL_GRANTS = ("access", "use", "modify", "distribute")


@dataclass(frozen=True)
class LicenceTerms:
    grants: tuple[str, ...] = ALL_GRANTS
    use_restrictions: tuple[str, ...] = ()
    attribution_required: bool = False
    share_alike: bool = False


_SAFETY = ("safety",)
_LLAMA = ("safety", "user_scale", "field_of_use")

BUILT_IN: dict[str, LicenceTerms] = {
    "Apache-2.0": LicenceTerms(),
    "MIT": LicenceTerms(),
    "BSD-3-Clause": LicenceTerms(),
    "GPL-3.0-only": LicenceTerms(share_alike=True),
    "AGPL-3.0-only": LicenceTerms(share_alike=True),
    "LGPL-3.0-only": LicenceTerms(share_alike=True),
    "MPL-2.0": LicenceTerms(share_alike=True),
    "CC0-1.0": LicenceTerms(),
    "CC-BY-4.0": LicenceTerms(attribution_required=True),
    "CC-BY-SA-4.0": LicenceTerms(attribution_required=True, share_alike=True),
    "ODbL-1.0": LicenceTerms(share_alike=True),
    "CC-BY-NC-4.0": LicenceTerms(use_restrictions=("non_commercial",), attribution_required=True),
    "OpenRAIL-M": LicenceTerms(use_restrictions=_SAFETY, attribution_required=True),
    "BigScience-BLOOM-RAIL-1.0": LicenceTerms(use_restrictions=_SAFETY, attribution_required=True),
    "CreativeML-OpenRAIL-M": LicenceTerms(use_restrictions=_SAFETY, attribution_required=True),
    "Llama-2-Community": LicenceTerms(use_restrictions=_LLAMA, attribution_required=True),
    "Llama-3-Community": LicenceTerms(use_restrictions=_LLAMA, attribution_required=True),
    "proprietary": LicenceTerms(grants=()),
}
