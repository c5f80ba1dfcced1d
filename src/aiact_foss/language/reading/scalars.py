"""YAML 1.2 core schema: what a scalar means (null, bool, int, exact decimal, string),
plain or tagged."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from aiact_foss.language.reading.errors import _escape_breaks, _quote, _shorten
from aiact_foss.language.reading.limits import RANGE, _max_digits, in_range

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


def _resolve_plain(value: str) -> Any:
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


def _resolve_tagged(tag: str, value: str) -> Any:
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


def _kind_name(value: Any) -> str:
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
