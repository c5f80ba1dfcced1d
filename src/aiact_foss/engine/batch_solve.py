"""Answering one chunk of `batch` lines: the worker side, a pure function from
(line number, text) pairs to output lines, so that any executor can run it.

Per draft, the chunk's valid scenarios are ground together in one tagged program
(batch_program.py; their facts go to the grounder as the symbols `facts.build` made,
shared by every draft) and asked for brave and cautious consequences: a scenario whose
two agree has exactly one outcome, which is its answer. A scenario with several outcomes
gets its table of readings from the same ground program: with only its gate on, the
program's answer sets are exactly its readings (every choice is gated); each is read
with one call (model_bits), and the table becomes a result through
`solving.table_result`, the code `solve` runs on its own table. Only inconsistent
scenarios, and those with more than `solving.READINGS_LIMIT` readings, are solved alone
by `solving.solve`. Results are rendered by `results`, so a line is byte for byte what
`solve --format json` prints, compacted."""

from __future__ import annotations

import dataclasses
import json
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import clingo
from clingo import Function, Number, Symbol

from aiact_foss.engine import bounds, model_bits, results, solving
from aiact_foss.engine import conclusions as concl
from aiact_foss.engine.batch_program import GATE, Input, Unsupported, tagged_program
from aiact_foss.language import facts, loading, validate
from aiact_foss.language.scenario import Scenario
from aiact_foss.law import questions

MAX_GROUP = 32  # scenarios per ground program (architecture.md: 10-50 is the sweet spot)
MAX_GROUP_FACTS = 6000  # keeps one huge scenario from slowing its neighbours; it goes alone


@dataclass(frozen=True)
class Options:
    drafts: tuple[str, ...]
    assume: tuple[tuple[str, bool], ...] = ()  # --assume, as sorted pairs (hashable, picklable)
    reading: str | None = None
    max_outcomes: int = 256
    sets: tuple[str, ...] = ()  # --set PATH=VALUE, applied to every line's scenario
    as_of: str | None = None  # --as-of, over every line's `as_of:`


@dataclass
class _Item:
    scn: Scenario
    fb: facts.FactBase  # without pins: pins differ per draft
    results: list[Any] = field(default_factory=list)
    tables: dict[Any, Any] = field(default_factory=dict)  # a table of readings -> its result, across drafts


def error_line(line: int, e: loading.InputError, name: str | None = None) -> str:
    """`{"line": N, "scenario": NAME, "error": "<path>: <problem>"}` (outputs.md, `batch`);
    `"scenario"` only when the line was a JSON document with a string `name`."""
    message = f"{e.path}: {e.problem}" if e.path else str(e.problem)
    if e.source == "--set":  # a value given with --set, not the line's own
        message = f"--set: {message}"
    return message_line(line, message, name)


def message_line(line: int, message: str, name: str | None = None) -> str:
    """The one shape of every batch error line, whatever found the error (the loader, a
    worker that died, a bug answering a chunk)."""
    doc: dict[str, Any] = {"line": line}
    if name is not None:
        doc["scenario"] = name
    doc["error"] = message
    return results.dumps(doc, compact=True)


def name_of(text: str) -> str | None:
    """The scenario's name on a batch line that is a JSON object with one string `name`
    at its top, even where the loader refuses the line (a number out of range, a
    duplicate key elsewhere): only for error lines, so read without the loader's rules."""
    def pairs(items: list[tuple[str, Any]]) -> Any:
        names = [v for k, v in items if k == "name"]
        return {"name": names[0] if len(names) == 1 else None}

    try:  # numbers as floats: an absurd one (inf) must not stop the reading of the name
        data = json.loads(text, object_pairs_hook=pairs, parse_float=float, parse_int=float)
    except (ValueError, RecursionError):
        return None
    name = data.get("name") if isinstance(data, dict) else None
    return name if isinstance(name, str) else None


def warm(opts: Options) -> None:
    """Parse the drafts' programs (plain and tagged) and the questions once per process."""
    from aiact_foss.law import drafts

    questions.questions()
    for d in opts.drafts:
        drafts.statements(d)
        _tagged(d)


def answer(lines: list[tuple[int, str | loading.InputError]], opts: Options) -> list[str]:
    """One output line per input line, in order; an entry may be an InputError already
    (a line that could not be read)."""
    out: list[str | _Item] = []
    items: list[_Item] = []
    for n, text in lines:
        if isinstance(text, loading.InputError):  # found while reading the line
            out.append(error_line(n, text))
            continue
        try:
            scn = _scenario(text, n, opts)
        except loading.InputError as e:
            out.append(error_line(n, e, name_of(text)))
            continue
        item = _Item(scn, facts.build(scn), [None] * len(opts.drafts))
        items.append(item)
        out.append(item)
    if items:
        groups = [_Group(g) for g in _groups(items)]
        for slot, draft_id in enumerate(opts.drafts):
            _solve_draft(draft_id, slot, items, groups, opts)
    return [o if isinstance(o, str) else _render(o) for o in out]


