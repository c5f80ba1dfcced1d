"""Reading scenario input: bytes -> plain Python data with line numbers, or one clear error.

This module knows nothing about the scenario schema (that is ``scenario.py``). It knows the
generic rules every input obeys:

* strict UTF-8 (a UTF-8 byte order mark is allowed and dropped), no NUL bytes;
* at most ``MAX_BYTES`` bytes, ``MAX_DEPTH`` levels of nesting and ``MAX_NODES`` nodes
  (keys included, after alias expansion);
* YAML is read with the YAML 1.2 **core schema**, built here from the event stream of
  PyYAML's libyaml parser (``yaml.load`` and ``yaml.compose`` implement YAML 1.1 and
  recurse); JSON with :func:`json.loads`;
* numbers with a fraction or an exponent become :class:`decimal.Decimal` built from the
  literal's text, never ``float`` (``1.0e25`` is exactly 10**25), never rounded (no
  arithmetic under a Decimal context: facts.py computes with fractions); every number's
  magnitude is bounded (``in_range``: below 10**101, and at least 10**-100 unless zero);
* duplicate keys, non-string keys, unknown tags, several YAML documents, ``NaN`` and
  ``Infinity`` in JSON are errors.

Every failure is an :class:`InputError` whose ``str()`` is one line::

    scn.yaml:7: components[2]: duplicate key "id"

Line numbers (``Document.lines``): a mapping value is given the line of its key, a
sequence item the line where the item starts, the root the line where it starts. A value
reached through a YAML alias is given the line of the alias; paths inside it are not
listed (``Document.line_of`` falls back to the nearest listed ancestor). For JSON the
lines are computed eagerly for small texts and on demand by ``Document.line_of`` for
large ones (a Python pass over the tokens costs about 0.1 s per MB).

YAML 1.2, not 1.1, also where libyaml differs: U+0085, U+2028 and U+2029 are ordinary
characters (libyaml would read them as line breaks and fold them away), and a YAML input
that is valid JSON is read by the JSON parser (same meaning under the core schema; libyaml
refuses JSON's surrogate-pair escapes such as ``"\\ud83e\\udd16"``).
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate
from typing import Any, Callable

import yaml
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

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "Document",
    "InputError",
    "format_path",
    "load_document",
    "parse_document",
    "parse_json_text",
    "read_bytes",
]

MAX_BYTES: int = 64 * 1024 * 1024
"""Input size limit in bytes (64 MiB; a 10,000-component JSON scenario is about 10 MB)."""

MAX_DEPTH: int = 64
"""Nesting limit: the number of mappings/sequences (objects/arrays) that enclose a value."""

MAX_NODES: int = 5_000_000
"""Limit on the number of nodes (scalars, keys included, mappings, sequences) after
YAML alias expansion; refuses "billion laughs" alias bombs."""

# JSON texts up to this many characters get their line table at parse time; larger ones
# on demand (Document.line_of).
_EAGER_JSON_LINES = 256 * 1024

try:  # libyaml; the pure-Python parser produces the same events, only slower
    _CLoader: type | None = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _CLoader = None


# --------------------------------------------------------------------------- errors


_LINE_BREAKING = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\ud800-\udfff]")


def _escape_breaks(text: str) -> str:
    """Escape every character that would split a line (or that cannot be printed:
    lone surrogates) so that a message stays on one line."""
    return _LINE_BREAKING.sub(lambda m: "\\u%04x" % ord(m.group()), text)


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

    def __reduce__(self):  # picklable across worker processes (keyword-only arguments)
        return (_rebuild_input_error, (self.problem, self.source, self.path, self.line))


def _rebuild_input_error(problem, source, path, line) -> InputError:
    return InputError(problem, source=source, path=path, line=line)


_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


def format_path(path: tuple) -> str:
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


def _error_path(path: tuple) -> str | None:
    """format_path for a message: None for the root, the middle elided when very long."""
    text = format_path(path)
    if len(text) > 160:
        text = text[:60] + "..." + text[-60:]
    return text or None


# --------------------------------------------------------------------------- document


@dataclass(frozen=True)
class Document:
    """A parsed input document."""

    source: str
    """The file name as given, or ``"<stdin>"``."""
    data: Any
    """dict (insertion order kept) / list / str / int / Decimal / bool / None."""
    lines: dict[tuple, int]
    """1-based line of every mapping value (its key's line) and sequence item, keyed by
    path tuple, e.g. ``("components", 2, "licence") -> 14``; ``()`` -> the root's line.
    YAML: always (paths inside an aliased value excepted); JSON: best effort, may be empty
    until :meth:`line_of` is called."""
    _pending_json: list = field(default_factory=list, repr=False, compare=False)

    def line_of(self, path) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one (None if none).

        For large JSON documents the line table is computed on the first call."""
        if self._pending_json:
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


# --------------------------------------------------------------------------- reading


def _size_text(n: int) -> str:
    mib = 1024 * 1024
    if n >= mib and n % mib == 0:
        return f"{n // mib} MiB"
    return f"{n} bytes"


def _too_large(source: str) -> InputError:
    return InputError(
        f"input is larger than the {_size_text(MAX_BYTES)} limit", source=source
    )


def read_bytes(path: str) -> tuple[str, bytes]:
    """Read a file, or standard input for ``'-'``, as bytes: ``(source, raw)``.

    At most ``MAX_BYTES + 1`` bytes are ever read: a larger input is refused without
    being read into memory."""
    limit = MAX_BYTES
    if path == "-":
        source = "<stdin>"
        stdin = sys.stdin
        if stdin is None:
            raise InputError("standard input is not available", source=source)
        stream = getattr(stdin, "buffer", None) or stdin
        try:
            raw = stream.read(limit + 1)
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read standard input: {_os_problem(exc)}", source=source) from None
        if isinstance(raw, str):  # a text-only stream (tests, embedding)
            raw = raw.encode("utf-8", "surrogateescape")
        if raw is None:
            raw = b""
        if len(raw) > limit:
            raise _too_large(source)
        return source, raw

    try:
        source = os.fspath(path)
    except TypeError:
        raise InputError("not a file name", source=repr(path)) from None
    if not isinstance(source, str):
        source = os.fsdecode(source)
    if source == "":
        raise InputError("empty file name", source="''")
    try:
        with open(source, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise InputError("is a directory, not a file", source=source)
            if stat.S_ISREG(info.st_mode) and info.st_size > limit:
                raise _too_large(source)
            raw = handle.read(limit + 1)
    except InputError:
        raise
    except (OSError, ValueError) as exc:
        raise file_error(exc, source) from None
    if len(raw) > limit:
        raise _too_large(source)
    return source, raw


def file_error(exc: BaseException, source: str) -> InputError:
    """The one-line error for a file that cannot be opened or read."""
    if isinstance(exc, FileNotFoundError):
        return InputError("no such file", source=source)
    if isinstance(exc, IsADirectoryError):
        return InputError("is a directory, not a file", source=source)
    if isinstance(exc, PermissionError):
        return InputError("permission denied", source=source)
    return InputError(f"cannot read: {_os_problem(exc)}", source=source)


def _os_problem(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[:1].lower() + exc.strerror[1:]
    return str(exc) or type(exc).__name__


def load_document(path: str) -> Document:
    """Read and parse ``path`` (``'-'``: standard input). JSON iff the name ends with
    ``.json``; everything else, standard input included, is YAML 1.2."""
    source, raw = read_bytes(path)
    return parse_document(raw, source, as_json=source.endswith(".json"))


def _decode(raw: bytes, source: str) -> str:
    """Strict UTF-8 without NUL bytes; a leading BOM is dropped."""
    if len(raw) > MAX_BYTES:
        raise _too_large(source)
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise InputError(
            f"binary file: NUL byte at byte offset {nul}",
            source=source,
            line=raw.count(b"\n", 0, nul) + 1,
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start
        raise InputError(
            f"not valid UTF-8: byte 0x{raw[offset]:02x} at byte offset {offset}",
            source=source,
            line=raw.count(b"\n", 0, offset) + 1,
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def parse_document(raw: bytes, source: str, *, as_json: bool) -> Document:
    """Parse one document (YAML 1.2 core schema, or JSON when ``as_json``)."""
    text = _decode(raw, source)
    if as_json:
        return _parse_json(text, raw, source, empty="file is empty", eager_lines=True)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    return _parse_yaml(raw, text, source)


def parse_json_text(text: str, source: str) -> Document:
    """Parse one JSON document given as text (``batch``: one per line). Lines are
    computed on demand by :meth:`Document.line_of`."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return _parse_json(text, None, source, empty="document is empty", eager_lines=False)


# --------------------------------------------------------------------------- JSON


class _DuplicateKey(Exception):
    pass


class _BadConstant(Exception):
    pass


def _pairs_hook(pairs: list) -> dict:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _DuplicateKey
    return result


def _reject_constant(name: str):
    raise _BadConstant(name)


_JSON_WS = " \t\n\r"
_JSON_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_JSON_TOKEN = re.compile(_JSON_STRING + r'|[{}\[\],:]|[^\s{}\[\],:"]+')
_JSON_BRACKET = re.compile(_JSON_STRING + r'|[\[\]{}]')


def _json_prescan(raw: bytes) -> str | None:
    """Cheap structural limits on the UTF-8 bytes of a JSON text, checked before parsing:
    returns "depth" if nesting exceeds MAX_DEPTH, "nodes" if the number of nodes (keys
    included) exceeds MAX_NODES, else None. Exact for valid JSON; a few C-level passes
    (about 20 ms for 10 MB)."""
    max_depth = MAX_DEPTH
    if len(raw) <= MAX_NODES and raw.count(b"[") + raw.count(b"{") <= max_depth:
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
    if nodes > MAX_NODES:
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
            if depth > MAX_DEPTH:
                return m.start()
        elif c == "]" or c == "}":
            depth -= 1
    return 0


def _json_walk(
    text: str,
    *,
    lines: dict | None = None,
    on_duplicate: Callable[[tuple, str, int], None] | None = None,
    on_bare: Callable[[str, tuple, int], None] | None = None,
) -> None:
    """Walk the tokens of (syntactically valid) JSON text, recording the line of every
    object member (its key's line) and array item in ``lines``, and calling
    ``on_duplicate(mapping_path, key, line)`` / ``on_bare(token, path, line)``."""
    stack: list[list] = []  # [is_object, path, key_or_index, keys, expect_key]
    top: list | None = None
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
            if check_keys:
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
            path: tuple = ()
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
    def __init__(self, path: tuple, line: int, detail: str = "") -> None:
        self.path = path
        self.line = line
        self.detail = detail


def _locate(text: str, **hooks) -> _Found | None:
    """Walk the JSON text with `hooks` (on_duplicate, on_bare) that raise _Found."""
    try:
        _json_walk(text, **hooks)
    except _Found as found:
        return found
    except Exception:
        return None
    return None


def _locate_duplicate(text: str) -> _Found | None:
    def on_duplicate(path: tuple, key: str, line: int) -> None:
        raise _Found(path, line, key)

    return _locate(text, on_duplicate=on_duplicate)


def _locate_bare(text: str, predicate: Callable[[str], bool]) -> _Found | None:
    def on_bare(tok: str, path: tuple, line: int) -> None:
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
        raise fail(f"too many nodes (more than {MAX_NODES})")
    if limit == "depth":
        raise fail(
            f"nested deeper than {MAX_DEPTH} levels",
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
            f"nested deeper than {MAX_DEPTH} levels",
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
    lines: dict[tuple, int] = {}
    pending: list = []
    if eager_lines and len(text) <= _EAGER_JSON_LINES:
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


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --------------------------------------------------------------------------- YAML

_TAG_PREFIX = "tag:yaml.org,2002:"
_STR = _TAG_PREFIX + "str"
_INT = _TAG_PREFIX + "int"
_FLOAT = _TAG_PREFIX + "float"
_BOOL = _TAG_PREFIX + "bool"
_NULL = _TAG_PREFIX + "null"
_MAP = _TAG_PREFIX + "map"
_SEQ = _TAG_PREFIX + "seq"

_MISSING = object()
_NOKEY = object()  # a mapping frame waiting for its next key
_OPEN = object()  # an anchor whose node is still being built

_INF = Decimal("Infinity")
_NINF = Decimal("-Infinity")
_NAN = Decimal("NaN")

_NULLS = {"": None, "~": None, "null": None, "Null": None, "NULL": None}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_SPECIAL_FLOATS = {}
for _sign, _value in (("", _INF), ("+", _INF), ("-", _NINF)):
    for _word in ("inf", "Inf", "INF"):
        _SPECIAL_FLOATS[f"{_sign}.{_word}"] = _value
for _word in ("nan", "NaN", "NAN"):
    _SPECIAL_FLOATS[f".{_word}"] = _NAN
del _sign, _value, _word
_PLAIN_SPECIAL = {**_NULLS, **_BOOLS, **_SPECIAL_FLOATS}

_NUMBER_START = frozenset("0123456789+-.")
_INT_RE = re.compile(r"[-+]?[0-9]+")
_OCT_RE = re.compile(r"0o[0-7]+")
_HEX_RE = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT_RE = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")

# Characters YAML 1.2 does not allow in a stream (c-printable), after strict UTF-8 decoding.
_YAML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


# Whitespace and comments only (possessive: no backtracking on a long non-blank file).
_YAML_BLANK = re.compile(r"(?:[ \t\r\n]|#[^\r\n]*+)*+\Z")


class _ScalarError(Exception):
    pass


def _max_digits() -> int:
    get = getattr(sys, "get_int_max_str_digits", None)  # Python >= 3.11 (and backports)
    return get() if get is not None else 4300


def _int(text: str, base: int = 10) -> int:
    try:
        value = int(text, base)
    except ValueError:  # the interpreter's digit limit for str -> int
        raise _ScalarError(
            f"integer {_shorten(text)} has more than {_max_digits()} digits"
        ) from None
    if not in_range(value):
        raise _ScalarError(f"number out of range: {_shorten(text)} ({RANGE})")
    return value


def _decimal(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except (ArithmeticError, ValueError):
        raise _ScalarError(f"number out of range: {_shorten(text)}") from None
    if not in_range(value):
        raise _ScalarError(f"number out of range: {_shorten(text)} ({RANGE})")
    return value


# A bound on the magnitude of every number, so that no command meets an absurd one
# (1e1000018 would make a million-digit integer of its compute units).
MAX_EXPONENT = 100
RANGE = f"a number's magnitude is below 10^{MAX_EXPONENT + 1} and, unless zero, at least 10^-{MAX_EXPONENT}"


def in_range(value: int | Decimal) -> bool:
    """Whether a number's magnitude is within the bound (infinities and NaN are left to
    the scenario's validation, which names the field)."""
    if isinstance(value, int):
        return abs(value) < 10 ** (MAX_EXPONENT + 1)
    if not value.is_finite() or value.is_zero():
        return True
    return -MAX_EXPONENT <= value.adjusted() <= MAX_EXPONENT


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


def _resolve_plain(value: str):
    """YAML 1.2 core schema resolution of an untagged plain scalar."""
    special = _PLAIN_SPECIAL.get(value, _MISSING)
    if special is not _MISSING:
        return special
    if value[0] not in _NUMBER_START:
        return value
    if _INT_RE.fullmatch(value):
        return _int(value)
    if _FLOAT_RE.fullmatch(value):
        return _decimal(value)
    if _OCT_RE.fullmatch(value):
        return _int(value[2:], 8)
    if _HEX_RE.fullmatch(value):
        return _int(value[2:], 16)
    return value


def _show_tag(tag: str) -> str:
    if tag.startswith(_TAG_PREFIX):
        shown = "!!" + tag[len(_TAG_PREFIX) :]
    elif tag.startswith("!"):
        shown = tag
    else:
        shown = f"!<{tag}>"
    return _escape_breaks(_shorten(shown, 60))


def _resolve_tagged(tag: str, value: str):
    """A scalar with an explicit tag (or a quoted/block scalar, tag None)."""
    if tag == "!" or tag == _STR:
        return value
    if tag == _INT:
        if _INT_RE.fullmatch(value):
            return _int(value)
        if _OCT_RE.fullmatch(value):
            return _int(value[2:], 8)
        if _HEX_RE.fullmatch(value):
            return _int(value[2:], 16)
        raise _ScalarError(f"{_quote(_shorten(value))} is not an integer (tag !!int)")
    if tag == _FLOAT:
        special = _SPECIAL_FLOATS.get(value)
        if special is not None:
            return special
        if _FLOAT_RE.fullmatch(value):
            return _decimal(value)
        raise _ScalarError(f"{_quote(_shorten(value))} is not a number (tag !!float)")
    if tag == _BOOL:
        if value in _BOOLS:
            return _BOOLS[value]
        raise _ScalarError(f"{_quote(_shorten(value))} is not a boolean (tag !!bool)")
    if tag == _NULL:
        if value in _NULLS:
            return None
        raise _ScalarError(f"{_quote(_shorten(value))} is not null (tag !!null)")
    if tag == _MAP or tag == _SEQ:
        raise _ScalarError(f"tag {_show_tag(tag)} on a scalar")
    raise _ScalarError(f"unsupported tag {_show_tag(tag)}")


def _kind_name(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, Decimal):
        return "a number"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a sequence"
    return "a " + type(value).__name__


def _yaml_error(exc: yaml.YAMLError, source: str, raw: bytes, text: str) -> InputError:
    if isinstance(exc, yaml.reader.ReaderError):
        # libyaml reports a byte offset, the pure-Python reader a character offset
        position = exc.position or 0
        if isinstance(exc.name, str) and exc.name.startswith("<byte"):
            line = raw.count(b"\n", 0, position) + 1
        else:
            line = text.count("\n", 0, position) + 1
        char = exc.character
        shown = f"U+{char:04X}" if isinstance(char, int) else repr(char)
        return InputError(f"invalid YAML: character {shown} is not allowed", source=source, line=line)
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        if "maximum nesting depth" in (exc.problem or ""):  # libyaml's own limit (1000)
            return InputError(f"nested deeper than {MAX_DEPTH} levels", source=source, line=line)
        problem = f"invalid YAML: {exc.problem or exc.context or 'syntax error'}"
        details = []
        if mark is not None:
            details.append(f"column {mark.column + 1}")
        if exc.context and exc.problem:
            context = exc.context
            cmark = exc.context_mark
            if cmark is not None and (mark is None or cmark.line != mark.line):
                context += f" started at line {cmark.line + 1}"
            details.append(context)
        if details:
            problem += f" ({'; '.join(details)})"
        return InputError(problem, source=source, line=line)
    return InputError(f"invalid YAML: {exc}", source=source)


def _parse_yaml(raw: bytes, text: str, source: str) -> Document:
    """Build the document from the libyaml event stream (``raw``: the UTF-8 bytes of
    ``text`` without a BOM)."""
    if _YAML_BLANK.match(text):  # libyaml refuses some of these (a tab-only line)
        raise InputError("file is empty", source=source)
    if _JSON_LIKE.match(text):
        # A valid JSON text means the same in JSON and in YAML 1.2 with the core schema;
        # json is 10x faster and also takes what libyaml refuses in JSON (surrogate-pair
        # escapes such as "\\ud83e\\udd16", keys over 1024 characters). Anything else
        # (flow YAML, comments, NaN, errors) is read as YAML.
        try:
            return _parse_json(text, raw, source, empty="file is empty", eager_lines=True)
        except InputError:
            pass
    bad = _YAML_FORBIDDEN.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        code = ord(bad.group())
        what = f"{'control ' if code < 0xA0 else ''}character U+{code:04X}"
        escape = f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
        raise InputError(
            f"invalid YAML: raw {what} is not allowed (column {column}; write it as "
            f"the escape {escape} in a double-quoted string)",
            source=source,
            line=line,
        )
    restore = None
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        # YAML 1.2 reads U+0085, U+2028 and U+2029 as ordinary characters; libyaml (YAML
        # 1.1) as line breaks, which would fold them away. Parse with stand-ins from the
        # private use area that the text does not contain, and put them back.
        stand_ins = (chr(c) for c in range(0xF0000, 0xFFFFE) if chr(c) not in text)
        restore = {}
        for original in ("\x85", "\u2028", "\u2029"):
            stand_in = next(stand_ins)
            text = text.replace(original, stand_in)
            restore[ord(stand_in)] = original
        raw = text.encode("utf-8")
    if _CLoader is not None:
        loader = _CLoader(raw)
    else:  # pragma: no cover - exercised by a test that forces the fallback
        loader = yaml.SafeLoader(text)
    get_event = loader.get_event
    if restore is not None:
        get_event = _restoring(get_event, restore)
    try:
        return _build_yaml(get_event, source)
    except InputError:
        raise
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, source, raw, text) from None
    except RecursionError:  # not expected: the builder does not recurse
        raise InputError(f"nested deeper than {MAX_DEPTH} levels", source=source) from None
    finally:
        loader.dispose()


_JSON_LIKE = re.compile(r"[ \t\r\n]*[\[{]")


def _restoring(get_event: Callable[[], Any], table: dict) -> Callable[[], Any]:
    lowest = chr(min(table))

    def get():
        ev = get_event()
        if ev.__class__ is ScalarEvent:
            value = ev.value
            if value and max(value) >= lowest:
                ev.value = value.translate(table)
        return ev

    return get


def _build_yaml(get_event: Callable[[], Any], source: str) -> Document:
    # frame: [container, path, is_map, pending_key, key_line, anchor, nodes_before, depth, deepest]
    stack: list[list] = []
    top: list | None = None
    root: Any = _MISSING
    empty_root = False
    lines: dict[tuple, int] = {}
    anchors: dict[str, Any] = {}
    nodes = 0
    max_nodes = MAX_NODES
    max_depth = MAX_DEPTH
    documents = 0
    resolve_plain = _resolve_plain

    def here(ev, frame) -> tuple:
        """Path of the node that event ``ev`` starts (or the mapping, for a key)."""
        if frame is None:
            return ()
        if frame[2]:
            if frame[3] is _NOKEY:
                return frame[1]
            return frame[1] + (frame[3],)
        return frame[1] + (len(frame[0]),)

    def fail(problem: str, ev, path: tuple) -> InputError:
        line = ev.start_mark.line + 1 if ev.start_mark is not None else None
        return InputError(problem, source=source, path=_error_path(path), line=line)

    def too_many(ev) -> InputError:
        return fail(f"too many nodes after alias expansion (more than {max_nodes})", ev, here(ev, top))

    while True:
        ev = get_event()
        cls = ev.__class__

        if cls is ScalarEvent:
            nodes += 1
            if nodes > max_nodes:
                raise too_many(ev)
            tag = ev.tag
            try:
                if tag is None and ev.implicit[0]:
                    value = resolve_plain(ev.value) if ev.value else None
                elif tag is None:
                    value = ev.value
                else:
                    value = _resolve_tagged(tag, ev.value)
            except _ScalarError as exc:
                raise fail(str(exc), ev, here(ev, top)) from None
            if top is None:
                if root is not _MISSING:  # pragma: no cover - libyaml emits one root
                    raise fail("more than one root node", ev, ())
                root = value
                empty_root = tag is None and ev.value == "" and ev.implicit[0]
                lines[()] = ev.start_mark.line + 1
            elif top[2]:
                if top[3] is _NOKEY:  # a key
                    if value.__class__ is not str:
                        raise fail(
                            f"mapping key {_quote(_shorten(ev.value))} is {_kind_name(value)}, "
                            "not a string (quote it)",
                            ev,
                            top[1],
                        )
                    if value in top[0]:
                        raise fail(f"duplicate key {_quote(value)}", ev, top[1])
                    top[3] = value
                    top[4] = ev.start_mark.line + 1
                else:
                    key = top[3]
                    top[0][key] = value
                    lines[top[1] + (key,)] = top[4]
                    top[3] = _NOKEY
            else:
                container = top[0]
                lines[top[1] + (len(container),)] = ev.start_mark.line + 1
                container.append(value)
            if ev.anchor is not None:
                anchors[ev.anchor] = (value, 1, 0)
            continue

        if cls is MappingStartEvent or cls is SequenceStartEvent:
            is_map = cls is MappingStartEvent
            nodes += 1
            if nodes > max_nodes:
                raise too_many(ev)
            tag = ev.tag
            if tag is not None and tag != "!" and tag != (_MAP if is_map else _SEQ):
                if tag == _MAP or tag == _SEQ or tag.startswith(_TAG_PREFIX) and tag[len(_TAG_PREFIX):] in (
                    "str", "int", "float", "bool", "null"
                ):
                    problem = f"tag {_show_tag(tag)} on a {'mapping' if is_map else 'sequence'}"
                else:
                    problem = f"unsupported tag {_show_tag(tag)}"
                raise fail(problem, ev, here(ev, top))
            if len(stack) >= max_depth:
                raise fail(f"nested deeper than {max_depth} levels", ev, here(ev, top))
            container = {} if is_map else []
            line = ev.start_mark.line + 1
            if top is None:
                path: tuple = ()
                root = container
                lines[()] = line
            elif top[2]:
                key = top[3]
                if key is _NOKEY:
                    raise fail(
                        f"mapping key is a {'mapping' if is_map else 'sequence'}, not a string",
                        ev,
                        top[1],
                    )
                path = top[1] + (key,)
                top[0][key] = container
                lines[path] = top[4]
                top[3] = _NOKEY
            else:
                parent = top[0]
                path = top[1] + (len(parent),)
                lines[path] = line
                parent.append(container)
            depth = len(stack) + 1
            if ev.anchor is not None:
                anchors[ev.anchor] = _OPEN
            top = [container, path, is_map, _NOKEY, 0, ev.anchor, nodes - 1, depth, depth]
            stack.append(top)
            continue

        if cls is MappingEndEvent or cls is SequenceEndEvent:
            frame = stack.pop()
            top = stack[-1] if stack else None
            if top is not None and frame[8] > top[8]:
                top[8] = frame[8]
            if frame[5] is not None:
                anchors[frame[5]] = (frame[0], nodes - frame[6], frame[8] - frame[7] + 1)
            continue

        if cls is AliasEvent:
            name = ev.anchor
            entry = anchors.get(name, _MISSING)
            if entry is _MISSING:
                raise fail(f"unknown alias *{_escape_breaks(_shorten(name))}", ev, here(ev, top))
            if entry is _OPEN:
                raise fail(
                    f"recursive alias *{_escape_breaks(_shorten(name))} (refers to a node that contains it)",
                    ev,
                    here(ev, top),
                )
            value, size, height = entry
            nodes += size
            if nodes > max_nodes:
                raise too_many(ev)
            if height:
                reach = len(stack) + height
                if reach > max_depth:
                    raise fail(
                        f"nested deeper than {max_depth} levels (through alias *{_escape_breaks(_shorten(name))})",
                        ev,
                        here(ev, top),
                    )
                if top is not None and reach > top[8]:
                    top[8] = reach
            line = ev.start_mark.line + 1
            if top is None:
                root = value
                lines[()] = line
            elif top[2]:
                if top[3] is _NOKEY:
                    if value.__class__ is not str:
                        raise fail(
                            f"mapping key *{_escape_breaks(_shorten(name))} is {_kind_name(value)}, not a string",
                            ev,
                            top[1],
                        )
                    if value in top[0]:
                        raise fail(f"duplicate key {_quote(value)}", ev, top[1])
                    top[3] = value
                    top[4] = line
                else:
                    key = top[3]
                    top[0][key] = value
                    lines[top[1] + (key,)] = top[4]
                    top[3] = _NOKEY
            else:
                container = top[0]
                lines[top[1] + (len(container),)] = line
                container.append(value)
            continue

        if cls is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise fail(
                    "more than one YAML document (a scenario file holds exactly one)", ev, ()
                )
            continue

        if cls is StreamEndEvent or ev is None:
            break
        if cls is DocumentEndEvent or cls is StreamStartEvent:
            continue
        raise InputError(f"unexpected YAML event {cls.__name__}", source=source)  # pragma: no cover

    if root is _MISSING or empty_root:
        raise InputError("file is empty", source=source)
    return Document(source, root, lines)
