"""Hypothesis strategies for scenario language v1, and small result helpers for
property-based tests of the encoding (docs/testing.md).

`scenarios()` draws only valid scenarios: every field of every kind, ids that may be
hostile strings, references that resolve, acyclic integrations, custom licences. It
shrinks toward small readable scenarios: fewer items, default values, short ids.

    from hypothesis import given
    from aiact_foss.testing import scenarios, results

    @given(scenarios(max_components=2))
    def test_no_draft_exempts_a_prohibited_practice(scn):
        for d in ("aia-2024",):
            r = results(scn, d)
            ...

Size: over 400 lines because it is one draw function per item of the language plus the
result helpers, the whole public module `aiact_foss.testing`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from hypothesis import strategies as st

from aiact_foss.engine import conclusions as concl
from aiact_foss.language.licences import ALL_GRANTS, BUILT_IN
from aiact_foss.language.scenario import Scenario
from aiact_foss.language.table import Row, table

# The language's domains, from its one declaration (logic/language.yaml), in the order
# shrinking prefers (the first value is where a failing example shrinks to).
_T = table()
KINDS = _T.kinds
ACTOR_TYPES = _T.row("actor", "type").preferred
CHANNELS = _T.row("release", "channel").preferred
RESTRICTIONS = _T.row("licence", "use_restrictions").values
RISKS = _T.row("component", "risk").preferred
PAID_SUPPORT = _T.row("release", "paid_support").preferred
PERSONAL_DATA = _T.row("release", "personal_data_use").preferred
MODEL_TRI = tuple(r.name for r in _T.rows("component") if r.kind == "tri" and r.applies_to("model"))
SYSTEM_TRI = tuple(r.name for r in _T.rows("component") if r.kind == "tri" and r.applies_to("ai_system"))
RELEASE_TRI = tuple(r.name for r in _T.rows("release") if r.kind == "tri" and not isinstance(r.default, dict))

# Ids that have broken parsers and printers elsewhere: quotes, ASP syntax, YAML
# specials, line separators, a wildcard, non-BMP characters.
NASTY_IDS = ('"', 'a"b\n%', "_", "x). #show y/0.", "1e25", "true", "null", "-", " lead", "trail ",
             "\u2028", "\x85", "caf\u00e9", "\U0001f642", "a,b", "(", "\\", "#", "~", "x" * 200)

# `fixed` keys: item kind -> the fields a test may fix for every generated item (every
# field but ids and references to actors and components, which the strategy resolves).
FIXABLE = {item: tuple(r.name for r in _T.rows(item)
                       if r.kind not in ("id", "refs") and not (r.kind == "ref" and r.domain != "licence"))
           for item in _T.items}


# mypy infers a bare ("Cs",) as tuple[str], not as the Literal hypothesis declares
_SURROGATES: tuple[Literal["Cs"]] = ("Cs",)  # the solver cannot carry a lone surrogate


def _id_override(hostile: bool) -> st.SearchStrategy:
    """None (the readable `<prefix><i>`, what shrinking goes to) or a hostile id."""
    if not hostile:
        return st.none()
    text = st.text(st.characters(exclude_categories=_SURROGATES, exclude_characters="\x00"), min_size=1, max_size=12)
    return st.one_of(st.none(), st.sampled_from(NASTY_IDS), text)


def _resolve_ids(prefix: str, overrides: list[Any], taken: Iterable[str] = ()) -> list[str]:
    out: list[str] = []
    seen = set(taken)
    for i, cand in enumerate(overrides, 1):
        readable = f"{prefix}{i}"
        cand = readable if cand is None else cand
        while cand in seen:
            cand = readable if cand != readable else cand + "'"
        seen.add(cand)
        out.append(cand)
    return out


def _tri(allow_unknowns: bool) -> st.SearchStrategy:
    return st.sampled_from((False, True, "unknown") if allow_unknowns else (False, True))


def _enum(values: tuple[Any, ...], allow_unknowns: bool) -> st.SearchStrategy:
    return st.sampled_from(values + (("unknown",) if allow_unknowns else ()))


COMPUTE_VALUES = (Decimal("1E+22"), Decimal("8.4E+22"), Decimal("1E+25"), Decimal("1.000000000000000000001E+25"),
                  Decimal("2E+25"), Decimal("1E+40"))


def _compute() -> st.SearchStrategy:
    return st.one_of(st.none(), st.sampled_from(COMPUTE_VALUES), st.integers(0, 10**27).map(Decimal))


def _value(row: Row, unknowns: bool) -> st.SearchStrategy:
    """A value of a field of the table: shrinks toward its default (or first value)."""
    if row.kind == "tri":
        tri = _tri(unknowns)
        return st.one_of(st.none(), tri) if isinstance(row.default, dict) else tri
    if row.kind == "bool":
        return st.booleans().map(lambda b: not b) if row.default is True else st.booleans()
    if row.kind == "enum":
        return _enum(row.preferred, unknowns and row.unknown)
    if row.kind == "flop":
        return _compute()
    if row.kind == "date":  # read only with an as-of date, which generated scenarios do not give
        return st.none()
    if row.kind == "count":
        lo, hi = row.bounds
        return st.one_of(st.sampled_from((lo, lo + 1, 154)), st.integers(lo, hi))
    raise ValueError(f"no strategy for a {row.kind} field")  # pragma: no cover - table kinds above


def _check_fixed(fixed: Mapping[str, Any]) -> None:
    for key in fixed:
        kind, _, name = key.partition(".")
        if name not in FIXABLE.get(kind, ()):
            raise ValueError(f"fixed: unknown field {key!r} (use item.field, e.g. 'component.licence')")


def scenarios(min_components: int = 0, max_components: int = 4, kinds: Iterable[str] | None = None,
              allow_unknowns: bool = True, fixed: Mapping[str, Any] | None = None, *,
              max_actors: int = 3, max_releases: int | None = None, max_licences: int = 2,
              hostile_ids: bool = True, assume: bool = True, contradictions: bool = False,
              ) -> st.SearchStrategy[Scenario]:
    """Valid scenarios of language v1.

    kinds: the component kinds to draw from (default all four). fixed: values every
    generated item takes, keyed `item.field` (`{"release.channel": "open_repository"}`);
    a component field applies only to the kinds that have it. contradictions: also draw
    the two contradictions the language names (a priced-false paid_download, a
    microenterprise-only price on a release by another kind of actor); off by default,
    since those scenarios are `inconsistent` by design."""
    kinds = tuple(kinds) if kinds is not None else KINDS
    if not kinds or any(k not in KINDS for k in kinds):
        raise ValueError(f"kinds: choose among {', '.join(KINDS)}")
    if not 0 <= min_components <= max_components:
        raise ValueError("need 0 <= min_components <= max_components")
    fixed = dict(fixed or {})
    _check_fixed(fixed)
    cfg = dict(min_c=min_components, max_c=max_components, kinds=kinds, unknowns=allow_unknowns, fixed=fixed,
               max_a=max(1, max_actors), max_r=max_components + 1 if max_releases is None else max_releases,
               max_l=max_licences, hostile=hostile_ids, assume=assume, contradictions=contradictions)
    return _scenario(cfg)


@st.composite
def _component(draw: Any, cfg: dict[Any, Any]) -> dict[Any, Any]:
    """One component, its references as indices (resolved once the lists are drawn)."""
    unknowns = cfg["unknowns"]
    kind = cfg["fixed"].get("component.kind") or draw(st.sampled_from(cfg["kinds"]))
    c: dict[str, Any] = {"id": draw(_id_override(cfg["hostile"])), "kind": kind,
                         "developer": draw(st.integers(0, cfg["max_a"] - 1)),
                         "licence": draw(st.one_of(st.none(), st.sampled_from(sorted(BUILT_IN)),
                                                   st.integers(0, cfg["max_l"] - 1) if cfg["max_l"] else st.nothing()))}
    for row in _T.rows("component"):
        # not drawn: fields that become no fact (dates), and those the law reads only with
        # an as-of date (generated scenarios give none) or only in some texts (their own
        # tests and the casebook cover them): logic/language.yaml, `reads`
        if row.applies_to(kind) and row.kind not in ("id", "ref", "refs") and row.name != "kind" \
                and row.fact is not None and row.reads is None:
            c[row.name] = draw(_value(row, unknowns))
    if kind == "ai_system":
        c["integrates"] = draw(st.lists(st.integers(0, cfg["max_c"] - 1), max_size=3))
        c["provider"] = draw(st.one_of(st.none(), st.integers(0, cfg["max_a"] - 1)))
    # integration only toward lower levels: acyclic, and any list order can occur
    c["_level"] = draw(st.integers(0, 3))
    return c


@st.composite
def _release(draw: Any, cfg: dict[Any, Any]) -> dict[Any, Any]:
    unknowns = cfg["unknowns"]
    r: dict[str, Any] = {"component": draw(st.integers(0, cfg["max_c"] - 1)),
                         "by": draw(st.one_of(st.none(), st.integers(0, cfg["max_a"] - 1)))}
    for row in _T.rows("release"):
        if row.kind not in ("ref", "refs"):
            r[row.name] = draw(_value(row, unknowns))
    return r


@st.composite
def _licence(draw: Any, cfg: dict[Any, Any]) -> dict[Any, Any]:
    return {"id": draw(_id_override(cfg["hostile"])),
            "grants": draw(st.one_of(st.just(list(ALL_GRANTS)), st.lists(st.sampled_from(ALL_GRANTS), unique=True))),
            "use_restrictions": draw(st.lists(st.sampled_from(RESTRICTIONS), unique=True, max_size=3)),
            "attribution_required": draw(st.booleans()), "share_alike": draw(st.booleans()),
            "_keep": draw(st.booleans())}


@st.composite
def _scenario(draw: Any, cfg: dict[Any, Any]) -> Scenario:
    # Lists are drawn with st.lists and refer to each other by index, so that shrinking
    # deletes items cleanly; indices are resolved (modulo the list sizes) afterwards.
    fixed = cfg["fixed"]
    components = draw(st.lists(_component(cfg), min_size=cfg["min_c"], max_size=cfg["max_c"]))
    actors = draw(st.lists(st.fixed_dictionaries({
        "id": _id_override(cfg["hostile"]), "type": st.sampled_from(ACTOR_TYPES),
        "established_in_eu": st.booleans().map(lambda b: not b)}), min_size=1 if components else 0,
        max_size=cfg["max_a"]))
    licences = draw(st.lists(_licence(cfg), min_size=cfg["max_l"], max_size=cfg["max_l"]))
    releases = draw(st.lists(_release(cfg), max_size=cfg["max_r"])) if components else []
    actor_ids = _resolve_ids("a", [a["id"] for a in actors])
    comp_ids = _resolve_ids("c", [c["id"] for c in components])
    lic_ids = _resolve_ids("l", [lic["id"] for lic in licences], taken=BUILT_IN)
    for a, aid in zip(actors, actor_ids):
        a["id"] = aid
        _apply(a, fixed, "actor")
    levels = [c.pop("_level") for c in components]
    for i, c in enumerate(components):
        c["id"] = comp_ids[i]
        c["developer"] = actor_ids[c["developer"] % len(actors)]
        if isinstance(c["licence"], int):
            c["licence"] = lic_ids[c["licence"]]
        if c["kind"] == "ai_system":
            targets = [comp_ids[j] for j in c["integrates"] if j < len(components) and levels[j] < levels[i]]
            c["integrates"] = list(dict.fromkeys(targets))
            if c["provider"] is not None:
                c["provider"] = actor_ids[c["provider"] % len(actors)]
        _apply(c, fixed, "component")
    used = {c["licence"] for c in components}
    kept = []
    for lic, lid in zip(licences, lic_ids):
        if lid in used or lic.pop("_keep"):
            lic["id"] = lid
            lic.pop("_keep", None)
            _apply(lic, fixed, "licence")
            kept.append(lic)
    licences = kept
    kinds_of = {a["id"]: a["type"] for a in actors}
    for r in releases:
        comp = components[r["component"] % len(components)]
        r["component"] = comp["id"]
        r["by"] = comp.get("provider") or comp["developer"] if r["by"] is None else actor_ids[r["by"] % len(actors)]
        _apply(r, fixed, "release")
        if not cfg["contradictions"]:
            if r["channel"] == "paid_download" and r["price"] is False:
                r["price"] = None
            if kinds_of[r["by"]] != "microenterprise":
                r["price_only_between_microenterprises"] = False
    data: dict[str, Any] = {"scenario": 1, "name": draw(st.one_of(st.just("generated"), st.text(
        st.characters(exclude_categories=_SURROGATES, exclude_characters="\x00"), max_size=30)))}
    if draw(st.booleans()):
        data["description"] = draw(st.text(st.characters(exclude_categories=_SURROGATES, exclude_characters="\x00"),
                                           max_size=30))
    data.update(actors=actors, licences=licences, components=components, releases=releases)
    if cfg["assume"]:
        from aiact_foss.law.questions import questions

        data["assume"] = draw(st.dictionaries(st.sampled_from(sorted(questions())), st.booleans(), max_size=3))
    return validated(data)


def _apply(item: dict[Any, Any], fixed: Mapping[str, Any], kind: str) -> None:
    for key, value in fixed.items():
        k, _, name = key.partition(".")
        if k != kind:
            continue
        if kind == "component" and not _T.row("component", name).applies_to(item["kind"]):
            continue
        item[name] = value


def validated(data: dict[Any, Any]) -> Scenario:
    """A Scenario from plain data, with the cross-reference checks that loading does."""
    from aiact_foss.language import references

    scn = Scenario.model_validate(data)
    references.check(scn)
    return scn


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Result:
    """What one draft concludes for one scenario: the sets a property talks about."""

    draft: str
    status: str
    always: frozenset[Any]
    sometimes: frozenset[Any]
    outcomes: frozenset[Any]  # of frozensets of Conclusion

    @property
    def possible(self) -> frozenset[Any]:
        return self.always | self.sometimes

    def holds(self, c: concl.Conclusion | str) -> bool:
        return _conclusion(c) in self.always

    def can_hold(self, c: concl.Conclusion | str) -> bool:
        return _conclusion(c) in self.possible

    def matching(self, pattern: str, which: str = "possible") -> frozenset[Any]:
        """The conclusions of `which` (always, sometimes, possible) matching a PATTERN."""
        p = concl.parse(pattern, pattern=True)
        return frozenset(c for c in getattr(self, which) if p.matches(c))


def _conclusion(c: concl.Conclusion | str) -> concl.Conclusion:
    return concl.parse(c) if isinstance(c, str) else c


def results(scn: Scenario, draft: str, *, assume: Mapping[str, bool] | None = None,
            reading: str | None = None) -> Result:
    """Status, always, sometimes and the outcomes' conclusions of `scn` under `draft`, as
    `solve` computes them (pins from `assume:`, `reading`, then `assume`), without the
    alternatives `solve` also lists."""
    from aiact_foss.engine import solving
    from aiact_foss.language import facts
    from aiact_foss.law import questions

    pins = questions.pins_for(draft, scn.assume, reading, dict(assume or {}))
    solver = solving.DraftSolver(draft, facts.build(scn, pins), pins)
    raw = solver.outcomes()
    if not raw:
        return Result(draft, "inconsistent", frozenset(), frozenset(), frozenset())
    outs = frozenset(frozenset(solver.to_conclusion(s) for s in o) for o in raw)
    always = frozenset.intersection(*outs)
    return Result(draft, "determinate" if len(outs) == 1 else "ambiguous", always,
                  frozenset.union(*outs) - always, outs)


# --------------------------------------------------------------------------- facts -> scenario

_PATH = re.compile(r"(actors|components|releases)\[(\d+)\]\.(\w+)\Z")


def normalised(scn: Scenario) -> Scenario:
    """The scenario as its facts describe it: what `scenario_from_facts` gives back.
    Defaults made explicit (provider, price), compute rounded to the 10^18 FLOP units the
    facts keep, custom licences that no component uses dropped and the rest sorted by
    id, free text and expectations left out."""
    from aiact_foss.language.facts import EXA, compute_units

    used = {c.licence for c in scn.components}
    data = scn.model_dump(mode="python")
    data.update(name="", description=None, expect={}, assume=dict(sorted(scn.assume.items())))
    data["licences"] = sorted((lic for lic in data["licences"] if lic["id"] in used), key=lambda lic: lic["id"])
    for c, model in zip(data["components"], scn.components):
        if c["kind"] == "ai_system":
            c["provider"] = model.provider_id
        if c["training_compute_flop"] is not None:
            c["training_compute_flop"] = Decimal(compute_units(c["training_compute_flop"])) * EXA
    for r, release in zip(data["releases"], scn.releases):
        r["price"] = release.price_value
    return Scenario.model_validate(data)


def scenario_from_facts(fb: Any) -> Scenario:
    """The inverse of `facts.build`: the (normalised) scenario that a FactBase describes."""
    from aiact_foss.language.facts import EXA

    unknown = {}
    for v in fb.variables:
        m = _PATH.match(v.path)
        assert m is not None  # a variable's path is always an item's field
        unknown[(m.group(1), int(m.group(2)), m.group(3))] = "unknown"
    rows = {a.name: r for r in _T.fields for a in (*r.also, *([r.fact] if r.fact else []))}
    entries: dict[str, dict[Any, Any]] = {item: {} for item in _T.items}  # item -> subject -> fields
    assume: dict[str, bool] = {}

    def arg(sym: Any, k: int = 0) -> Any:
        a = sym.arguments[k]
        return a.string if a.type.name == "String" else a.number if a.type.name == "Number" else a.name

    for s in fb.facts:
        if s.name == "pinned":
            assume[arg(s)] = arg(s, 1) == "true"
            continue
        row = rows.get(s.name)
        if row is None:  # pragma: no cover - a fact this inverse does not know
            raise ValueError(f"unexpected fact {s}")
        x = arg(s)
        e = entries[row.item].setdefault(x, {"id": x} if row.item != "release" else {})
        if row.fact is None or s.name != row.fact.name:  # an `also` atom (release/1): the entry exists now
            continue
        if row.kind == "set":
            e.setdefault(row.name, []).append(arg(s, 1))
        elif row.kind == "refs":
            e.setdefault(row.name, []).append(arg(s, 1))
        elif row.flag:
            e[row.name] = True
        elif row.kind == "flop":
            e[row.name] = Decimal(arg(s, 1)) * EXA
        elif row.kind != "id":
            e[row.name] = arg(s, 1)

    def fill(item: str, e: dict[Any, Any], i: int, kind: str | None = None) -> dict[Any, Any]:
        """Absent flags are false (or unknown), absent enums unknown, absent sets empty."""
        plural = _T.items[item]["list"]
        for row in _T.rows(item):
            if kind is not None and not row.applies_to(kind) or row.fact is None:
                continue  # a field that becomes no fact (a date, read only with as_of) keeps its default
            if row.flag:
                e.setdefault(row.name, unknown.get((plural, i, row.name), False))
            elif row.kind == "enum" and row.unknown:
                e.setdefault(row.name, unknown.get((plural, i, row.name)))
            elif row.kind == "set":
                e.setdefault(row.name, [])
        return e

    actors = [fill("actor", a, i) for i, a in enumerate(entries["actor"].values())]
    components = [fill("component", c, i, c["kind"]) for i, c in enumerate(entries["component"].values())]
    releases = [fill("release", entries["release"][i], i) for i in sorted(entries["release"])]
    lics = {lid: fill("licence", lic, -1) for lid, lic in entries["licence"].items()}
    for c in components:  # a custom licence that grants nothing and restricts nothing has no facts
        lid = c.get("licence")
        if lid is not None and lid not in BUILT_IN and lid not in lics:
            lics[lid] = {"id": lid, "grants": []}
    custom = [lic for lid, lic in sorted(lics.items()) if lid not in BUILT_IN]
    return Scenario.model_validate({"scenario": 1, "name": "", "actors": actors, "licences": custom,
                                    "components": components, "releases": releases, "assume": assume})
