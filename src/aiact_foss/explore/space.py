"""The bounded scenario space that `explore` searches (outputs.md, "explore"): at most
K components and K actors, at most one release per component, the built-in licences
plus one custom licence per use-restriction class, training compute in {null, 10^22,
10^25, 2·10^25}, checkpoints in {1, 2}, every value of every other field. `unknown` is
left out: an unknown field's outcomes are the union of its values' outcomes, so a
disagreement that needs an unknown also shows with one of its values.

The solver chooses field values `_fv(Entity, Field, Value)` (entities are the slot ids
"c1".."cK" and "a1".."aK"; a component's release fields sit on the component), and
rules turn them into exactly the facts `facts.build` makes (logic/README.md, "Input").
points.py reads a model back as a point and a point as a scenario."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from aiact_foss.language.licences import BUILT_IN, LicenceTerms
from aiact_foss.language.table import table

_T = table()
# domains (logic/language.yaml), in the order a witness prefers them when the count of
# fields ties
ACTOR_TYPES = _T.row("actor", "type").preferred
KINDS = _T.row("component", "kind").preferred
CHANNELS = _T.row("release", "channel").preferred
RISKS = _T.row("component", "risk").preferred
PAID_SUPPORT = _T.row("release", "paid_support").preferred
PERSONAL_DATA = _T.row("release", "personal_data_use").preferred
PURPOSES = _T.row("component", "purpose").preferred
RESTRICTIONS = _T.row("licence", "use_restrictions").values
# training compute in the facts' units of 10^18 FLOP (the table's explore values)
COMPUTE_UNITS = tuple(None if v is None else int(v) // 10**18
                      for v in _T.row("component", "training_compute_flop").explore["values"])
CHECKPOINTS = tuple(_T.row("component", "checkpoints").explore["values"])
CUSTOM = {f"custom-{r}": LicenceTerms(use_restrictions=(r,)) for r in RESTRICTIONS}
LICENCES: dict[str, LicenceTerms] = {**BUILT_IN, **CUSTOM}
LICENCE_IDS = tuple(LICENCES)  # in the language's order, customs last



def _varied(item: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """The flags the space varies: a row the table fixes (with its reason) stays at its default."""
    return tuple(n for n in names if _T.row(item, n).fixed is None)


MODEL_FLAGS = _varied("component", _T.flags("component", "model"))
SYSTEM_FLAGS = _varied("component", _T.flags("component", "ai_system"))
RELEASE_FLAGS = _varied("release", _T.flags("release"))
RELEASE_FIELDS = ("by", "channel") + RELEASE_FLAGS + ("paid_support", "personal_data_use")
# fields the space varies that have no default: never counted as set away from one
REQUIRED = tuple(r.name for r in _T.fields if r.default == "required" and r.fixed is None)


# ---------------------------------------------------------------- explore --as-of
# The fields the law reads only with an as-of date (logic/language.yaml, `reads: as_of`)
# are varied only when the search is given one: the flags among them as flags, the
# classification route of a high-risk system over its two routes, and a first placing
# as one date per period between the cut-off dates of logic/common/time.lp (`cutoff/2`,
# read by law/calendar.py), never per day. An absent date is left out, as `unknown` is:
# its outcomes are the union of the periods' outcomes.
AS_OF_ROWS = tuple(r for r in _T.fields if r.as_of_only)
AS_OF_FLAGS = {item: tuple(r.name for r in AS_OF_ROWS if r.item == item and r.flag) for item in ("component", "release")}
ROUTES = _T.row("component", "high_risk_route").preferred
# the as-of fields that have no default in the space (absent and unknown are left out):
# never counted as set away from one
AS_OF_REQUIRED = ("first_placed", "high_risk_route")
assert {r.name for r in AS_OF_ROWS} == set(AS_OF_FLAGS["component"] + AS_OF_FLAGS["release"] + AS_OF_REQUIRED), \
    "a field read only with an as-of date that the explore space does not know how to vary"


@dataclass(frozen=True)
class DateClass:
    """One period of first placings the law distinguishes, as the space gives it."""

    start: int  # the period's first day, YYYYMMDD (0: before the first cut-off): its value in the space
    day: str  # the date a witness gives (YYYY-MM-DD): the cut-off that starts the period, or the
    #           last day before the first cut-off (the as-of date if that is earlier)
    name: str  # as the language names the period ("before 2025-08-02")


@cache
def date_classes(kind: str, as_of: int) -> tuple[DateClass, ...]:
    """The periods a first placing of a `kind` component on or before `as_of` can fall
    in, latest first (the order a witness prefers: placed after every cut-off is the
    plain case, the earlier periods are the transitional ones)."""
    from aiact_foss.language.facts import cutoff_flags
    from aiact_foss.law import calendar

    # the space varies the flags that have cut-off dates of their own (annex_x_component),
    # so a component's periods are cut at their dates too: each class stays one class
    facts = tuple(r.fact.name for r in cutoff_flags(kind) if r.fact is not None)
    periods = calendar.periods_until(kind, as_of, *facts)
    out = []
    for p in periods:
        if p.start:
            day = calendar.iso(p.start)
        else:
            first = min(c for k in (kind, *facts) for c in calendar.cutoffs(k))
            day = min(calendar.day_before(first), calendar.iso(as_of))
        out.append(DateClass(p.start, day, p.name))
    return tuple(reversed(out))


def dated_kinds() -> tuple[str, ...]:
    """The component kinds that have a first placing."""
    return tuple(k for k in _T.kinds if _T.row("component", "first_placed").applies_to(k))


def _as_of_program(as_of: int) -> str:
    out = ["%%% explore --as-of: the fields read only with an as-of date", f"as_of({as_of})."]
    starts = sorted({c.start for k in dated_kinds() for c in date_classes(k, as_of)}, reverse=True)
    for k in dated_kinds():
        assert date_classes(k, as_of), f"no period of first placing for a {k} up to {as_of}"
        out += [f"_period({k}, {c.start}, {int(c.day.replace('-', ''))})." for c in date_classes(k, as_of)]
    out += [f"_rank(first_placed, {s}, {r})." for r, s in enumerate(starts)]
    out += [f"_value(high_risk_route, {v})." for v in ROUTES]
    out += [f"_rank(high_risk_route, {v}, {r})." for r, v in enumerate(ROUTES)]
    out.append("""1 { _fv(X, first_placed, P) : _period(K, P, _) } 1 :- _comp(X), _fv(X, kind, K), _period(K, _, _).
