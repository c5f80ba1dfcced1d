"""`batch` under faults (docs/scaling.md, "When things go wrong"): a worker that dies, a
signal, a full disk or a file-size limit, two runs on one output, a closed pipe. In every
case no completed result is lost, no line is torn, and no worker is left behind. The
subprocess tests are marked slow: each solves a few hundred lines."""

from __future__ import annotations

import fcntl
import functools
import io
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aiact_foss.batch import runner
from aiact_foss.engine import batch_solve
from aiact_foss.law import drafts

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
from test_batch import _casebook_lines  # noqa: E402

DRAFT = "aia-2024,commission-2021"  # two drafts: enough work to interrupt, quick to check


def _lines(copies: int) -> list[str]:
    small = [x for x in _casebook_lines() if "Pythia" not in x]
    return small * copies


@functools.cache
def _reference(copies: int) -> bytes:
    """What an undisturbed run writes, in-process."""
    out = io.BytesIO()
    opts = batch_solve.parse_options(drafts.resolve(DRAFT), {}, None)
    stream = io.BytesIO(("\n".join(_lines(copies)) + "\n").encode())
    runner.run(stream, out, opts)
    return out.getvalue()


def _input(tmp_path: Path, copies: int) -> Path:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(_lines(copies)) + "\n", encoding="utf-8")
    return src


def _cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "aiact_foss", "batch", "--draft", DRAFT, *args]


def _env() -> dict:
    return dict(os.environ, PYTHONPATH=str(ROOT / "src"))


