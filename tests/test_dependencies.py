"""Every package that src/, tests/ or benchmarks/ import is declared in pyproject.toml:
the package's own imports in `dependencies` or an extra, never only present by luck (as
`rich` once was, through typer)."""

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the package, and the scripts of tests/ and benchmarks/ that import each other
OWN = {"aiact_foss"} | {p.stem for d in ("tests", "benchmarks") for p in (ROOT / d).glob("*.py")}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> tuple[set[str], set[str]]:
    """(the core dependencies, every dependency of an extra); `dask[distributed]` also
    declares `distributed`, the distribution that extra brings."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    def names(reqs: list[str]) -> set[str]:
        out = set()
        for r in reqs:
            m = re.match(r"([A-Za-z0-9_.-]+)(?:\[([^\]]*)\])?", r)
            assert m, r
            out.add(_canonical(m.group(1)))
            out |= {_canonical(e) for e in (m.group(2) or "").split(",") if e.strip()}
        return out

    extras = set().union(*(names(v) for v in project.get("optional-dependencies", {}).values()))
    return names(project["dependencies"]), extras


def _imports(folder: str) -> dict[str, str]:
    """top-level module -> the first file importing it (absolute imports only)."""
    out: dict[str, str] = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                mods = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                mods = [node.module]
            else:
                continue
            for m in mods:
                out.setdefault(m.split(".")[0], str(path.relative_to(ROOT)))
    return out


def _third_party(folder: str) -> dict[str, str]:
    return {m: f for m, f in _imports(folder).items()
            if m not in sys.stdlib_module_names and m not in OWN and m != "__future__"}


def test_every_imported_package_is_declared():
    core, extras = _declared()
    dists = packages_distributions()
    missing = []
    for folder in ("src", "tests", "benchmarks"):
        for module, where in sorted(_third_party(folder).items()):
            names = {_canonical(d) for d in dists.get(module, [module])}
            if not names & (core | extras):
                missing.append(f"{where}: imports {module} ({', '.join(sorted(names))}), not in pyproject.toml")
    assert missing == []


def test_the_check_sees_a_third_party_import():
    # the test above must be able to fail: src/ imports clingo, which only pyproject declares
    assert "clingo" in _third_party("src") and "clingo" in _declared()[0]
