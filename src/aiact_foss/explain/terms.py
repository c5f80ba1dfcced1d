"""Terms of the compiled rules as values: evaluation (clingo's integer arithmetic),
unification with symbols, substitution and comparison (clingo's total order of
symbols, which Python's comparison of clingo symbols follows)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from clingo import Function, Number, Symbol, SymbolType

from aiact_foss.explain.program import Atom, Fun, Interval, Op, Val, Var, variables

Subst = dict[str, Symbol]  # a variable's name -> its value


class Undefined(Exception):
    """Arithmetic on a non-number, or a division by zero: the instance does not exist."""


class Unbound(Exception):
    pass


# -- terms -------------------------------------------------------------------------------
def value(t: Any, s: Subst) -> Symbol:
    """The symbol a term denotes under substitution s."""
    if isinstance(t, Val):
        return t.symbol
    if isinstance(t, Var):
        try:
            return s[t.name]
        except KeyError:
            raise Unbound(t.name) from None
    if isinstance(t, Fun):
        return Function(t.name, [value(a, s) for a in t.args])
    if isinstance(t, Op):
        args = [value(a, s) for a in t.args]
        if any(a.type != SymbolType.Number for a in args):
            raise Undefined(t.op)
        return Number(_arith(t.op, [a.number for a in args]))
    raise Unbound("interval")


def _arith(op: str, n: list[int]) -> int:
    if op == "neg":
        return -n[0]
    if op == "abs":
        return abs(n[0])
    if op == "~":
        return ~n[0]
    a, b = n
    if op in ("/", "\\") and b == 0:
        raise Undefined(op)
    if op == "/":  # clingo truncates towards zero
        q = abs(a) // abs(b)
        return q if (a >= 0) == (b >= 0) else -q
    if op == "\\":
        return a - b * _arith("/", [a, b])
    if op == "**":
        if b < 0:
            raise Undefined(op)
        return int(a**b)  # b >= 0, so an int (typeshed types int ** int as Any)
    return {"+": a + b, "-": a - b, "*": a * b, "&": a & b, "?": a | b, "^": a ^ b}[op]


def bound(t: Any, s: Subst) -> bool:
    return variables(t) <= s.keys()


def unify(t: Any, sym: Symbol, s: Subst) -> Subst | None:
    """Extend s so that term t denotes sym, or None."""
    if isinstance(t, Val):
        return s if t.symbol == sym else None
    if isinstance(t, Var):
        have = s.get(t.name)
        if have is None:
            s = dict(s)
            s[t.name] = sym
            return s
        return s if have == sym else None
    if isinstance(t, Fun):
        if sym.type != SymbolType.Function:
            return None
        return _unify_call(t.name, t.args, sym, s)
    if isinstance(t, Interval):
        try:
            low, high = value(t.low, s), value(t.high, s)
        except (Unbound, Undefined):
            return None
        return s if sym.type == SymbolType.Number and low.number <= sym.number <= high.number else None
    try:  # arithmetic: only once its variables are bound
        return s if value(t, s) == sym else None
    except (Unbound, Undefined):
        return None


def unify_atom(atom: Atom, sym: Symbol, s: Subst) -> Subst | None:
    return _unify_call(atom.name, atom.args, sym, s)


@lru_cache(maxsize=1 << 16)
def parts(sym: Symbol) -> tuple[str, tuple[Symbol, ...]]:
    """A function symbol's name and arguments, read once: each read is a call into clingo
    that builds new symbols, and an explanation reads the same atoms many times."""
    return sym.name, tuple(sym.arguments)


def signature(sym: Symbol) -> tuple[str, int]:
    name, args = parts(sym)
    return name, len(args)


def _unify_call(name: str, args: Any, sym: Symbol, s: Subst) -> Subst | None:
    """name(args) against a function symbol, argument by argument."""
    sym_name, sym_args = parts(sym)
    if sym_name != name or len(sym_args) != len(args):
        return None
    for t, a in zip(args, sym_args):
        extended = unify(t, a, s)
        if extended is None:
            return None
        s = extended
    return s


def substitute(t: Any, s: Subst) -> Any:
    """Term t with every bound variable replaced by its value (unbound ones stay)."""
    if isinstance(t, Var):
        return Val(s[t.name]) if t.name in s else t
    if isinstance(t, Fun):
        args = tuple(substitute(a, s) for a in t.args)
        if all(isinstance(a, Val) for a in args):
            return Val(Function(t.name, [a.symbol for a in args]))
        return Fun(t.name, args)
    if isinstance(t, Op):
        args = tuple(substitute(a, s) for a in t.args)
        if all(isinstance(a, Val) for a in args):
            try:
                return Val(value(Op(t.op, args), {}))
            except Undefined:
                pass
        return Op(t.op, args)
    return t


def ground(atom: Atom, s: Subst) -> Atom:
    """The atom with every bound variable replaced by its value (unbound ones stay)."""
    return Atom(atom.name, tuple(substitute(a, s) for a in atom.args))


def symbol_of(atom: Atom) -> Symbol | None:
    """The ground atom as a symbol, or None if it still has variables."""
    if all(isinstance(a, Val) for a in atom.args):
        return Function(atom.name, [a.symbol for a in atom.args])
    return None


def compare(a: Symbol, op: str, b: Symbol) -> bool:
    return {"=": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