def _scenario(text: str, n: int, opts: Options) -> Scenario:
    doc = loading.parse_json_text(text, f"line {n}")
    if not opts.sets:
        return validate.from_document(doc, opts.as_of)
    from aiact_foss.language import overrides

    doc, changed = overrides.apply(doc, list(opts.sets))
    try:
        return validate.from_document(doc, opts.as_of)
    except loading.InputError as e:
        raise overrides.blame(e, changed) from None


def _render(item: _Item) -> str:
    return results.dumps(results.solve_json(item.scn.name, item.results), compact=True)


def _pins(item: _Item, draft_id: str, opts: Options) -> dict[str, bool]:
    return questions.pins_for(draft_id, item.scn.assume, opts.reading, dict(opts.assume))


def _pin_atoms(pins: dict[str, bool]) -> list[Symbol]:
    """The facts `facts.build` adds for these pins (it appends them after the scenario's
    own): built by facts.build itself from an empty scenario, so they cannot drift."""
    return list(_pin_atoms_of(tuple(sorted(pins.items()))))


@lru_cache(maxsize=256)
def _pin_atoms_of(pins: tuple[Any, ...]) -> tuple[Symbol, ...]:
    return tuple(facts.build(_EMPTY, dict(pins)).facts)


_EMPTY = Scenario.model_validate({"scenario": 1, "name": ""})


def _alone(item: _Item, draft_id: str, slot: int, opts: Options, *, inconsistent: bool = False) -> None:
    """The item solved on its own by `solve`; `inconsistent`: known to have no answer set
    (its group's program said so), so only its conflict is searched."""
    pins = _pins(item, draft_id, opts)
    fb = facts.FactBase(item.fb.facts + _pin_atoms(pins), item.fb.variables, item.fb.fields)
    if inconsistent:
        item.results[slot] = solving.inconsistent(draft_id, fb, pins)
    else:
        item.results[slot] = solving.solve(draft_id, fb, pins, max_outcomes=opts.max_outcomes)


def _groups(items: list[_Item]) -> Any:
    """Consecutive runs of items small enough to ground together; the same for every
    draft, so each item's number in its group (its tag) is computed once."""
    group: list[_Item] = []
    size = 0
    for it in items:
        n = len(it.fb.facts) + len(it.fb.variables)
        if group and (len(group) >= MAX_GROUP or size + n > MAX_GROUP_FACTS):
            yield group
            group, size = [], 0
        group.append(it)
        size += n
    if group:
        yield group


class _Group:
    """Items ground together, and their facts as the grounder asks for them: the same
    in every draft (only the pins differ)."""

    def __init__(self, items: list[_Item]) -> None:
        self.items = items
        self._input: Input | None = None

    def input(self) -> Input:
        if self._input is None:
            self._input = Input(len(self.items))
            for k, it in enumerate(self.items):
                self._input.add(k, it.fb.facts, it.fb.variables)
        return self._input


_NOTED: set[str] = set()


def _tagged(draft_id: str) -> bool:
    """Whether the draft's tagged program can be built; if not, one line on stderr (per
    draft and process), never a silent change of path."""
    try:
        tagged_program(draft_id)
        return True
    except Unsupported as e:
        if draft_id not in _NOTED:
            _NOTED.add(draft_id)
            sys.stderr.write(f"aiact-foss batch: {draft_id}: the tagged program cannot take {e}; "
                             "solving its scenarios one by one (same results, slower)\n")
        return False


def _solve_draft(draft_id: str, slot: int, items: list[_Item], groups: list[_Group], opts: Options) -> None:
    if not _tagged(draft_id):
        for it in items:
            _alone(it, draft_id, slot, opts)
        return
    for group in groups:
        if len(group.items) == 1:
            _alone(group.items[0], draft_id, slot, opts)
        else:
            _solve_group(draft_id, slot, group, opts)


