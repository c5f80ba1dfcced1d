"""`batch --executor dask` (docs/scaling.md): the same bytes as the local executor, on a
Dask LocalCluster the test starts (reached through DASK_SCHEDULER_ADDRESS, as a real
cluster would be) and on the one `batch` starts itself."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="Dask is an optional extra: pip install 'aiact-foss[dask]'")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "scenarios" / "examples"


def _input(tmp_path) -> Path:
    import json
    from decimal import Decimal

    from aiact_foss.language.loading import load_document

    def plain(x):
        if isinstance(x, Decimal):
            return int(x)
        if isinstance(x, dict):
            return {k: plain(v) for k, v in x.items()}
        if isinstance(x, list):
            return [plain(v) for v in x]
        return x

    lines = [json.dumps(plain(load_document(str(p)).data), ensure_ascii=False) for p in sorted(EXAMPLES.glob("*.yaml"))]
    body = (lines * 12)[:34] + ["", '{"scenario": 1}'] + lines  # more than one chunk, a bad line
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(body) + "\n", encoding="utf-8")
    return src, len([b for b in body if b.strip()])


def _run(*args, env_extra=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    env.pop("DASK_SCHEDULER_ADDRESS", None)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "aiact_foss", "batch", *args], capture_output=True, env=env,
                          timeout=600)


def test_dask_gives_the_bytes_of_the_local_executor(tmp_path, monkeypatch):
    src, n = _input(tmp_path)
    local = _run(str(src))
    assert local.returncode == 2 and local.stdout.count(b"\n") == n
    monkeypatch.setenv("PYTHONPATH", str(ROOT / "src"))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        on_cluster = _run(str(src), "--executor", "dask", env_extra={"DASK_SCHEDULER_ADDRESS": cluster.scheduler_address})
    assert on_cluster.returncode == 2, on_cluster.stderr.decode()
    assert on_cluster.stdout == local.stdout
    own = _run(str(src), "--executor", "dask", "--workers", "2")
    assert own.returncode == 2, own.stderr.decode()
    assert own.stdout == local.stdout
