"""Explanation graphs built from one answer set (outputs.md, `explain`).

WHY a true atom holds: every rule instance that derives it with a true body (a support);
positive conditions recurse, negated ones become absences (explained by the why-not),
facts, questions answered false or unknowns. WHY-NOT a false atom: for each rule that
could derive it, the condition that fails first on every partial instance, or the
negated condition whose atom holds (the defeater, explained in turn, edge `defeats`).
Plumbing rules are not nodes: their conditions attach to the labelled rule above them.

A support is kept only if it cannot close a cycle: its positive conditions lie in a
lower strongly connected component of the dependency graph, or at a lower derivation
level within the same one. The graph is therefore a DAG, and every true atom keeps at
least its well-founded derivation."""

from __future__ import annotations

import json
from typing import Any

from clingo import Function, Symbol

from aiact_foss.engine.results import plain
from aiact_foss.explain.evaluate import Evaluator, Failure, Instance, Interpretation
from aiact_foss.explain.labels import Labeller
from aiact_foss.explain.nodes import Node
from aiact_foss.explain.program import (
    Agg,
    Atom,
    Cmp,
    Lit,
    Rule,
    Val,
    Var,
    compile_draft,
    variables,
)
from aiact_foss.explain.terms import ground, signature, substitute, symbol_of
from aiact_foss.language.facts import FactBase
from aiact_foss.law import drafts

MAX_FAILURES = 24  # failed conditions listed per rule in a why-not


def pattern_key(atom: Atom) -> str:
    """A canonical text for an atom pattern: open arguments print as `_`."""
    def term(t: Any) -> str:
        if isinstance(t, Val):
            return str(t.symbol)
        if isinstance(t, Var):
            return "_"
        return str(t)

    return f"{atom.name}({','.join(term(a) for a in atom.args)})"


def _args(atom: Atom) -> list[Any]:
    return [a.symbol if isinstance(a, Val) else None for a in atom.args]


class Shared:
    """What every builder of one scenario under one draft reads alike, made once: the
    labels, the fields behind atoms, and the last answer set indexed (the next one is
    indexed from it: the outcomes of a scenario share most of their atoms)."""

    def __init__(self, draft: str, fb: FactBase, question_texts: dict[str, str]) -> None:
        self.program = compile_draft(draft)
        self.labels = Labeller(fb, question_texts)
        self.provisions = drafts.provisions(draft)
        self.true_field = fb.provenance()
        self.false_field = {a: (f.path, f.value) for f in fb.fields for a in f.false_atoms}
        self.last: Interpretation | None = None

    def interpretation(self, atoms: Any) -> Interpretation:
        self.last = Interpretation(atoms, like=self.last)
        return self.last


