"""Testing the law: hypothesis strategies and result helpers (strategies.py, re-exported
here as the public ``aiact_foss.testing``), property files, casebook checking, coverage
and the pytest plugin."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aiact_foss.testing.strategies import (
        Result,
        normalised,
        results,
        scenario_from_facts,
        scenarios,
        validated,
    )

_PUBLIC = ("Result", "normalised", "results", "scenario_from_facts", "scenarios", "validated")
__all__ = ["Result", "normalised", "results", "scenario_from_facts", "scenarios", "validated"]


def __getattr__(name: str) -> Any:
    # Lazy, so that importing properties or checking does not import hypothesis.
    if name in _PUBLIC:
        from aiact_foss.testing import strategies

        return getattr(strategies, name)
    raise AttributeError(f"module 'aiact_foss.testing' has no attribute {name!r}")
