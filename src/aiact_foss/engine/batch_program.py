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

The scenarios' facts do not go through program text at all: the grounder asks for them
(`Input`, a grounding context), scenario by scenario, as the clingo symbols
`facts.build` made, and a bridging rule per declared input predicate (`#defined`) gives
each fact its tag. Unknown fields become gated choices among their atoms the same way.
So a scenario's facts are built once and serve every draft, and no fact is printed and
parsed again.

The rewrite handles every construct of the supported subset (law/asp_subset.py, which
drafts.parse_file enforces; tests/golden/ shows it on each). Should it meet one it does
not handle, it raises `Unsupported` and the batch says so on stderr, once per draft,
and solves that draft's scenarios one by one (same results, slower)."""

from __future__ import annotations

import atexit
from functools import cache
from typing import Any

from clingo import Number, Symbol, Tuple_, ast

from aiact_foss.law.asp_subset import NotHandled

SCENARIO = "scn__"  # scn__(K): K is a scenario of the batch
GATE = "on__"  # on__(K): K's integrity constraints are in force

# The scenarios' input, asked of `Input` while grounding, one call per predicate for the
# whole group: an unknown field is a choice among its atoms, exactly one when every value
# has an atom, at most one (false: none) for a tri field; in__(K, A): A is K's chosen value.
_INPUT = f"""\
{SCENARIO}(K) :- K = @scenarios().
unknown__(K, V, L) :- (K, V, L) = @unknowns().
option__(K, V, A) :- (K, V, A) = @options().
L {{ chosen__(K, V, A) : option__(K, V, A) }} 1 :- unknown__(K, V, L), {GATE}(K).
in__(K, A) :- chosen__(K, _, A).
"""


class Unsupported(NotHandled):
    """A statement the tagging rewrite does not handle."""


class _Tagger(ast.Transformer):
    """Prepends the scenario variable to every atom (not to terms inside atoms)."""

    def __init__(self, var: str) -> None:
        self.var = var

    def visit_SymbolicAtom(self, node: Any) -> Any:
        return ast.SymbolicAtom(self._tag(node.symbol))

    def _tag(self, term: Any) -> Any:
        kind = term.ast_type
        if kind == ast.ASTType.Function and not term.external:
            tag = ast.Variable(term.location, self.var)
            return ast.Function(term.location, term.name, [tag, *term.arguments], 0)
        if kind == ast.ASTType.Pool:
            return ast.Pool(term.location, [self._tag(t) for t in term.arguments])
        if kind == ast.ASTType.UnaryOperation and term.operator_type == ast.UnaryOperator.Minus:
            return ast.UnaryOperation(term.location, term.operator_type, self._tag(term.argument))
        raise Unsupported(f"atom {term}")


def _atom(loc: Any, name: str, var: str) -> Any:
    fn = ast.Function(loc, name, [ast.Variable(loc, var)], 0)
    return ast.Literal(loc, ast.Sign.NoSign, ast.SymbolicAtom(fn))


def _binds(body: Any) -> bool:
    """Whether a positive top-level atom of the body binds the scenario variable."""
    return any(
        b.ast_type == ast.ASTType.Literal and b.sign == ast.Sign.NoSign
        and b.atom.ast_type == ast.ASTType.SymbolicAtom
        for b in body
    )


def _is_constraint(head: Any) -> bool:
    return (head.ast_type == ast.ASTType.Literal and head.atom.ast_type == ast.ASTType.BooleanConstant
            and not head.atom.value)


def _is_choice(head: Any) -> bool:
    return head.ast_type in (ast.ASTType.Aggregate, ast.ASTType.HeadAggregate, ast.ASTType.Disjunction)


def _tag_statement(stm: Any, tagger: _Tagger) -> Any:
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


@cache
def _tagger() -> _Tagger:
    """One tagger for every draft, with a variable no statement of any draft uses (a
    text search: conservative, and much cheaper than visiting every statement)."""
    from aiact_foss.law import drafts

    text = "\n".join(str(s.ast) for d in drafts.available() for s in drafts.statements(d))
    name = "Scn__"
    while name in text:
        name += "_"
    return _Tagger(name)


