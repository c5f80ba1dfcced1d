"""Measuring a command (Linux): wall time, exit code, output, and peak memory two ways:
the largest single process (its peak RSS, VmHWM, read every 50 ms for every process of
the tree: a peak counts even if it came between two readings, except in a process's last
50 ms) and the whole process tree (RSS summed over the command and its descendants,
sampled every 50 ms, so a shorter peak can be missed).

Not `ru_maxrss` from wait4: Linux carries a process's peak across exec, so a command
forked from a large parent (this harness, holding batch outputs) reports the parent's
size."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


@dataclass
class Measurement:
    wall: float  # seconds
    peak_process_mb: float
    peak_tree_mb: float
    returncode: int
    stdout: bytes
    stderr: bytes
    timeline: list  # (seconds since start, tree RSS in MB)
    cpu: float = 0.0  # user + system seconds of the command and the children it waited for


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def _children(pid: int) -> list[int]:
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out.extend(int(c) for c in f.read().split())
    except OSError:
        pass
    return out


def _hwm_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, IndexError, ValueError):
        pass
    return 0


def _tree(root: int) -> list[int]:
    out, todo, seen = [], [root], set()
    while todo:
        pid = todo.pop()
        if pid not in seen:
            seen.add(pid)
            out.append(pid)
            todo.extend(_children(pid))
    return out


def tree_rss_mb(root: int) -> float:
    return sum(_rss_kb(pid) for pid in _tree(root)) / 1024


def run(cmd: list[str], *, stdin: bytes | str | None = None, env: dict | None = None, cwd: str | None = None,
        keep_stdout: bool = True, interval: float = 0.05) -> Measurement:
    """Run `cmd` to completion; `stdin` is bytes, or a path to read from."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        if isinstance(stdin, bytes):
            fin = tempfile.TemporaryFile()
            fin.write(stdin)
            fin.seek(0)
        elif isinstance(stdin, str):
            fin = open(stdin, "rb")  # noqa: SIM115
        else:
            fin = subprocess.DEVNULL
        sink = out if keep_stdout else subprocess.DEVNULL
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=fin, stdout=sink, stderr=err, env=env, cwd=cwd)
        timeline: list = []
        peaks: dict[int, int] = {}
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                pids = _tree(proc.pid)
                timeline.append((time.perf_counter() - start, sum(_rss_kb(p) for p in pids) / 1024))
                for p in pids:
                    peaks[p] = max(peaks.get(p, 0), _hwm_kb(p))
                done.wait(interval)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if fin is not subprocess.DEVNULL:
            fin.close()
        out.seek(0)
        err.seek(0)
        return Measurement(wall, max(peaks.values(), default=0) / 1024, max((m for _, m in timeline), default=0.0),
                           proc.returncode, out.read(), err.read(), timeline, usage.ru_utime + usage.ru_stime)


def median_wall(cmd: list[str], repeat: int = 5, **kw) -> tuple[float, Measurement]:
    runs = [run(cmd, **kw) for _ in range(repeat)]
    return statistics.median(m.wall for m in runs), runs[-1]


def best(cmd: list[str], repeat: int = 2, **kw) -> Measurement:
    """The fastest of `repeat` runs (the least disturbed by other load on the machine)."""
    return min((run(cmd, **kw) for _ in range(repeat)), key=lambda m: m.wall)


def least_cpu(cmd: list[str], repeat: int = 3, **kw) -> Measurement:
    """The run of `repeat` that used the least CPU time: on a shared machine CPU time moves
    far less with the load than wall time does."""
    return min((run(cmd, **kw) for _ in range(repeat)), key=lambda m: m.cpu)
