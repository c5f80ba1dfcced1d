"""Explanation graphs (outputs.md, `explain`): why a conclusion holds in one outcome of a
draft, or why it does not. The answer set is the solver's witness; the graph is built
in Python from the draft's rules (`graph.py`), so plain `solve` pays nothing for it.
Exporters: json_export, text, dot, graphml, mermaid, html."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiact_foss.engine.conclusions import Conclusion

if TYPE_CHECKING:
    from aiact_foss.engine.solving import DraftResult, DraftSolver
    from aiact_foss.explain.nodes import Graph
    from aiact_foss.language.facts import FactBase


class NotExplainable(Exception):
    """The conclusion does not hold where asked (or holds everywhere, for a why-not):
    exit 1 with this one-line message."""


@dataclass
class Session:
    """One scenario under one draft: its result, and witnesses per outcome on demand."""

    draft: str
    pins: dict[Any, Any]
    fb: FactBase
    result: DraftResult
    _builders: dict[Any, Any]
    _unread: list[tuple[str, object]] | None = None
    solver: DraftSolver | None = None  # the one that solved `result`, asked again for witnesses
    _shared: Any = None  # what every builder of the session reads alike (graph.Shared)

    def unread(self) -> list[tuple[str, object]]:
        """`unread(draft, fb)`, once per session: it walks every field, and diff explains
        each conclusion that differs (a cost that grew with the square of the scenario)."""
        if self._unread is None:
            self._unread = unread(self.draft, self.fb)
        return self._unread

    def outcome_of(self, c: Conclusion, *, holds: bool, outcome: int | None) -> int:
        """The outcome to draw: the given one, or the first in which c holds (does not)."""
        outs = self.result.outcomes
        if not outs:
            raise NotExplainable(f"{c}: the facts contradict each other, {self.draft} has no outcome")
        if outcome is not None:
            if (c in outs[outcome - 1].conclusion_set) != holds:
                what = "does not hold" if holds else "holds"
                hint = " (use --why-not)" if holds else ""
                raise NotExplainable(f"{c} {what} in outcome {outcome} of {self.draft}{hint}")
            return outcome
        for k, o in enumerate(outs, 1):
            if (c in o.conclusion_set) == holds:
                return k
        if holds:
            raise NotExplainable(f"{c} holds in no outcome of {self.draft}")
        raise NotExplainable(f"{c} holds in every outcome of {self.draft}")

    def builder(self, outcome: int, alternative: int = 1) -> Any:
        """The graph builder over this outcome's witness (under one of its alternatives),
        shared by every explanation drawn from it (its memo of supports and why-nots is
        the expensive part)."""
        from aiact_foss.explain.graph import Builder, Shared
        from aiact_foss.law import questions

        b = self._builders.get((outcome, alternative))
        if b is None:
            if self._shared is None:
                texts = {q.id: q.question for q in questions.questions().values()}
                self._shared = Shared(self.draft, self.fb, texts)
            atoms = solving_witness(self, outcome, alternative)
            b = self._builders[(outcome, alternative)] = Builder(self.draft, atoms, self.fb, self.pins, self._shared)
        return b


def solving_witness(session: Session, outcome: int, alternative: int = 1) -> frozenset[Any]:
    from aiact_foss.engine import solving

    return solving.witness(session.draft, session.fb, session.pins, outcome, alternative, session.result,
                           solver=session.solver).atoms


def session(scn: Any, draft: str, *, assume: dict[Any, Any] | None = None, reading: str | None = None) -> Session:
    from aiact_foss.engine import solving
    from aiact_foss.language import facts
    from aiact_foss.law import questions

    pins = questions.pins_for(draft, scn.assume, reading, assume or {})
    fb = facts.build(scn, pins)
    solver = solving.DraftSolver(draft, fb, pins)
    result = solving.solve_on(solver, 2**31 - 1)
    return Session(draft, pins, fb, result, {}, solver=solver)


def check_outcome(s: Session, outcome: int | None, alternative: int | None = None) -> None:
    from aiact_foss.api import BadOption

    n = len(s.result.outcomes)
    if outcome is not None and not 1 <= outcome <= n:
        raise BadOption(f"--outcome {outcome}: {s.draft} has {n} outcome(s) for this scenario")
    if alternative is not None:
        if outcome is None:
            raise BadOption("--alternative needs --outcome: the alternatives are those of one outcome")
        k = len(s.result.outcomes[outcome - 1].alternatives)
        if not 1 <= alternative <= k:
            raise BadOption(f"--alternative {alternative}: outcome {outcome} of {s.draft} has {k} alternative(s)")


def to_symbol(c: Conclusion) -> Any:
    from clingo import Function, Number, String

    from aiact_foss.language.vocabulary import PREDICATES

    args = []
    for kind, a in zip(PREDICATES[c.predicate], c.args):
        args.append(Number(a) if kind in ("count", "date") else Function(a) if kind == "duty" else String(a))
    return Function(c.predicate, args)


def unread(draft: str, fb: FactBase) -> list[tuple[str, object]]:
    """The fields stated true whose facts only another text reads (the input predicates a
    manifest says its text introduces, `introduces` in draft.toml) and no rule of this
    draft reads: the facts of Art 5(1)(ba) under a text without that point."""
    from aiact_foss.law import drafts

    introduced = {p for d in drafts.available() for p in drafts.draft(d).introduces}
    read = drafts.read_predicates(draft)
    paths: dict[str, object] = {}
    for f in fb.fields:
        if f.true_atoms and all(a.name in introduced and a.name not in read for a in f.true_atoms):
            paths.setdefault(f.path, f.value)
    return list(paths.items())


def explain(s: Session, c: Conclusion | None, *, why_not: bool = False, outcome: int | None = None,
            alternative: int | None = None) -> Any:
    """The explanation graph of c in session s (c None: every conclusion of the outcome),
    drawn from the witness of the outcome's alternative number `alternative` (default 1:
    the first of those solve lists); it notes the facts the draft does not read."""
    from dataclasses import replace

    g = _explain(s, c, why_not=why_not, outcome=outcome, alternative=alternative)
    return replace(g, unread=s.unread())


def _explain(s: Session, c: Conclusion | None, *, why_not: bool = False, outcome: int | None = None,
             alternative: int | None = None) -> Graph:
    """The explanation graph of c in session s (c None: every conclusion of the outcome),
    drawn from the witness of the outcome's alternative number `alternative` (default 1:
    the first of those solve lists)."""
    from aiact_foss.explain.nodes import finish

    b, roots, k, root_label = _roots(s, c, why_not=why_not, outcome=outcome, alternative=alternative)
    return finish(b, roots, conclusion=c, holds=c is None or not why_not, outcome=k, root_label=root_label)


@dataclass
class Reached:
    """An explanation's nodes without the graph around them (what diff reads): the
    outcome drawn from, the builder's nodes in the graph's order, and the keys of the
    nodes with an edge into the root, in that order."""

    outcome: int
    nodes: list[Any]
    into_root: list[tuple[Any, ...]]


def reached(s: Session, c: Conclusion, *, why_not: bool = False, outcome: int | None = None) -> Reached:
    """The nodes of `explain(s, c, ...)` in its order, without numbering or copying them."""
    from aiact_foss.explain.nodes import reach

    b, roots, k, _ = _roots(s, c, why_not=why_not, outcome=outcome, alternative=None)
    order = reach(b, roots)
    position = {key: i for i, key in enumerate(order)}
    into_root = sorted({src for src, _ in b.into.get(roots[0], ())}, key=position.__getitem__)
    return Reached(k, [b.nodes[key] for key in order], into_root)


def _roots(s: Session, c: Conclusion | None, *, why_not: bool, outcome: int | None,
           alternative: int | None) -> tuple[Any, list[Any], int, str | None]:
    """The builder, root keys, outcome and (for a why-not) root label of an explanation."""
    from aiact_foss.explain.graph import pattern_key
    from aiact_foss.explain.program import Atom, Val

    check_outcome(s, outcome, alternative)
    alt = alternative or 1
    if c is None:
        if not s.result.outcomes:
            raise NotExplainable(f"the facts contradict each other: {s.draft} has no outcome")
        k = outcome or 1
        b = s.builder(k, alt)
        return b, [b.atom_node(to_symbol(x)) for x in s.result.outcomes[k - 1].conclusions], k, None
    k = s.outcome_of(c, holds=not why_not, outcome=outcome)
    b = s.builder(k, alt)
    sym = to_symbol(c)
    if why_not:
        pattern = Atom(sym.name, tuple(Val(a) for a in sym.arguments))
        label = b.labels.symbol(sym)
        return b, [b.absent_node(pattern, pattern_key(pattern), label)], k, label
    return b, [b.atom_node(sym)], k, None
