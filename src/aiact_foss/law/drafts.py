"""The draft registry: each draft's manifest (draft.toml), its program as parsed clingo
statements with the provision label each carries, amendments (a draft that strikes,
replaces or inserts labels of another), and the quoted provision texts (provisions.yaml)."""

from __future__ import annotations

import atexit
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

from aiact_foss.language.vocabulary import DRAFT_IDS
from aiact_foss.law.resources import logic_root, read_yaml

LABEL_LINE = re.compile(r"^%@\s+(?:rule\s+([a-z][a-z0-9_]*)|(plumbing))\s*$")


class UnknownDraft(ValueError):
    pass


@dataclass(frozen=True)
class Provision:
    draft: str  # the draft whose words are quoted
    label: str
    ref: str
    text: str
    url: str


@dataclass(frozen=True)
class Statement:
    ast: Any  # clingo.ast.AST
    label: str | None  # None: plumbing (or a directive)
    file: str  # path below logic/
    line: int


@dataclass(frozen=True)
class Draft:
    id: str
    title: str
    date: str
    source: str
    common: tuple[str, ...]
    amends: str | None
    strikes: tuple[str, ...]  # labels of the amended draft dropped
    replaces: tuple[str, ...]  # labels of the amended draft whose rules its own files give anew
    inserts: tuple[str, ...]  # labels the amended draft lacks, given by its own files
    in_force: str | None  # YYYY-MM-DD from which the text was in force (None: never in force)
    introduces: tuple[str, ...]  # input predicates first read by this text (explain notes them elsewhere)
    files: tuple[str, ...]  # its own .lp files, below logic/


@cache
def available() -> tuple[str, ...]:
    """The encoded drafts, in the contract's order."""
    root = logic_root() / "drafts"
    present = {d.name for d in root.iterdir() if (d / "draft.toml").is_file()} if root.is_dir() else set()
    return tuple(d for d in DRAFT_IDS if d in present)


@cache
def draft(draft_id: str) -> Draft:
    if draft_id not in available():
        raise UnknownDraft(f"unknown draft {draft_id!r} (encoded: {', '.join(available())})")
    folder = logic_root() / "drafts" / draft_id
    meta = tomllib.loads((folder / "draft.toml").read_text(encoding="utf-8"))
    files = tuple(sorted(f"drafts/{draft_id}/{f.name}" for f in folder.iterdir() if f.name.endswith(".lp")))
    return Draft(
        id=draft_id,
        title=meta["title"],
        date=str(meta["date"]),
        source=meta["source"],
        common=tuple(meta.get("common", ())),
        amends=meta.get("amends"),
        strikes=tuple(meta.get("strikes", ())),
        replaces=tuple(meta.get("replaces", ())),
        inserts=tuple(meta.get("inserts", ())),
        in_force=str(meta["in_force"]) if "in_force" in meta else None,
        introduces=tuple(meta.get("introduces", ())),
        files=files,
    )


class BadAmendment(ValueError):
    pass


def _check_amendment(d: Draft, base_labels: set[str], own_labels: set[str]) -> None:
    """An amendment says what it does to each label: a struck or replaced label must be
    one of the amended draft's, an inserted one must not; its own files define exactly
    the labels it replaces or inserts."""
    where = f"logic/drafts/{d.id}/draft.toml"
    for kind, labs in (("strikes", d.strikes), ("replaces", d.replaces)):
        missing = [lab for lab in labs if lab not in base_labels]
        if missing:
            raise BadAmendment(f"{where}: {kind} {', '.join(missing)}, not a label of {d.amends}")
    clash = [lab for lab in d.inserts if lab in base_labels]
    if clash:
        raise BadAmendment(f"{where}: inserts {', '.join(clash)}, already a label of {d.amends} (replace it)")
    both = set(d.strikes) & (set(d.replaces) | set(d.inserts))
    if both:
        raise BadAmendment(f"{where}: {', '.join(sorted(both))} both struck and given anew")
    declared = set(d.replaces) | set(d.inserts)
    undeclared = sorted(own_labels - declared)
    if undeclared:
        raise BadAmendment(f"{where}: its files define {', '.join(undeclared)}, neither replaced nor inserted")
    empty = sorted(declared - own_labels)
    if empty:
        raise BadAmendment(f"{where}: replaces or inserts {', '.join(empty)}, but no file of it defines the label")


IN_FORCE = "in-force"


def in_force(as_of: str | None) -> str:
    """The text in force on `as_of` (YYYY-MM-DD): of the drafts whose manifest gives an
    `in_force` date, the one with the latest such date on or before it."""
    if as_of is None:
        raise UnknownDraft("--draft in-force needs an as-of date (as_of: in the scenario, or --as-of)")
    dated = sorted((start, d) for d in available() if (start := draft(d).in_force) is not None)
    on = [d for start, d in dated if start <= as_of]
    if not on:
        raise UnknownDraft(f"--draft in-force: no encoded text was in force on {as_of} "
                           f"(the first entered into force on {dated[0][0]})")
    return on[-1]


def resolve(spec: str, *, as_of: str | None = None) -> list[str]:
    """`all`, `in-force` (from `as_of`), one id or a comma list -> the ids in the
    contract's order, once each."""
    wanted = [s.strip() for s in spec.split(",") if s.strip()]
    if not wanted:
        raise UnknownDraft("no draft named")
    if wanted == ["all"]:
        return list(available())
    wanted = [in_force(as_of) if w == IN_FORCE else w for w in wanted]
    for w in wanted:
        if w not in available():
            raise UnknownDraft(f"unknown draft {w!r} (encoded: {', '.join(available())})")
    return [d for d in available() if d in set(wanted)]


