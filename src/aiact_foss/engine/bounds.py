"""Time and memory bounds on a command that solves or searches.

A watchdog thread looks at the clock and the process's memory every few hundredths of a
second. When a bound is reached it interrupts every clingo Control in use (clingo returns
from a long search or enumeration at once) and raises `BoundReached` in the main thread,
through a signal, so the command stops where it is, reports what it finished as a partial
result (`"complete": false`), and exits 3: never a MemoryError traceback, never a kill
by the system with no message.
"""

from __future__ import annotations

import math
import os
import signal
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import clingo

DEFAULT_TIMEOUT = 600.0  # seconds
DEFAULT_MEMORY_MB = 4096
MAX_TIMEOUT = 365 * 86400.0  # a year: well inside every platform's timer range
_POLL = 0.02  # seconds between the watchdog's looks


class BoundReached(Exception):
    """A command's time or memory bound was reached. `partial`: the JSON document of what
    was finished, when the command has one."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.partial: dict[str, Any] | None = None


@dataclass(frozen=True)
class Bounds:
    timeout: float = DEFAULT_TIMEOUT  # seconds of wall-clock time
    memory_mb: int = DEFAULT_MEMORY_MB  # resident memory of the process


def message(e: BoundReached) -> str:
    """The one line a command writes on stderr when a bound stops it."""
    return f"aiact-foss: stopped: {e.reason}; the result is incomplete"


def check_timeout(value: float | None, option: str = "--timeout") -> float:
    """A timeout in seconds: finite, positive and at most MAX_TIMEOUT (ValueError)."""
    if value is None:
        return DEFAULT_TIMEOUT
    if not (isinstance(value, (int, float)) and math.isfinite(value) and 0 < value <= MAX_TIMEOUT):
        raise ValueError(f"{option}: give a number of seconds above 0 and at most {MAX_TIMEOUT:g}, got {value!r}")
    return float(value)


def check_memory(value: int | None, option: str = "--max-memory") -> int:
    if value is None:
        return DEFAULT_MEMORY_MB
    if not 16 <= value <= 2**40:
        raise ValueError(f"{option}: give a number of megabytes of at least 16, got {value!r}")
    return int(value)


_controls: weakref.WeakSet[clingo.Control] = weakref.WeakSet()
_state = threading.local()


# Held while the watchdog interrupts Controls and while a Control leaves `_controls` on
# its way to being freed: clingo's C calls release the GIL, so without it an interrupt
# could reach a Control that the main thread is freeing (a crash, seen as SIGSEGV).
# Re-entrant: the watchdog may drop the last reference to a Control while holding it.
_controls_lock = threading.RLock()


class _Control(clingo.Control):
    def __del__(self) -> None:
        with _controls_lock:
            _controls.discard(self)
        super().__del__()  # type: ignore[no-untyped-call]  # clingo leaves __del__ unannotated


def control(arguments: list[str]) -> clingo.Control:
    """A clingo Control that a reached bound interrupts: every Control of the engine
    is made here."""
    ctl = _Control(arguments)
    with _controls_lock:
        _controls.add(ctl)
    return ctl


def solve_options(ctl: clingo.Control) -> clingo.Configuration:
    """The Control's `solve` options (models, opt_mode, project), typed: clingo types
    every configuration entry as `str | Configuration | None`."""
    conf = ctl.configuration.solve
    if not isinstance(conf, clingo.Configuration):  # pragma: no cover - clingo always has the group
        raise TypeError("clingo's configuration has no solve group")
    return conf


def _resident_mb() -> float:
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            pages = int(fh.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):  # not Linux: the peak so far
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 2**20 if os.uname().sysname == "Darwin" else peak / 1024


def _in_callback(frame: Any) -> bool:
    """Is Python running inside a callback from clingo's C code (`_pyclingo_*`), a
    finaliser (`__del__`: an exception there is printed and lost, and one in a Control's
    would interrupt its freeing), or an import? An exception raised in an import leaves the module half initialised (the
    next import of it fails: `yaml` had no attribute `error`) or is printed and ignored
    (a weakref callback of importlib); the watchdog signals again shortly after."""
    while frame is not None:
        code = frame.f_code
        if code.co_name.startswith(("_pyclingo_", "__del__")) or code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back
    return False


@contextmanager
def enforce(bounds: Bounds) -> Iterator[None]:
    """Run the body under `bounds`; BoundReached when one is reached. Only in the main
    thread (signals); elsewhere the body runs unbounded."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    deadline = time.monotonic() + bounds.timeout
    reached: list[str] = []
    stop = threading.Event()
    main = threading.main_thread().ident

    def watch() -> None:
        while not stop.wait(_POLL):
            if not reached:
                if time.monotonic() >= deadline:
                    reached.append(f"time limit of {bounds.timeout:g} s reached")
                elif _resident_mb() > bounds.memory_mb:
                    reached.append(f"memory limit of {bounds.memory_mb} MB reached")
                else:
                    continue
            # again until the main thread stops: a signal landing in a callback is ignored
            if main is not None:
                signal.pthread_kill(main, signal.SIGALRM)
            with _controls_lock:
                for ctl in list(_controls):
                    try:
                        ctl.interrupt()
                    except RuntimeError:  # pragma: no cover - a Control being torn down
                        pass

    def on_alarm(signum: int, frame: Any) -> None:
        if _in_callback(frame):  # an exception raised there would end the process
            return
        raise BoundReached(reached[0] if reached else "a bound was reached")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    watchdog = threading.Thread(target=watch, name="aiact-foss bounds", daemon=True)
    watchdog.start()
    try:
        yield
        stop.set()
        watchdog.join()
        if reached:  # an interrupted solve may have returned early: nothing it gave counts
            raise BoundReached(reached[0])
    except MemoryError:
        raise BoundReached(f"out of memory (limit {bounds.memory_mb} MB)") from None
    finally:
        stop.set()
        watchdog.join()
        signal.signal(signal.SIGALRM, previous)