_TAGGED: dict[int, tuple[Any, str]] = {}  # id(statement) -> (statement, its tagged text)


def _tagged(statement: Any) -> str:
    """Drafts share their common files, so each statement is tagged once."""
    entry = _TAGGED.get(id(statement))
    if entry is None or entry[0] is not statement:
        entry = _TAGGED[id(statement)] = (statement, str(_tag_statement(statement.ast, _tagger())))
    return entry[1]


@atexit.register
def _release() -> None:
    # as drafts._release_parsed_programs: free clingo's AST objects while clingo is loaded
    _TAGGED.clear()
    _tagger.cache_clear()


@cache
def tagged_program(draft_id: str) -> str:
    """The draft's program as text, tagged, with the bridge from `Input`; raises
    Unsupported. Cached per process."""
    from aiact_foss.law import drafts

    lines = [f"#external {GATE}(K) : {SCENARIO}(K). [free]", _INPUT]
    shows = False
    declared = set()
    for s in drafts.statements(draft_id):
        lines.append(_tagged(s))
        shows = shows or s.ast.ast_type == ast.ASTType.ShowSignature
        if s.ast.ast_type == ast.ASTType.Defined and s.ast.positive:
            declared.add((s.ast.name, s.ast.arity))
    for name, arity in sorted(declared):  # the input vocabulary (logic/common/input.lp)
        lines.append(_bridge(name, arity, f"(K, {_pattern(name, arity)}) = @input({name})"))
    if shows:  # which pinned questions a scenario raises (without #show, all atoms are shown)
        lines.append("#show raised/2.")
    return "\n".join(lines) + "\n"


def _pattern(name: str, arity: int) -> str:
    return f"{name}({', '.join(f'X{i}' for i in range(arity))})" if arity else name


def _bridge(name: str, arity: int, body: str) -> str:
    """`name(K, X0, ...) :- body.`: an input atom of scenario K, tagged."""
    return f"{name}(K{''.join(f', X{i}' for i in range(arity))}) :- {body}."


class Input:
    """The grounding context of a tagged program: the scenarios of a group as (K, atom)
    pairs per input predicate, their unknown fields as (K, V, L) (field V of scenario K:
    at least L of its atoms) and (K, V, A) (atom A is one of its values)."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.by_name: dict[str, list[Symbol]] = {}
        self._unknowns: list[Symbol] = []
        self._options: list[Symbol] = []
        self._chosen: set[tuple[str, int]] = set()  # signatures of the options

    def add(self, k: int, atoms: list[Symbol], variables: Any=()) -> None:
        """Scenario k's facts and its unknown fields (`facts.FactBase.variables`)."""
        tag = Number(k)
        for a in atoms:
            self.by_name.setdefault(a.name, []).append(Tuple_([tag, a]))
        for n, v in enumerate(variables):
            values = [a for a in v.atoms if a is not None]
            self._unknowns.append(Tuple_([tag, Number(n), Number(0 if len(values) == 1 else 1)]))
            self._options.extend(Tuple_([tag, Number(n), a]) for a in values)
            self._chosen.update((a.name, len(a.arguments)) for a in values)

    def bridges(self) -> str:
        """Rules that give the chosen values of unknown fields their tag: only for the
        predicates these fields use, since each rule costs grounding time."""
        return "".join(_bridge(n, k, f"in__(K, {_pattern(n, k)})") + "\n" for n, k in sorted(self._chosen))

    def copy(self) -> Input:
        out = Input(self.count)
        out.by_name = {name: list(atoms) for name, atoms in self.by_name.items()}
        out._unknowns, out._options = list(self._unknowns), list(self._options)
        out._chosen = set(self._chosen)
        return out

    def scenarios(self) -> list[Symbol]:
        return [Number(k) for k in range(self.count)]

    def input(self, name: Symbol) -> list[Symbol]:
        return self.by_name.get(name.name, [])

    def unknowns(self) -> list[Symbol]:
        return self._unknowns

    def options(self) -> list[Symbol]:
        return self._options
