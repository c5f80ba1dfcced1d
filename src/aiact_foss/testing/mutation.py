"""Mutation testing of the law (docs/testing.md, "Mutation testing"): every rule of every
text of logic/ is mutated through clingo's AST (delete the rule, drop one body literal,
negate one, shift a numeric comparison) and each mutant is checked against the casebook
in-process. A mutant is killed when some expectation of some scenario file fails under a
draft whose program holds the mutated rule.

Speed: the law is parsed once (law.drafts caches the ASTs), each case's facts are printed
once, and a mutant's outcomes are first compared with the unmutated program's: only a case
whose outcomes moved has its expectations checked. Cases are tried killer-first (the case
that killed the previous mutant of the same rule).

Equivalent mutants (no scenario of the language can tell them from the law) are listed
once, with a reason, in tests/mutation/equivalent.yaml; they are left out of the score.

Size: over 400 lines because the operators, the in-process runner and the report are one
development tool, used by CI and docs/testing.md, never on a user's path.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import clingo
import yaml
from clingo import ast

from aiact_foss.engine import conclusions
from aiact_foss.language import facts
from aiact_foss.language.validate import load_scenario
from aiact_foss.law import drafts, questions
from aiact_foss.testing.checking import find_files

OPERATORS = ("delete", "drop", "negate", "shift")
STRICTER = {
    ast.ComparisonOperator.GreaterThan: ast.ComparisonOperator.GreaterEqual,
    ast.ComparisonOperator.GreaterEqual: ast.ComparisonOperator.GreaterThan,
    ast.ComparisonOperator.LessThan: ast.ComparisonOperator.LessEqual,
    ast.ComparisonOperator.LessEqual: ast.ComparisonOperator.LessThan,
}


@dataclass(frozen=True)
class Mutant:
    id: str  # "<file>#<rule hash>:<operator>[:<literal>[<shift>]]", stable under edits elsewhere
    file: str  # below logic/
    line: int
    label: str | None
    operator: str
    rule: str  # the rule as clingo prints it
    mutated: str  # the mutant as clingo prints it ("" when deleted)
    ast: Any  # the mutated statement, None when deleted
    original: Any  # the statement it replaces

    @property
    def text(self) -> str:
        """The text (draft folder, or `common`) the rule belongs to."""
        parts = self.file.split("/")
        return parts[1] if parts[0] == "drafts" else "common"


def _rule_key(stm: Any) -> str:
    return hashlib.sha1(str(stm).encode("utf-8")).hexdigest()[:8]


def _is_rule(stm: Any) -> bool:
    return bool(stm.ast_type == ast.ASTType.Rule)


def _numbers(lit: Any) -> list[int]:
    """Indexes of the guards of a comparison literal whose term is a number."""
    if lit.ast_type != ast.ASTType.Literal or lit.atom.ast_type != ast.ASTType.Comparison:
        return []
    out = []
    for k, g in enumerate(lit.atom.guards):
        t = g.term
        if t.ast_type == ast.ASTType.SymbolicTerm and t.symbol.type == clingo.SymbolType.Number:
            out.append(k)
    if lit.atom.term.ast_type == ast.ASTType.SymbolicTerm and lit.atom.term.symbol.type == clingo.SymbolType.Number:
        out.append(-1)  # the left term
    return out


def _shifted(lit: Any, k: int, how: str) -> Any:
    cmp = lit.atom
    if how == "strict":
        guards = list(cmp.guards)
        g = guards[max(k, 0)]
        if g.comparison not in STRICTER:
            return None
        guards[max(k, 0)] = g.update(comparison=STRICTER[g.comparison])
        return lit.update(atom=cmp.update(guards=guards))
    delta = 1 if how == "+1" else -1

    def bump(term: Any) -> Any:
        return term.update(symbol=clingo.Number(term.symbol.number + delta))

    if k == -1:
        return lit.update(atom=cmp.update(term=bump(cmp.term)))
    guards = list(cmp.guards)
    guards[k] = guards[k].update(term=bump(guards[k].term))
    return lit.update(atom=cmp.update(guards=guards))


def mutants_of(stm: drafts.Statement, operators: Sequence[str] = OPERATORS) -> Iterator[Mutant]:
    """The mutants of one parsed statement (none for directives)."""
    rule: Any = stm.ast
    if not _is_rule(rule):
        return
    base = f"{stm.file}#{_rule_key(rule)}"
    text = str(rule)

    def make(suffix: str, op: str, new: Any) -> Mutant:
        return Mutant(f"{base}:{suffix}", stm.file, stm.line, stm.label, op, text,
                      "" if new is None else str(new), new, rule)

    if "delete" in operators:
        yield make("delete", "delete", None)
    body = list(rule.body)
    for i, lit in enumerate(body):
        if "drop" in operators:
            yield make(f"drop:{i}", "drop", rule.update(body=body[:i] + body[i + 1:]))
        if "negate" in operators and lit.ast_type == ast.ASTType.Literal and lit.atom.ast_type in (
                ast.ASTType.SymbolicAtom, ast.ASTType.Comparison):
            sign = ast.Sign.NoSign if lit.sign != ast.Sign.NoSign else ast.Sign.Negation
            yield make(f"negate:{i}", "negate", rule.update(body=body[:i] + [lit.update(sign=sign)] + body[i + 1:]))
        if "shift" in operators:
            for k in _numbers(lit):
                for how in ("+1", "-1", "strict"):
                    new = _shifted(lit, k, how)
                    if new is not None:
                        yield make(f"shift:{i}:{k}{how}", "shift",
                                   rule.update(body=body[:i] + [new] + body[i + 1:]))


def _files() -> list[str]:
    """Every .lp file of logic/ some draft's program uses, in a stable order."""
    seen: dict[str, None] = {}
    for d in drafts.available():
        for s in drafts.statements(d):
            seen.setdefault(s.file)
    return sorted(seen)