def _children(pid: int) -> list[int]:
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        return [int(c) for t in tasks for c in (t / "children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_for(condition, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError("timed out waiting")
        time.sleep(0.02)


def _complete_prefix(data: bytes, full: bytes) -> None:
    assert data == b"" or data.endswith(b"\n"), "a torn last line"
    assert full.startswith(data), "not a prefix of the undisturbed output"


pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="signals, /proc and /dev/full: Linux")


# ------------------------------------------------------------------ a worker that dies (in-process, exact)


def _dies_on_marker(chunk, opts):
    """A worker that dies (as by SIGKILL) on a chunk holding a line named "die", and on a
    chunk holding "die-once" only the first time (a flag file says it died already)."""
    for _, text in chunk:
        if isinstance(text, str) and '"name": "die"' in text:
            os._exit(9)
        if isinstance(text, str) and '"name": "die-once"' in text:
            flag = Path(os.environ["AIACT_TEST_FLAG"])
            if not flag.exists():
                flag.write_text("died")
                os._exit(9)
    return batch_solve.answer(chunk, opts)


def _pool_run(lines: list[str], workers: int = 2) -> tuple[bytes, runner.Summary]:
    opts = batch_solve.parse_options(drafts.resolve(DRAFT), {}, None)
    out = io.BytesIO()
    execute = runner.local_pool(opts, workers, answer=_dies_on_marker)
    summary = runner.Summary()
    fed = list(runner.chunks(runner.read_lines(io.BytesIO(("\n".join(lines) + "\n").encode()))))
    for chunk, answered in zip(fed, execute(iter(fed)), strict=True):
        for (n, _), line in zip(chunk, answered, strict=True):
            summary.bad += line.startswith('{"line":')
            out.write((runner.numbered(n, line) + "\n").encode())
    return out.getvalue(), summary


def _named(name: str) -> str:
    scn = json.loads(_casebook_lines()[0])
    scn["name"] = name
    return json.dumps(scn)


@pytest.mark.slow
def test_a_worker_that_dies_once_is_replaced_and_its_chunk_retried(tmp_path, monkeypatch):
    monkeypatch.setenv("AIACT_TEST_FLAG", str(tmp_path / "flag"))
    lines = _lines(3)
    lines[40] = _named("die-once")
    want = io.BytesIO()
    runner.run(io.BytesIO(("\n".join(lines) + "\n").encode()), want,
               batch_solve.parse_options(drafts.resolve(DRAFT), {}, None))
    got, summary = _pool_run(lines)
    assert (tmp_path / "flag").exists()  # it did die
    assert got == want.getvalue()
    assert summary.bad == 0


@pytest.mark.slow
def test_a_chunk_that_kills_its_worker_twice_gets_error_lines_and_the_run_goes_on():
    lines = _lines(4)
    killer = 70  # in the third chunk of 32
    lines[killer] = _named("die")
    got, summary = _pool_run(lines)
    out = [json.loads(x) for x in got.decode().split("\n")[:-1]]
    assert [o["line"] for o in out] == list(range(1, len(lines) + 1))  # none lost, in order
    dead = [o["line"] for o in out if "error" in o]
    assert dead == list(range(65, 97))  # exactly the killer's chunk
    assert all("died twice" in o["error"] for o in out if "error" in o)
    # each error line names its scenario, and keeps line, scenario, error in that order
    names = {n: json.loads(t)["name"] for n, t in enumerate(lines, 1)}
    assert all(list(o) == ["line", "scenario", "error"] and o["scenario"] == names[o["line"]]
               for o in out if "error" in o)
    assert summary.bad == 32
    others = [json.dumps(o, ensure_ascii=False, separators=(",", ":")) for o in out if "error" not in o]
    assert others == [x for x in _reference(4).decode().split("\n")[:-1]
                      if not 65 <= json.loads(x)["line"] <= 96]


def _pid_per_line(chunk, opts):
    return [f"{os.getpid()} {n}" for n, _ in chunk]


def test_a_pool_is_renewed_every_few_lines_and_loses_or_reorders_no_chunk():
    opts = batch_solve.parse_options(drafts.resolve(DRAFT), {}, None)
    fed = [[(32 * c + k, "x") for k in range(32)] for c in range(9)]
    answered = list(runner.local_pool(opts, 2, answer=_pid_per_line, recycle=96)(iter(fed)))
    assert [int(line.split()[1]) for chunk in answered for line in chunk] == list(range(9 * 32))
    pids = [{line.split()[0] for line in chunk} for chunk in answered]
    assert all(len(p) == 1 for p in pids)  # a chunk is answered by one worker
    # three chunks (96 lines) per pool, and every pool's processes are new
    pools = [set().union(*pids[i:i + 3]) for i in range(0, 9, 3)]
    assert all(not (a & b) for i, a in enumerate(pools) for b in pools[i + 1:])
    assert os.getpid() not in set().union(*pools)


def test_renewed_workers_give_the_bytes_of_one_worker():
    opts = batch_solve.parse_options(drafts.resolve(DRAFT), {}, None)
    fed = list(runner.chunks(runner.read_lines(io.BytesIO(("\n".join(_lines(1)) + "\n").encode()))))
    assert len(fed) >= 2
    renewed = list(runner.local_pool(opts, 1, recycle=1)(iter(fed)))  # a fresh worker for every chunk
    assert renewed == list(runner.in_process(opts)(fed))


def test_an_exception_answering_a_chunk_is_its_error_lines_not_the_end_of_the_run():
    opts = batch_solve.parse_options(drafts.resolve(DRAFT), {}, None)

    def broken(chunk, opts):
        if any('"name": "die"' in t for _, t in chunk):
            raise RuntimeError("boom")
        return batch_solve.answer(chunk, opts)

    lines = _lines(2)
    lines[3] = _named("die")
    fed = list(runner.chunks(runner.read_lines(io.BytesIO(("\n".join(lines) + "\n").encode()))))
    answered = list(runner.in_process(opts, answer=broken)(fed))
    assert all("boom" in x for x in answered[0]) and not any("error" in x for x in answered[1])


# ------------------------------------------------------------------ real processes, real signals


@pytest.mark.slow
def test_a_killed_worker_loses_no_line(tmp_path):
    src = _input(tmp_path, 6)
    out = tmp_path / "out.jsonl"
    p = subprocess.Popen(_cmd(str(src), "--workers", "2", "--out", str(out)), env=_env(), stderr=subprocess.PIPE)
    _wait_for(lambda: len(_children(p.pid)) >= 2)
    os.kill(_children(p.pid)[0], signal.SIGKILL)
    _, err = p.communicate(timeout=300)
    assert p.returncode == 0, err.decode()
    assert out.read_bytes() == _reference(6)


@pytest.mark.slow
@pytest.mark.parametrize(("sig", "code", "workers"), [(signal.SIGTERM, 143, "2"), (signal.SIGHUP, 129, "1"),
                                                      (signal.SIGINT, 130, "2")])
def test_a_signal_ends_the_workers_and_leaves_complete_lines_to_resume(tmp_path, sig, code, workers):
    src = _input(tmp_path, 6)
    out = tmp_path / "out.jsonl"
    part = tmp_path / "out.jsonl.part"
    p = subprocess.Popen(_cmd(str(src), "--workers", workers, "--out", str(out)), env=_env(), stderr=subprocess.PIPE)
    _wait_for(lambda: part.exists() and part.stat().st_size > 0)
    kids = _children(p.pid)
    p.send_signal(sig)
    _, err = p.communicate(timeout=60)
    assert p.returncode == code, err.decode()
    assert err.decode().count("\n") == 1 and "--resume" in err.decode() and "Traceback" not in err.decode()
    _wait_for(lambda: not any(_alive(k) for k in kids), timeout=10)
    assert not out.exists()
    kept = part.read_bytes()
    _complete_prefix(kept, _reference(6))
    assert kept != _reference(6)
    again = subprocess.run(_cmd(str(src), "--out", str(out), "--resume"), env=_env(), capture_output=True, timeout=300)
    assert again.returncode == 0, again.stderr.decode()
    assert out.read_bytes() == _reference(6) and not part.exists()


@pytest.mark.slow
def test_a_killed_main_process_leaves_no_worker_behind(tmp_path):
    src = _input(tmp_path, 6)
    p = subprocess.Popen(_cmd(str(src), "--workers", "2"), env=_env(), stdout=subprocess.DEVNULL)
    _wait_for(lambda: len(_children(p.pid)) >= 2)
    kids = _children(p.pid)
    p.kill()
    p.wait(timeout=10)
    _wait_for(lambda: not any(_alive(k) for k in kids), timeout=10)


# ------------------------------------------------------------------ full disks, limits, pipes


def _limit_file_size(nbytes: int):
    def set_limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (nbytes, nbytes))

    return set_limit


