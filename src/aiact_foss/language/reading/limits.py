"""The limits every input obeys (size, nesting, nodes, the magnitude of numbers)."""

from __future__ import annotations

import sys
from decimal import Decimal

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

# A bound on the magnitude of every number, so that no command meets an absurd one
# (1e1000018 would make a million-digit integer of its compute units).
MAX_EXPONENT = 100
RANGE = f"a number's magnitude is below 10^{MAX_EXPONENT + 1} and, unless zero, at least 10^-{MAX_EXPONENT}"


def in_range(value: int | Decimal) -> bool:
    """Whether a number's magnitude is within the bound (infinities and NaN are left to
    the scenario's validation, which names the field)."""
    if isinstance(value, int):
        return bool(abs(value) < 10 ** (MAX_EXPONENT + 1))
    if not value.is_finite() or value.is_zero():
        return True
    return -MAX_EXPONENT <= value.adjusted() <= MAX_EXPONENT


def _max_digits() -> int:
    get = getattr(sys, "get_int_max_str_digits", None)  # Python >= 3.11 (and backports)
    return get() if get is not None else 4300
