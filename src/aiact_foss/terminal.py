"""Text that reaches a terminal: every character of a scenario's strings that a terminal
would obey rather than show (escape sequences, carriage returns, C1 controls, bidi
overrides that reorder a line) is written as its escape, `\\u001b`, the way JSON writes
it. One function, `safe`, for every text output and error message; `safe_lines` for a
whole output whose own line breaks are kept."""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, the line and paragraph separators, zero-width and bidirectional
# formatting characters (Trojan Source), lone surrogates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")
# the same but the line feed: `safe` of each line, in one pass over a whole output
_UNSAFE_IN_LINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")

_ASCII_UNSAFE = bytes([*range(0x0A), *range(0x0B, 0x20), 0x7F])


def _escape(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


def safe(text: object) -> str:
    """`text` with every character a terminal would act on shown as `\\uXXXX`; line
    breaks included, so the result is one line."""
    return _UNSAFE.sub(_escape, str(text))


def safe_lines(text: str) -> str:
    """A whole output: each line made safe, the line breaks between them kept."""
    if text.isascii():  # the common case, checked in C: a regular expression over a
        raw = text.encode("ascii")  # large output costs more than the rest of printing
        if len(raw.translate(None, _ASCII_UNSAFE)) == len(raw):
            return text
    return _UNSAFE_IN_LINE.sub(_escape, text)


def safe_markup(text: object) -> str:
    """`safe`, then escaped for rich's console markup, so that `[bold]` in a name is text."""
    from rich.markup import escape

    return escape(safe(text))