class Builder:
    """Builds the explanation graph of one or more atoms in one answer set."""

    def __init__(self, draft: str, atoms: Any, fb: FactBase, pins: dict[str, bool], shared: Shared) -> None:
        self.draft, self.pins = draft, pins
        self.program = shared.program
        self.interp = shared.interpretation(atoms)
        self.ev = Evaluator(self.program, self.interp)
        self.labels = shared.labels
        self.provisions = shared.provisions
        self.true_field = shared.true_field
        self.false_field = shared.false_field
        self.unknown = {}
        for v in fb.variables:
            chosen = next((val for val, a in zip(v.values, v.atoms) if a is not None and a in self.interp), False)
            for a in v.atoms:
                if a is not None:
                    self.unknown[a] = (v.path, chosen)
        self.nodes: dict[tuple[Any, ...], Node] = {}
        self.edges: dict[tuple[Any, ...], None] = {}
        self.into: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}  # target -> [(source, role)]: finish() walks from the roots
        self.sorted_into: dict[tuple[Any, ...], Any] = {}  # nodes.reach's memo
        self.supports: dict[Symbol, list[Instance]] = {}
        self.level: dict[Symbol, int] = {}
        self.scc: dict[Symbol, int] = {}
        self.reasons_memo: dict[Symbol, list[Any]] = {}
        self.absent_memo: dict[str, list[Any]] = {}
        self.in_why: set[Symbol] = set()
        self.in_why_not: set[str] = set()

    # -- predicates ----------------------------------------------------------------------
    def is_input(self, sig: Any) -> bool:
        return sig in self.program.input_sigs

    def derivable(self, sig: Any) -> bool:
        return sig in self.program.by_head and not self.is_input(sig) and sig != ("yes", 1)

    # -- nodes and edges -------------------------------------------------------------------
    def add(self, key: tuple[Any, ...], kind: str, label: str, **data: Any) -> tuple[Any, ...]:
        if key not in self.nodes:
            self.nodes[key] = Node(key, kind, label, data)
        return key

    def edge(self, source: tuple[Any, ...], target: tuple[Any, ...], role: str = "supports") -> None:
        if source != target and (source, target, role) not in self.edges:
            self.edges[(source, target, role)] = None
            self.into.setdefault(target, []).append((source, role))

    def rule_node(self, rule: Rule, key: tuple[Any, ...], label: str, applies: bool) -> tuple[Any, ...]:
        p = self.provisions.get(rule.label) if rule.label is not None else None
        provision = {"draft": p.draft if p else self.draft, "ref": p.ref if p else rule.label,
                     "text": p.text if p else "", "url": p.url if p else ""}
        ref = provision["ref"]
        text = f"{ref}: {label}" if applies else f"{ref} would establish that {label}, but does not apply"
        self.add(key, "rule", text, provision=provision)
        self.nodes[key].applies = applies
        self.nodes[key].label_id = rule.label
        return key

    def fact(self, path: str, value: Any) -> tuple[Any, ...]:
        as_json = plain(value)
        key = ("fact", path, json.dumps(as_json, sort_keys=True, default=str))
        return self.add(key, "fact", self.labels.field(path, value), path=path, value=as_json)

    def question(self, q: str, value: bool) -> tuple[Any, ...]:
        pinned = q in self.pins
        return self.add(("question", q, value), "question", self.labels.question(q, value, pinned),
                        question=q, value=value, pinned=pinned)

    def unknown_node(self, sym: Symbol) -> tuple[Any, ...]:
        path, value = self.unknown[sym]
        return self.add(("unknown", path), "unknown", self.labels.unknown(path, value), path=path, value=plain(value))

    def absence(self, key: tuple[Any, ...], text: str) -> tuple[Any, ...]:
        return self.add(key, "absence", text)

    # -- levels: which supports are kept ---------------------------------------------------
    def _cone(self, root: Symbol) -> None:
        """Supports of every derived atom root depends on positively, with derivation
        levels and strongly connected components (for the cycle test)."""
        new, stack = [], [root]
        while stack:
            a = stack.pop()
            if a in self.supports or not self.derivable(signature(a)):
                continue
            self.supports[a] = self.ev.instances(a)
            new.append(a)
            for inst in self.supports[a]:
                stack.extend(b for b in inst.positive_atoms() if b not in self.supports)
        deps = {a: [[b for b in i.positive_atoms() if b in self.supports] for i in self.supports[a]] for a in new}
        changed = True
        while changed:
            changed = False
            for a in new:
                for ds in deps[a]:
                    if all(b in self.level for b in ds):
                        lv = 1 + max((self.level[b] for b in ds), default=0)
                        if lv < self.level.get(a, 1 << 30):
                            self.level[a] = lv
                            changed = True
        self._components(new, deps)

    def _components(self, atoms: list[Any], deps: dict[Any, Any]) -> None:
        """Tarjan's strongly connected components, iteratively, over the new atoms."""
        succ = {a: list(dict.fromkeys(b for ds in deps[a] for b in ds if b in deps)) for a in atoms}
        index: dict[Any, Any] = {}
        low: dict[Any, Any] = {}
        on, stack, counter = set(), [], [len(self.scc)]
        for start in atoms:
            if start in index:
                continue
            work = [(start, 0)]
            index[start] = low[start] = len(index)
            stack.append(start)
            on.add(start)
            while work:
                v, i = work[-1]
                if i < len(succ[v]):
                    work[-1] = (v, i + 1)
                    w = succ[v][i]
                    if w not in index:
                        index[w] = low[w] = len(index)
                        stack.append(w)
                        on.add(w)
                        work.append((w, 0))
                    elif w in on:
                        low[v] = min(low[v], index[w])
                    continue
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    counter[0] += 1
                    while True:
                        w = stack.pop()
                        on.discard(w)
                        self.scc[w] = counter[0]
                        if w == v:
                            break

    def kept(self, a: Symbol) -> list[Instance]:
        if a not in self.supports:
            self._cone(a)
        out = []
        for inst in self.supports[a]:
            ds = [b for b in inst.positive_atoms() if b in self.supports]
            if all(b in self.level and (self.scc[b] != self.scc[a] or self.level[b] < self.level[a]) for b in ds):
                out.append(inst)
        return out

    # -- why ----------------------------------------------------------------------------------
    def reasons(self, sym: Symbol) -> list[tuple[Any, ...]]:
        """The nodes that stand for `sym` being true, as a condition of a rule."""
        if sym in self.reasons_memo:
            return self.reasons_memo[sym]
        sig = signature(sym)
        if sig == ("yes", 1):
            out = [self.question(sym.arguments[0].name, True)]
        elif sig == ("pinned", 2):
            out = [self.question(sym.arguments[0].name, sym.arguments[1].name == "true")]
        elif sym in self.unknown:
            out = [self.unknown_node(sym)]
        elif sym in self.true_field:
            out = [self.fact(*self.true_field[sym])]
        elif not self.derivable(sig):
            out = [self.absence(("unexplained", str(sym)), f"{self.labels.symbol(sym)} (not derived by any rule)")]
        elif any(i.rule.label for i in self.kept(sym)):
            out = [self.atom_node(sym)]
        else:  # derived by plumbing only: its conditions stand in for it
            self.in_why.add(sym)
            out = []
            for inst in self.kept(sym):
                out.extend(k for k, _ in self.conditions(inst))
            out = list(dict.fromkeys(out))
            self.in_why.discard(sym)
        self.reasons_memo[sym] = out
        return out

    def atom_node(self, sym: Symbol) -> tuple[Any, ...]:
        key = ("atom", str(sym))
        if key in self.nodes:
            return key
        self.add(key, "conclusion", self.labels.symbol(sym))
        self.in_why.add(sym)
        for inst in self.kept(sym):
            if inst.rule.label:
                rkey = ("rule", inst.rule.index, str(sym), _instance_key(inst))
                self.rule_node(inst.rule, rkey, self.labels.symbol(sym), applies=True)
                self.edge(rkey, key)
                for child, role in self.conditions(inst):
                    self.edge(child, rkey, role)
            else:
                for child, role in self.conditions(inst):
                    self.edge(child, key, role)
        self.in_why.discard(sym)
        return key

    def conditions(self, inst: Instance) -> list[tuple[tuple[Any, ...], str]]:
        out: list[tuple[tuple[Any, ...], str]] = []
        for u in inst.used:
            for a in u.pos:
                if a in self.in_why:  # pragma: no cover - excluded by the level test
                    continue
                out.extend((k, "supports") for k in self.reasons(a))
            for n in u.neg:
                out.extend((k, "supports") for k in self.absent(n))
        return list(dict.fromkeys(out))

    # -- why not ------------------------------------------------------------------------------
    def absent(self, pattern: Atom) -> list[tuple[Any, ...]]:
        """The nodes that stand for no atom matching `pattern` being true."""
        text = pattern_key(pattern)
        if text in self.absent_memo:
            return self.absent_memo[text]
        sig = pattern.sig
        sym = symbol_of(pattern)
        label = self.labels.atom(pattern.name, _args(pattern))
        if sym is not None and sym.name == "yes" and len(sym.arguments) == 1:
            q = sym.arguments[0].name
            if Function("raised", [sym.arguments[0]]) in self.interp:
                out = [self.question(q, False)]
            else:
                out = [self.absence(("absent", text), f"the open question {q} does not arise")]
        elif sym is not None and sym in self.unknown:
            out = [self.unknown_node(sym)]
        elif sym is not None and sym in self.false_field:
            out = [self.fact(*self.false_field[sym])]
        elif self.is_input(sig) and self.stated_instead(pattern):
            out = [self.fact(*self.true_field[a]) for a in self.stated_instead(pattern)]
        elif self.is_input(sig) or not self.derivable(sig):
            source = "fact" if self.is_input(sig) else "provision of this draft"
            out = [self.absence(("absent", text), f"no {source} establishes that {label}")]
        elif text in self.in_why_not:
            out = [self.absence(("absent-again", text), f"no provision establishes that {label} (see above)")]
        else:
            out = [self.absent_node(pattern, text, label)]
        self.absent_memo[text] = out
        return out

    def stated_instead(self, pattern: Atom) -> list[Symbol]:
        """For an absent input atom, the stated value of the same field that excludes it
        (`purpose: general` for `purpose(x, scientific_research_only)`)."""
        if not pattern.args or not isinstance(pattern.args[0], Val):
            return []
        first = pattern.args[0].symbol
        return [a for a in self.interp.candidates(pattern.name, len(pattern.args), {0: first})
                if a in self.true_field and not self.true_field[a][0].endswith("]")]

    def absent_node(self, pattern: Atom, text: str, label: str) -> tuple[Any, ...]:
        key = ("absent", text)
        if key in self.nodes:
            return key
        self.absence(key, f"no provision establishes that {label}")
        self.in_why_not.add(text)
        for rule in self.program.by_head.get(pattern.sig, ()):
            fails = self.ev.failures(pattern, rule)
            if not fails:
                continue
            target = key
            if rule.label:
                target = self.rule_node(rule, ("rule-not", rule.index, text), label, applies=False)
                self.edge(target, key)
            for f in fails[:MAX_FAILURES]:
                for child, role in self.failure(f):
                    self.edge(child, target, role)
        self.in_why_not.discard(text)
        return key

    def failure(self, f: Failure) -> list[tuple[tuple[Any, ...], str]]:
        s = dict(f.subst)
        e = f.element
        if isinstance(e, Lit) and e.positive:
            return [(k, "supports") for k in self.absent(ground(e.atom, s))]
        if isinstance(e, Lit):  # a negated condition whose atom holds: the defeaters
            out = []
            for d in f.defeaters:
                if d in self.in_why:
                    out.append((self.absence(("cycle", str(d)), f"{self.labels.symbol(d)} (see above)"), "defeats"))
                else:
                    out.extend((k, "defeats") for k in self.reasons(d))
            return out
        shown = _condition_text(e, s, f)
        key = self.absence(("fails", f.rule.index, shown, f.subst), f"the condition {shown} does not hold")
        if isinstance(e, Cmp):  # what fixed the compared values
            names = variables(e)
            for u in f.prefix:
                if isinstance(u.element, Lit) and variables(u.element) & names:
                    for a in u.pos:
                        for k in self.reasons(a):
                            self.edge(k, key)
        return [(key, "supports")]


def _instance_key(inst: Instance) -> str:
    return ";".join(",".join(map(str, u.pos)) + "|" + ",".join(map(pattern_key, u.neg)) for u in inst.used)


def _condition_text(e: Any, s: dict[Any, Any], f: Failure) -> str:
    def term(t: Any) -> str:
        t = substitute(t, s)
        return str(t.symbol) if isinstance(t, Val) else t.name if isinstance(t, Var) else str(t)

    if isinstance(e, Cmp):
        return f"{term(e.left)} {e.op} {term(e.right)}"
    if isinstance(e, Agg):
        parts = [f"#{e.function} = {f.value}"]
        if e.left:
            parts.insert(0, f"{term(e.left[1])} {e.left[0]}")
        if e.right:
            parts.append(f"{e.right[0]} {term(e.right[1])}")
        return " ".join(parts)
    return str(e)


