"""The module paths before the package layout of 0.2.0, kept importable for one release:
``import aiact_foss.solving`` gives ``aiact_foss.engine.solving`` (same module object) with
a DeprecationWarning. Remove in 0.3.0."""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
import warnings
from collections.abc import Sequence

MOVED = {
    "scenario": "language.scenario", "licences": "language.licences", "loading": "language.loading",
    "validate": "language.validate", "references": "language.references", "facts": "language.facts",
    "vocabulary": "language.vocabulary", "drafts": "law.drafts", "questions": "law.questions",
    "templates": "law.templates", "resources": "law.resources", "solving": "engine.solving",
    "readings": "engine.readings", "conclusions": "engine.conclusions", "results": "engine.results",
    "model_bits": "engine.model_bits", "batch_solve": "engine.batch_solve",
    "batch_program": "engine.batch_program", "diffing": "engine.diffing",
    "batch_dask": "batch.dask_cluster", "docgen": "reference.docgen",
    "properties": "testing.properties", "checking": "testing.checking",
    "coverage": "testing.coverage", "pytest_plugin": "testing.pytest_plugin",
    "commands": "cli.commands",
}


class _Loader(importlib.abc.Loader):
    def __init__(self, target: str) -> None:
        self.target = target

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        warnings.warn(f"{spec.name} moved to {self.target}", DeprecationWarning, stacklevel=2)
        return importlib.import_module(self.target)

    def exec_module(self, module: types.ModuleType) -> None:
        pass  # the target module is already executed


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: types.ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        prefix, _, rest = fullname.partition(".")
        if prefix != "aiact_foss" or rest.split(".")[0] not in MOVED:
            return None
        head, _, tail = rest.partition(".")
        new = "aiact_foss." + MOVED[head] + ("." + tail if tail else "")
        return importlib.machinery.ModuleSpec(fullname, _Loader(new))


def install() -> None:
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.append(_Finder())