def all_mutants(files: Iterable[str] | None = None, operators: Sequence[str] = OPERATORS) -> list[Mutant]:
    wanted = set(files) if files is not None else None
    out: list[Mutant] = []
    for f in _files():
        if wanted is not None and f not in wanted:
            continue
        counts: dict[str, int] = {}
        for s in drafts.parse_file(f):
            for m in mutants_of(s, operators):
                n = counts.get(m.id, 0)
                counts[m.id] = n + 1
                out.append(m if n == 0 else _renamed(m, f"{m.id}~{n}"))  # a rule repeated in one file
    return out


def _renamed(m: Mutant, new_id: str) -> Mutant:
    return Mutant(new_id, m.file, m.line, m.label, m.operator, m.rule, m.mutated, m.ast, m.original)


# -- the casebook, in-process --------------------------------------------------------


@dataclass
class Case:
    path: str  # scenario file
    draft: str
    facts: str  # the scenario's facts and the draft's pins, as program text
    status: str | None
    always: frozenset[conclusions.Conclusion]
    sometimes: frozenset[conclusions.Conclusion]
    never: frozenset[conclusions.Conclusion]
    baseline: frozenset[frozenset[clingo.Symbol]] | None = None
    present: frozenset[tuple[str, int]] = frozenset()  # predicates with a ground atom


def load_cases(paths: Sequence[str]) -> list[Case]:
    out: list[Case] = []
    encoded = set(drafts.available())
    for path in find_files(list(paths)):
        scn, _ = load_scenario(path)
        base = facts.build(scn)
        for d, exp in scn.expect.items():
            if d not in encoded:
                continue
            pins = questions.pins_for(d, scn.assume, None, {})
            text = facts.program_text(facts.with_pins(base, pins))
            out.append(Case(path, d, text, exp.status,
                            frozenset(conclusions.from_expect(i) for i in exp.always),
                            frozenset(conclusions.from_expect(i) for i in exp.sometimes),
                            frozenset(conclusions.from_expect(i) for i in exp.never)))
    return out


