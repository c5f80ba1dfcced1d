"""The law's cut-off dates per kind of component (logic/common/time.lp, `cutoff/2`) and
the periods between them: an absent placing date is one of these periods, never a day."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from aiact_foss.law.resources import logic_root


@dataclass(frozen=True)
class Period:
    start: int  # YYYYMMDD of its first day; 0 for the period before the first cut-off
    name: str  # as the scenario language prints it ("2025-08-02 to 2026-08-01")


def iso(n: int) -> str:
    """YYYYMMDD, the integer the rules compare -> YYYY-MM-DD, as people read it."""
    s = str(n)
    return f"{s[:4]}-{s[4:6]}-{s[6:]}"


def day_before(n: int) -> str:
    import datetime

    d = datetime.date.fromisoformat(iso(n)) - datetime.timedelta(days=1)
    return d.isoformat()


@cache
def _cutoffs() -> dict[str, tuple[int, ...]]:
    import clingo

    ctl = clingo.Control(["--warn=none"])
    ctl.add("base", [], (logic_root() / "common" / "time.lp").read_text(encoding="utf-8"))
    ctl.ground([("base", [])])
    out: dict[str, list[int]] = {}
    for a in ctl.symbolic_atoms.by_signature("cutoff", 2):
        kind, date = a.symbol.arguments
        out.setdefault(kind.name, []).append(date.number)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def cutoffs(kind: str) -> tuple[int, ...]:
    """The `cutoff(kind, D)` facts of logic/common/time.lp, in date order."""
    return _cutoffs().get(kind, ())


def keys() -> tuple[str, ...]:
    """Every key of `cutoff/2`: a kind of component, or the name of a fact of one."""
    return tuple(sorted(_cutoffs()))


@cache
def periods(kind: str, *facts: str) -> tuple[Period, ...]:
    """The periods between the cut-offs of `kind` and of the `facts` a component has or
    may have (keys of `cutoff/2` that name a fact, e.g. annex_x_component)."""
    cs = tuple(sorted({c for k in (kind, *facts) for c in cutoffs(k)}))
    if not cs:
        return ()
    out = [Period(0, f"before {iso(cs[0])}")]
    for a, b in pairwise(cs):
        out.append(Period(a, f"{iso(a)} to {day_before(b)}"))
    out.append(Period(cs[-1], f"from {iso(cs[-1])}"))
    return tuple(out)


def periods_until(kind: str, as_of: int, *facts: str) -> tuple[Period, ...]:
    """The periods a placing on or before `as_of` of a component of `kind` (with `facts`)
    can fall in."""
    return tuple(p for p in periods(kind, *facts) if p.start <= as_of)
