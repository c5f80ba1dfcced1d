"""Solving within a time bound: each request's work runs in a forked child process,
which is ended when the bound passes (clingo cannot be interrupted from another thread
of the same process, and a stuck request must not hold the server)."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from typing import Any


class TooSlow(Exception):
    pass


class Bounded:
    """Runs at most `workers` jobs at once, each for at most `seconds`."""

    def __init__(self, seconds: float, workers: int = 2) -> None:
        self.seconds = seconds
        self._slots = threading.BoundedSemaphore(workers)
        self._ctx = multiprocessing.get_context("fork")

    def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """fn(*args) in a child: its value, or the exception it raised, raised here."""
        with self._slots:
            receive, send = self._ctx.Pipe(duplex=False)
            child = self._ctx.Process(target=_child, args=(send, fn, args), daemon=True)
            child.start()
            send.close()
            try:
                if not receive.poll(self.seconds):
                    raise TooSlow(f"the request took longer than {self.seconds:g} s and was stopped")
                ok, value = receive.recv()
            except EOFError:
                raise TooSlow("the solver stopped without an answer") from None
            finally:
                receive.close()
                if child.is_alive():
                    child.kill()
                child.join()
        if ok:
            return value
        raise value


def _child(send: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        result = (True, fn(*args))
    except BaseException as e:  # noqa: BLE001 - handed to the parent, which raises it
        result = (False, e)
    try:
        send.send(result)
    except Exception as e:  # noqa: BLE001 - an exception that does not pickle: its message
        send.send((False, RuntimeError(str(e))))
    finally:
        send.close()