@cache
def parse_file(path: str) -> tuple[Statement, ...]:
    """Parse one .lp file below logic/; each statement carries the label above it."""
    return parse_text((logic_root() / path).read_text(encoding="utf-8"), path)


def parse_text(text: str, path: str) -> tuple[Statement, ...]:
    """The statements of `text`, as the file logic/`path`. A statement outside the
    supported subset (law/asp_subset.py) is refused here, naming the file, line and
    construct, so no transform of the program ever meets it."""
    from clingo import ast

    from aiact_foss.law import asp_subset

    asp_subset.check_text(text, f"logic/{path}", asp_subset.LAW_LANGUAGE)
    labels: list[tuple[int, str | None]] = []
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith("%@"):
            m = LABEL_LINE.match(line.strip())
            if not m:
                raise ValueError(f"logic/{path}:{n}: malformed label line {line!r}")
            labels.append((n, m.group(1)))
    out: list[Statement] = []

    def take(stm: Any) -> None:
        asp_subset.check(stm, asp_subset.LAW, f"logic/{path}", asp_subset.LAW_LANGUAGE)
        line = stm.location.begin.line
        label = None
        for n, lab in labels:
            if n < line:
                label = lab
            else:
                break
        out.append(Statement(stm, label, path, line))

    ast.parse_string(text, take)
    return tuple(out)


@cache
def statements(draft_id: str) -> tuple[Statement, ...]:
    """The draft's whole program (without the scenario's facts)."""
    d = draft(draft_id)
    if d.amends:
        inherited = statements(d.amends)
        dropped = set(d.strikes) | set(d.replaces)
        base = [s for s in inherited if s.label not in dropped]
        own_common = [f"common/{c}.lp" for c in d.common if c not in draft(d.amends).common]
        files = own_common + list(d.files)
    else:
        base = []
        files = ["questions.lp", "common/input.lp"] + [f"common/{c}.lp" for c in d.common] + list(d.files)
    own = [s for f in files for s in parse_file(f)]
    if d.amends:
        _check_amendment(d, {s.label for s in inherited if s.label},
                         {s.label for s in own if s.label})
    return tuple(base + own)


@cache
def read_predicates(draft_id: str) -> frozenset[str]:
    """The names of the predicates some rule body of the draft reads."""
    from clingo import ast

    names: set[str] = set()

    def visit(node: object) -> None:
        if not isinstance(node, ast.AST):
            return
        if node.ast_type == ast.ASTType.SymbolicAtom and node.symbol.ast_type == ast.ASTType.Function:
            names.add(node.symbol.name)
        for key in node.child_keys:
            child = getattr(node, key)
            for c in (child if isinstance(child, (list, tuple, ast.ASTSequence)) else [child]):
                visit(c)

    for s in statements(draft_id):
        stm = s.ast
        if getattr(stm, "ast_type", None) == ast.ASTType.Rule:
            for lit in stm.body:
                visit(lit)
            if stm.head.ast_type != ast.ASTType.Literal:
                visit(stm.head)  # conditions of a choice or aggregate head are read
    return frozenset(names)


def program_text(draft_id: str) -> str:
    """The draft's rules as ASP text, each group under its label, by file."""
    lines: list[str] = []
    current: tuple[str | None, object] = (None, object())  # matches no statement
    for s in statements(draft_id):
        if str(s.ast).startswith("#program"):
            continue
        if (s.file, s.label) != current:
            current = (s.file, s.label)
            lines.append(f"% logic/{s.file}" + (f"  [{s.label}]" if s.label else ""))
        lines.append(str(s.ast))
    return "\n".join(lines) + "\n"


@cache
def provisions(draft_id: str) -> dict[str, Provision]:
    """label -> provision, for every label of the draft's program; an amendment's kept
    rules cite the draft whose words they are."""
    d = draft(draft_id)
    own: dict[str, Provision] = {}
    path = logic_root() / "drafts" / draft_id / "provisions.yaml"
    if path.is_file():
        data = read_yaml(path.read_text(encoding="utf-8")) or {}
        for label, p in data.items():
            own[label] = Provision(draft_id, label, str(p["ref"]), str(p["text"]).strip(), str(p["url"]))
    if d.amends:
        inherited = {k: v for k, v in provisions(d.amends).items() if k not in set(d.strikes)}
        stale = [lab for lab in d.replaces + d.inserts if lab not in own]
        if stale:
            raise BadAmendment(f"logic/drafts/{draft_id}/provisions.yaml: no text for {', '.join(stale)}, "
                               "which the amendment replaces or inserts")
        inherited.update(own)
        return inherited
    return own


def labels(draft_id: str) -> list[str]:
    """The distinct provision labels of the draft's program, in program order."""
    seen: dict[str, None] = {}
    for s in statements(draft_id):
        if s.label:
            seen.setdefault(s.label)
    return list(seen)


@atexit.register
def _release_parsed_programs() -> None:
    # clingo's AST objects must be freed while clingo is still loaded: at interpreter
    # teardown their finalisers would find the library gone and print tracebacks.
    read_predicates.cache_clear()
    statements.cache_clear()
    parse_file.cache_clear()