class InvalidMutant(Exception):
    """The mutant is no program (unsafe variables, say): it is not counted."""


def _quiet(_code: clingo.MessageCode, _msg: str) -> None:
    pass


def outcomes(program: Sequence[Any], facts_text: str, case: Case | None = None) -> frozenset[frozenset[clingo.Symbol]]:
    """The distinct outcomes (shown atoms) of a program on one case's facts (`case`: also
    record which predicates have ground atoms)."""
    ctl = clingo.Control(["--warn=none", "--project=show", "--models=0"], logger=_quiet)
    try:
        with ast.ProgramBuilder(ctl) as builder:
            for stm in program:
                builder.add(stm)
        ctl.add("base", [], facts_text)
        ctl.ground([("base", [])])
    except RuntimeError as e:
        raise InvalidMutant(str(e)) from e
    if case is not None:
        atoms = ctl.symbolic_atoms
        case.present = frozenset((name, arity) for name, arity, pos in atoms.signatures
                                 if any(True for _ in atoms.by_signature(name, arity, pos)))
    seen: set[frozenset[clingo.Symbol]] = set()
    with ctl.solve(yield_=True) as handle:
        for model in handle:
            seen.add(frozenset(model.symbols(shown=True)))
    return frozenset(seen)


def _check_valid(program: Sequence[Any]) -> None:
    """Raise InvalidMutant when the program does not ground (an unsafe variable, say),
    whatever the facts: a mutant's validity must not depend on the cases tried."""
    ctl = clingo.Control(["--warn=none"], logger=_quiet)
    try:
        with ast.ProgramBuilder(ctl) as builder:
            for stm in program:
                builder.add(stm)
        ctl.ground([("base", [])])
    except RuntimeError as e:
        raise InvalidMutant(str(e)) from e


_CONCL: dict[clingo.Symbol, conclusions.Conclusion] = {}


def _concl(sym: clingo.Symbol) -> conclusions.Conclusion:
    c = _CONCL.get(sym)
    if c is None:
        c = _CONCL[sym] = conclusions.from_symbol(sym)
    return c


def failures(case: Case, outs: frozenset[frozenset[clingo.Symbol]]) -> list[str]:
    """The case's failed expectations under these outcomes (check's semantics)."""
    sets = [frozenset(_concl(s) for s in o) for o in outs]
    always: frozenset[conclusions.Conclusion] = frozenset.intersection(*sets) if sets else frozenset()
    possible: frozenset[conclusions.Conclusion] = frozenset().union(*sets)
    status = "inconsistent" if not sets else "determinate" if len(sets) == 1 else "ambiguous"
    out = []
    if case.status is not None and status != case.status:
        out.append(f"status is {status}, expected {case.status}")
    out += [f"always {c}" for c in sorted(case.always - always, key=str)]
    out += [f"sometimes {c}" for c in sorted(case.sometimes - possible, key=str)]
    out += [f"never {c}" for c in sorted(case.never & possible, key=str)]
    return out


# -- running ---------------------------------------------------------------------------


@dataclass
class Verdict:
    mutant: Mutant
    status: str  # killed | survived | invalid | equivalent
    by: str = ""  # the killing case: "file: draft: expectation"


@dataclass
class Run:
    verdicts: list[Verdict] = field(default_factory=list)
    seconds: float = 0.0
    cases: int = 0
    solves: int = 0


def equivalents(path: Path) -> dict[str, dict[str, str]]:
    """The checked-in equivalent mutants: id -> {rule, mutated, reason}."""
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return {str(e["id"]): e for e in data}