@pytest.mark.slow
def test_a_file_size_limit_is_one_line_and_leaves_only_complete_lines(tmp_path):
    src = _input(tmp_path, 2)
    out = tmp_path / "out.jsonl"
    full = _reference(2)
    p = subprocess.run(_cmd(str(src), "--out", str(out)), env=_env(), capture_output=True, timeout=300,
                       preexec_fn=_limit_file_size(len(full) // 3))
    err = p.stderr.decode()
    assert p.returncode == 2 and err.count("\n") == 1 and "file-size limit" in err and "Traceback" not in err
    assert not out.exists()
    kept = (tmp_path / "out.jsonl.part").read_bytes()
    _complete_prefix(kept, full)
    assert kept.count(b"\n") >= 1  # what fitted was kept, cut at its last complete line
    again = subprocess.run(_cmd(str(src), "--out", str(out), "--resume"), env=_env(), capture_output=True, timeout=300)
    assert again.returncode == 0 and out.read_bytes() == full


@pytest.mark.slow
def test_a_full_disk_is_one_line_and_exit_2(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(_casebook_lines()[0] + "\n", encoding="utf-8")
    for args, stdout in [(["--out", "/dev/full"], None), ([], open("/dev/full", "wb"))]:  # noqa: SIM115
        p = subprocess.run(_cmd(str(src), *args), env=_env(), stdout=stdout or subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=300)
        err = p.stderr.decode()
        assert p.returncode == 2 and err.count("\n") == 1 and "No space left" in err, err
    for cmd in (["solve"], ["solve", "--format", "json"], ["facts"]):
        with open("/dev/full", "wb") as full:
            p = subprocess.run([sys.executable, "-m", "aiact_foss", *cmd, str(ROOT / "scenarios/examples/open-model-on-repository.yaml")],
                               env=_env(), stdout=full, stderr=subprocess.PIPE, timeout=300)
        err = p.stderr.decode()
        assert p.returncode == 2 and err.count("\n") == 1 and "No space left" in err, (cmd, err)


def test_a_closed_pipe_ends_quietly(tmp_path):
    src = _input(tmp_path, 1)
    p = subprocess.Popen(_cmd(str(src)), env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = p.stdout.readline()
    p.stdout.close()
    _, err = p.communicate(timeout=300)
    assert json.loads(first)["line"] == 1
    assert err == b"" and p.returncode != 2


# ------------------------------------------------------------------ one output, two runs


def test_a_second_run_on_a_locked_output_refuses(tmp_path):
    src = _input(tmp_path, 1)
    out = tmp_path / "out.jsonl"
    part = tmp_path / "out.jsonl.part"
    part.write_bytes(b"")
    with part.open("r+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running batch holds it
        p = subprocess.run(_cmd(str(src), "--out", str(out)), env=_env(), capture_output=True, timeout=300)
    assert p.returncode == 2 and "another run" in p.stderr.decode() and p.stderr.decode().count("\n") == 1
    assert not out.exists() and part.read_bytes() == b""


@pytest.mark.slow
def test_two_runs_at_once_on_one_output_give_one_whole_output(tmp_path):
    src = _input(tmp_path, 6)
    out = tmp_path / "out.jsonl"
    first = subprocess.Popen(_cmd(str(src), "--workers", "2", "--out", str(out)), env=_env(), stderr=subprocess.PIPE)
    _wait_for(lambda: (tmp_path / "out.jsonl.part").exists())
    second = subprocess.run(_cmd(str(src), "--out", str(out)), env=_env(), capture_output=True, timeout=300)
    first.communicate(timeout=300)
    assert second.returncode == 2 and "another run" in second.stderr.decode()
    assert first.returncode == 0 and out.read_bytes() == _reference(6)


def test_an_output_that_is_the_input_is_refused_and_the_input_kept(tmp_path):
    src = _input(tmp_path, 1)
    before = src.read_bytes()
    p = subprocess.run(_cmd(str(src), "--out", str(src)), env=_env(), capture_output=True, timeout=300)
    assert p.returncode == 2 and "is the input" in p.stderr.decode()
    assert src.read_bytes() == before


def test_resume_needs_an_output_file():
    p = subprocess.run(_cmd("-", "--resume"), env=_env(), capture_output=True, input=b"", timeout=300)
    assert p.returncode == 2 and "--resume needs --out" in p.stderr.decode()


def test_resume_refuses_an_output_that_is_not_batch_output(tmp_path):
    src = _input(tmp_path, 1)
    out = tmp_path / "out.jsonl"
    out.write_text("hello\n")
    p = subprocess.run(_cmd(str(src), "--out", str(out), "--resume"), env=_env(), capture_output=True, timeout=300)
    assert p.returncode == 2 and "does not end in a batch result line" in p.stderr.decode()
    assert out.read_text() == "hello\n"
