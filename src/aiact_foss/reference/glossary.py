"""Which provisions produce each conclusion predicate and each duty id, per draft, read
from the drafts' programs in logic/ (a rule's head and the provision label above it)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from aiact_foss.language.vocabulary import DUTIES, PREDICATES
from aiact_foss.law import drafts


def _heads(stm: Any) -> list[tuple[str, list[Any]]]:
    """(name, arguments) of the atoms a rule can derive."""
    from clingo import ast

    if stm.ast_type != ast.ASTType.Rule:
        return []
    head = stm.head
    literals = []
    if head.ast_type == ast.ASTType.Literal:
        literals = [head]
    elif head.ast_type in (ast.ASTType.Disjunction, ast.ASTType.Aggregate):
        literals = [e.literal for e in head.elements]
    out = []
    for lit in literals:
        atom = lit.atom
        if atom.ast_type == ast.ASTType.SymbolicAtom and atom.symbol.ast_type == ast.ASTType.Function:
            out.append((atom.symbol.name, list(atom.symbol.arguments)))
    return out


def _constant(term: Any) -> str | None:
    from clingo import ast

    if term.ast_type == ast.ASTType.SymbolicTerm and term.symbol.type.name == "Function":
        return str(term.symbol.name)
    if term.ast_type == ast.ASTType.Function and not term.arguments:
        return str(term.name)
    return None


@cache
def producers(draft_id: str) -> dict[str, tuple[str, ...]]:
    """predicate or duty id -> the provision refs (in program order, once each) of the
    draft's rules that derive it; a duty counts through obligation/3 and lifted/3."""
    provs = drafts.provisions(draft_id)
    out: dict[str, dict[str, None]] = {}
    for s in drafts.statements(draft_id):
        if not s.label:
            continue
        ref = provs[s.label].ref if s.label in provs else s.label
        for name, args in _heads(s.ast):
            if name in PREDICATES:
                out.setdefault(name, {})[ref] = None
            if name in ("obligation", "lifted") and len(args) == 3:
                duty = _constant(args[2])
                if duty in DUTIES:
                    out.setdefault(duty, {})[f"{ref} ({name})"] = None
    return {k: tuple(v) for k, v in out.items()}


_NAME = re.compile(r"\b([a-z_][A-Za-z0-9_]*)\(")


@cache
def body_predicates(draft_id: str) -> frozenset[str]:
    """The names of the atoms the draft's rules read (in their bodies), which tells which
    of the scenario's facts a draft reads."""
    from clingo import ast

    out: set[str] = set()
    for s in drafts.statements(draft_id):
        if s.ast.ast_type == ast.ASTType.Rule:
            out |= {m for lit in s.ast.body for m in _NAME.findall(str(lit))}
    return frozenset(out)


def readers(predicates: tuple[str, ...]) -> tuple[str, ...]:
    """The drafts whose rules read any of the predicates (a field's facts)."""
    return tuple(d for d in drafts.available() if body_predicates(d) & set(predicates))
