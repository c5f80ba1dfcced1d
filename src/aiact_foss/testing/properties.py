"""Properties in the language of the law (outputs.md, "Properties"): a file of ASP
integrity constraints over `holds(D, C)` (C in every outcome of draft D) and
`possible(D, C)` (C in at least one), or a built-in: `consistent`, `determinate`,
`monotone:A,B,PATTERN`. A scenario violates a property when the body of one of its
constraints holds: we solve the scenario under the drafts the property mentions, turn
the results into holds/possible facts (clingo symbols, never text), and solve the
property's constraints over them.

Besides holds/possible, a property may use `status(D, S)` (S one of determinate,
ambiguous, inconsistent; the built-ins are written with it) and helper rules with one
atom in the head. Nothing else: no choice rules, scripts, includes or #show.

Size: over 400 lines because parsing, the closed-language checks and the evaluation share
the signature tables of holds/possible/status and the scenario's facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import clingo
import clingo.ast as cast
from clingo import Function, Number, String

from aiact_foss.engine import bounds
from aiact_foss.engine import conclusions as concl
from aiact_foss.language.vocabulary import DRAFT_IDS, PREDICATES
from aiact_foss.law import asp_subset
from aiact_foss.law.templates import parse_with_strings, pattern_term

STATUSES = ("determinate", "ambiguous", "inconsistent")
VIOLATED = "_violated"  # our head for constraint k (reserved: a helper rule may not use it)


class BadProperty(ValueError):
    """A property that cannot be read (exit 2): one line naming the problem."""

    def __str__(self) -> str:
        from aiact_foss.terminal import safe

        return safe(super().__str__())  # a quoted \r or \n from the file stays on the line


@dataclass(frozen=True)
class Constraint:
    number: int  # 0-based, in file order
    text: str  # as written
    where: str  # "file:line" or "built-in NAME"
    body: tuple[Any, ...]  # AST literals
    location: cast.Location | None = field(default=None, compare=False)  # the constraint's place in its file

    def __str__(self) -> str:
        return f"{self.where}: {self.text}"


@dataclass(frozen=True)
class Property:
    name: str
    drafts: tuple[str, ...]  # the drafts it mentions, in the contract's order
    constraints: tuple[Constraint, ...]
    rules: tuple[Any, ...] = field(default=())  # helper rules (AST)

    def statements(self) -> list[Any]:
        """The property as a program: helper rules, and `_violated(k) :- body.` per constraint."""
        out = list(self.rules)
        for c in self.constraints:
            loc = c.location or _LOC
            head = cast.Literal(loc, cast.Sign.NoSign, cast.SymbolicAtom(
                cast.Function(loc, VIOLATED, [cast.SymbolicTerm(loc, Number(c.number))], 0)))
            out.append(cast.Rule(loc, head, list(c.body)))
        return out


_POS = cast.Position("<property>", 1, 1)
_LOC = cast.Location(_POS, _POS)


# --------------------------------------------------------------------------- reading


def load(spec: str) -> Property:
    """A property file's path, or a built-in."""
    if spec in ("consistent", "determinate"):
        return _builtin(spec)
    if spec.startswith("monotone:"):
        return _monotone(spec)
    path = Path(spec)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise BadProperty(f"--property: cannot read {spec!r} ({getattr(e, 'strerror', None) or e}); "
                          "give a file of ASP constraints or consistent, determinate, monotone:A,B,PATTERN") from None
    return parse(text, spec)


