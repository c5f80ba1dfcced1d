"""JSON input: structural limits before parsing, exact numbers, duplicate keys, and the
line of every path (a tokenizer walk, on demand for large texts)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal
from itertools import accumulate
from typing import Any

from aiact_foss.language.reading import limits
from aiact_foss.language.reading.document import Document
from aiact_foss.language.reading.errors import InputError, _error_path, _quote, _shorten
from aiact_foss.language.reading.limits import RANGE, _max_digits, in_range


def _json_decimal(text: str) -> Decimal:
    value = Decimal(text)
    if not in_range(value):
        raise ValueError("out of range")
    return value


def _json_int(text: str) -> int:
    value = int(text)
    if not in_range(value):
        raise ValueError("out of range")
    return value


class _DuplicateKey(Exception):
    pass


class _BadConstant(Exception):
    pass


def _pairs_hook(pairs: list[Any]) -> dict[Any, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _DuplicateKey
    return result


def _reject_constant(name: str) -> None:
    raise _BadConstant(name)


_JSON_WS = " \t\n\r"
_JSON_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_JSON_TOKEN = re.compile(_JSON_STRING + r'|[{}\[\],:]|[^\s{}\[\],:"]+')
_JSON_BRACKET = re.compile(_JSON_STRING + r'|[\[\]{}]')


def _json_prescan(raw: bytes) -> str | None:
    """Cheap structural limits on the UTF-8 bytes of a JSON text, checked before parsing:
    returns "depth" if nesting exceeds limits.MAX_DEPTH, "nodes" if the number of nodes (keys
    included) exceeds limits.MAX_NODES, else None. Exact for valid JSON; a few C-level passes
    (about 20 ms for 10 MB)."""
    max_depth = limits.MAX_DEPTH
    if len(raw) <= limits.MAX_NODES and raw.count(b"[") + raw.count(b"{") <= max_depth:
        return None
    if b"\\" in raw:
        raw = _JSON_ESCAPE_BYTES.sub(b"", raw)
    structure = raw.translate(None, _JSON_NON_STRUCTURAL)
    # strings hold no quote now: drop the (mostly empty) string contents
    structure = structure.replace(b'""', b"")
    if b'"' in structure:
        structure = b"".join(structure.split(b'"')[::2])
    opens = structure.count(b"[") + structure.count(b"{")
    # every node but the root is the first item of a non-empty object or array, or
    # follows ',' or ':'
    nodes = (
        1
        + opens
        - structure.count(b"[]")
        - structure.count(b"{}")
        + structure.count(b",")
        + structure.count(b":")
    )
    if nodes > limits.MAX_NODES:
        return "nodes"
    if opens > max_depth:
        brackets = structure.translate(_BRACKETS_ONLY, b",:")
        if max(accumulate(map(_BRACKET_STEP.__getitem__, brackets))) > max_depth:
            return "depth"
    return None


_JSON_ESCAPE_BYTES = re.compile(rb"\\.", re.S)
_JSON_NON_STRUCTURAL = bytes(b for b in range(256) if b not in b'[]{},:"')
_BRACKETS_ONLY = bytes.maketrans(b"{}", b"[]")
_BRACKET_STEP = [0] * 256
_BRACKET_STEP[ord("[")] = 1
_BRACKET_STEP[ord("]")] = -1


def _json_depth_offset(text: str) -> int:
    depth = 0
    for m in _JSON_BRACKET.finditer(text):
        c = text[m.start()]
        if c == "[" or c == "{":
            depth += 1
            if depth > limits.MAX_DEPTH:
                return m.start()
        elif c == "]" or c == "}":
            depth -= 1
    return 0


def _json_walk(
    text: str,
    *,
    lines: dict[Any, Any] | None = None,
    on_duplicate: Callable[[tuple[Any, ...], str, int], None] | None = None,
    on_bare: Callable[[str, tuple[Any, ...], int], None] | None = None,
) -> None:
    """Walk the tokens of (syntactically valid) JSON text, recording the line of every
    object member (its key's line) and array item in ``lines``, and calling
    ``on_duplicate(mapping_path, key, line)`` / ``on_bare(token, path, line)``."""
    stack: list[list[Any]] = []  # [is_object, path, key_or_index, keys, expect_key]
    top: list[Any] | None = None
    line = 1
    last = 0
    count = text.count
    check_keys = on_duplicate is not None
    for m in _JSON_TOKEN.finditer(text):
        pos = m.start()
        line += count("\n", last, pos)
        last = pos
        tok = m.group()
        c = tok[0]
        if c == ",":
            if top is not None:
                if top[0]:
                    top[4] = True
                else:
                    top[2] += 1
            continue
        if c == ":":
            continue
        if c == "}" or c == "]":
            if stack:
                stack.pop()
            top = stack[-1] if stack else None
            continue
        if top is not None and top[0] and top[4]:  # a member's key
            key = json.loads(tok) if c == '"' else tok
            if on_duplicate is not None:
                if key in top[3]:
                    on_duplicate(top[1], key, line)
                    return
                top[3].add(key)
            top[2] = key
            top[4] = False
            if lines is not None:
                lines[top[1] + (key,)] = line
            continue
        if top is None:
            path: tuple[Any, ...] = ()
            if lines is not None:
                lines[()] = line
        elif top[0]:
            path = top[1] + (top[2],)
        else:
            path = top[1] + (top[2],)
            if lines is not None:
                lines[path] = line
        if c == "{":
            top = [True, path, None, set() if check_keys else None, True]
            stack.append(top)
        elif c == "[":
            top = [False, path, 0, None, False]
            stack.append(top)
        elif c != '"' and on_bare is not None:
            on_bare(tok, path, line)


class _Found(Exception):
    def __init__(self, path: tuple[Any, ...], line: int, detail: str = "") -> None:
        self.path = path
        self.line = line
        self.detail = detail


def _locate(text: str, **hooks: Any) -> _Found | None:
    """Walk the JSON text with `hooks` (on_duplicate, on_bare) that raise _Found."""
    try:
        _json_walk(text, **hooks)
    except _Found as found:
        return found
    except Exception:
        return None
    return None


def _locate_duplicate(text: str) -> _Found | None:
    def on_duplicate(path: tuple[Any, ...], key: str, line: int) -> None:
        raise _Found(path, line, key)

    return _locate(text, on_duplicate=on_duplicate)


def _locate_bare(text: str, predicate: Callable[[str], bool]) -> _Found | None:
    def on_bare(tok: str, path: tuple[Any, ...], line: int) -> None:
        if predicate(tok):
            raise _Found(path, line, tok)

    return _locate(text, on_bare=on_bare)


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _parse_json(
    text: str, raw: bytes | None, source: str, *, empty: str, eager_lines: bool
) -> Document:
    if len(text) < 4096 and not text.strip(_JSON_WS):  # larger ones: on a parse error
        raise InputError(empty, source=source)
    if raw is None:
        raw = text.encode("utf-8", "surrogatepass")

    def fail(problem: str, found: _Found | None = None, line: int | None = None) -> InputError:
        if found is not None:
            return InputError(problem, source=source, path=_error_path(found.path), line=found.line)
        return InputError(problem, source=source, line=line)

    limit = _json_prescan(raw)
    if limit == "nodes":
        raise fail(f"too many nodes (more than {limits.MAX_NODES})")
    if limit == "depth":
        raise fail(
            f"nested deeper than {limits.MAX_DEPTH} levels",
            line=_line_at(text, _json_depth_offset(text)),
        )
    try:
        data = json.loads(
            text,
            object_pairs_hook=_pairs_hook,
            parse_float=_json_decimal,
            parse_int=_json_int,
            parse_constant=_reject_constant,
        )
    except _DuplicateKey:
        found = _locate_duplicate(text)
        if found is None:
            raise fail("duplicate key in a JSON object") from None
        raise fail(f"duplicate key {_quote(found.detail)}", found) from None
    except _BadConstant as exc:
        name = exc.args[0]
        found = _locate_bare(text, lambda tok: tok == name)
        raise fail(f"{name} is not a valid JSON number", found) from None
    except json.JSONDecodeError as exc:
        if not text.strip(_JSON_WS):
            raise InputError(empty, source=source) from None
        rest = text[exc.pos :].strip(_JSON_WS)
        if not rest or exc.msg.startswith("Unterminated string"):
            problem = f"invalid JSON: unexpected end of input ({exc.msg}; truncated file?)"
        else:
            problem = f"invalid JSON: {exc.msg} (column {exc.colno})"
        raise InputError(problem, source=source, line=exc.lineno) from None
    except RecursionError:
        raise fail(
            f"nested deeper than {limits.MAX_DEPTH} levels",
            line=_line_at(text, _json_depth_offset(text)),
        ) from None
    except (ValueError, ArithmeticError) as exc:  # int() digit limit, Decimal overflow
        found = _locate_bare(text, _bad_json_number)
        problem = "number out of range"
        if found is not None:
            problem = f"number out of range: {_shorten(found.detail)}"
        if isinstance(exc, ValueError) and "digits" in str(exc):
            problem += f" (integers are limited to {_max_digits()} digits)"
        elif str(exc) == "out of range":
            problem += f" ({RANGE})"
        raise fail(problem, found) from None
    lines: dict[tuple[Any, ...], int] = {}
    pending: list[Any] = []
    if eager_lines and len(text) <= limits._EAGER_JSON_LINES:
        try:
            _json_walk(text, lines=lines)
        except Exception:  # best effort
            lines.clear()
    else:
        pending.append(text)
    return Document(source, data, lines, pending)


def _bad_json_number(tok: str) -> bool:
    if tok in ("true", "false", "null"):
        return False
    try:
        if any(ch in tok for ch in ".eE"):
            _json_decimal(tok)
        else:
            _json_int(tok)
    except (ValueError, ArithmeticError):
        return True
    return False