first_placed(X, D) :- _fv(X, first_placed, P), _fv(X, kind, K), _period(K, P, D).
% the route is read for a system that is high-risk (facts.build)
1 { _fv(X, high_risk_route, V) : _value(high_risk_route, V) } 1 :- _system(X), _fv(X, risk, high).
high_risk_route(X, V) :- _fv(X, high_risk_route, V).""")
    return "\n".join(out) + "\n"


def component_ids(k: int) -> list[str]:
    return [f"c{i}" for i in range(1, k + 1)]


def actor_ids(k: int) -> list[str]:
    return [f"a{i}" for i in range(1, k + 1)]


def program(k: int, as_of: int | None = None) -> str:
    """The choice program over the space, and the scenario facts it implies. Every
    constant in it is ours (slot ids, licence ids), so printing them is safe. With
    `as_of` (YYYYMMDD) the fields read only with an as-of date are varied too."""
    model_flags, system_flags, release_flags = flags(as_of)
    out = ["%%% explore: the bounded space", f"_slot(1..{k})."]
    out += [f'_comp_id({i}, {_q(c)}).' for i, c in enumerate(component_ids(k), 1)]
    out += [f'_actor_id({i}, {_q(a)}).' for i, a in enumerate(actor_ids(k), 1)]
    out += [f"_value(type, {v})." for v in ACTOR_TYPES]
    out += [f"_value(kind, {v})." for v in KINDS]
    out += [f"_value(channel, {v})." for v in CHANNELS]
    out += [f"_value(risk, {v})." for v in RISKS]
    out += [f"_value(paid_support, {v})." for v in PAID_SUPPORT]
    out += [f"_value(personal_data_use, {v})." for v in PERSONAL_DATA]
    out += [f"_value(purpose, {v})." for v in PURPOSES]
    out += [f"_value(training_compute, {'none' if v is None else v})." for v in COMPUTE_UNITS]
    out += [f"_value(checkpoints, {v})." for v in CHECKPOINTS] + ["_value(licence, none)."]
    out += [f"_value(licence, {_q(lid)})." for lid in LICENCE_IDS]
    out += ["_bool(true; false)."]
    for f, dom in (("type", ACTOR_TYPES), ("kind", KINDS), ("channel", CHANNELS), ("risk", RISKS),
                   ("licence", LICENCE_IDS)):
        out += [f"_rank({f}, {_q(v) if f == 'licence' else v}, {r})." for r, v in enumerate(dom)]
    for lid, t in LICENCES.items():
        out += [f"_lic_grants({_q(lid)}, {g})." for g in t.grants]
        out += [f"_lic_restriction({_q(lid)}, {r})." for r in t.use_restrictions]
        if t.attribution_required:
            out.append(f"_lic_attribution({_q(lid)}).")
        if t.share_alike:
            out.append(f"_lic_share_alike({_q(lid)}).")
    out.append("""
{ _comp_on(I) } :- _slot(I).
:- _comp_on(I), I > 1, not _comp_on(I-1).
{ _actor_on(I) } :- _slot(I).
:- _actor_on(I), I > 1, not _actor_on(I-1).
_comp(X) :- _comp_on(I), _comp_id(I, X).
_act(A) :- _actor_on(I), _actor_id(I, A).
:- _comp(_), not _act(_).

