"""`--set PATH=VALUE`: change one field of a scenario from the command line, before the
scenario is validated. PATH is written as error messages write paths
(`releases[0].paid_support`, `assume.monetisation_defeats_exemption`); VALUE is read
as a YAML value by the same reader as the file (`required`, `true`, `[a, b]`), and the
changed document goes through the same validation, so a bad value is the same one-line
error as in the file, reported against `--set`."""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from typing import Any

from aiact_foss.language.loading import (
    Document,
    InputError,
    format_path,
    parse_document,
)

_STEP = re.compile(r'\.?([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')
SOURCE = "--set"


def parse_path(text: str) -> tuple[str | int, ...]:
    """`releases[0].paid_support` -> ("releases", 0, "paid_support")."""
    import json

    out: list[str | int] = []
    pos = 0
    while pos < len(text):
        m = _STEP.match(text, pos)
        if not m or (m.group(0).startswith(".") and not out) or (not out and m.group(1) is None):
            raise InputError(f"malformed path {text!r} (write it as errors do, e.g. releases[0].paid_support)",
                             source=SOURCE)
        if m.group(1) is not None:
            if out and not m.group(0).startswith("."):
                raise InputError(f"malformed path {text!r} (a '.' goes between field names)", source=SOURCE)
            out.append(m.group(1))
        elif m.group(2) is not None:
            out.append(int(m.group(2)))
        else:
            out.append(json.loads(m.group(3)))
        pos = m.end()
    if not out:
        raise InputError("empty path: give PATH=VALUE, e.g. releases[0].paid_support=required", source=SOURCE)
    return tuple(out)


def parse_item(item: str) -> tuple[tuple[str | int, ...], Any]:
    path, sep, value = item.partition("=")
    if not sep:
        raise InputError(f"give PATH=VALUE, got {item!r}", source=SOURCE)
    doc = parse_document(value.strip().encode("utf-8") or b"null", f"{SOURCE} {path.strip()}", as_json=False)
    return parse_path(path.strip()), doc.data


def apply(doc: Document, items: list[str]) -> tuple[Document, list[str]]:
    """The document with each PATH=VALUE set (in order), and the paths set."""
    if not items:
        return doc, []
    data = copy.deepcopy(doc.data)
    done: list[str] = []
    for item in items:
        path, value = parse_item(item)
        shown = format_path(path)
        if not isinstance(data, dict):
            raise InputError(f"{shown}: the scenario is not a mapping", source=SOURCE)
        here: Any = data
        for i, step in enumerate(path[:-1]):
            here = _step(here, step, format_path(path[: i + 1]))
        last = path[-1]
        if isinstance(here, list):
            if not isinstance(last, int) or not 0 <= last < len(here):
                raise InputError(_missing(here, last), source=SOURCE, path=shown)
        elif not isinstance(here, dict) or isinstance(last, int):
            raise InputError(f"{format_path(path[:-1]) or 'the scenario'} has no items to index", source=SOURCE,
                             path=shown)
        here[last] = value
        done.append(shown)
    return replace(doc, data=data, lines=dict(doc.lines)), done


def _step(here: Any, step: str | int, shown: str) -> Any:
    if isinstance(here, list) and isinstance(step, int):
        if 0 <= step < len(here):
            return here[step]
        raise InputError(_missing(here, step), source=SOURCE, path=shown)
    if isinstance(here, dict) and isinstance(step, str):
        if step not in here or here[step] is None:
            here[step] = {}
        return here[step]
    raise InputError("no such field in the scenario", source=SOURCE, path=shown)


def _missing(items: list[Any], index: Any) -> str:
    return f"no item {index} (there are {len(items)})"


def blame(e: InputError, paths: list[str]) -> InputError:
    """An error on a path that --set changed is reported against --set, not the file."""
    if e.path and any(e.path == p or e.path.startswith((p + ".", p + "[")) for p in paths):
        return InputError(e.problem, source=SOURCE, path=e.path)
    return e
