"""Plain data and line numbers from libyaml's event stream, with the limits applied as
the events arrive (no recursion): one method per kind of event, one frame per open
mapping or sequence."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

from aiact_foss.language.reading import limits
from aiact_foss.language.reading.document import Document
from aiact_foss.language.reading.errors import (
    InputError,
    _error_path,
    _escape_breaks,
    _quote,
    _shorten,
)
from aiact_foss.language.reading.scalars import (
    _MAP,
    _MISSING,
    _NOKEY,
    _OPEN,
    _SEQ,
    _TAG_PREFIX,
    _kind_name,
    _resolve_plain,
    _resolve_tagged,
    _ScalarError,
    _show_tag,
)


def _restoring(get_event: Callable[[], Any], table: dict[int, str]) -> Callable[[], Any]:
    lowest = chr(min(table))

    def get() -> Any:
        ev = get_event()
        if ev.__class__ is ScalarEvent:
            value = ev.value
            if value and max(value) >= lowest:
                ev.value = value.translate(table)
        return ev

    return get


class _Frame:
    """An open mapping or sequence while its events arrive."""

    __slots__ = ("container", "path", "is_map", "pending_key", "key_line", "anchor", "nodes_before", "depth",
                 "deepest")

    def __init__(self, container: Any, path: tuple[Any, ...], is_map: bool, anchor: str | None, nodes_before: int,
                 depth: int) -> None:
        self.container = container
        self.path = path
        self.is_map = is_map
        self.pending_key: Any = _NOKEY  # a mapping's key waiting for its value
        self.key_line = 0  # the line of that key
        self.anchor = anchor
        self.nodes_before = nodes_before  # nodes counted before this one (for an alias's size)
        self.depth = depth  # its own nesting level
        self.deepest = depth  # the deepest level below it so far (for an alias's height)


class _Builder:
    """Plain data and the line table from the event stream: one method per kind of event."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.stack: list[_Frame] = []
        self.top: _Frame | None = None
        self.root: Any = _MISSING
        self.empty_root = False
        self.lines: dict[tuple[Any, ...], int] = {}
        self.anchors: dict[str, Any] = {}  # name -> _OPEN, or (value, nodes, height)
        self.nodes = 0
        self.documents = 0
        self.max_nodes = limits.MAX_NODES  # read once, as the limits may be set per run
        self.max_depth = limits.MAX_DEPTH

    # -- errors ---------------------------------------------------------------------
    def here(self, ev: Any) -> tuple[Any, ...]:
        """Path of the node that event ``ev`` starts (or the mapping, for a key)."""
        frame = self.top
        if frame is None:
            return ()
        if frame.is_map:
            if frame.pending_key is _NOKEY:
                return frame.path
            return frame.path + (frame.pending_key,)
        return frame.path + (len(frame.container),)

    def fail(self, problem: str, ev: Any, path: tuple[Any, ...]) -> InputError:
        line = ev.start_mark.line + 1 if ev.start_mark is not None else None
        return InputError(problem, source=self.source, path=_error_path(path), line=line)

    def too_many(self, ev: Any) -> InputError:
        return self.fail(f"too many nodes after alias expansion (more than {self.max_nodes})", ev, self.here(ev))

    # -- placing a finished value ----------------------------------------------------------
    def place(self, value: Any, line: int, ev: Any, alias: str | None = None) -> None:
        """A scalar's or (named) alias's value: the root, a mapping's key or value, or an item."""
        top = self.top
        if top is None:
            self.root = value
            self.lines[()] = line
        elif top.is_map:
            if top.pending_key is _NOKEY:  # a key
                if value.__class__ is not str:
                    if alias is None:
                        problem = (f"mapping key {_quote(_shorten(ev.value))} is {_kind_name(value)}, "
                                   "not a string (quote it)")
                    else:
                        problem = f"mapping key *{alias} is {_kind_name(value)}, not a string"
                    raise self.fail(problem, ev, top.path)
                if value in top.container:
                    raise self.fail(f"duplicate key {_quote(value)}", ev, top.path)
                top.pending_key = value
                top.key_line = line
            else:
                key = top.pending_key
                top.container[key] = value
                self.lines[top.path + (key,)] = top.key_line
                top.pending_key = _NOKEY
        else:
            container = top.container
            self.lines[top.path + (len(container),)] = line
            container.append(value)

    # -- events -------------------------------------------------------------------------
    def scalar(self, ev: Any) -> None:
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise self.too_many(ev)
        tag = ev.tag
        try:
            if tag is None and ev.implicit[0]:
                value = _resolve_plain(ev.value) if ev.value else None
            elif tag is None:
                value = ev.value
            else:
                value = _resolve_tagged(tag, ev.value)
        except _ScalarError as exc:
            raise self.fail(str(exc), ev, self.here(ev)) from None
        if self.top is None:
            if self.root is not _MISSING:  # pragma: no cover - libyaml emits one root
                raise self.fail("more than one root node", ev, ())
            self.empty_root = tag is None and ev.value == "" and ev.implicit[0]
        self.place(value, ev.start_mark.line + 1, ev)
        if ev.anchor is not None:
            self.anchors[ev.anchor] = (value, 1, 0)

    def start(self, ev: Any) -> None:
        is_map = ev.__class__ is MappingStartEvent
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise self.too_many(ev)
        tag = ev.tag
        if tag is not None and tag != "!" and tag != (_MAP if is_map else _SEQ):
            if tag == _MAP or tag == _SEQ or tag.startswith(_TAG_PREFIX) and tag[len(_TAG_PREFIX):] in (
                "str", "int", "float", "bool", "null"
            ):
                problem = f"tag {_show_tag(tag)} on a {'mapping' if is_map else 'sequence'}"
            else:
                problem = f"unsupported tag {_show_tag(tag)}"
            raise self.fail(problem, ev, self.here(ev))
        if len(self.stack) >= self.max_depth:
            raise self.fail(f"nested deeper than {self.max_depth} levels", ev, self.here(ev))
        container: Any = {} if is_map else []
        line = ev.start_mark.line + 1
        top = self.top
        if top is None:
            path: tuple[Any, ...] = ()
            self.root = container
            self.lines[()] = line
        elif top.is_map:
            key = top.pending_key
            if key is _NOKEY:
                raise self.fail(f"mapping key is a {'mapping' if is_map else 'sequence'}, not a string", ev, top.path)
            path = top.path + (key,)
            top.container[key] = container
            self.lines[path] = top.key_line
            top.pending_key = _NOKEY
        else:
            parent = top.container
            path = top.path + (len(parent),)
            self.lines[path] = line
            parent.append(container)
        if ev.anchor is not None:
            self.anchors[ev.anchor] = _OPEN
        self.top = _Frame(container, path, is_map, ev.anchor, self.nodes - 1, len(self.stack) + 1)
        self.stack.append(self.top)

    def end(self, ev: Any) -> None:
        frame = self.stack.pop()
        top = self.top = self.stack[-1] if self.stack else None
        if top is not None and frame.deepest > top.deepest:
            top.deepest = frame.deepest
        if frame.anchor is not None:
            self.anchors[frame.anchor] = (frame.container, self.nodes - frame.nodes_before,
                                          frame.deepest - frame.depth + 1)

    def alias(self, ev: Any) -> None:
        name = ev.anchor
        shown = _escape_breaks(_shorten(name))
        entry = self.anchors.get(name, _MISSING)
        if entry is _MISSING:
            raise self.fail(f"unknown alias *{shown}", ev, self.here(ev))
        if entry is _OPEN:
            raise self.fail(f"recursive alias *{shown} (refers to a node that contains it)", ev, self.here(ev))
        value, size, height = entry
        self.nodes += size
        if self.nodes > self.max_nodes:
            raise self.too_many(ev)
        if height:
            reach = len(self.stack) + height
            if reach > self.max_depth:
                raise self.fail(f"nested deeper than {self.max_depth} levels (through alias *{shown})", ev,
                                self.here(ev))
            if self.top is not None and reach > self.top.deepest:
                self.top.deepest = reach
        self.place(value, ev.start_mark.line + 1, ev, shown)

    def document_start(self, ev: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            raise self.fail("more than one YAML document (a scenario file holds exactly one)", ev, ())

    def ignore(self, ev: Any) -> None:
        pass

    HANDLERS: dict[type, str] = {
        ScalarEvent: "scalar", MappingStartEvent: "start", SequenceStartEvent: "start",
        MappingEndEvent: "end", SequenceEndEvent: "end", AliasEvent: "alias",
        DocumentStartEvent: "document_start", DocumentEndEvent: "ignore", StreamStartEvent: "ignore",
    }


def _build_yaml(get_event: Callable[[], Any], source: str) -> Document:
    b = _Builder(source)
    handlers = {cls: getattr(b, name) for cls, name in _Builder.HANDLERS.items()}
    while True:
        ev = get_event()
        if ev is None or ev.__class__ is StreamEndEvent:
            break
        handler = handlers.get(ev.__class__)
        if handler is None:  # pragma: no cover
            raise InputError(f"unexpected YAML event {ev.__class__.__name__}", source=source)
        handler(ev)
    if b.root is _MISSING or b.empty_root:
        raise InputError("file is empty", source=source)
    return Document(source, b.root, b.lines)
