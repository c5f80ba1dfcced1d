"""A draft's program for many scenarios at once: every atom gets the scenario's number
as an extra first argument, so that one ground program holds a batch of independent
scenarios (architecture.md, "Measured engineering notes": tagged batches of 10-50
scenarios are ~4x faster than one Control each).

Everything is tagged, the draft's own facts included: replicating a static fact per
scenario is always safe, while guessing that a predicate is static is not. Integrity
constraints and choices are gated by `on__(S)`, a free external: one inconsistent
scenario can be switched off instead of making the whole batch unsatisfiable, and a
scenario switched off makes no choice, so with one gate on the answer sets of the whole
program are exactly the readings of that one scenario (the batch's unknown-field choices
are gated the same way, batch_solve.py).

A program with a construct this rewrite does not handle raises `Unsupported`; the batch
then solves each scenario alone (same results, slower)."""

from __future__ import annotations

from functools import cache

from clingo import ast

SCENARIO = "scn__"  # scn__(K): K is a scenario of the batch
GATE = "on__"  # on__(K): K's integrity constraints are in force


class Unsupported(Exception):
    """A statement the tagging rewrite does not handle."""


class _Variables(ast.Transformer):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_Variable(self, node):
        self.names.add(node.name)
        return node


class _Tagger(ast.Transformer):
    """Prepends the scenario variable to every atom (not to terms inside atoms)."""

    def __init__(self, var: str) -> None:
        self.var = var

    def visit_SymbolicAtom(self, node):
        return ast.SymbolicAtom(self._tag(node.symbol))

    def _tag(self, term):
        kind = term.ast_type
        if kind == ast.ASTType.Function and not term.external:
            tag = ast.Variable(term.location, self.var)
            return ast.Function(term.location, term.name, [tag, *term.arguments], 0)
        if kind == ast.ASTType.Pool:
            return ast.Pool(term.location, [self._tag(t) for t in term.arguments])
        if kind == ast.ASTType.UnaryOperation and term.operator_type == ast.UnaryOperator.Minus:
            return ast.UnaryOperation(term.location, term.operator_type, self._tag(term.argument))
        raise Unsupported(f"atom {term}")


def _atom(loc, name: str, var: str):
    fn = ast.Function(loc, name, [ast.Variable(loc, var)], 0)
    return ast.Literal(loc, ast.Sign.NoSign, ast.SymbolicAtom(fn))


def _binds(body) -> bool:
    """Whether a positive top-level atom of the body binds the scenario variable."""
    return any(
        b.ast_type == ast.ASTType.Literal and b.sign == ast.Sign.NoSign
        and b.atom.ast_type == ast.ASTType.SymbolicAtom
        for b in body
    )


def _is_constraint(head) -> bool:
    return (head.ast_type == ast.ASTType.Literal and head.atom.ast_type == ast.ASTType.BooleanConstant
            and not head.atom.value)


def _is_choice(head) -> bool:
    return head.ast_type in (ast.ASTType.Aggregate, ast.ASTType.HeadAggregate, ast.ASTType.Disjunction)


def _tag_statement(stm, tagger: _Tagger):
    kind = stm.ast_type
    loc = stm.location
    var = tagger.var
    if kind in (ast.ASTType.Program, ast.ASTType.Definition, ast.ASTType.Comment):
        return stm
    if kind == ast.ASTType.Rule:
        head = tagger(stm.head)
        body = [tagger(b) for b in stm.body]
        if _is_constraint(head) or _is_choice(head):
            body.append(_atom(loc, GATE, var))
        if not _binds(body):
            body.insert(0, _atom(loc, SCENARIO, var))
        return ast.Rule(loc, head, body)
    if kind == ast.ASTType.ShowSignature:
        if not stm.name:  # `#show.` hides everything, tagged or not
            return stm
        return ast.ShowSignature(loc, stm.name, stm.arity + 1, stm.positive)
    if kind == ast.ASTType.Defined:
        return ast.Defined(loc, stm.name, stm.arity + 1, stm.positive)
    if kind == ast.ASTType.External:
        body = [tagger(b) for b in stm.body]
        if not _binds(body):
            body.insert(0, _atom(loc, SCENARIO, var))
        return ast.External(loc, tagger(stm.atom), body, stm.external_type)
    raise Unsupported(f"{kind.name} statement")


def _fresh_variable(statements) -> str:
    seen = _Variables()
    for s in statements:
        seen(s.ast)
    name = "Scn__"
    while name in seen.names:
        name += "_"
    return name


@cache
def tagged_program(draft_id: str) -> str:
    """The draft's program as text, tagged; raises Unsupported. Cached per process."""
    from aiact_foss import drafts

    statements = drafts.statements(draft_id)
    tagger = _Tagger(_fresh_variable(statements))
    lines = [f"#external {GATE}(K) : {SCENARIO}(K). [free]"]
    shows = False
    for s in statements:
        lines.append(str(_tag_statement(s.ast, tagger)))
        shows = shows or s.ast.ast_type == ast.ASTType.ShowSignature
    if shows:  # which pinned questions a scenario raises (without #show, all atoms are shown)
        lines.append("#show raised/2.")
    return "\n".join(lines) + "\n"
