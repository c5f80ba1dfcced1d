"""The one-line input error, scenario paths as text, and escaping for one-line messages."""

from __future__ import annotations

import json
import re
from typing import Any

_LINE_BREAKING = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\ud800-\udfff]")


def _escape_breaks(text: str) -> str:
    """Escape every character that would split a line (or that cannot be printed:
    lone surrogates) so that a message stays on one line."""
    return _LINE_BREAKING.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _quote(text: str) -> str:
    """A string as a one-line, JSON-style double-quoted literal (non-ASCII kept)."""
    return _escape_breaks(json.dumps(text, ensure_ascii=False))


class InputError(Exception):
    """Bad input. ``str(e)`` is ONE line: ``'<source>:<line>: <path>: <problem>'``, with the
    line and path parts left out when unknown (``'scn.yaml: file is empty'``,
    ``'scn.yaml:7: components[2]: duplicate key "id"'``)."""

    def __init__(
        self,
        problem: str,
        *,
        source: str,
        path: str | None = None,
        line: int | None = None,
    ) -> None:
        self.problem = problem
        self.source = source
        self.path = path
        self.line = line
        super().__init__(problem)

    def __str__(self) -> str:
        where = str(self.source)
        if self.line is not None:
            where += f":{self.line}"
        parts = [where]
        if self.path:
            parts.append(self.path)
        parts.append(str(self.problem))
        return _escape_breaks(": ".join(parts))

    def __repr__(self) -> str:
        return f"InputError({str(self)!r})"

    def __reduce__(self) -> Any:  # picklable across worker processes (keyword-only arguments)
        return (_rebuild_input_error, (self.problem, self.source, self.path, self.line))


def _rebuild_input_error(problem: Any, source: Any, path: Any, line: Any) -> InputError:
    return InputError(problem, source=source, path=path, line=line)


_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


def format_path(path: tuple[Any, ...]) -> str:
    """``("components", 2, "licence")`` -> ``"components[2].licence"``; ``()`` -> ``""``.

    Keys that are not plain identifiers are written as quoted subscripts:
    ``("assume", "a.b")`` -> ``'assume["a.b"]'``."""
    out: list[str] = []
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            out.append(f"[{part}]")
        else:
            text = part if isinstance(part, str) else str(part)
            if _IDENT.match(text):
                out.append(f".{text}" if out else text)
            else:
                out.append(f"[{_quote(text)}]")
    return "".join(out)


def _error_path(path: tuple[Any, ...]) -> str | None:
    """format_path for a message: None for the root, the middle elided when very long."""
    text = format_path(path)
    if len(text) > 160:
        text = text[:60] + "..." + text[-60:]
    return text or None




def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --------------------------------------------------------------------------- YAML
