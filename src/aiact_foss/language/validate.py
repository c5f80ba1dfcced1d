"""From a document to a valid Scenario, or one clear error naming the file, the line
where known, the path and the problem (never a traceback, never a partial result)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from aiact_foss.language import references
from aiact_foss.language.loading import Document, InputError, format_path, load_document
from aiact_foss.language.scenario import Scenario


def load_scenario(path: str) -> tuple[Scenario, Document]:
    doc = load_document(path)
    return from_document(doc), doc


def from_document(doc: Document) -> Scenario:
    data = doc.data
    if not isinstance(data, dict):
        raise InputError(f"the top level must be a mapping, not {_kind(data)}", source=doc.source, line=1)
    if "scenario" not in data:
        raise InputError("missing the language version: add `scenario: 1`", source=doc.source, line=1)
    try:
        scn = Scenario.model_validate(data, context={"references_checked_by_reader": True})
    except ValidationError as e:
        raise _from_pydantic(e, doc) from None
    try:
        references.check(scn)
    except references.ReferenceError_ as e:
        raise _error(doc, e.path, e.problem) from None
    return scn


def _kind(value: Any) -> str:
    return {list: "a list", str: "a string", type(None): "empty"}.get(type(value), type(value).__name__)


def _error(doc: Document, path: tuple[Any, ...], problem: str) -> InputError:
    line = doc.line_of(tuple(path))
    return InputError(problem, source=doc.source, path=format_path(tuple(path)) or None, line=line)


def _from_pydantic(e: ValidationError, doc: Document) -> InputError:
    err = e.errors(include_url=False)[0]
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith(("function-", "literal["))))
    kind = err["type"]
    if kind == "extra_forbidden":
        return _error(doc, loc, f"unknown field {loc[-1]!r}")
    if kind == "missing":
        return _error(doc, loc, f"missing required field {loc[-1]!r}")
    msg = err["msg"].removeprefix("Value error, ")
    if kind not in ("value_error",) and "input" in err and not isinstance(err["input"], (dict, list)):
        msg = f"{msg}, got {err['input']!r}"
    return _error(doc, loc, msg)
