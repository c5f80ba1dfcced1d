"""`check`: a scenario file's `expect:` block against what each draft concludes
(scenario-language.md, "expect"). Used by the command, the pytest plugin and the tests."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from aiact_foss import api
from aiact_foss.engine import conclusions
from aiact_foss.language.loading import InputError
from aiact_foss.language.scenario import Scenario
from aiact_foss.language.validate import load_scenario
from aiact_foss.law import drafts

SCENARIO_KEY = re.compile(rb'^(scenario\s*:|\s*\{?\s*"scenario"\s*:)', re.MULTILINE)


@dataclass
class FileReport:
    path: str
    error: str | None = None  # bad input
    failures: list[str] = field(default_factory=list)
    checked: int = 0  # expectations checked

    @property
    def ok(self) -> bool:
        return self.error is None and not self.failures


def find_files(paths: list[str]) -> list[str]:
    """Files as given; folders searched recursively for scenario files."""
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if p != "-" and path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.suffix in (".yaml", ".yml", ".json") and f.is_file() and _looks_like_scenario(f):
                    out.append(str(f))
        else:
            out.append(p)
    return out


def _looks_like_scenario(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return bool(SCENARIO_KEY.search(fh.read(1 << 20)))
    except OSError:
        return True  # let loading report it


def check_scenario(scn: Scenario) -> tuple[list[str], int]:
    """Failed expectations (one line each) and the number checked."""
    failures: list[str] = []
    checked = 0
    wanted = [d for d in scn.expect]
    encoded = set(drafts.available())
    for d in wanted:
        if d not in encoded:
            failures.append(f"{d}: this draft is not encoded")
    results = {r.draft: r for r in api.solve_results(scn, [d for d in drafts.available() if d in wanted])}
    for d, exp in scn.expect.items():
        r = results.get(d)
        if r is None:
            continue
        always = set(r.always)
        possible = always | set(r.sometimes)
        if exp.status is not None:
            checked += 1
            if r.status != exp.status:
                failures.append(f"{d}: status is {r.status}, expected {exp.status}")
        for item in exp.always:
            checked += 1
            c = conclusions.from_expect(item)
            if c not in always:
                how = "holds only in some outcomes" if c in possible else "holds in no outcome"
                failures.append(f"{d}: always {c}: {how}")
        for item in exp.sometimes:
            checked += 1
            c = conclusions.from_expect(item)
            if c not in possible:
                failures.append(f"{d}: sometimes {c}: holds in no outcome")
        for item in exp.never:
            checked += 1
            c = conclusions.from_expect(item)
            if c in possible:
                how = "holds in every outcome" if c in always else "holds in some outcomes"
                failures.append(f"{d}: never {c}: {how}")
    return failures, checked


def check_file(path: str) -> FileReport:
    report = FileReport(path)
    try:
        scn, _ = load_scenario(path)
    except InputError as e:
        report.error = str(e)
        return report
    report.failures, report.checked = check_scenario(scn)
    return report