def parse(text: str, source: str) -> Property:
    """A property file's text. Everything outside the property language (law/asp_subset.py,
    PROPERTY) is refused before clingo grounds anything; `#include` and NUL bytes before
    clingo even parses the text."""
    try:
        asp_subset.check_text(text, source, asp_subset.PROPERTY_LANGUAGE)
    except asp_subset.OutsideSubset as e:
        raise BadProperty(str(e)) from None
    _check_ascii_outside_strings(text, source)
    lines = text.splitlines()
    statements: list[Any] = []
    messages: list[str] = []
    try:
        cast.parse_string(text, statements.append, logger=lambda _code, msg: messages.append(msg))
    except RuntimeError:
        first = (messages[0] if messages else "syntax error").strip().splitlines()[0]
        first = first.replace("<string>:", f"{source}:", 1) if first.startswith("<string>:") else f"{source}: {first}"
        raise BadProperty(f"not valid ASP: {first}") from None
    constraints: list[Constraint] = []
    rules: list[Any] = []
    for s in statements:
        try:
            asp_subset.check(s, asp_subset.PROPERTY, source, asp_subset.PROPERTY_LANGUAGE)
        except asp_subset.OutsideSubset as e:
            raise BadProperty(str(e)) from None
        t = s.ast_type
        if t != cast.ASTType.Rule:  # the subset leaves only rules, #program base and comments
            continue
        head = s.head
        if head.atom.ast_type == cast.ASTType.BooleanConstant:
            constraints.append(Constraint(len(constraints), _source_text(lines, s), _where(source, s), tuple(s.body),
                                          s.location))
            continue
        sig = _signature(head.atom)
        if sig is None or sig[0] in ("holds", "possible", "status") or sig[0].startswith("_") \
                or sig in fact_signatures():
            what = "the results define holds, possible, status" if sig and sig[0] in ("holds", "possible", "status") \
                else "a fact of the scenario" if sig in fact_signatures() else "reserved"
            raise BadProperty(f"{_where(source, s)}: a helper rule may not define "
                              f"{sig[0] + '/' + str(sig[1]) if sig else str(head)} ({what})")
        _check_bounded(s, source)
        rules.append(s)
    if not constraints:
        raise BadProperty(f"{source}: no integrity constraint (write `:- possible(\"aia-2024\", ...).`)")
    helpers = {_signature(r.head.atom) for r in rules}
    prop = Property(source, _mentioned_drafts(statements, helpers, source), tuple(constraints), tuple(rules))
    _check_grounds(prop, source)
    return prop


def _check_ascii_outside_strings(text: str, source: str) -> None:
    """ASP names are ASCII; a non-ASCII character outside a string or comment makes clingo
    report one byte of it, which its Python logger cannot decode (an abort, not an
    error). Refused before clingo sees the text (found by benchmarks/fuzz.py)."""
    i, n, line = 0, len(text), 1
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
        elif ch == "\x00":
            raise BadProperty(f"{source}:{line}: a NUL byte (U+0000)")
        elif ch == '"':
            end = i + 1
            while end < n and text[end] not in '"\n\x00':
                if text[end] == "\\":
                    if text[end + 1:end + 2] not in ("\\", '"', "n"):
                        raise BadProperty(f"{source}:{line}: an escape in a string other than \\\\, \\\" or \\n")
                    end += 1
                end += 1
            if end >= n or text[end] != '"':
                raise BadProperty(f"{source}:{line}: a string that does not end on its line")
            i = end
        elif ch == "%":
            if text.startswith("%*", i):
                end = text.find("*%", i + 2)
                end = n if end < 0 else end + 1
            else:
                end = text.find("\n", i)
                end = n if end < 0 else end - 1
            line += text.count("\n", i, end + 1)
            i = end
        elif ord(ch) > 0x7F:
            raise BadProperty(f"{source}:{line}: the character U+{ord(ch):04X} outside a string or comment")
        i += 1


@cache
def fact_signatures() -> frozenset[tuple[str, int]]:
    """The scenario's facts a property may read: the vocabulary `facts` prints, as
    logic/common/input.lp declares it, without `raised/1` (derived by each draft) and
    `pinned/2` (a draft's pins, not the scenario)."""
    from aiact_foss.law import drafts

    out = set()
    for s in drafts.parse_file("common/input.lp"):
        if s.ast.ast_type == cast.ASTType.Defined and (s.ast.name, s.ast.arity) not in (("raised", 1), ("pinned", 2)):
            out.add((s.ast.name, s.ast.arity))
    return frozenset(out)


