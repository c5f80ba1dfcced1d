"""Seeded generator of valid scenarios (language v1) for the benchmarks: the same seed
gives the same scenarios. Used when `aiact_foss.testing` is not there; kept independent
of it so that benchmark numbers do not move when test strategies change.

    python benchmarks/generate.py --count 200 --seed 1 > scenarios.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys

LICENCES = ["Apache-2.0", "MIT", "GPL-3.0-only", "CC-BY-4.0", "CC-BY-NC-4.0", "OpenRAIL-M",
            "Llama-2-Community", "proprietary", None]
ACTOR_TYPES = ["natural_person", "microenterprise", "small_enterprise", "medium_enterprise",
               "large_enterprise", "non_profit", "research_organisation", "public_authority"]
KINDS = ["model"] * 5 + ["dataset"] * 2 + ["software"] + ["ai_system"] * 2
CHANNELS = ["open_repository"] * 3 + ["own_website", "api", "bundled_in_product", "paid_download"]
FLOPS = [None, None, 10**21, 10**23, "2e25"]
RESTRICTIONS = ["safety", "non_commercial", "research_only", "user_scale", "field_of_use"]
PERSONAL_DATA = ["none", "security_compatibility_interoperability_only", "other", "unknown"]


def _tri(rng: random.Random, p_true: float, p_unknown: float):
    x = rng.random()
    if x < p_unknown:
        return "unknown"
    return x < p_unknown + p_true


def scenario(rng: random.Random, components: int, *, unknowns: float = 0.04, name: str = "generated",
             contradictory: float = 0.0) -> dict:
    """A scenario of `components` components; each tri field is unknown with
    probability `unknowns`. Consistent (no paid_download with price false, no
    microenterprise-only pricing by another kind of actor) except, with probability
    `contradictory`, one release made a paid download with price false."""
    n_actors = max(1, min(4, components // 2 + 1))
    actors = [{"id": f"actor-{i}", "type": rng.choice(ACTOR_TYPES), "established_in_eu": rng.random() < 0.6}
              for i in range(n_actors)]
    comps, releases = [], []
    for i in range(components):
        kind = rng.choice(KINDS)
        dev = rng.choice(actors)["id"]
        c: dict = {"id": f"{kind}-{i}", "kind": kind, "developer": dev, "licence": rng.choice(LICENCES)}
        if rng.random() < 0.1:
            c["purpose"] = "scientific_research_only"
        if kind == "model":
            c["general_purpose"] = _tri(rng, 0.6, unknowns)
            c["trained_on_broad_data_at_scale"] = _tri(rng, 0.5, unknowns)
            c["generative"] = _tri(rng, 0.5, unknowns)
            flop = rng.choice(FLOPS)
            if flop is not None:
                c["training_compute_flop"] = flop if isinstance(flop, int) else 2 * 10**25
            c["weights_public"] = _tri(rng, 0.7, unknowns)
            c["architecture_public"] = _tri(rng, 0.6, 0)
            c["usage_info_public"] = _tri(rng, 0.6, 0)
            if rng.random() < 0.2:
                c["checkpoints"] = rng.randint(2, 200)
        elif kind == "ai_system":
            earlier = [x["id"] for x in comps if x["kind"] != "ai_system"]
            c["integrates"] = rng.sample(earlier, min(len(earlier), rng.randint(0, 2)))
            c["placed_on_market_in_eu"] = _tri(rng, 0.6, unknowns)
            c["put_into_service_in_eu"] = _tri(rng, 0.3, 0)
            c["risk"] = "unknown" if rng.random() < unknowns else rng.choice(["minimal", "minimal", "high", "transparency"])
        comps.append(c)
        for _ in range(rng.choice([0, 1, 1, 1, 2])):
            by = dev if rng.random() < 0.85 else rng.choice(actors)["id"]
            r: dict = {"component": c["id"], "by": by, "channel": rng.choice(CHANNELS)}
            if r["channel"] != "paid_download" and rng.random() < 0.1:
                r["price"] = True
            if rng.random() < 0.15:
                r["paid_support"] = "unknown" if rng.random() < unknowns * 5 else rng.choice(["optional", "required"])
            if rng.random() < 0.1:
                r["donations"] = True
            if rng.random() < 0.1:
                r["related_paid_services"] = _tri(rng, 0.7, unknowns * 5)
            if rng.random() < 0.05:
                r["advertising"] = True
            if rng.random() < 0.1:
                r["in_eu"] = False
            releases.append(r)
    if contradictory and rng.random() < contradictory and releases:  # no draw when 0: same scenarios
        r = rng.choice(releases)
        r["channel"], r["price"] = "paid_download", False
    return {"scenario": 1, "name": name, "actors": actors, "components": comps, "releases": releases}


def every_field(rng: random.Random, s: dict) -> dict:
    """The scenario with the fields `scenario` leaves at their defaults set too, drawn from
    a stream of their own (so that the default benchmark scenarios never move): a custom
    licence, provider, high-impact capabilities, designation, and the rarer release facts."""
    actors = {a["id"]: a for a in s["actors"]}
    lic = {"id": "custom-0", "grants": rng.sample(["access", "use", "modify", "distribute"], rng.randint(0, 4)),
           "use_restrictions": rng.sample(RESTRICTIONS, rng.randint(0, 2)),
           "attribution_required": rng.random() < 0.5, "share_alike": rng.random() < 0.5}
    s["licences"] = [lic]
    for c in s["components"]:
        if rng.random() < 0.2:
            c["licence"] = lic["id"]
        if c["kind"] in ("model", "ai_system") and rng.random() < 0.5:
            c["first_placed"] = f"{rng.randint(2022, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if c["kind"] == "model":
            c["high_impact_capabilities"] = _tri(rng, 0.2, 0.1)
            c["designated_systemic_risk"] = rng.random() < 0.1
        elif c["kind"] == "ai_system":
            c["provider"] = rng.choice(list(actors))
            c["general_purpose"] = _tri(rng, 0.3, 0.1)
            c["high_risk_route"] = rng.choice(["annex_i", "annex_iii", "unknown"])
            for art5 in ("generates_intimate_images", "generates_child_abuse_material", "generation_intended",
                         "generation_foreseeable", "generation_safeguards"):
                c[art5] = _tri(rng, 0.2, 0.1)
            c["public_authority_use"] = _tri(rng, 0.2, 0.1)
            c["annex_x_component"] = _tri(rng, 0.1, 0.05)
    for r in s["releases"]:
        r["platform_monetises_other_services"] = _tri(rng, 0.1, 0.05)
        r["commercial_activity"] = _tri(rng, 0.1, 0.05)
        r["personal_data_use"] = rng.choice(PERSONAL_DATA)
        if actors[r["by"]]["type"] == "microenterprise":
            r["price_only_between_microenterprises"] = rng.random() < 0.5
    return s


def scenarios(count: int, seed: int, *, min_components: int = 1, max_components: int = 8,
              unknowns: float = 0.04, all_fields: bool = False, contradictory: float = 0.0) -> list[dict]:
    """`all_fields`: also set every field `scenario` leaves at its default (a test checks
    that the two together cover every field of the language)."""
    rng = random.Random(seed)
    out = [scenario(rng, rng.randint(min_components, max_components), unknowns=unknowns, name=f"generated {seed}-{i}",
                    contradictory=contradictory)
           for i in range(count)]
    if all_fields:
        extra = random.Random(f"{seed} all fields")
        out = [every_field(extra, s) for s in out]
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--count", type=int, default=100)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--min-components", type=int, default=1)
    p.add_argument("--max-components", type=int, default=8)
    p.add_argument("--unknowns", type=float, default=0.04)
    p.add_argument("--all-fields", action="store_true", help="also set every field left at its default")
    p.add_argument("--contradictory", type=float, default=0.0, help="share of scenarios made inconsistent")
    a = p.parse_args()
    for s in scenarios(a.count, a.seed, min_components=a.min_components, max_components=a.max_components,
                       unknowns=a.unknowns, all_fields=a.all_fields, contradictory=a.contradictory):
        sys.stdout.write(json.dumps(s, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
