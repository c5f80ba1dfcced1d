"""aiact-foss: a legal reasoner for the free and open-source exemption of the EU AI Act.

The law lives in ``logic/`` as clingo rules; this package validates scenarios, turns them
into facts, solves them under each draft and renders the results. The Python API
(docs/api.md)::

    from aiact_foss import load, solve, explanation, diff, check, report, Error

Packages: language/ (scenario -> facts), law/ (logic/ as data), engine/ (solving),
batch/, explain/, explore/, testing/, reference/, cli/.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiact_foss import _moved
from aiact_foss.errors import Error

_moved.install()

if TYPE_CHECKING:
    from aiact_foss.api import (
        CheckReport,
        Diff,
        Explanation,
        Result,
        check,
        diff,
        explanation,
        load,
        report,
        solve,
    )
    from aiact_foss.language.scenario import Scenario

_API = ("CheckReport", "Diff", "Explanation", "Result", "check", "diff", "explanation", "load", "report", "solve")

__all__ = ["CheckReport", "Diff", "Error", "Explanation", "Result", "Scenario", "__version__", "check", "diff",
           "explanation", "load", "report", "solve"]


def _version() -> str:
    # one version, in one place: pyproject.toml; read on demand, as importlib.metadata
    # costs more to import than clingo
    from importlib import metadata

    try:
        return metadata.version("aiact-foss")
    except metadata.PackageNotFoundError:  # a source tree that is not installed
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        globals()["__version__"] = v = _version()
        return v
    # The API loads clingo and the law; `import aiact_foss` alone (the CLI's --help) does not.
    if name in _API:
        from aiact_foss import api

        return getattr(api, name)
    if name == "api":  # `aiact_foss.api.solve(...)` after a bare `import aiact_foss`
        import aiact_foss.api

        return aiact_foss.api
    if name == "Scenario":
        from aiact_foss.language.scenario import Scenario

        return Scenario
    raise AttributeError(f"module 'aiact_foss' has no attribute {name!r}")