def _check_bounded(rule: Any, source: str) -> None:
    """A helper rule passes values on and never builds one, so grounding a property is
    finite: its head holds constants and variables only, each variable bound by a
    positive atom of the body (not by a comparison or an aggregate, which could count
    or construct its way up: `n(X+1) :- n(X).` is refused, arithmetic by the subset)."""
    head = rule.head.atom.symbol
    args = head.arguments if head.ast_type == cast.ASTType.Function else []
    for a in args:
        if a.ast_type not in (cast.ASTType.Variable, cast.ASTType.SymbolicTerm):
            raise BadProperty(f"{_where(source, a)}: the head term {a} builds a new term; a helper rule's head "
                              "holds only constants and variables of its body's atoms (so grounding ends)")
    bound: set[str] = set()
    for lit in rule.body:
        if lit.ast_type == cast.ASTType.Literal and lit.sign == cast.Sign.NoSign \
                and lit.atom.ast_type == cast.ASTType.SymbolicAtom:
            bound |= _variables(lit.atom)
    for a in args:
        if a.ast_type == cast.ASTType.Variable and a.name != "_" and a.name not in bound:
            raise BadProperty(f"{_where(source, a)}: the head variable {a.name} is bound by no positive atom of "
                              "the body; a helper rule's head holds only values its body's atoms have (so "
                              "grounding ends)")


def _variables(node: Any) -> set[str]:
    if node.ast_type == cast.ASTType.Variable:
        return {node.name}
    out: set[str] = set()
    for key in node.child_keys:
        child = getattr(node, key)
        if child is None:
            continue
        for c in ([child] if isinstance(child, cast.AST) else child):
            out |= _variables(c)
    return out


def _check_grounds(prop: Property, source: str) -> None:
    """Ground the property once over no facts: unsafe variables and the like are bad
    input now, not a crash in the middle of a search."""
    messages: list[str] = []
    ctl = clingo.Control(["--warn=none"], logger=lambda _code, msg: messages.append(msg))
    try:
        with cast.ProgramBuilder(ctl) as builder:
            for s in prop.statements():
                builder.add(s)
        ctl.ground([("base", [])])
    except RuntimeError:
        import re

        text = "\n".join(messages) or "cannot be grounded"
        m = re.search(r"<string>:(\d+):\d+(?:-\d+)?: error: ([^\n]*?)(?: in:.*)?$", text, re.MULTILINE)
        where, problem = (f"{source}:{m.group(1)}", m.group(2)) if m else (source, text.splitlines()[0])
        notes = re.findall(r"note: ('[^']*' is unsafe)", text)
        raise BadProperty(f"{where}: {problem}" + (f" ({', '.join(notes)})" if notes else "")) from None


def _where(source: str, s: Any) -> str:
    return f"{source}:{s.location.begin.line}"


def _source_text(lines: list[str], s: Any) -> str:
    b, e = s.location.begin, s.location.end
    if b.line == e.line:
        chunk = lines[b.line - 1][b.column - 1:e.column - 1]
    else:
        chunk = "\n".join([lines[b.line - 1][b.column - 1:]] + lines[b.line:e.line - 1] + [lines[e.line - 1][:e.column - 1]])
    return " ".join(chunk.split())


def _signature(atom: Any) -> tuple[str, int] | None:
    sym = atom.symbol if atom.ast_type == cast.ASTType.SymbolicAtom else None
    if sym is None:
        return None
    if sym.ast_type == cast.ASTType.Function:
        return (sym.name, len(sym.arguments))
    if sym.ast_type == cast.ASTType.SymbolicTerm and sym.symbol.type == clingo.SymbolType.Function:
        return (sym.symbol.name, len(sym.symbol.arguments))
    return None


def _atoms(node: Any) -> Any:
    """Every SymbolicAtom below an AST node."""
    if node.ast_type == cast.ASTType.SymbolicAtom:
        yield node
        return
    for key in node.child_keys:
        child = getattr(node, key)
        if child is None:
            continue
        if isinstance(child, cast.AST):
            yield from _atoms(child)
        else:
            for c in child:
                yield from _atoms(c)


def vocabulary() -> str:
    """The predicates a property may read, for error messages."""
    facts_ = ", ".join(f"{n}/{k}" for n, k in sorted(fact_signatures()))
    return f"holds/2, possible/2, status/2, the scenario's facts ({facts_})"


