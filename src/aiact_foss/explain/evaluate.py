"""Evaluate compiled rules against one answer set, in Python.

`Interpretation` holds the answer set's atoms, indexed for joins. `instances` finds every
instance of a rule whose head matches an atom and whose body holds (the supports of a
true atom); `failures` finds, for an atom pattern that is false, where each rule that
could derive it stops: the first condition that fails on every maximal partial instance
(the why-not). Conditions are tried in the order written, a condition that cannot be
tested yet (a comparison, a negated literal or an aggregate with unbound variables)
waiting until it can: the "first condition that fails" is the one a reader of the rule
would meet first."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypeGuard

from clingo import Infimum, Number, Supremum, Symbol, SymbolType

from aiact_foss.explain.program import (
    Agg,
    Atom,
    Cmp,
    Cond,
    Interval,
    Lit,
    Op,
    Program,
    Rule,
    Val,
    Var,
    variables,
)
from aiact_foss.explain.terms import (
    Subst,
    Undefined,
    bound,
    compare,
    ground,
    parts,
    signature,
    symbol_of,
    unify,
    unify_atom,
    value,
)


class Interpretation:
    def __init__(self, atoms: Any, *, like: Interpretation | None = None) -> None:
        """`like`: another answer set of the same program, from which this one's index is
        made by its differences (reading a clingo symbol's name and arguments, and
        comparing symbols, each cost a call into clingo)."""
        self.atoms = frozenset(atoms)
        self._by_arg: dict[tuple[str, int, int], dict[Symbol, list[Symbol]]] = {}
        if like is None:
            by_sig: dict[tuple[str, int], list[Symbol]] = {}
            for a in self.atoms:
                by_sig.setdefault(signature(a), []).append(a)
            self.by_sig = {k: sorted(v) for k, v in by_sig.items()}  # sorted: output never depends on hashing
            return
        gone, new = like.atoms - self.atoms, self.atoms - like.atoms
        touched: dict[tuple[str, int], list[Symbol]] = {}
        for a in gone:
            touched.setdefault(signature(a), [])
        for a in new:
            touched.setdefault(signature(a), []).append(a)
        self.by_sig = dict(like.by_sig)
        for sig, added in touched.items():
            kept = [a for a in like.by_sig.get(sig, ()) if a not in gone]
            for a in added:  # each by bisection: a sorted list's order is unique
                bisect.insort(kept, a)
            if kept:
                self.by_sig[sig] = kept
            else:
                self.by_sig.pop(sig, None)
        for key, index in like._by_arg.items():
            if key[:2] not in touched:
                self._by_arg[key] = index

    def __contains__(self, symbol: Symbol) -> bool:
        return symbol in self.atoms

    def candidates(self, name: str, arity: int, bound: dict[int, Symbol]) -> list[Symbol]:
        if not bound:
            return self.by_sig.get((name, arity), [])
        i, value = next(iter(bound.items()))
        key = (name, arity, i)
        index = self._by_arg.get(key)
        if index is None:
            index = {}
            for a in self.by_sig.get((name, arity), []):
                index.setdefault(parts(a)[1][i], []).append(a)
            self._by_arg[key] = index
        return index.get(value, [])


def matching(atom: Atom, s: Subst, interp: Interpretation) -> Iterator[tuple[Symbol, Subst]]:
    """The atoms of the answer set that the (partly bound) atom matches."""
    bound_args = {}
    for i, t in enumerate(atom.args):
        if isinstance(t, Val):
            bound_args = {i: t.symbol}
            break
        if isinstance(t, Var) and t.name in s:
            bound_args = {i: s[t.name]}
            break
    for sym in interp.candidates(atom.name, len(atom.args), bound_args):
        s2 = unify_atom(atom, sym, s)
        if s2 is not None:
            yield sym, s2


# -- instances -------------------------------------------------------------------------
@dataclass(frozen=True)
class Used:
    """What one body element contributed to an instance: the true atoms it relied on
    (`pos`), the atoms whose absence it relied on (`neg`, possibly with wildcards), and
    for an aggregate its value."""

    element: object
    pos: tuple[Any, ...] = ()
    neg: tuple[Any, ...] = ()
    value: Symbol | None = None


@dataclass(frozen=True)
class Instance:
    rule: Rule
    head: Symbol
    used: tuple[Used, ...]

    def positive_atoms(self) -> list[Symbol]:
        return [a for u in self.used for a in u.pos]


@dataclass(frozen=True)
class Failure:
    """Where a rule stops for a false atom: `element` fails under substitution `subst`;
    `prefix` holds what the instance had established before it."""

    rule: Rule
    element: object
    subst: tuple[Any, ...]  # sorted (name, symbol) pairs
    prefix: tuple[Used, ...]
    defeaters: tuple[Any, ...] = ()  # for a negated literal: the true atoms that defeat it
    value: Symbol | None = None  # for an aggregate: its value


def _ready(e: Any, s: Subst) -> bool:
    """Can element e be tested (or used to bind) under s?"""
    if isinstance(e, Lit):
        if e.positive and not e.double:
            return True
        return bound(e.atom, s) or not e.positive and _only_anonymous(e.atom, s)
    if isinstance(e, Cmp):
        if bound(e.left, s) and bound(e.right, s):
            return True
        return e.op == "=" and (bound(e.right, s) and _assignable(e.left, s) or bound(e.left, s) and _assignable(e.right, s))
    if isinstance(e, Agg):
        return e.globals - {_assigned(e)} <= s.keys()
    assert isinstance(e, Cond)  # the only other body element
    return e.globals <= s.keys()


def _only_anonymous(atom: Atom, s: Subst) -> bool:
    return all(v.startswith("_#") for v in variables(atom) - s.keys())


def _assignable(t: object, s: Subst) -> TypeGuard[Var]:
    return isinstance(t, Var) and t.name not in s


def _assigned(a: Agg) -> str | None:
    if a.left and a.left[0] == "=" and isinstance(a.left[1], Var):
        return a.left[1].name
    if a.right and a.right[0] == "=" and isinstance(a.right[1], Var):
        return a.right[1].name
    return None


class Evaluator:
    def __init__(self, program: Program, interp: Interpretation) -> None:
        self.program, self.interp = program, interp

    # -- one element ------------------------------------------------------------------
    def step(self, e: Any, s: Subst) -> Iterator[tuple[Subst, Used]]:
        """Every extension of s under which element e holds, with what it used."""
        if isinstance(e, Lit):
            if e.positive and not e.double:
                for sym, s2 in matching(e.atom, s, self.interp):
                    yield s2, Used(e, pos=(sym,))
                return
            hits = next(matching(e.atom, s, self.interp), None)
            if (hits is None) != e.positive:
                yield s, Used(e, neg=(ground(e.atom, s),) if not e.positive else ())
            return
        if isinstance(e, Cmp):
            yield from self._compare(e, s)
            return
        if isinstance(e, Agg):
            yield from self._aggregate(e, s)
            return
        if isinstance(e, Cond):  # every instance of the condition makes the literal hold
            pos: list[Symbol] = []
            neg: list[Atom] = []
            for s2, used in self.solve(e.condition, s):
                inner = next(self.step(e.literal, s2), None)
                if inner is None:
                    return
                pos += [a for u in used for a in u.pos] + list(inner[1].pos)
                neg += inner[1].neg
            yield s, Used(e, pos=tuple(dict.fromkeys(pos)), neg=tuple(dict.fromkeys(neg)))

    def _compare(self, e: Cmp, s: Subst) -> Iterator[tuple[Subst, Used]]:
        try:
            if e.op == "=" and _assignable(e.left, s) and bound(e.right, s):
                yield {**s, e.left.name: value(e.right, s)}, Used(e)
            elif e.op == "=" and _assignable(e.right, s) and bound(e.left, s):
                yield {**s, e.right.name: value(e.left, s)}, Used(e)
            elif compare(value(e.left, s), e.op, value(e.right, s)):
                yield s, Used(e)
        except Undefined:
            return

    def aggregate_value(self, e: Agg, s: Subst) -> tuple[Symbol, tuple[Symbol, ...]]:
        tuples: dict[tuple[Symbol, ...], list[Symbol]] = {}
        for el in e.elements:
            for s2, used in self.solve(el.condition, s):
                try:
                    key = tuple(value(t, s2) for t in el.terms)
                except Undefined:
                    continue
                tuples.setdefault(key, []).extend(a for u in used for a in u.pos)
        weights = [k[0] for k in tuples if k]
        if e.function == "count":
            result = Number(len(tuples))
        elif e.function in ("sum", "sum+"):
            total = sum(w.number for w in weights if w.type == SymbolType.Number
                        and (e.function == "sum" or w.number > 0))
            result = Number(total)
        elif e.function == "min":
            result = min(weights) if weights else Supremum
        else:
            result = max(weights) if weights else Infimum
        pos = tuple(dict.fromkeys(a for atoms in tuples.values() for a in atoms))
        return result, pos

    def _aggregate(self, e: Agg, s: Subst) -> Iterator[tuple[Subst, Used]]:
        result, pos = self.aggregate_value(e, s)
        s2 = s
        ok = True
        for side, guard in (("left", e.left), ("right", e.right)):
            if guard is None:
                continue
            op, t = guard
            if op == "=" and _assignable(t, s2):
                s2 = {**s2, t.name: result}
                continue
            try:
                g = value(t, s2)
            except Undefined:
                ok = False
                break
            # `g op #agg` on the left, `#agg op g` on the right
            ok = ok and (compare(g, op, result) if side == "left" else compare(result, op, g))
        if ok == e.positive:
            yield s2, Used(e, pos=pos if e.positive else (), value=result)

    # -- bodies -------------------------------------------------------------------------
    def solve(self, body: tuple[Any, ...], s: Subst) -> Iterator[tuple[Subst, tuple[Used, ...]]]:
        """Every substitution extending s under which the whole body holds."""
        yield from self._solve(list(body), s, ())

    def _solve(self, todo: list[Any], s: Subst, used: tuple[Any, ...]) -> Any:
        if not todo:
            yield s, used
            return
        k = next((i for i, e in enumerate(todo) if _ready(e, s)), None)
        if k is None:
            return  # pragma: no cover - an unsafe rule
        e, rest = todo[k], todo[:k] + todo[k + 1:]
        for s2, u in self.step(e, s):
            yield from self._solve(rest, s2, used + (u,))

    def instances(self, sym: Symbol) -> list[Instance]:
        """Every instance of a rule deriving sym whose body holds in the answer set."""
        out = []
        for rule in self.program.by_head.get(signature(sym), ()):
            s0 = _unify_head(rule.head, sym)
            if s0 is None:
                continue
            for s, used in self.solve(rule.body, s0):
                try:
                    if symbol_of(ground(rule.head, s)) == sym:
                        out.append(Instance(rule, sym, used))
                except Undefined:  # pragma: no cover
                    continue
        return _dedup(out)

    def failures(self, pattern: Atom, rule: Rule) -> list[Failure]:
        """For a false atom pattern and a rule whose head matches it: the frontier of
        failed conditions over every maximal partial instance."""
        s0 = _unify_head_pattern(rule.head, pattern) if rule.head is not None else None
        if s0 is None:
            return []
        out: list[Failure] = []
        self._frontier(rule, list(rule.body), s0, (), out)
        return out

    def _frontier(self, rule: Rule, todo: list[Any], s: Subst, used: tuple[Any, ...], out: list[Any]) -> None:
        if not todo:
            return  # the body holds: the head would be true (not a why-not)
        k = next((i for i, e in enumerate(todo) if _ready(e, s)), None)
        if k is None:  # pragma: no cover - an unsafe rule
            return
        e, rest = todo[k], todo[:k] + todo[k + 1:]
        found = False
        for s2, u in self.step(e, s):
            found = True
            self._frontier(rule, rest, s2, used + (u,), out)
        if not found:
            out.append(self._failure(rule, e, s, used))

    def _failure(self, rule: Rule, e: Any, s: Subst, used: tuple[Any, ...]) -> Failure:
        subst = tuple(sorted(s.items()))
        if isinstance(e, Lit) and not e.positive:
            hits = tuple(sym for sym, _ in matching(e.atom, s, self.interp))
            return Failure(rule, e, subst, used, defeaters=hits)
        if isinstance(e, Agg):
            result, _ = self.aggregate_value(e, s)
            return Failure(rule, e, subst, used, value=result)
        return Failure(rule, e, subst, used)

    def consequences(self) -> set[Symbol]:
        """The heads of every rule instance whose body holds (for checking the evaluator
        against clingo: on a stable model this is exactly its derived atoms)."""
        out = set()
        for rule in self.program.rules:
            if rule.head is None:
                continue
            for s, _ in self.solve(rule.body, {}):
                try:
                    sym = symbol_of(ground(rule.head, s))
                except Undefined:  # pragma: no cover
                    continue
                if sym is not None and (not rule.choice or sym in self.interp):
                    out.add(sym)
        return out


def _unify_head(head: Atom, sym: Symbol) -> Subst | None:
    """Bind what the head's plain parts fix; arithmetic parts are checked after the body."""
    name, args = parts(sym)
    if head.name != name or len(head.args) != len(args):
        return None
    s: Subst = {}
    for t, a in zip(head.args, args):
        if isinstance(t, (Op, Interval)):
            continue
        extended = unify(t, a, s)
        if extended is None:
            return None
        s = extended
    return s


def _unify_head_pattern(head: Atom, pattern: Atom) -> Subst | None:
    if head.name != pattern.name or len(head.args) != len(pattern.args):
        return None
    s: Subst = {}
    for t, p in zip(head.args, pattern.args):
        if isinstance(p, Val) and not isinstance(t, (Op, Interval)):
            extended = unify(t, p.symbol, s)
            if extended is None:
                return None
            s = extended
    return s


def _dedup(items: list[Any]) -> list[Any]:
    return list(dict.fromkeys(items))


