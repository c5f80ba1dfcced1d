"""A release carries the law: build the sdist, then the wheel FROM that sdist (what
`python -m build` and every release pipeline do), install the wheel into a fresh venv,
and solve, explain and report from a directory outside the repository."""

import json
import os
import shutil
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

from aiact_foss.law.identity import version_text

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("AIACT_FOSS_SKIP_WHEEL") == "1", reason="AIACT_FOSS_SKIP_WHEEL=1"),
]


def _clean_tree(dest: Path) -> Path:
    """The tracked tree (with the logic link), as a fresh clone has it."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.split("\n")
    for f in filter(None, files):
        source, target = ROOT / f, dest / f
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            os.symlink(os.readlink(source), target)
        elif source.is_file():
            shutil.copy2(source, target)
    return dest


def test_the_release_built_from_the_sdist_carries_the_law(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is needed to copy a clean tree")
    tree = _clean_tree(tmp_path / "tree")
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(dist), str(tree)], check=True,
                   capture_output=True, timeout=900)
    sdist, = dist.glob("*.tar.gz")
    wheel, = dist.glob("*.whl")
    law = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "logic").rglob("*") if p.is_file())
    with tarfile.open(sdist) as tar:
        in_sdist = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    with zipfile.ZipFile(wheel) as whl:
        in_wheel = set(whl.namelist())
    assert [f for f in law if f not in in_sdist] == []
    assert [f for f in law if "aiact_foss/" + f not in in_wheel] == []
    assert "aiact_foss/explain/assets/graph.js" in in_wheel and "aiact_foss/py.typed" in in_wheel

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env_dir)
    subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], check=True,
                   timeout=900)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(ROOT / "scenarios" / "examples" / "open-model-on-repository.yaml", elsewhere / "s.yaml")
    cli = str(env_dir / "bin" / "aiact-foss")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}

    def run(*args: str) -> str:
        p = subprocess.run([cli, *args], cwd=elsewhere, capture_output=True, text=True, timeout=300, env=env)
        assert p.returncode == 0, p.stderr
        return p.stdout

    doc = json.loads(run("solve", "s.yaml", "--format", "json"))
    assert [r["draft"] for r in doc["results"]][-2:] == ["aia-2024", "aia-2026"] and len(doc["results"]) == 7
    assert {"predicate": "obligation", "args": ["lab", "lab-7b", "copyright_policy"]} in doc["results"][-1]["always"]
    page = run("explain", "s.yaml", "--draft", "aia-2024", "--conclusion", "lifted(lab,lab-7b,technical_documentation)",
               "--format", "html")
    assert page.startswith("<!DOCTYPE html>") and "Art 53(2)" in page
    run("report", "s.yaml", "--out", "memo.html")
    memo = (elsewhere / "memo.html").read_text(encoding="utf-8")
    assert "lab-7b" in memo and "aia-2024" in memo
    # the other commands that read the law at run time
    run("check", "s.yaml")
    run("fuzz", "--property", "consistent", "--examples", "3")
    # a bound far above the few seconds K=1 takes, so that a loaded CI machine (the suite
    # runs on every core) cannot stop it short (exit 3)
    run("explore", "--drafts", "ep-2023-06-14,aia-2024", "--conclusion", "exempt", "--max-components", "1",
        "--timeout", "200")
    version = run("--version").splitlines()
    assert version[1:] == version_text().splitlines()[1:]  # the very same law as this tree's logic/