def _mentioned_drafts(statements: Any, helpers: set[Any], source: str) -> tuple[str, ...]:
    known = {("holds", 2), ("possible", 2), ("status", 2)}
    wanted: set[str] = set()
    for s in statements:
        if s.ast_type != cast.ASTType.Rule:
            continue
        for atom in _atoms(s):
            sig = _signature(atom)
            where = _where(source, atom.symbol)
            if sig is None or (sig not in known and sig not in helpers and sig not in fact_signatures()):
                if atom == getattr(s.head, "atom", None):
                    continue
                raise BadProperty(f"{where}: unknown predicate {sig[0] + '/' + str(sig[1]) if sig else str(atom)} "
                                  f"(a property speaks of {vocabulary()} and its own helper rules)")
            if sig not in known:
                continue
            d, c = atom.symbol.arguments
            if d.ast_type == cast.ASTType.SymbolicTerm:
                if d.symbol.type != clingo.SymbolType.String or d.symbol.string not in DRAFT_IDS:
                    raise BadProperty(f"{where}: unknown draft {str(d)} (write a draft id as a string: "
                                      f"\"{DRAFT_IDS[-1]}\")")
                wanted.add(d.symbol.string)
            else:
                wanted.update(DRAFT_IDS)
            _check_term(c, sig[0], where)
    if not wanted:
        raise BadProperty(f"{source}: the property mentions no draft (use holds/possible/status)")
    from aiact_foss.law import drafts

    missing = [d for d in wanted if d not in drafts.available()]
    if missing and len(wanted) != len(DRAFT_IDS):
        raise BadProperty(f"{source}: draft {missing[0]} is not encoded")
    return tuple(d for d in drafts.available() if d in wanted)


def _check_term(term: Any, pred: str, where: str) -> None:
    if pred == "status":
        if term.ast_type == cast.ASTType.SymbolicTerm and str(term) not in STATUSES:
            raise BadProperty(f"{where}: status is one of {', '.join(STATUSES)}, not {term}")
        return
    name = arity = None
    if term.ast_type == cast.ASTType.Function:
        name, arity = term.name, len(term.arguments)
    elif term.ast_type == cast.ASTType.SymbolicTerm and term.symbol.type == clingo.SymbolType.Function:
        name, arity = term.symbol.name, len(term.symbol.arguments)
    elif term.ast_type == cast.ASTType.SymbolicTerm:
        raise BadProperty(f"{where}: {term} is not a conclusion")
    if name is not None:
        if name not in PREDICATES:
            raise BadProperty(f"{where}: unknown conclusion predicate {name!r}")
        if arity != len(PREDICATES[name]):
            raise BadProperty(f"{where}: {name} takes {len(PREDICATES[name])} argument(s), not {arity}")


# --------------------------------------------------------------------------- built-ins


def _from_template(name: str, text: str, strings: dict[str, str], drafts_: tuple[str, ...], shown: str) -> Property:
    """A built-in from ASP text whose variables named in `strings` become string terms
    (ids go in as symbols, never pasted into the text)."""
    rules = [s for s in parse_with_strings(text, strings) if s.ast_type == cast.ASTType.Rule]
    cons = tuple(Constraint(k, shown, f"built-in {name}", tuple(r.body)) for k, r in enumerate(rules))
    return Property(name, drafts_, cons)


def _builtin(name: str) -> Property:
    from aiact_foss.law import drafts

    every = tuple(drafts.available())
    if not every:
        raise BadProperty("no draft is encoded")
    if name == "consistent":
        return _from_template(name, ":- status(D, inconsistent).", {}, every, "every draft has an outcome")
    return _from_template(name, ":- status(D, S), S != determinate.", {}, every, "every draft has exactly one outcome")


