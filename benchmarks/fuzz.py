"""Fuzz the loader, the conclusion-pattern parser, the property parser and the batch line
reader (aiact_foss.testing.fuzzing) for a set time, seeded from the casebook.

    python benchmarks/fuzz.py --seconds 600               # every target, 600 s shared
    python benchmarks/fuzz.py --target loader --seconds 60
    python benchmarks/fuzz.py --engine hypothesis         # without atheris

With atheris (`pip install -e '.[fuzz]'`) each target runs coverage-guided in its own
process; without it, hypothesis generates bytes and mutated seeds. An input that crashes
a target is written to fuzz-crashes/<target>/ and the run exits 1: copy it into
tests/data/fuzz/<target>/ with the fix, and tests/test_fuzz_targets.py keeps it fixed."""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
# aiact_foss is imported late: the atheris child must import it inside instrument_imports.


def _save_crash(target: str, data: bytes, out: Path) -> Path:
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"crash-{hashlib.sha1(data).hexdigest()}"  # libFuzzer's own name for it
    path.write_bytes(data)
    return path


def run_atheris_child(target: str, corpus: str, argv: list[str]) -> None:
    """In a child process: atheris over one target (exits at the first crash)."""
    import atheris

    with atheris.instrument_imports(include=["aiact_foss"]):
        from aiact_foss.testing import fuzzing
    fn = fuzzing.TARGETS[target]
    # The input under test, kept in a file: a crash that aborts the process (a clingo
    # PANIC) bypasses libFuzzer's own artifact writing.
    last = os.open(os.path.join(os.environ["AIACT_FUZZ_CRASHES"], "last-input"), os.O_RDWR | os.O_CREAT, 0o644)

    def one(data: bytes) -> None:
        os.ftruncate(last, 0)
        os.pwrite(last, data, 0)
        fn(data)

    atheris.Setup([sys.argv[0], *argv, corpus], one)
    atheris.Fuzz()


def run_atheris(target: str, seconds: int, out: Path) -> bool:
    from aiact_foss.testing import fuzzing

    with tempfile.TemporaryDirectory() as corpus:
        for k, seed in enumerate(fuzzing.seeds(target, ROOT)):
            Path(corpus, f"seed-{k}").write_bytes(seed)
        crashes = out / target
        crashes.mkdir(parents=True, exist_ok=True)
        args = [f"-max_total_time={seconds}", "-timeout=20", "-rss_limit_mb=2048", "-max_len=65536",
                f"-artifact_prefix={crashes}{os.sep}", "-print_final_stats=1"]
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), AIACT_FUZZ_CRASHES=str(crashes))
        p = subprocess.run([sys.executable, __file__, "--child", target, "--corpus", corpus, "--", *args],
                           env=env, check=False)
        last = crashes / "last-input"
        if p.returncode != 0 and last.exists():
            path = _save_crash(target, last.read_bytes(), out)
            sys.stderr.write(f"fuzz {target}: crash (exit {p.returncode}); input in {path}\n")
        last.unlink(missing_ok=True)
        return p.returncode == 0


def run_hypothesis(target: str, seconds: int, out: Path) -> bool:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from aiact_foss.testing import fuzzing

    fn = fuzzing.TARGETS[target]
    pool = list(fuzzing.seeds(target, ROOT))

    @st.composite
    def mutated(draw: st.DrawFn) -> bytes:
        data = bytearray(draw(st.sampled_from(pool)))
        for _ in range(draw(st.integers(1, 8))):
            at = draw(st.integers(0, len(data)))
            op = draw(st.sampled_from(["insert", "delete", "flip"]))
            if op == "insert":
                data[at:at] = draw(st.binary(min_size=1, max_size=16))
            elif op == "delete":
                del data[at:at + draw(st.integers(1, 64))]
            elif data:
                data[min(at, len(data) - 1)] ^= 1 << draw(st.integers(0, 7))
        return bytes(data)

    found: list[bytes] = []

    @settings(max_examples=200, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck), report_multiple_bugs=False)
    @given(st.one_of(st.binary(max_size=512), mutated()))
    def check(data: bytes) -> None:
        try:
            fn(data)
        except Exception:
            found.append(data)
            raise

    end = time.monotonic() + seconds
    rounds = 0
    while time.monotonic() < end:
        rounds += 1
        try:
            check()
        except Exception as e:  # noqa: BLE001 - every crash is reported, with its input
            path = _save_crash(target, found[-1] if found else b"", out)
            sys.stderr.write(f"fuzz {target}: crash ({type(e).__name__}: {e}); input in {path}\n")
            return False
    sys.stderr.write(f"fuzz {target}: {rounds * 200} inputs (hypothesis), no crash\n")
    return True


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=int, default=600, help="total time, shared by the targets")
    ap.add_argument("--target", choices=["batch-lines", "conclusion", "loader", "property"], action="append")
    ap.add_argument("--engine", choices=["auto", "atheris", "hypothesis"], default="auto")
    ap.add_argument("--out", default="fuzz-crashes", help="where crashing inputs are written")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    ap.add_argument("rest", nargs="*", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        run_atheris_child(a.child, a.corpus, a.rest)
        return 0
    from aiact_foss.testing import fuzzing

    engine = a.engine
    if engine == "auto":
        engine = "atheris" if importlib.util.find_spec("atheris") else "hypothesis"
    if engine == "atheris" and not importlib.util.find_spec("atheris"):
        sys.stderr.write("fuzz: atheris is not installed (pip install -e '.[fuzz]')\n")
        return 2
    targets = a.target or sorted(fuzzing.TARGETS)
    each = max(1, a.seconds // len(targets))
    out = Path(a.out)
    ok = True
    for t in targets:
        sys.stderr.write(f"fuzz {t}: {each} s with {engine}\n")
        ok = (run_atheris if engine == "atheris" else run_hypothesis)(t, each, out) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
