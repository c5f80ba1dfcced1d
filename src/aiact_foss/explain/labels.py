"""Plain-English labels for explanation nodes: one template per predicate (conclusions,
duties, the shared machinery, the scenario's facts) and one per scenario field. A
predicate without a template is shown as its name and arguments, which stays correct
when the logic grows a predicate this table does not know yet."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from clingo import Symbol, SymbolType

from aiact_foss.language.facts import FactBase

DUTY = {
    "high_risk_requirements": "meet the high-risk requirements for {x}",
    "high_risk_registration": "register {x} as a high-risk AI system in the EU database",
    "transparency_obligations": "meet the transparency obligations for {x}",
    "gpai_system_obligations": "meet the obligations for general-purpose AI systems for {x}",
    "value_chain_cooperation": "give a high-risk provider that integrates {x} what it needs",
    "foundation_model_obligations": "meet the foundation-model obligations for {x}",
    "foundation_model_registration": "register foundation model {x} in the EU database",
    "generative_model_obligations": "meet the generative-AI obligations for {x}",
    "technical_documentation": "draw up technical documentation for {x}",
    "downstream_information": "give downstream providers information and documentation on {x}",
    "copyright_policy": "put in place a copyright policy for {x}",
    "training_content_summary": "publish a summary of the content used to train {x}",
    "authorised_representative": "appoint an authorised representative in the Union for {x}",
    "systemic_risk_notification": "notify the Commission that {x} meets the systemic-risk condition",
    "systemic_risk_obligations": "meet the obligations for models with systemic risk for {x}",
}

WORDS = {
    # monetisation indicators (monetising/2)
    "price": "a price", "required_support": "required paid support", "optional_support": "optional paid support",
    "related_services": "related paid services", "platform": "a platform that monetises other services",
    "advertising": "advertising", "personal_data": "the use of personal data", "donations": "donations",
    "commercial_activity": "a commercial activity",
    # kinds, channels, risk classes, actor types, purposes
    "model": "an AI model", "dataset": "a dataset", "software": "software", "ai_system": "an AI system",
    "open_repository": "an open repository", "own_website": "its own website", "api": "an API",
    "bundled_in_product": "a bundled product", "paid_download": "a paid download",
    "prohibited": "a prohibited practice", "high": "high-risk", "transparency": "subject to transparency obligations",
    "minimal": "minimal-risk",
    "natural_person": "a natural person", "microenterprise": "a microenterprise", "small_enterprise": "a small enterprise",
    "medium_enterprise": "a medium-sized enterprise", "large_enterprise": "a large enterprise",
    "non_profit": "a non-profit organisation", "research_organisation": "a research organisation",
    "public_authority": "a public authority",
    "general": "general purposes", "scientific_research_only": "the sole purpose of scientific research",
    "none": "none", "optional": "optional", "required": "required",
    "security_compatibility_interoperability_only": "only for security, compatibility or interoperability",
    "other": "for other purposes",
    "ep": "the Parliament's", "aia": "the final act's",
}

# predicate -> (argument kinds, template). Kinds name the placeholder shown for an
# argument that a why-not leaves open ("some component").
ATOM: dict[str, tuple[tuple[str, ...], str]] = {
    # conclusions (outputs.md)
    "in_scope": (("component",), "{0} falls within the scope of the Regulation"),
    "exempt": (("component",), "{0} is exempt under a free and open-source scope exemption"),
    "research_exempt": (("component",), "{0} is exempt as scientific research"),
    "foss": (("component",), "{0} qualifies for the free and open-source exceptions"),
    "monetised": (("component",), "{0} is monetised"),
    "gpai_model": (("component",), "{0} is a general-purpose AI model"),
    "foundation_model": (("component",), "{0} is a foundation model"),
    "gpai_system": (("component",), "{0} is a general-purpose AI system"),
    "systemic_risk": (("component",), "{0} is a general-purpose AI model with systemic risk"),
    "prohibited_practice": (("component",), "{0} is a prohibited AI practice"),
    "registrations": (("actor", "number"), "{0} must make {1} registration(s) in the EU database"),
    # shared machinery and draft helpers
    "ai_system": (("component",), "{0} is an AI system"),
    "art25_4_foss": (("component",), "the free and open-source exception to the value-chain duty covers {0}"),
    "art53_2_applies": (("component",), "the free and open-source exception for general-purpose AI models applies to {0}"),
    "art54_6_applies": (("component",), "the free and open-source exception to the authorised-representative duty applies to {0}"),
    "carve_back_class": (("component",), "{0} is high-risk, a prohibited practice or subject to transparency obligations"),
    "carved_back": (("component",), "the carve-back takes {0} out of the free and open-source exemption"),
    "carved_back_integrated": (("component",), "the carve-back reaches {0} as a component another provider integrates"),
    "excluded_from_exemption": (("component",), "{0} is excluded from the free and open-source exemption"),
    "foss_reachable": (("component",), "a free and open-source exception of this draft can reach {0}"),
    "four_freedoms": (("licence",), "{0} grants access, use, modification and distribution"),
    "free_open_release_in_eu": (("component",), "{0} is released free of charge on an open repository in the Union"),
    "has_provider": (("component",), "{0} has a stated provider"),
    "has_release": (("component",), "{0} has a release"),
    "high_impact": (("component",), "{0} has high-impact capabilities"),
    "high_risk": (("component",), "{0} is a high-risk AI system"),
    "in_marketed_system": (("component",), "{0} is part of an AI system placed on the market or put into service"),
    "indicators": (("const",), "this draft reads monetisation by {0} indicators"),
    "integrated_by_other": (("component", "component"), "another provider integrates {0} in {1}, which the carve-back names and which is on the market"),
    "integrated_foundation_model": (("component", "actor"), "foundation model {0} of {1} is integrated in another provider's high-risk AI system"),
    "licence_test": (("component",), "{0}'s licence passes the free and open-source licence test"),
    "made_accessible_to_public": (("component",), "{0} is made accessible to the public by its developer"),
    "made_available": (("component",), "{0} is made available"),
    "microenterprise_transactions": (("release",), "every priced transaction of {0} is between microenterprises"),
    "model_placed": (("component",), "a release or an AI system places {0} on the market"),
    "monetisation_defeats": (("component",), "monetisation takes {0} out of the free and open-source exceptions"),
    "monetised_outright": (("component",), "{0} is monetised whatever the open questions answer"),
    "monetising": (("release", "const"), "{0} is monetised by {1}"),
    "monetising_on_reading": (("release", "const"), "{0} is monetised by {1} on this reading"),
    "on_market": (("component",), "{0} is placed on the market or put into service"),
    "other_ok": (("licence",), "{0}'s use restrictions other than safety ones pass the licence test"),
    "other_restricted": (("licence",), "{0} restricts use for other than safety reasons"),
    "part_of": (("component", "component"), "{0} is integrated in {1}"),
    "placed_on_market": (("component",), "{0} is placed on the market"),
    "provider_of": (("component", "actor"), "{1} is the provider of {0}"),
    "public_channel": (("const",), "{0} makes a component accessible to the public"),
    "put_into_service": (("component",), "{0} is put into service"),
    "raised": (("question",), "the open question {0} arises"),
    "registers_checkpoints": (("component",), "each checkpoint of {0} is registered separately"),
    "registrations_for": (("component", "number"), "{0} counts for {1} registration(s)"),
    "released": (("component",), "{0} is released under its licence"),
    "released_by_developer": (("release", "component"), "{0} is made by the provider of {1}"),
    "research_before_market": (("component",), "{0} is developed for research and neither released nor on the market"),
    "research_made_available": (("component",), "{0}, developed for research, is made available"),
    "research_purpose": (("component",), "{0} is developed for the sole purpose of scientific research"),
    "safety_ok": (("licence",), "{0}'s safety restrictions, if any, pass the licence test"),
    "supplied_to_high_risk_system": (("component", "actor"), "{1} supplies {0} to another provider's high-risk AI system on the market"),
    "transparency_risk": (("component",), "{0} is subject to transparency obligations"),
    "value_chain_supplier": (("actor", "component"), "{0} supplies {1} to another provider's high-risk AI system in scope"),
    "yes": (("question",), "the open question {0} is answered true"),
    "pinned": (("question", "const"), "the open question {0} is pinned to {1}"),
    # the scenario's facts (logic/README.md, "Input")
    "actor": (("actor",), "{0} is an actor"),
    "actor_type": (("actor", "const"), "{0} is {1}"),
    "established_in_eu": (("actor",), "{0} is established in the Union"),
    "grants": (("licence", "const"), "{0} grants {1}"),
    "use_restriction": (("licence", "const"), "{0} restricts use: {1}"),
    "attribution_required": (("licence",), "{0} requires attribution"),
    "share_alike": (("licence",), "{0} requires share-alike terms"),
    "component": (("component",), "{0} is a component"),
    "kind": (("component", "const"), "{0} is {1}"),
    "developer": (("component", "actor"), "{0} is developed by {1}"),
    "licence": (("component", "licence"), "{0} is licensed under {1}"),
    "purpose": (("component", "const"), "{0} is developed for {1}"),
    "general_purpose": (("component",), "{0} is general-purpose"),
    "trained_on_broad_data_at_scale": (("component",), "{0} is trained on broad data at scale"),
    "generative": (("component",), "{0} is generative"),
    "high_impact_capabilities": (("component",), "{0} is evaluated as having high-impact capabilities"),
    "designated_systemic_risk": (("component",), "{0} is designated as having systemic risk"),
    "weights_public": (("component",), "{0}'s weights are public"),
    "architecture_public": (("component",), "information on {0}'s architecture is public"),
    "usage_info_public": (("component",), "information on {0}'s usage is public"),
    "training_compute": (("component", "number"), "{0} was trained with {1} x 10^18 FLOP (rounded up)"),
    "checkpoints": (("component", "number"), "{0} has {1} checkpoint(s)"),
    "integrates": (("component", "component"), "{0} integrates {1}"),
    "provider": (("component", "actor"), "{0} is provided by {1}"),
    "placed_on_market_in_eu": (("component",), "{0} is placed on the Union market"),
    "put_into_service_in_eu": (("component",), "{0} is put into service in the Union"),
    "risk": (("component", "const"), "{0} is {1}"),
    "release": (("release",), "{0} exists"),
    "release_of": (("release", "component"), "{0} makes {1} available"),
    "released_by": (("release", "actor"), "{0} is made by {1}"),
    "channel": (("release", "const"), "{0} is made on {1}"),
    "in_eu": (("release",), "{0} is made in the Union"),
    "price": (("release",), "{0} is priced"),
    "price_only_between_microenterprises": (("release",), "{0} is priced only between microenterprises"),
    "paid_support": (("release", "const"), "{0} has paid support: {1}"),
    "donations": (("release",), "{0} accepts donations"),
    "advertising": (("release",), "{0} serves paid advertisements"),
    "related_paid_services": (("release",), "{0} comes with related paid services"),
    "platform_monetises_other_services": (("release",), "{0} is made through a platform that monetises other services"),
    "personal_data_use": (("release", "const"), "{0} uses personal data: {1}"),
    "commercial_activity": (("release",), "{0} is made in the course of a commercial activity"),
}

UNBOUND = {"component": "some component", "actor": "someone", "licence": "some licence", "release": "some release",
           "const": "something", "number": "some number", "question": "some question", "duty": "some duty"}

# scenario field -> (text when true, text when false) for flags; {o} is the owner
FLAG_FIELD = {
    "established_in_eu": ("{o} is established in the Union", "{o} is not established in the Union"),
    "attribution_required": ("{o} requires attribution", "{o} does not require attribution"),
    "share_alike": ("{o} requires share-alike terms", "{o} does not require share-alike terms"),
    "general_purpose": ("{o} is general-purpose", "{o} is not general-purpose"),
    "trained_on_broad_data_at_scale": ("{o} is trained on broad data at scale", "{o} is not trained on broad data at scale"),
    "generative": ("{o} is generative", "{o} is not generative"),
    "high_impact_capabilities": ("{o} is evaluated as having high-impact capabilities", "{o} is not evaluated as having high-impact capabilities"),
    "designated_systemic_risk": ("{o} is designated as having systemic risk", "{o} is not designated as having systemic risk"),
    "weights_public": ("{o}'s weights are public", "{o}'s weights are not public"),
    "architecture_public": ("information on {o}'s architecture is public", "information on {o}'s architecture is not public"),
    "usage_info_public": ("information on {o}'s usage is public", "information on {o}'s usage is not public"),
    "placed_on_market_in_eu": ("{o} is placed on the Union market", "{o} is not placed on the Union market"),
    "put_into_service_in_eu": ("{o} is put into service in the Union", "{o} is not put into service in the Union"),
    "in_eu": ("{o} is made in the Union", "{o} is made outside the Union"),
    "price": ("{o} is priced", "{o} is free of charge"),
    "price_only_between_microenterprises": ("{o} is priced only between microenterprises", "{o} is not priced only between microenterprises"),
    "donations": ("{o} accepts donations", "{o} accepts no donations"),
    "advertising": ("{o} serves paid advertisements", "{o} serves no paid advertisements"),
    "related_paid_services": ("{o} comes with related paid services", "{o} comes with no related paid services"),
    "platform_monetises_other_services": ("{o} is made through a platform that monetises other services", "{o} is not made through a platform that monetises other services"),
    "commercial_activity": ("{o} is made in the course of a commercial activity", "{o} is not made in the course of a commercial activity"),
}
VALUE_FIELD = {
    "type": "{o} is {v}",
    "grants": "{o} grants {v}",
    "use_restrictions": "{o} restricts use: {v}",
    "kind": "{o} is {v}",
    "developer": "{o} is developed by {v}",
    "licence": "{o} is licensed under {v}",
    "purpose": "{o} is developed for {v}",
    "training_compute_flop": "{o} was trained with {v} FLOP",
    "checkpoints": "{o} has {v} checkpoint(s)",
    "integrates": "{o} integrates {v}",
    "provider": "{o} is provided by {v}",
    "risk": "{o} is {v}",
    "component": "{o} makes {v} available",
    "by": "{o} is made by {v}",
    "channel": "{o} is made on {v}",
    "paid_support": "{o} has paid support: {v}",
    "personal_data_use": "{o} uses personal data: {v}",
}
_ITEM = re.compile(r"^(actors|licences|components|releases)\[(\d+)\]")


class Labeller:
    """Labels in the scenario's own ids; releases are named after their component."""

    def __init__(self, fb: FactBase, question_texts: dict[str, str]):
        self.questions = question_texts
        self.owner: dict[str, str] = {}
        comp: dict[int, str] = {}
        for f in fb.fields:
            m = _ITEM.match(f.path)
            if not m:
                continue
            if f.path == f"{m.group(0)}.id":
                self.owner[m.group(0)] = str(f.value)
            elif m.group(1) == "releases" and f.path.endswith(".component"):
                comp[int(m.group(2))] = str(f.value)
        self.release = {i: f"{c}'s release #{i}" for i, c in comp.items()}
        for i, text in self.release.items():
            self.owner[f"releases[{i}]"] = text

    # -- atoms ---------------------------------------------------------------------------
    def arg(self, kind: str, a: Any) -> str:
        """One argument: a symbol, or None when a why-not leaves it open."""
        if a is None:
            return UNBOUND.get(kind, "something")
        if kind == "release" and a.type == SymbolType.Number:
            return self.release.get(a.number, f"release #{a.number}")
        if a.type == SymbolType.String:
            return a.string
        if a.type == SymbolType.Number:
            return str(a.number)
        if not a.arguments:
            return WORDS.get(a.name, a.name.replace("_", " ")) if kind == "const" else a.name
        return str(a)

    def atom(self, name: str, args: list) -> str:
        """The label of predicate `name` with arguments `args` (symbols, None for open)."""
        if name in ("obligation", "lifted") and len(args) == 3:
            actor, x = self.arg("actor", args[0]), self.arg("component", args[1])
            d = args[2]
            duty = DUTY.get(d.name, d.name.replace("_", " ") + " for {x}") if d is not None else "meet some duty for {x}"
            duty = duty.format(x=x)
            if name == "obligation":
                return f"{actor} must {duty}"
            return f"a free and open-source exception lifts {actor}'s duty to {duty}"
        kinds, template = ATOM.get(name, (None, None))
        if template is None or len(kinds) != len(args):
            shown = ", ".join(self.arg("const", a) if a is not None else "_" for a in args)
            return f"{name.replace('_', ' ')}({shown})"
        return template.format(*(self.arg(k, a) for k, a in zip(kinds, args)))

    def symbol(self, sym: Symbol) -> str:
        return self.atom(sym.name, list(sym.arguments))

    # -- the scenario's fields -------------------------------------------------------------
    def field(self, path: str, value: Any) -> str:
        owner_path, _, name = path.rpartition(".")
        name = re.sub(r"\[\d+\]$", "", name)
        m = _ITEM.match(owner_path)
        if m:
            owner = self.owner.get(m.group(0), m.group(0))
        elif owner_path.startswith("built-in licence "):
            owner = owner_path.removeprefix("built-in licence ")
        else:
            owner = owner_path
        if name == "id":
            kind = {"actors": "an actor", "licences": "a licence", "components": "a component"}.get(m.group(1) if m else "", "an item")
            return f"{value} is {kind} of the scenario"
        if name in FLAG_FIELD and isinstance(value, bool):
            return FLAG_FIELD[name][0 if value else 1].format(o=owner)
        template = VALUE_FIELD.get(name, "{o}: " + name.replace("_", " ") + " = {v}")
        return template.format(o=owner, v=self.value(name, value))

    def value(self, name: str, value: Any) -> str:
        if isinstance(value, list):
            return ", ".join(WORDS.get(v, v) if name != "grants" else v for v in value) or "nothing"
        if isinstance(value, Decimal):
            return format(value, "g")
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str) and name in ("type", "kind", "purpose", "risk", "channel", "paid_support", "personal_data_use"):
            return WORDS.get(value, value)
        return str(value)

    def unknown(self, path: str, value: Any) -> str:
        shown = "true" if value is True else "false" if value is False else str(value)
        return f"{self.field(path, value)} (unknown in the scenario; this outcome takes {shown})"

    def question(self, q: str, value: bool, pinned: bool) -> str:
        how = "pinned to" if pinned else "answered"
        text = self.questions.get(q)
        if not text:
            return f"open question {q} {how} {'true' if value else 'false'}"
        # the question's text says what true means; a false answer is worded as its denial
        return f"open question {q} {how} {'true' if value else 'false'}: " + (text if value else f"it is not the case that {text}")
