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

The work is done in small modules under ``language/reading/`` (errors, limits, files,
document, json_text, scalars, yaml_events); this module is their entry point and keeps
the names other modules and tests import from here.
"""

from __future__ import annotations

import re
import sys
import types

import yaml

from aiact_foss.language.reading import limits
from aiact_foss.language.reading.document import Document
from aiact_foss.language.reading.errors import (  # noqa: F401  (re-exported)
    InputError,
    _error_path,
    _escape_breaks,
    _quote,
    _shorten,
    format_path,
)
from aiact_foss.language.reading.files import (  # noqa: F401
    _decode,
    _os_problem,
    _too_large,
    file_error,
    read_bytes,
)
from aiact_foss.language.reading.json_text import _json_walk, _parse_json  # noqa: F401
from aiact_foss.language.reading.limits import (  # noqa: F401
    _EAGER_JSON_LINES,
    MAX_BYTES,
    MAX_DEPTH,
    MAX_EXPONENT,
    MAX_NODES,
    RANGE,
    in_range,
)
from aiact_foss.language.reading.scalars import _YAML_BLANK, _YAML_FORBIDDEN
from aiact_foss.language.reading.yaml_events import _build_yaml, _restoring

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

try:  # libyaml; the pure-Python parser produces the same events, only slower
    _CLoader: type | None = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _CLoader = None


def load_document(path: str) -> Document:
    """Read and parse ``path`` (``'-'``: standard input). JSON iff the name ends with
    ``.json``; everything else, standard input included, is YAML 1.2."""
    source, raw = read_bytes(path)
    return parse_document(raw, source, as_json=source.endswith(".json"))


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


# --------------------------------------------------------------------------- YAML


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
        at = mark.line + 1 if mark is not None else None
        if "maximum nesting depth" in (exc.problem or ""):  # libyaml's own limit (1000)
            return InputError(f"nested deeper than {MAX_DEPTH} levels", source=source, line=at)
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
        return InputError(problem, source=source, line=at)
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


class _Module(types.ModuleType):
    """Setting a limit here (a test, an embedding application) sets it where the
    reading modules look it up."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in _LIMITS:
            setattr(limits, name, value)
        super().__setattr__(name, value)


_LIMITS = ("MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "_EAGER_JSON_LINES")
sys.modules[__name__].__class__ = _Module
