"""A pytest plugin (entry point `pytest11`): `pytest scenarios/` collects every scenario
file with an `expect:` block and makes each expectation a test item, named after the
file, the draft and the expectation:

    scenarios/final-act/bloom.yaml::aia-2024: always foss(bloom-176b)

Each draft is solved once per file (through aiact_foss.testing.checking, the code behind
`aiact-foss check`); a failure shows the expectation, why it fails and what the draft
concludes. Imports stay lazy: pytest loads this plugin in every project where the
package is installed, and a file is only read when it looks like a scenario."""

from __future__ import annotations

import re
from typing import Any

import pytest

_SUFFIXES = (".yaml", ".yml", ".json")
# a top-level `scenario:` and `expect:` (YAML) or the JSON keys
_SCENARIO = re.compile(rb'^(scenario\s*:|\s*\{?\s*"scenario"\s*:)', re.MULTILINE)
_EXPECT = re.compile(rb'^(expect\s*:)|"expect"\s*:', re.MULTILINE)


def _looks_like_expectations(path: Any) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(1 << 20)
    except OSError:
        return False
    return bool(_SCENARIO.search(head) and _EXPECT.search(head))


def pytest_collect_file(file_path: Any, parent: Any) -> Any:
    if file_path.suffix in _SUFFIXES and _looks_like_expectations(file_path):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ExpectationFailed(Exception):
    def __init__(self, line: str) -> None:
        super().__init__(line)
        self.line = line


class ScenarioFile(pytest.File):
    """One scenario file: its expectations, and each draft's check, solved once."""

    def collect(self) -> Any:
        from aiact_foss.engine import conclusions
        from aiact_foss.language.loading import InputError
        from aiact_foss.language.validate import load_scenario

        try:
            self.scenario, _ = load_scenario(str(self.path))
        except InputError as e:
            yield BadScenario.from_parent(self, name="load", error=str(e))
            return
        self._failures: dict[str, list[str]] = {}
        seen: dict[str, int] = {}
        for draft, exp in self.scenario.expect.items():
            items: list[tuple[str, object, str]] = []  # (group, status or conclusion, prefix)
            if exp.status is not None:
                items.append(("status", exp.status, f"{draft}: status "))
            for group in ("always", "sometimes", "never"):
                for raw in getattr(exp, group):
                    c = conclusions.from_expect(raw)
                    items.append((group, c, f"{draft}: {group} {c}:"))
            for group, what, prefix in items:
                name = f"{draft}: {group} {what}"
                seen[name] = seen.get(name, 0) + 1
                if seen[name] > 1:
                    name += f" ({seen[name]})"
                yield ExpectationItem.from_parent(self, name=name, draft=draft, prefix=prefix)

    def failures(self, draft: str) -> list[str]:
        """`check`'s failure lines for one draft's expectations (solved once)."""
        if draft not in self._failures:
            from aiact_foss.testing.checking import check_scenario

            only = self.scenario.model_copy(update={"expect": {draft: self.scenario.expect[draft]}})
            self._failures[draft], _ = check_scenario(only)
        return self._failures[draft]

    def describe(self, draft: str, line: str) -> str:
        """A failure: the expectation, why it fails, and what the draft concludes."""
        from aiact_foss import api
        from aiact_foss.law import drafts

        out = [f"{self.path.name}: {line}"]
        if draft in drafts.available():
            (r,) = api.solve_results(self.scenario, [draft], max_outcomes=8)
            out.append(f"  {draft} concludes ({r.status}):")
            out.append("    always:    " + (", ".join(str(c) for c in r.always) or "(nothing)"))
            out.append("    sometimes: " + (", ".join(str(c) for c in r.sometimes) or "(nothing)"))
            if r.pinned:
                out.append("    pinned:    " + ", ".join(f"{q}={'true' if v else 'false'}" for q, v in r.pinned.items()))
        return "\n".join(out)


class ExpectationItem(pytest.Item):
    def __init__(self, *, draft: str, prefix: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.draft = draft
        self.prefix = prefix

    @property
    def file(self) -> ScenarioFile:
        assert isinstance(self.parent, ScenarioFile)  # made only by ScenarioFile.collect
        return self.parent

    def runtest(self) -> None:
        for line in self.file.failures(self.draft):
            if line.startswith(self.prefix) or line == f"{self.draft}: this draft is not encoded":
                raise ExpectationFailed(line)

    def repr_failure(self, excinfo: Any, style: Any=None) -> Any:
        if isinstance(excinfo.value, ExpectationFailed):
            return self.file.describe(self.draft, excinfo.value.line)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> Any:
        return self.path, None, self.name


class BadScenario(pytest.Item):
    """A scenario file that does not load: one failing item with the one-line error."""

    def __init__(self, *, error: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.error = error

    def runtest(self) -> None:
        raise ExpectationFailed(self.error)

    def repr_failure(self, excinfo: Any, style: Any=None) -> Any:
        if isinstance(excinfo.value, ExpectationFailed):
            return excinfo.value.line
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> Any:
        return self.path, None, "does not load"