1 { _fv(A, type, V) : _value(type, V) } 1 :- _act(A).
1 { _fv(A, established_in_eu, B) : _bool(B) } 1 :- _act(A).
1 { _fv(X, F, V) : _value(F, V) } 1 :- _comp(X), F = (kind; licence; purpose).
1 { _fv(X, developer, A) : _act(A) } 1 :- _comp(X).
_model(X) :- _fv(X, kind, model).
_system(X) :- _fv(X, kind, ai_system).
_model_flag(""" + "; ".join(model_flags) + """).
_system_flag(""" + "; ".join(system_flags) + """).
1 { _fv(X, F, B) : _bool(B) } 1 :- _model(X), _model_flag(F).
1 { _fv(X, F, V) : _value(F, V) } 1 :- _model(X), F = (training_compute; checkpoints).
1 { _fv(X, F, B) : _bool(B) } 1 :- _system(X), _system_flag(F).
1 { _fv(X, risk, V) : _value(risk, V) } 1 :- _system(X).
1 { _fv(X, provider, A) : _act(A) } 1 :- _system(X).
1 { _fv(X, integrates(Y), B) : _bool(B) } 1 :- _system(X), _comp(Y), X != Y.
1 { _fv(X, released, B) : _bool(B) } 1 :- _comp(X).
_released(X) :- _fv(X, released, true).
1 { _fv(X, by, A) : _act(A) } 1 :- _released(X).
1 { _fv(X, F, V) : _value(F, V) } 1 :- _released(X), F = (channel; paid_support; personal_data_use).
_release_flag(""" + "; ".join(release_flags) + """).
1 { _fv(X, F, B) : _bool(B) } 1 :- _released(X), _release_flag(F).

% valid scenarios only: no integration cycle, and not the two contradictions the
% language names (their status is inconsistent in every draft by design)
_reach(X, Y) :- _fv(X, integrates(Y), true).
_reach(X, Z) :- _reach(X, Y), _fv(Y, integrates(Z), true).
:- _reach(X, X).
:- _fv(X, channel, paid_download), _fv(X, price, false).
:- _fv(X, price_only_between_microenterprises, true), _fv(X, by, A), not _fv(A, type, microenterprise).

% defaults (scenario-language.md); a field away from its default costs 1, as does
% each actor and component
""" + "\n".join(f"_default(A, {f}, {_lp(_T.row('actor', f).default)}) :- _act(A)."
              for f in _T.flags("actor")) + """
_default(X, licence, none) :- _comp(X).
_default(X, purpose, general) :- _comp(X).
""" + _flag_defaults("_model(X)", "_model_flag", model_flags) + """
_default(X, training_compute, none) :- _model(X).
_default(X, checkpoints, 1) :- _model(X).
""" + _flag_defaults("_system(X)", "_system_flag", system_flags) + """
_default(X, risk, minimal) :- _system(X).
_default(X, provider, A) :- _system(X), _fv(X, developer, A).
_default(X, integrates(Y), false) :- _system(X), _comp(Y), X != Y.
_default(X, released, false) :- _comp(X).
""" + _flag_defaults("_released(X)", "_release_flag", release_flags, "release") + """
_default(X, F, none) :- _released(X), F = (paid_support; personal_data_use).
_required(""" + "; ".join(REQUIRED + (AS_OF_REQUIRED if as_of is not None else ())) + """).
_away(E, F) :- _fv(E, F, V), not _required(F), not _default(E, F, V).
#minimize { 1@2,E,F : _away(E, F); 1@2,X,exists : _comp(X); 1@2,A,exists : _act(A) }.
% among equally small witnesses, prefer the first values of each domain (readability)
#minimize { R@1,E,F : _fv(E, F, V), _rank(F, V, R) }.

