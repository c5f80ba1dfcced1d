"""A parsed input document: its data and the line of every path."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Document:
    """A parsed input document."""

    source: str
    """The file name as given, or ``"<stdin>"``."""
    data: Any
    """dict (insertion order kept) / list / str / int / Decimal / bool / None."""
    lines: dict[tuple[Any, ...], int]
    """1-based line of every mapping value (its key's line) and sequence item, keyed by
    path tuple, e.g. ``("components", 2, "licence") -> 14``; ``()`` -> the root's line.
    YAML: always (paths inside an aliased value excepted); JSON: best effort, may be empty
    until :meth:`line_of` is called."""
    _pending_json: list[Any] = field(default_factory=list, repr=False, compare=False)

    def line_of(self, path: Any) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one (None if none).

        For large JSON documents the line table is computed on the first call."""
        if self._pending_json:
            from aiact_foss.language.reading.json_text import _json_walk

            text = self._pending_json.pop()
            try:
                _json_walk(text, lines=self.lines)
            except Exception:  # best effort: never fail on a line lookup
                pass
        path = tuple(path)
        lines = self.lines
        while True:
            line = lines.get(path)
            if line is not None:
                return line
            if not path:
                return None
            path = path[:-1]