def run(mutants: Sequence[Mutant], cases: list[Case], equivalent: dict[str, dict[str, str]] | None = None,
        progress: bool = False, verify: bool = False) -> Run:
    """Check each mutant against the cases. A listed equivalent mutant is not run, unless
    `verify`: then it is run too, and one that a case kills is reported killed ("listed as
    equivalent") so that the list cannot hide a tested mutant."""
    start = time.perf_counter()
    equivalent = equivalent or {}
    programs = {d: list(drafts.statements(d)) for d in drafts.available()}
    result = Run(cases=len(cases))
    for c in cases:
        c.baseline = outcomes([s.ast for s in programs[c.draft]], c.facts, c)
        bad = failures(c, c.baseline)
        if bad:
            raise RuntimeError(f"{c.path}: {c.draft}: the unmutated law fails the casebook: {bad[0]}")
    killer: dict[str, int] = {}  # rule -> index of the case that last killed one of its mutants
    for n, m in enumerate(mutants):
        if progress and n % 50 == 0:
            print(f"  {n}/{len(mutants)} ({time.perf_counter() - start:.0f}s)", file=sys.stderr)
        if m.id in equivalent and not verify:
            result.verdicts.append(Verdict(m, "equivalent", equivalent[m.id].get("reason", "")))
            continue
        users = {d for d, prog in programs.items() if any(s.ast is m.original for s in prog)}
        order = list(range(len(cases)))
        first = killer.get(m.rule)
        if first is not None:
            order.remove(first)
            order.insert(0, first)
        verdict = Verdict(m, "survived")
        try:
            if m.ast is not None:
                _check_valid(_mutated(programs[min(users)], m))
            for k in order:
                c = cases[k]
                if c.draft not in users or _inert(m, c):
                    continue
                prog = _mutated(programs[c.draft], m)
                result.solves += 1
                outs = outcomes(prog, c.facts)
                if outs == c.baseline:
                    continue
                bad = failures(c, outs)
                if bad:
                    verdict = Verdict(m, "killed", f"{c.path}: {c.draft}: {bad[0]}")
                    killer[m.rule] = k
                    break
        except InvalidMutant as e:
            verdict = Verdict(m, "invalid", str(e).splitlines()[0] if str(e) else "invalid")
        if m.id in equivalent:
            if verdict.status == "survived":
                verdict = Verdict(m, "equivalent", equivalent[m.id].get("reason", ""))
            elif verdict.status == "killed":
                verdict.by += " (listed as equivalent)"
        result.verdicts.append(verdict)
    result.seconds = time.perf_counter() - start
    return result


# -- the report --------------------------------------------------------------------------


def _positive(rule: Any) -> frozenset[tuple[str, int]]:
    """The predicates of a rule's positive body atoms."""
    out = set()
    for lit in rule.body:
        if (lit.ast_type == ast.ASTType.Literal and lit.sign == ast.Sign.NoSign
                and lit.atom.ast_type == ast.ASTType.SymbolicAtom):
            sym = lit.atom.symbol
            if sym.ast_type == ast.ASTType.Function:
                out.add((sym.name, len(sym.arguments)))
    return frozenset(out)


def _mutated(program: Sequence[drafts.Statement], m: Mutant) -> list[Any]:
    """The program with the mutant in place of its rule (or without it)."""
    return [m.ast if s.ast is m.original else s.ast for s in program
            if not (s.ast is m.original and m.ast is None)]


def _inert(m: Mutant, case: Case) -> bool:
    """Neither the rule nor its mutant can fire on this case: each needs a predicate that
    has no ground atom in the unmutated program (and so none in the mutant's)."""
    if not _positive(m.original) - case.present:
        return False
    return m.ast is None or bool(_positive(m.ast) - case.present)


def _score(vs: list[Verdict]) -> tuple[int, int, int, int, str]:
    killed = sum(v.status == "killed" for v in vs)
    survived = sum(v.status == "survived" for v in vs)
    equiv = sum(v.status == "equivalent" for v in vs)
    invalid = sum(v.status == "invalid" for v in vs)
    counted = killed + survived
    pct = f"{100 * killed / counted:.1f}%" if counted else "-"
    return killed, survived, equiv, invalid, pct


