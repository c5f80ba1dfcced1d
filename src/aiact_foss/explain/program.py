"""A draft's rules in a small form that Python can evaluate against one answer set.

The clingo AST (drafts.statements) is compiled once per draft into plain, hashable
dataclasses: terms (variables, values, functions, arithmetic, intervals), literals,
comparisons, body aggregates and conditional literals. Pools are expanded with clingo's
own `unpool`; `#const` names are replaced by their values; each `_` becomes a fresh
variable, so that it can never bind across literals."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from clingo import Symbol
from clingo import ast as A

from aiact_foss.law import drafts
from aiact_foss.law.asp_subset import NotHandled

INPUT_FILE = "common/input.lp"  # the scenario's fact vocabulary (logic/README.md, "Input")


# -- terms ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Var:
    name: str


@dataclass(frozen=True)
class Val:
    symbol: Symbol


@dataclass(frozen=True)
class Fun:
    name: str  # "" for a tuple
    args: tuple[Any, ...]


@dataclass(frozen=True)
class Op:
    op: str  # + - * / \ ** & ? ^ for two arguments; neg abs ~ for one
    args: tuple[Any, ...]


@dataclass(frozen=True)
class Interval:
    low: object
    high: object


# -- body elements -----------------------------------------------------------------
@dataclass(frozen=True)
class Atom:
    name: str
    args: tuple[Any, ...]

    @property
    def sig(self) -> tuple[str, int]:
        return (self.name, len(self.args))


@dataclass(frozen=True)
class Lit:
    positive: bool
    atom: Atom
    double: bool = False  # `not not a`: a test, never a derivation


@dataclass(frozen=True)
class Cmp:
    left: object
    op: str  # = != < <= > >=
    right: object


@dataclass(frozen=True)
class Element:
    terms: tuple[Any, ...]
    condition: tuple[Any, ...]  # of Lit | Cmp


@dataclass(frozen=True)
class Agg:
    positive: bool
    function: str  # count sum sum+ min max
    elements: tuple[Any, ...]
    left: tuple[Any, ...] | None  # (op, term): `term op #agg`
    right: tuple[Any, ...] | None  # (op, term): `#agg op term`
    globals: frozenset[str] = frozenset()  # its variables that occur elsewhere in the rule


@dataclass(frozen=True)
class Cond:
    literal: Lit
    condition: tuple[Any, ...]
    globals: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rule:
    index: int  # position in the draft's compiled program
    label: str | None  # None: plumbing
    head: Atom | None  # None: an integrity constraint
    choice: bool
    body: tuple[Any, ...]
    file: str
    line: int
    text: str  # the rule as clingo prints it (after unpooling)


@dataclass(frozen=True)
class Program:
    draft: str
    rules: tuple[Rule, ...]
    input_sigs: frozenset[Any]  # predicates of the scenario's facts
    by_head: dict[Any, Any]  # sig -> tuple of rules deriving it


# -- compiling -------------------------------------------------------------------------
_CMP = {
    A.ComparisonOperator.Equal: "=", A.ComparisonOperator.NotEqual: "!=",
    A.ComparisonOperator.LessThan: "<", A.ComparisonOperator.LessEqual: "<=",
    A.ComparisonOperator.GreaterThan: ">", A.ComparisonOperator.GreaterEqual: ">=",
}
_BIN = {
    A.BinaryOperator.Plus: "+", A.BinaryOperator.Minus: "-", A.BinaryOperator.Multiplication: "*",
    A.BinaryOperator.Division: "/", A.BinaryOperator.Modulo: "\\", A.BinaryOperator.Power: "**",
    A.BinaryOperator.And: "&", A.BinaryOperator.Or: "?", A.BinaryOperator.XOr: "^",
}
_UN = {A.UnaryOperator.Minus: "neg", A.UnaryOperator.Absolute: "abs", A.UnaryOperator.Negation: "~"}
_AGG = {
    A.AggregateFunction.Count: "count", A.AggregateFunction.Sum: "sum",
    A.AggregateFunction.SumPlus: "sum+", A.AggregateFunction.Min: "min", A.AggregateFunction.Max: "max",
}


class Unsupported(NotHandled, ValueError):
    """A construct the evaluator does not handle: the subset (law/asp_subset.py) allows
    none such, so this is a gap in the evaluator."""


class _Compiler:
    def __init__(self, consts: dict[str, object]) -> None:
        self.consts = consts
        self.fresh = itertools.count(1)

    def term(self, t: Any) -> Any:
        kind = t.ast_type
        if kind == A.ASTType.Variable:
            return Var(f"_#{next(self.fresh)}") if t.name == "_" else Var(t.name)
        if kind == A.ASTType.SymbolicTerm:
            s = t.symbol
            if s.type.name == "Function" and not s.arguments and s.name in self.consts:
                return self.consts[s.name]
            return Val(s)
        if kind == A.ASTType.Function:
            if t.external:
                raise Unsupported("@-terms")
            if not t.arguments and t.name in self.consts:
                return self.consts[t.name]
            args = tuple(self.term(a) for a in t.arguments)
            if all(isinstance(a, Val) for a in args):
                from clingo import Function

                return Val(Function(t.name, [a.symbol for a in args]))
            return Fun(t.name, args)
        if kind == A.ASTType.BinaryOperation:
            return Op(_BIN[t.operator_type], (self.term(t.left), self.term(t.right)))
        if kind == A.ASTType.UnaryOperation:
            return Op(_UN[t.operator_type], (self.term(t.argument),))
        if kind == A.ASTType.Interval:
            return Interval(self.term(t.left), self.term(t.right))
        raise Unsupported(f"term {t}")

    def atom(self, a: Any) -> Atom:
        if a.ast_type == A.ASTType.SymbolicAtom:
            a = a.symbol
        if a.ast_type == A.ASTType.SymbolicTerm and a.symbol.type.name == "Function":
            s = a.symbol
            return Atom(s.name, tuple(Val(x) for x in s.arguments))
        if a.ast_type == A.ASTType.Function and not a.external:
            return Atom(a.name, tuple(self.term(x) for x in a.arguments))
        if a.ast_type == A.ASTType.UnaryOperation:
            raise Unsupported("classical negation")
        raise Unsupported(f"atom {a}")

    def literal(self, lit: Any) -> tuple[Any, ...]:
        """A body literal -> one or more compiled elements (a comparison chain splits)."""
        if lit.ast_type == A.ASTType.ConditionalLiteral:
            return (Cond(self.literal(lit.literal)[0], self.condition(lit.condition)),)
        atom, sign = lit.atom, lit.sign
        positive = sign != A.Sign.Negation
        double = sign == A.Sign.DoubleNegation
        if atom.ast_type == A.ASTType.Comparison:
            out, left = [], self.term(atom.term)
            for g in atom.guards:
                right = self.term(g.term)
                op = _CMP[g.comparison]
                if not positive:
                    op = {"=": "!=", "!=": "=", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}[op]
                out.append(Cmp(left, op, right))
                left = right
            return tuple(out)
        if atom.ast_type == A.ASTType.BooleanConstant:
            value = bool(atom.value) == positive
            return () if value else (Cmp(Val(_zero()), "!=", Val(_zero())),)
        if atom.ast_type == A.ASTType.BodyAggregate:
            return (self.aggregate(atom, positive),)
        if atom.ast_type == A.ASTType.Aggregate:  # lparse-style `1 { a; b } 2` in a body
            elements = []
            for e in atom.elements:
                lit = self.literal(e.literal)[0]
                key = Fun(lit.atom.name, lit.atom.args) if isinstance(lit, Lit) else Val(_text(str(e.literal)))
                elements.append(Element((key,), (lit,) + self.condition(e.condition)))
            return (Agg(positive, "count", tuple(elements), self.guard(atom.left_guard),
                        self.guard(atom.right_guard)),)
        return (Lit(positive, self.atom(atom), double),)

    def condition(self, lits: Any) -> tuple[Any, ...]:
        out: list[Any] = []
        for lit in lits:
            out.extend(self.literal(lit))
        return tuple(out)

    def guard(self, g: Any) -> Any:
        if g is None:
            return None
        return (_CMP[g.comparison], self.term(g.term))

    def aggregate(self, agg: Any, positive: bool) -> Agg:
        elements = tuple(Element(tuple(self.term(t) for t in e.terms), self.condition(e.condition))
                         for e in agg.elements)
        return Agg(positive, _AGG[agg.function], elements, self.guard(agg.left_guard),
                   self.guard(agg.right_guard))


def _zero() -> Symbol:
    from clingo import Number

    return Number(0)


def _text(s: str) -> Symbol:  # a stand-in key for an element that is not an atom
    from clingo import String

    return String(s)


def _heads(stm: Any, comp: _Compiler) -> list[tuple[Atom | None, bool, tuple[Any, ...]]]:
    """(head atom, is a choice, extra body conditions) for each atom the rule can derive."""
    head = stm.head
    if head.ast_type == A.ASTType.Literal:
        if head.atom.ast_type == A.ASTType.BooleanConstant:
            return [(None, False, ())]
        if head.sign != A.Sign.NoSign:
            raise Unsupported("a negated head")
        return [(comp.atom(head.atom), False, ())]
    if head.ast_type in (A.ASTType.Aggregate, A.ASTType.Disjunction):
        return [(comp.atom(e.literal.atom), True, comp.condition(e.condition)) for e in head.elements]
    raise Unsupported(f"head {head}")


@cache
def compile_draft(draft_id: str) -> Program:
    return compile_statements(draft_id, drafts.statements(draft_id))


def compile_statements(draft_id: str, stms: Any) -> Program:
    """`compile_draft` of any statements (drafts.Statement), for the golden tests."""
    consts = {}
    for s in stms:
        if s.ast.ast_type == A.ASTType.Definition:
            consts[s.ast.name] = _Compiler({}).term(s.ast.value)
    rules: list[Rule] = []
    input_sigs = set()
    for s in stms:
        kind = s.ast.ast_type
        if kind == A.ASTType.Defined and s.file == INPUT_FILE:
            input_sigs.add((s.ast.name, s.ast.arity))
        if kind != A.ASTType.Rule:
            continue
        for stm in s.ast.unpool():
            comp = _Compiler(consts)
            try:
                body = comp.condition(stm.body)
                heads = _heads(stm, comp)
            except Unsupported as e:  # pragma: no cover - the logic uses none of these
                raise Unsupported(f"logic/{s.file}:{s.line}: {e}") from None
            for atom, choice, extra in heads:
                full = _with_globals(atom, extra + body)
                rules.append(Rule(len(rules), s.label, atom, choice, full, s.file, s.line, str(stm)))
    by_head: dict[Any, Any] = {}
    for r in rules:
        if r.head is not None:
            by_head.setdefault(r.head.sig, []).append(r)
    return Program(draft_id, tuple(rules), frozenset(input_sigs), {k: tuple(v) for k, v in by_head.items()})


def _with_globals(head: Atom | None, body: tuple[Any, ...]) -> tuple[Any, ...]:
    """Record in each aggregate and conditional literal which of its variables are
    global (occur in the head or elsewhere in the body): they must be bound first."""
    out = []
    for k, e in enumerate(body):
        if isinstance(e, (Agg, Cond)):
            outside = variables(head) if head is not None else set()
            for j, other in enumerate(body):
                if j != k:
                    outside |= variables(other)
            e = replace(e, globals=frozenset(variables(e) & outside))
        out.append(e)
    return tuple(out)


def variables(x: Any) -> set[str]:
    """The variable names occurring in a term, atom, literal or comparison."""
    if isinstance(x, Var):
        return {x.name}
    if isinstance(x, (Val,)) or x is None:
        return set()
    if isinstance(x, (Fun, Op)):
        return set().union(*(variables(a) for a in x.args)) if x.args else set()
    if isinstance(x, Interval):
        return variables(x.low) | variables(x.high)
    if isinstance(x, Atom):
        return set().union(*(variables(a) for a in x.args)) if x.args else set()
    if isinstance(x, Lit):
        return variables(x.atom)
    if isinstance(x, Cmp):
        return variables(x.left) | variables(x.right)
    if isinstance(x, Cond):
        return variables(x.literal) | set().union(*(variables(c) for c in x.condition))
    if isinstance(x, Agg):
        out = set()
        for g in (x.left, x.right):
            if g is not None:
                out |= variables(g[1])
        for e in x.elements:
            for t in e.terms:
                out |= variables(t)
            for c in e.condition:
                out |= variables(c)
        return out
    raise TypeError(x)