def _solve_group(draft_id: str, slot: int, grouped: _Group, opts: Options) -> None:
    group = grouped.items
    pins = [_pins(it, draft_id, opts) for it in group]
    given = grouped.input()
    if any(pins):  # the draft's own pins come on top of the shared facts
        given = given.copy()
        for k, p in enumerate(pins):
            given.add(k, _pin_atoms(p))
    ctl = bounds.control(["--warn=none"])
    ctl.add("base", [], tagged_program(draft_id) + given.bridges())
    ctl.ground([("base", [])], context=given)
    gates = [_literal(ctl, Function(GATE, [Number(k)])) for k in range(len(group))]
    off: set[int] = set()
    shown = _consequences(ctl, "brave", gates, off)
    if shown is None:
        off = _inconsistent(ctl, gates)
        shown = _consequences(ctl, "brave", gates, off)
    if shown is None:  # pragma: no cover - every scenario switched off is satisfiable
        raise RuntimeError("the group's program is unsatisfiable with its inconsistent scenarios off")
    brave = _per_scenario(shown, len(group))
    # A subset of the brave ones; satisfiable whenever the brave consequences were.
    cautious = set(_consequences(ctl, "cautious", gates, off) or ())
    several = {}
    for k, it in enumerate(group):
        b, raised = brave[k]
        c = [s for s in b if s in cautious]
        if k in off:
            _alone(it, draft_id, slot, opts, inconsistent=True)
        elif len(b) != len(c):
            several[k] = _Shown(b, c, raised)
        else:
            it.results[slot] = _determinate(draft_id, c, pins[k], raised)
    if several:
        _ambiguous(ctl, draft_id, slot, group, pins, gates, several, opts)


@dataclass
class _Shown:
    """A scenario's brave and cautious consequences in its group's program, as tagged
    symbols (whose literals are read from each model)."""

    brave: list[Symbol]
    cautious: list[Symbol]
    raised: set[str]  # the questions raised in some reading


def _ambiguous(ctl: clingo.Control, draft_id: str, slot: int, group: list[_Item], pins: list[dict[Any, Any]],
               gates: list[int], several: dict[int, _Shown], opts: Options) -> None:
    """Each scenario of `several` from its table of readings: the answer sets with only
    its gate on, enumerated without projection (one per reading)."""
    conf = bounds.solve_options(ctl)
    conf.enum_mode = "auto"
    conf.project = "no"
    # Every choice is gated, so a scenario switched off has exactly one answer set; the
    # law has no unstratified negation, but should it ever gain some, this finds out.
    conf.models = 2
    with ctl.solve(yield_=True, assumptions=[-g for g in gates]) as handle:
        if sum(1 for _ in handle) != 1:  # pragma: no cover - see above
            for k in several:
                _alone(group[k], draft_id, slot, opts)
            return
    plans = {k: _Plan(ctl, draft_id, k, group[k].fb, pins[k], shown) for k, shown in several.items()}
    packing = model_bits.Packing()
    with ctl.backend() as backend:  # one program update for every scenario's literals
        readers = {k: packing.reader(backend, plan.lits) for k, plan in plans.items()}
    limit = solving.READINGS_LIMIT
    for k, plan in plans.items():
        it = group[k]
        assumptions = [g if n == k else -g for n, g in enumerate(gates)]
        rows = plan.rows(packing.masks(ctl, readers[k], assumptions, limit))
        if not rows or len(rows) > limit:
            _alone(it, draft_id, slot, opts)
            continue
        pinned = {q: v for q, v in sorted(pins[k].items()) if q in plan.shown.raised}
        # Drafts often agree on a scenario (the letter and the March text, above all): the
        # same table gives the same result, whichever draft it came from.
        table = (tuple((v.key, v.values) for v in plan.vars), tuple(rows), tuple(pinned.items()))
        known = it.tables.get(table)
        if known is None:
            known = it.tables[table] = solving.table_result(draft_id, it.fb.variables, plan.vars, rows, pinned,
                                                            opts.max_outcomes, _same)
        it.results[slot] = dataclasses.replace(known, draft=draft_id)


def _same(c: concl.Conclusion) -> concl.Conclusion:
    return c


_CONCLUSIONS: dict[Symbol, concl.Conclusion] = {}  # per process, bounded below


def _conclusion(tagged: Symbol) -> concl.Conclusion:
    """The conclusion a tagged shown atom stands for (its first argument is the tag)."""
    c = _CONCLUSIONS.get(tagged)
    if c is None:
        if len(_CONCLUSIONS) >= 100_000:  # an endless stream keeps memory flat
            _CONCLUSIONS.clear()
        c = _CONCLUSIONS[tagged] = concl.from_symbol(tagged, skip=1)
    return c


