"""Scenarios as YAML that the project's own YAML 1.2 reader reads back to the same
scenario: block style, plain scalars only where they cannot be read as anything but
the string, every other string double-quoted with escapes for the characters a YAML
stream may not carry raw (controls, U+0085, U+2028, U+2029, U+FEFF, U+FFFE/F)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from aiact_foss.language.scenario import Scenario

# A plain scalar that the YAML 1.2 core schema can only read as this string: it starts
# with a letter (never a number, indicator or special float) and holds no `: ` or ` #`.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_./()+-]*(?: [A-Za-z0-9_./()+-]+)*\Z")
_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x85": "\\N",
            "\u2028": "\\L", "\u2029": "\\P"}
_NEEDS_ESCAPE = re.compile("[\\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def quote(text: str) -> str:
    def esc(m: re.Match[str]) -> str:
        ch = m.group()
        if ch in _ESCAPES:
            return _ESCAPES[ch]
        code = ord(ch)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return '"' + _NEEDS_ESCAPE.sub(esc, text) + '"'


def scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        text = str(value)  # e.g. 1E+25, 1.3E+20, 100: all YAML 1.2 core numbers
        if not re.fullmatch(r"[0-9]+(?:\.[0-9]*)?(?:E[-+]?[0-9]+)?", text):
            raise ValueError(f"cannot write the number {value!r} exactly")
        return text
    if isinstance(value, str):
        if _PLAIN.match(value) and value.lower() not in _RESERVED:
            return value
        return quote(value)
    raise TypeError(f"no YAML scalar for {type(value).__name__}")


def _lines(value: Any, indent: int, flow_items: bool = False) -> list[str]:
    """The block lines of a mapping or sequence value, at `indent` spaces; with
    flow_items, each item of a list of mappings on one line (the casebook's style)."""
    pad = " " * indent
    out: list[str] = []
    if isinstance(value, dict):
        for k, v in value.items():
            key = scalar(str(k))
            if isinstance(v, dict) and v or isinstance(v, list) and any(isinstance(x, (dict, list)) for x in v):
                out.append(f"{pad}{key}:")
                out.extend(_lines(v, indent + 2, flow_items))
            else:
                out.append(f"{pad}{key}: {_inline(v)}")
    else:
        for v in value:
            if isinstance(v, dict) and v and flow_items:
                out.append(f"{pad}- {_inline(v)}")
            elif isinstance(v, dict) and v:
                sub = _lines(v, indent + 2, flow_items)
                out.append(f"{pad}- {sub[0].lstrip()}")
                out.extend(sub[1:])
            elif isinstance(v, list) and v:
                out.append(f"{pad}- {_inline(v)}")
            else:
                out.append(f"{pad}- {_inline(v)}")
    return out


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(str(k))}: {_flow_item(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        # flow context: a plain scalar holding `,` or brackets would be misread
        return "[" + ", ".join(_flow_item(v) for v in value) + "]"
    return scalar(value)


def _flow_item(value: Any) -> str:
    text = _inline(value)
    if isinstance(value, str) and not text.startswith('"') and any(c in value for c in ",[]{}"):
        return quote(value)
    return text


def scenario_data(scn: Scenario) -> dict[Any, Any]:
    """The scenario as plain data with defaults left out (what a person would write)."""
    data = scn.model_dump(mode="python", exclude_defaults=True)
    data["scenario"] = 1
    return {k: data[k] for k in Scenario.model_fields if k in data}


def dumps(scn: Scenario | dict[Any, Any], header: str | None = None, flow_items: bool = False) -> str:
    """YAML text for a scenario (a Scenario, or already plain data)."""
    data = scenario_data(scn) if isinstance(scn, Scenario) else scn
    lines = [f"# {line}".rstrip() for line in (header or "").splitlines()]
    lines.extend(_lines(data, 0, flow_items))
    return "\n".join(lines) + "\n"
