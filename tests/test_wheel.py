"""The wheel carries the law: build it, install it into a fresh venv with plain
`pip install`, and solve a bundled scenario from another directory."""

import json
import os
import shutil
import subprocess
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(os.environ.get("AIACT_FOSS_SKIP_WHEEL") == "1", reason="AIACT_FOSS_SKIP_WHEEL=1")
def test_wheel_installs_and_solves_from_elsewhere(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is needed to copy a clean tree")
    src = tmp_path / "src"
    # a clean copy of the tracked tree (with the logic link), as a fresh checkout has it
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.split("\n")
    for f in filter(None, files):
        target = src / f
        target.parent.mkdir(parents=True, exist_ok=True)
        source = ROOT / f
        if source.is_symlink():
            os.symlink(os.readlink(source), target)
        elif source.is_file():
            shutil.copy2(source, target)
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", str(src)], check=True, timeout=900)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(ROOT / "scenarios" / "examples" / "open-model-on-repository.yaml", elsewhere / "s.yaml")
    p = subprocess.run([str(env_dir / "bin" / "aiact-foss"), "solve", "s.yaml", "--format", "json"], cwd=elsewhere,
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert [r["draft"] for r in doc["results"]][-1] == "aia-2024" and len(doc["results"]) == 6
    aia = doc["results"][-1]
    assert {"predicate": "obligation", "args": ["lab", "lab-7b", "copyright_policy"]} in aia["always"]