class _Plan:
    """How scenario k's readings are read from its group's program: the variables, built
    as `solve` builds them (solving.variables; the questions are those raised in some
    reading, brave: one never raised is constant and changes no alternative), then the
    conclusions that vary (brave but not cautious). Conclusions true in every reading are
    not read from each model, nor those true in none."""

    def __init__(self, ctl: clingo.Control, draft_id: str, k: int, fb: facts.FactBase, pins: dict[str, bool],
                 shown: _Shown) -> None:
        atoms = ctl.symbolic_atoms
        tag = Number(k)

        def lit(symbol: Symbol) -> int | None:
            a = atoms[Function(symbol.name, [tag, *symbol.arguments], symbol.positive)]
            return a.literal if a is not None and a.literal else None  # literal 0: known false

        self.shown = shown
        self.vars = solving.variables(draft_id, fb.variables, shown.raised, pins, lit)
        watched, self.values = solving.watch(self.vars)
        self.at = len(watched)
        cautious = set(shown.cautious)
        varying = [s for s in shown.brave if s not in cautious]
        self.always = frozenset(_conclusion(s) for s in shown.cautious)
        self.varying = [_conclusion(s) for s in varying]
        self.lits = watched + [_literal(ctl, s) for s in varying]

    def rows(self, masks: Any) -> list[Any]:
        """(conclusions, values per variable) per reading; each distinct set of
        conclusions is built once."""
        outcomes: dict[int, frozenset[Any]] = {}
        rows = []
        for mask, _ in masks:
            key = mask >> self.at
            o = outcomes.get(key)
            if o is None:
                o = outcomes[key] = self.always.union(c for n, c in enumerate(self.varying) if key >> n & 1)
            rows.append((o, self.values(mask)))
        return rows


def _literal(ctl: clingo.Control, symbol: Symbol) -> int:
    """The solver literal of a ground atom of the group's program."""
    atom = ctl.symbolic_atoms[symbol]
    if atom is None:  # pragma: no cover - gates and shown conclusions are ground atoms
        raise KeyError(f"{symbol} is not an atom of the grounded program")
    return atom.literal


def _consequences(ctl: clingo.Control, mode: str, gates: list[int], off: set[int]) -> list[Symbol] | None:
    """The shown atoms of the brave or cautious consequences (the last model of the
    enumeration; the models before it are not read); None when unsatisfiable."""
    conf = bounds.solve_options(ctl)
    conf.enum_mode = mode
    conf.models = 0
    assumptions = [-g if k in off else g for k, g in enumerate(gates)]
    with ctl.solve(yield_=True, assumptions=assumptions) as handle:
        for _ in handle:
            pass
        model = handle.last()
        return None if model is None else model.symbols(shown=True)


def _per_scenario(brave: list[Symbol], count: int) -> list[tuple[list[Symbol], set[str]]]:
    """Per scenario: (tagged conclusion symbols, names of the questions raised)."""
    per: list[Any] = [([], set()) for _ in range(count)]
    for s in brave:
        args = s.arguments
        entry = per[args[0].number]
        if s.name == "raised" and len(args) == 2:
            entry[1].add(args[1].name)
        else:
            entry[0].append(s)
    return per


def _inconsistent(ctl: clingo.Control, gates: list[int]) -> set[int]:
    """The scenarios that have no answer set on their own (scenarios are independent)."""
    conf = bounds.solve_options(ctl)
    conf.enum_mode = "auto"
    conf.models = 1
    bad: set[int] = set()
    for k, g in enumerate(gates):
        assumptions = [g] + [-h for h in gates if h != g]
        if ctl.solve(assumptions=assumptions).unsatisfiable:
            bad.add(k)
    return bad


def _determinate(draft_id: str, symbols: list[Symbol], pins: dict[str, bool], raised: set[Any]) -> solving.DraftResult:
    """The result `solving.solve` gives when there is exactly one outcome."""
    cs = sorted((_conclusion(s) for s in symbols), key=concl.Conclusion.sort_key)
    pinned = {q: v for q, v in sorted(pins.items()) if q in raised}
    outcome = solving.Outcome(tuple(cs), [solving.Alternative((), ())])
    return solving.DraftResult(draft_id, "determinate", pinned, cs, [], [outcome], 0)


def parse_options(draft_ids: list[str], assume: dict[str, bool], reading: str | None,
                  sets: list[str] | None = None, as_of: str | None = None) -> Options:
    """`sets`: --set items, checked here (a malformed one stops the command); `as_of`:
    --as-of, over every line's `as_of:`."""
    from aiact_foss.language import overrides

    for item in sets or []:
        overrides.parse_item(item)
    return Options(tuple(draft_ids), tuple(sorted(assume.items())), reading, sets=tuple(sets or ()), as_of=as_of)



def solve_many(scns: list[Scenario], draft_ids: tuple[str, ...]) -> list[list[Any]]:
    """Each scenario's results (solving.DraftResult) under each draft, as `answer`
    computes them (grouped into tagged programs), for a caller that holds checked
    Scenario objects (explore's oracle, which asks about many neighbouring scenarios)."""
    opts = parse_options(list(draft_ids), {}, None)
    items = [_Item(s, facts.build(s), [None] * len(draft_ids)) for s in scns]
    if items:
        groups = [_Group(g) for g in _groups(items)]
        for slot, draft_id in enumerate(opts.drafts):
            _solve_draft(draft_id, slot, items, groups, opts)
    return [item.results for item in items]