def report(r: Run) -> str:
    """Markdown: the score per text and per provision file, then every survivor."""
    lines = ["| text | file | mutants | killed | survived | equivalent | invalid | score |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    by_text: dict[str, list[Verdict]] = {}
    by_file: dict[str, list[Verdict]] = {}
    for v in r.verdicts:
        by_text.setdefault(v.mutant.text, []).append(v)
        by_file.setdefault(v.mutant.file, []).append(v)
    for text in sorted(by_text, key=lambda t: (t != "common", t)):
        k, s, e, i, pct = _score(by_text[text])
        lines.append(f"| **{text}** | (all) | {len(by_text[text])} | {k} | {s} | {e} | {i} | **{pct}** |")
        for f in sorted(x for x in by_file if by_file[x][0].mutant.text == text):
            k, s, e, i, pct = _score(by_file[f])
            lines.append(f"| {text} | {f} | {len(by_file[f])} | {k} | {s} | {e} | {i} | {pct} |")
    k, s, e, i, pct = _score(r.verdicts)
    lines.append(f"| **all** | | {len(r.verdicts)} | {k} | {s} | {e} | {i} | **{pct}** |")
    lines.append("")
    lines.append(f"{len(r.verdicts)} mutants, {r.cases} casebook cases (file x draft), {r.solves} solves, "
                 f"{r.seconds:.1f}s.")
    wrongly = [v for v in r.verdicts if v.by.endswith("(listed as equivalent)")]
    if wrongly:
        lines += ["", "## Listed as equivalent but killed (remove from the list)", ""]
        lines += [f"- `{v.mutant.id}`: {v.by}" for v in wrongly]
    survivors = [v for v in r.verdicts if v.status == "survived"]
    if survivors:
        lines += ["", "## Survivors", ""]
        for v in survivors:
            m = v.mutant
            lines.append(f"- `{m.id}` (logic/{m.file}:{m.line}, {m.label or 'plumbing'}): "
                         f"`{m.mutated or '(deleted) ' + m.rule}`")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    root = Path(__file__).resolve().parents[3]
    p = argparse.ArgumentParser(prog="python -m aiact_foss.testing.mutation",
                                description="Mutation testing of logic/ against the casebook.")
    p.add_argument("--scenarios", nargs="*", default=[str(root / "scenarios")])
    p.add_argument("--file", action="append", help="only the rules of this file below logic/ (repeatable)")
    p.add_argument("--text", action="append", help="only the rules of this text (common or a draft id; repeatable)")
    p.add_argument("--operators", default=",".join(OPERATORS), help="comma list of " + ", ".join(OPERATORS))
    p.add_argument("--equivalent", default=str(root / "tests" / "mutation" / "equivalent.yaml"))
    p.add_argument("--out", help="write the report (markdown) here as well")
    p.add_argument("--verify-equivalents", action="store_true",
                   help="run the listed equivalent mutants too; a killed one is reported killed")
    p.add_argument("--fail-under", type=float, default=None,
                   help="exit 1 when the score (killed / counted) is below this percentage")
    a = p.parse_args(argv)
    ops = tuple(o.strip() for o in a.operators.split(",") if o.strip())
    unknown = [o for o in ops if o not in OPERATORS]
    if unknown:
        print(f"mutation: unknown operator {unknown[0]!r} (one of {', '.join(OPERATORS)})", file=sys.stderr)
        return 2
    ms = all_mutants(a.file, ops)
    if a.text:
        ms = [m for m in ms if m.text in set(a.text)]
    r = run(ms, load_cases(a.scenarios), equivalents(Path(a.equivalent)), progress=True,
            verify=a.verify_equivalents)
    text = report(r)
    print(text, end="")
    if a.out:
        Path(a.out).write_text(text, encoding="utf-8")
    k, s, *_ = _score(r.verdicts)
    if a.fail_under is not None and k + s and 100 * k / (k + s) < a.fail_under:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