% the scenario's facts, as facts.build makes them
actor(A) :- _act(A).
actor_type(A, T) :- _fv(A, type, T).
established_in_eu(A) :- _fv(A, established_in_eu, true).
component(X) :- _comp(X).
kind(X, K) :- _fv(X, kind, K).
developer(X, A) :- _fv(X, developer, A).
licence(X, L) :- _fv(X, licence, L), L != none.
purpose(X, P) :- _fv(X, purpose, P).
training_compute(X, N) :- _fv(X, training_compute, N), N != none.
checkpoints(X, N) :- _fv(X, checkpoints, N).
integrates(X, Y) :- _fv(X, integrates(Y), true).
provider(X, A) :- _fv(X, provider, A).
risk(X, R) :- _fv(X, risk, R).
release(I) :- _released(X), _comp_id(I, X).
release_of(I, X) :- _released(X), _comp_id(I, X).
released_by(I, A) :- _fv(X, by, A), _comp_id(I, X).
channel(I, C) :- _fv(X, channel, C), _comp_id(I, X).
paid_support(I, V) :- _fv(X, paid_support, V), _comp_id(I, X).
personal_data_use(I, V) :- _fv(X, personal_data_use, V), _comp_id(I, X).
_used(L) :- licence(_, L).
grants(L, G) :- _lic_grants(L, G), _used(L).
use_restriction(L, R) :- _lic_restriction(L, R), _used(L).
attribution_required(L) :- _lic_attribution(L), _used(L).
share_alike(L) :- _lic_share_alike(L), _used(L).
""")
    for f in sorted(set(model_flags + system_flags)):
        out.append(f"{f}(X) :- _fv(X, {f}, true).")
    for f in release_flags:
        out.append(f"{f}(I) :- _fv(X, {f}, true), _comp_id(I, X).")
    text = "\n".join(out) + "\n"
    return text if as_of is None else text + _as_of_program(as_of)


def flags(as_of: int | None) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The model, system and release flags the space varies (with an as-of date, those
    read only with one as well)."""
    if as_of is None:
        return MODEL_FLAGS, SYSTEM_FLAGS, RELEASE_FLAGS
    dated = AS_OF_FLAGS["component"]
    return (MODEL_FLAGS + tuple(f for f in dated if _T.row("component", f).applies_to("model")),
            SYSTEM_FLAGS + tuple(f for f in dated if _T.row("component", f).applies_to("ai_system")),
            RELEASE_FLAGS + AS_OF_FLAGS["release"])


def _lp(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _flag_defaults(guard: str, pred: str, flags: tuple[str, ...], item: str = "component") -> str:
    """The `_default` rules of a group of flags: the false ones together, each other one
    (a true default, or one that follows another field) on its own."""
    rows = [_T.row(item, f) for f in flags]
    others = [r for r in rows if r.default is not False]
    lines = [f"_default(X, F, false) :- {guard}, {pred}(F)" + "".join(f", F != {r.name}" for r in others) + "."]
    for r in others:
        d = r.default
        if isinstance(d, dict):
            lines.append(f"_default(X, {r.name}, {_lp(d['then'])}) :- _fv(X, {d['from']}, {d['when']}).")
            lines.append(f"_default(X, {r.name}, {_lp(d['else'])}) :- _fv(X, {d['from']}, C), C != {d['when']}.")
        else:
            lines.append(f"_default(X, {r.name}, {_lp(d)}) :- {guard}.")
    return "\n".join(lines)


def _q(text: str) -> str:
    # only our own ids reach here (slot ids, licence ids): letters, digits, . - _
    assert all(ch.isalnum() or ch in ".-_" for ch in text), text
    return f'"{text}"'