def _monotone(spec: str) -> Property:
    from aiact_foss.law import drafts

    rest = spec[len("monotone:"):]
    parts = rest.split(",", 2)
    if len(parts) != 3:
        raise BadProperty(f"--property {spec!r}: write monotone:A,B,PATTERN")
    a, b, pattern = parts[0].strip(), parts[1].strip(), parts[2].strip()
    for d in (a, b):
        if d not in drafts.available():
            raise BadProperty(f"--property monotone: unknown draft {d!r} (encoded: {', '.join(drafts.available())})")
    try:
        p = concl.parse(pattern, pattern=True)
    except concl.ConclusionSyntaxError as e:
        raise BadProperty(f"--property monotone: {e}") from None
    term, strings = pattern_term(p, {"DA": a, "DB": b})
    shown = f"every {p} possible in {a} is possible in {b}"
    return _from_template(spec, f":- possible(DA, {term}), not possible(DB, {term}).", strings,
                          tuple(d for d in drafts.available() if d in (a, b)), shown)


# --------------------------------------------------------------------------- evaluating


def conclusion_symbol(c: concl.Conclusion) -> clingo.Symbol:
    """A conclusion as the term a property file writes: ids strings, duties constants,
    counts integers."""
    args = []
    for kind, a in zip(PREDICATES[c.predicate], c.args):
        if kind == "duty":
            args.append(Function(a))
        elif kind in ("count", "date"):
            args.append(Number(a))
        else:
            args.append(String(a))
    return Function(c.predicate, args)


@dataclass(frozen=True)
class DraftSets:
    """What a property sees of one draft's result."""

    draft: str
    status: str
    always: frozenset[Any]
    possible: frozenset[Any]


def draft_sets(scn: Any, draft: str, pins: dict[str, bool] | None = None) -> DraftSets:
    """Status, always and possible of `scn` under `draft`, as `solve` computes them."""
    from aiact_foss.engine import solving
    from aiact_foss.language import facts
    from aiact_foss.law import questions

    if pins is None:
        pins = questions.pins_for(draft, scn.assume, None, {})
    solver = solving.DraftSolver(draft, facts.build(scn, pins), pins)
    raw = solver.outcomes()
    if not raw:
        return DraftSets(draft, "inconsistent", frozenset(), frozenset())
    always = frozenset(solver.to_conclusion(s) for s in frozenset.intersection(*raw))
    possible = frozenset(solver.to_conclusion(s) for s in frozenset.union(*raw))
    return DraftSets(draft, "determinate" if len(raw) == 1 else "ambiguous", always, possible)


def facts_of(sets: list[DraftSets]) -> list[clingo.Symbol]:
    out = []
    for s in sets:
        d = String(s.draft)
        out.append(Function("status", [d, Function(s.status)]))
        out.extend(Function("holds", [d, conclusion_symbol(c)]) for c in sorted(s.always, key=concl.Conclusion.sort_key))
        out.extend(Function("possible", [d, conclusion_symbol(c)]) for c in sorted(s.possible, key=concl.Conclusion.sort_key))
    return out


def violated_by_sets(prop: Property, sets: list[DraftSets], scenario: list[clingo.Symbol] | None = None
                     ) -> list[Constraint]:
    """The constraints of `prop` whose body holds over these results and the scenario's
    facts (`facts.build(scn).facts`; an unknown field gives no fact)."""
    ctl = bounds.control(["--warn=none"])
    with cast.ProgramBuilder(ctl) as builder:
        for s in prop.statements():
            builder.add(s)
    # facts as text printed from their symbols (see solving._add_facts on the backend)
    given = facts_of(sets) + [a for a in (scenario or ()) if (a.name, len(a.arguments)) in fact_signatures()]
    ctl.add("base", [], "".join(f"{atom}.\n" for atom in given))
    ctl.ground([("base", [])])
    hit: set[int] = set()
    with ctl.solve(yield_=True) as handle:
        for model in handle:
            hit = {s.arguments[0].number for s in model.symbols(atoms=True) if s.match(VIOLATED, 1)}
            break
    return [c for c in prop.constraints if c.number in hit]


def violated(prop: Property, scn: Any) -> list[Constraint]:
    """The constraints of `prop` that `scn` violates."""
    from aiact_foss.language import facts

    return violated_by_sets(prop, [draft_sets(scn, d) for d in prop.drafts], facts.build(scn).facts)
