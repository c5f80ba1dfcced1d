"""Several drafts' programs in one clingo control: every derived predicate of a copy is
renamed apart (`_k3_exempt`), the scenario's input predicates (logic/README.md,
"Input") are shared, so all copies reason about the same solver-chosen scenario.

A copy either chooses its own reading of the open questions (the draft's choice rule,
kept: a *guessed* copy), or answers them as a fixed set of question ids (a *reading*
copy: `yes(Q) :- raised(Q), Q in the set`). In both, the draft's integrity
constraints become `_kN_fail`, so that a reading without an answer set marks its copy
as failed instead of cutting the whole search. `_c(kN, Conclusion)` bridges each copy's
shown predicates to one vocabulary."""

from __future__ import annotations

from functools import cache
from typing import Any

import clingo
import clingo.ast as cast
from clingo import Function

from aiact_foss.language.vocabulary import PREDICATES
from aiact_foss.law import drafts
from aiact_foss.law.asp_subset import NotHandled, is_question_choice


class UnsupportedProgram(NotHandled):
    """A draft uses a construct the renaming does not handle: the subset
    (law/asp_subset.py) allows none such, so this is a gap in the renaming."""


@cache
def input_predicates() -> frozenset[str]:
    """The scenario's fact vocabulary: the `#defined` signatures of logic/common/input.lp,
    except `raised/1`, which each draft derives."""
    names = set()
    for s in drafts.parse_file("common/input.lp"):
        if s.ast.ast_type == cast.ASTType.Defined and s.ast.name != "raised":
            names.add(s.ast.name)
    return frozenset(names)


class _Rename(cast.Transformer):
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.keep = input_predicates()

    def visit_SymbolicAtom(self, node: Any) -> Any:
        return node.update(symbol=self._rename(node.symbol, node))

    def _rename(self, sym: Any, node: Any) -> Any:
        if sym.ast_type == cast.ASTType.Pool:  # p(a; b): a pool of atoms
            return sym.update(arguments=[self._rename(a, node) for a in sym.arguments])
        if sym.ast_type == cast.ASTType.Function:
            return sym if sym.name in self.keep else sym.update(name=self.prefix + sym.name)
        if sym.ast_type == cast.ASTType.SymbolicTerm and sym.symbol.type == clingo.SymbolType.Function:
            if sym.symbol.name in self.keep:
                return sym
            return sym.update(symbol=Function(self.prefix + sym.symbol.name, sym.symbol.arguments, sym.symbol.positive))
        raise UnsupportedProgram(f"cannot rename the atom {node}")


def _loc() -> Any:
    p = cast.Position("<explore>", 1, 1)
    return cast.Location(p, p)


def _parse_one(text: str) -> Any:
    out: list[Any] = []
    cast.parse_string(text, out.append)
    return [s for s in out if s.ast_type == cast.ASTType.Rule]


PLACEHOLDER = "_zcopyz_"  # stands for a copy's prefix in the cached program text


@cache
def _template(draft_id: str, fixed: bool) -> str:
    """The renamed program of a draft as text, with PLACEHOLDER for the copy's prefix:
    renamed once, then each copy is a string replacement (the AST pass is the slow part)."""
    return renamed(drafts.statements(draft_id), draft_id, fixed)


def renamed(statements: Any, draft_id: str, fixed: bool) -> str:
    """`_template` of any statements (drafts.Statement), for the golden tests."""
    ren = _Rename(PLACEHOLDER)
    out = []
    for s in statements:
        node = s.ast
        t = node.ast_type
        if t in (cast.ASTType.Program, cast.ASTType.ShowSignature, cast.ASTType.ShowTerm) or t.name == "Comment":
            continue
        if t == cast.ASTType.Defined:
            if node.name not in input_predicates():
                out.append(node.update(name=PLACEHOLDER + node.name))
            continue
        if t != cast.ASTType.Rule:
            raise UnsupportedProgram(f"{draft_id}: logic/{s.file}:{s.line}: cannot copy {str(node).split()[0]}")
        head = node.head
        if is_question_choice(node):
            if fixed:
                node = _parse_one("yes(Q) :- raised(Q), reading(Q).")[0]
            out.append(ren(node))
            continue
        if head.ast_type != cast.ASTType.Literal:
            raise UnsupportedProgram(f"{draft_id}: logic/{s.file}:{s.line}: a choice or disjunction outside "
                                     "the open questions")
        if head.atom.ast_type == cast.ASTType.BooleanConstant and not head.atom.value:
            fail = cast.Literal(_loc(), cast.Sign.NoSign, cast.SymbolicAtom(cast.Function(_loc(), "fail", [], 0)))
            node = node.update(head=fail)
        out.append(ren(node))
    if any(PLACEHOLDER in str(s.ast) or "_zname_" in str(s.ast) for s in statements):
        raise UnsupportedProgram(f"{draft_id}: the program uses the name {PLACEHOLDER}")  # pragma: no cover
    lines = [str(n) for n in out]
    for pred, kinds in PREDICATES.items():
        args = ", ".join(f"V{i}" for i in range(len(kinds)))
        lines.append(f"_c(_zname_, {pred}({args})) :- {PLACEHOLDER}{pred}({args}).")
        lines.append(f"#defined {PLACEHOLDER}{pred}/{len(kinds)}.")
    lines += [f"_fail_of(_zname_) :- {PLACEHOLDER}fail.", f"#defined {PLACEHOLDER}fail/0.",
              f"#defined {PLACEHOLDER}reading/1."]
    return "\n".join(lines) + "\n"


def copy_text(draft_id: str, name: str, reading: frozenset[str] | None) -> str:
    """One renamed copy `name` (e.g. "g0n1") of a draft's program, as ASP text.
    reading None: a guessed copy; otherwise the question ids answered true."""
    prefix = f"_{name}_"
    text = _template(draft_id, reading is not None).replace(PLACEHOLDER, prefix).replace("_zname_", name)
    facts = "".join(f"{prefix}reading({q}).\n" for q in sorted(reading or ()))
    return text + facts
