"""The subset of clingo's language that the law (logic/) and property files may use,
written down once (logic/README.md, "Constructs the law may use"; docs/testing.md,
"Property files").

Every program transform of the package (the batch's tagging, explore's renamed copies,
coverage's twin rules, the explanations' evaluator, properties) is written for exactly
the `LAW` constructs, and tests/golden/ runs each one over a program that uses every one
of them. A statement outside the subset is refused where it is read, with one line
naming the file, the line and the construct, so no transform ever meets a construct it
does not handle and none has to fall back silently.

`check_text` runs on the raw text before clingo parses it: the parser itself honours
`#include` (it reads the named file) and stops at a NUL byte, so those cannot wait for
the syntax tree."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import clingo.ast as cast

# The constructs by the names the errors use, in the order the docs list them.
LAW: tuple[str, ...] = (
    "#program base", "#defined", "#show signature",
    "rule", "integrity constraint", "choice rule { yes(Q) }",
    "not", "comparison", "pool", "arithmetic", "conditional literal",
    "#count aggregate", "#sum aggregate", "#sum+ aggregate", "#min aggregate", "#max aggregate",
)
# A property is read over results and facts: no choices, no #show, no term building.
PROPERTY: tuple[str, ...] = (
    "#program base", "rule", "integrity constraint",
    "not", "comparison", "conditional literal",
    "#count aggregate", "#sum aggregate", "#sum+ aggregate", "#min aggregate", "#max aggregate",
)
# Words that the raw text may not hold at all (not even in a comment: no reading of the
# file, by clingo or a person, may include another file or run a script).
FORBIDDEN_WORDS = ("#include", "#script")

_AGG = {
    cast.AggregateFunction.Count: "#count", cast.AggregateFunction.Sum: "#sum",
    cast.AggregateFunction.SumPlus: "#sum+", cast.AggregateFunction.Min: "#min",
    cast.AggregateFunction.Max: "#max",
}
_STATEMENT = {
    "Defined": "#defined", "ShowSignature": "#show signature", "ShowTerm": "#show term",
    "Definition": "#const", "Minimize": "#minimize/#maximize", "Script": "#script",
    "External": "#external", "Edge": "#edge", "Heuristic": "#heuristic",
    "ProjectAtom": "#project", "ProjectSignature": "#project", "TheoryDefinition": "#theory",
}


class OutsideSubset(ValueError):
    """A statement outside the supported subset: one line, `file:line: construct ...`."""


class NotHandled(RuntimeError):
    """A transform met a construct of the subset it does not handle: a bug in the
    transform (the golden tests run every transform over every construct)."""


def is_question_choice(rule: Any) -> bool:
    """`{ yes(Q) } :- ...`: the open questions' choice (questions.lp), the only choice the
    law makes."""
    head = rule.head
    if head.ast_type != cast.ASTType.Aggregate or len(head.elements) != 1:
        return False
    if head.left_guard is not None or head.right_guard is not None or head.elements[0].condition:
        return False
    atom = head.elements[0].literal.atom
    return (head.elements[0].literal.sign == cast.Sign.NoSign and atom.ast_type == cast.ASTType.SymbolicAtom
            and atom.symbol.ast_type == cast.ASTType.Function and atom.symbol.name == "yes"
            and len(atom.symbol.arguments) == 1 and not atom.symbol.external)


def constructs(stm: Any) -> Iterator[tuple[str, int]]:
    """(construct, line) for each construct of a statement that a subset may or may not
    allow; plain atoms, variables and constants are always allowed and not listed."""
    kind = stm.ast_type.name
    line = stm.location.begin.line
    if kind == "Comment":
        return
    if kind == "Program":
        yield ("#program base" if stm.name == "base" and not stm.parameters else "#program part", line)
        return
    if kind != "Rule":
        yield (_STATEMENT.get(kind, kind), line)
        for key in stm.child_keys:  # e.g. an @-term inside a #show term
            yield from _children(getattr(stm, key))
        return
    yield from _head(stm)
    for lit in stm.body:
        yield from _literal(lit)


def _head(rule: Any) -> Iterator[tuple[str, int]]:
    head, line = rule.head, rule.location.begin.line
    kind = head.ast_type
    if kind == cast.ASTType.Literal:
        if head.atom.ast_type == cast.ASTType.BooleanConstant:
            yield ("integrity constraint" if not head.atom.value else "#true head", line)
            return
        if head.sign != cast.Sign.NoSign:
            yield ("negated head", line)
        elif head.atom.ast_type != cast.ASTType.SymbolicAtom:
            # clingo parses `a=f(x).` as a comparison in a head: it has no symbol (and
            # no location of its own), found by benchmarks/fuzz.py.
            yield ("comparison in a head" if head.atom.ast_type == cast.ASTType.Comparison
                   else f"{head.atom.ast_type.name} in a head", line)
            yield from _children(head.atom)
            return
        else:
            yield ("rule", line)
        yield from _atom(head.atom)
        return
    if kind == cast.ASTType.Aggregate:
        yield ("choice rule { yes(Q) }" if is_question_choice(rule) else "choice rule", line)
        for e in head.elements:
            yield from _atom(e.literal.atom)
            for c in e.condition:
                yield from _literal(c)
        return
    yield ({"Disjunction": "disjunction", "HeadAggregate": "head aggregate",
            "TheoryAtom": "theory atom"}.get(kind.name, kind.name), line)
    yield from _children(head)


def _literal(lit: Any) -> Iterator[tuple[str, int]]:
    line = lit.location.begin.line
    if lit.ast_type == cast.ASTType.ConditionalLiteral:
        yield ("conditional literal", line)
        yield from _literal(lit.literal)
        for c in lit.condition:
            yield from _literal(c)
        return
    if lit.sign == cast.Sign.Negation:
        yield ("not", line)
    elif lit.sign == cast.Sign.DoubleNegation:
        yield ("not not", line)
    atom = lit.atom
    kind = atom.ast_type
    if kind == cast.ASTType.SymbolicAtom:
        yield from _atom(atom)
    elif kind == cast.ASTType.Comparison:
        yield ("comparison", line)
        yield from _term(atom.term)
        for g in atom.guards:
            yield from _term(g.term)
    elif kind == cast.ASTType.BodyAggregate:
        yield (f"{_AGG[atom.function]} aggregate", line)
        for g in (atom.left_guard, atom.right_guard):
            if g is not None:
                yield from _term(g.term)
        for e in atom.elements:
            for t in e.terms:
                yield from _term(t)
            for c in e.condition:
                yield from _literal(c)
    elif kind == cast.ASTType.BooleanConstant:
        yield ("#true/#false in a body", line)
    elif kind == cast.ASTType.Aggregate:
        yield ("lparse-style aggregate", line)
        yield from _children(atom)
    else:
        yield (kind.name, line)
        yield from _children(atom)


def _atom(atom: Any) -> Iterator[tuple[str, int]]:
    sym = atom.symbol if atom.ast_type == cast.ASTType.SymbolicAtom else atom
    line = sym.location.begin.line
    if sym.ast_type == cast.ASTType.Pool:
        yield ("pool", line)
        for a in sym.arguments:
            yield from _atom(a)
    elif sym.ast_type == cast.ASTType.UnaryOperation:
        yield ("classical negation", line)
        yield from _atom(sym.argument)
    elif sym.ast_type == cast.ASTType.Function:
        if sym.external:
            yield ("@-term", line)
        for t in sym.arguments:
            yield from _term(t)
    # a SymbolicTerm atom is a plain constant atom


def _term(t: Any) -> Iterator[tuple[str, int]]:
    kind = t.ast_type
    line = t.location.begin.line
    if kind in (cast.ASTType.Variable, cast.ASTType.SymbolicTerm):
        return
    if kind == cast.ASTType.Function:
        if t.external:
            yield ("@-term", line)
        elif not t.name:
            yield ("tuple", line)
        for a in t.arguments:
            yield from _term(a)
    elif kind in (cast.ASTType.BinaryOperation, cast.ASTType.UnaryOperation):
        yield ("arithmetic", line)
        yield from _children(t)
    elif kind == cast.ASTType.Interval:
        yield ("interval", line)
        yield from _children(t)
    elif kind == cast.ASTType.Pool:
        yield ("pool", line)
        for a in t.arguments:
            yield from _term(a)
    else:
        yield (kind.name, line)
        yield from _children(t)


def _children(node: Any) -> Iterator[tuple[str, int]]:
    """Below a construct that is refused anyway: only the terms, for an @-term's sake."""
    if node is None or isinstance(node, (str, int)):
        return
    if not isinstance(node, cast.AST):
        for n in node:
            yield from _children(n)
        return
    if node.ast_type == cast.ASTType.Function and node.external:
        yield ("@-term", node.location.begin.line)
    for key in node.child_keys:
        yield from _children(getattr(node, key))


def check(stm: Any, allowed: tuple[str, ...], source: str, language: str) -> None:
    """Raise OutsideSubset for the first construct of `stm` not in `allowed`."""
    for construct, line in constructs(stm):
        if construct not in allowed:
            raise OutsideSubset(f"{source}:{line}: {construct} is outside {language}")


LAW_LANGUAGE = 'the ASP the law may use (logic/README.md, "Constructs the law may use")'
PROPERTY_LANGUAGE = 'the property language (docs/testing.md, "Property files")'


def check_text(text: str, source: str, language: str) -> None:
    """Refuse, before clingo parses `text`, what the parser would act on by itself."""
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise OutsideSubset(f"{source}:{line}: a NUL byte (U+0000) is outside {language}")
    for word in FORBIDDEN_WORDS:
        at = text.find(word)
        if at >= 0:
            line = text.count("\n", 0, at) + 1
            raise OutsideSubset(f"{source}:{line}: {word} is outside {language} (refused even in a comment)")
