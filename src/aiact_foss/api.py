"""The Python API: solve a scenario under drafts, as the command line does, in-process."""

from __future__ import annotations

from dataclasses import dataclass

from aiact_foss.engine import solving
from aiact_foss.engine.results import solve_json
from aiact_foss.language import facts
from aiact_foss.language.scenario import Scenario
from aiact_foss.law import drafts, questions


class BadOption(ValueError):
    """A malformed command-line option or API argument (exit 2)."""


def parse_assume(items: list[str] | None) -> dict[str, bool]:
    """`--assume q=v`, repeatable or comma lists."""
    out: dict[str, bool] = {}
    for item in items or []:
        for part in item.split(","):
            part = part.strip()
            if not part:
                continue
            q, sep, v = part.partition("=")
            q, v = q.strip(), v.strip().lower()
            if not sep or v not in ("true", "false"):
                raise BadOption(f"--assume takes question=true|false, got {part!r}")
            if q not in questions.questions():
                raise BadOption(f"--assume: unknown open question {q!r}")
            if q in out and out[q] != (v == "true"):
                raise BadOption(f"--assume: {q} is given both true and false")
            out[q] = v == "true"
    return out


def check_conclusions(pats: list, scn: Scenario) -> None:
    """`--conclusion` naming an actor or component the scenario does not have is bad
    input (in the words `check` uses for `expect:`), not an empty or vacuous answer."""
    from aiact_foss.language.references import unknown_name

    for c in pats:
        problem = unknown_name(c, scn)
        if problem:
            raise BadOption(f"--conclusion: {problem}")


def notes(draft_ids: list[str], assume: dict[str, bool], reading: str | None, *, every: bool = False) -> list[str]:
    """One line for each --assume and --reading that pins nothing in some chosen draft
    (its question is not raised there; the pin is dropped, not an error). With every
    draft chosen (`every`), only those that pin nothing in any of them."""
    out = []
    items = [(f"--assume {q}", questions.questions()[q].drafts) for q in assume]
    if reading is not None:
        items.append((f"--reading {reading}", questions.readings()[reading].drafts))
    for what, where in items:
        missed = [d for d in draft_ids if d not in where]
        if missed and (not every or len(missed) == len(draft_ids)):
            out.append(f"note: {what} does not apply to {', '.join(missed)} (it pins nothing there)")
    return out


def check_reading(reading: str | None) -> None:
    if reading is not None and reading not in questions.readings():
        raise BadOption(f"--reading: unknown reading {reading!r} (one of {', '.join(questions.readings())})")


def solve_results(scn: Scenario, draft_ids: list[str], *, assume: dict[str, bool] | None = None,
                  reading: str | None = None, max_outcomes: int = 256) -> list[solving.DraftResult]:
    check_reading(reading)
    out = []
    base = facts.build(scn)
    for d in draft_ids:
        pins = questions.pins_for(d, scn.assume, reading, assume or {})
        out.append(solving.solve(d, facts.with_pins(base, pins), pins, max_outcomes=max_outcomes))
    return out


def solve(scn: Scenario, draft_spec: str = "all", *, assume: dict[str, bool] | None = None,
          reading: str | None = None, max_outcomes: int = 256) -> dict:
    """The `solve --format json` document for `scn`."""
    ids = drafts.resolve(draft_spec)
    return solve_json(scn.name, solve_results(scn, ids, assume=assume, reading=reading, max_outcomes=max_outcomes))


@dataclass(frozen=True)
class Request:
    """A command's scenario and options, checked: options first, then the file."""

    scenario: Scenario
    drafts: list[str]
    assume: dict[str, bool]
    reading: str | None


def request(path: str, draft_spec: str, assume_items: list[str] | None, reading: str | None, *,
            sets: list[str] | None = None) -> Request:
    """`sets`: `--set PATH=VALUE` items, applied to the file's document before validation."""
    import sys

    ids = drafts.resolve(draft_spec)
    pins = parse_assume(assume_items)
    check_reading(reading)
    scn = load(path, sets)
    for line in notes(ids, pins, reading, every=draft_spec.strip() == "all"):
        sys.stderr.write(f"aiact-foss: {line}\n")
    return Request(scn, ids, pins, reading)


def load(path: str, sets: list[str] | None = None) -> Scenario:
    """The scenario of file `path` (`-`: standard input), with `--set` items applied."""
    from aiact_foss.language.loading import load_document

    return _validated(load_document(path), sets)


def load_bytes(raw: bytes, source: str, sets: list[str] | None = None) -> Scenario:
    """The scenario of a file's bytes (JSON if `source` ends with .json, else YAML),
    named `source` in errors, with `--set` items applied."""
    from aiact_foss.language.loading import parse_document

    return _validated(parse_document(raw, source, as_json=source.endswith(".json")), sets)


def _validated(doc, sets: list[str] | None) -> Scenario:
    from aiact_foss.language import overrides
    from aiact_foss.language.loading import InputError
    from aiact_foss.language.validate import from_document

    doc, changed = overrides.apply(doc, list(sets or []))
    try:
        return from_document(doc)
    except InputError as e:
        raise overrides.blame(e, changed) from None
