"""`batch`: JSON Lines in, JSON Lines out (outputs.md, `batch`).

The main process only reads and writes: it cuts the input into chunks of lines, hands
them to an executor (a pool of local processes, renewed every RECYCLE_LINES lines, or
Dask; `in_process` answers in this process, for tools and tests) and writes the
answers in input order. At most a fixed window of chunks is in flight, so memory stays
bounded on an endless stream; lines are stateless, so the output is the same for any
number of workers. The answering itself is `batch_solve.answer`.

Size: over 400 lines because reading, chunking, the three executors and the retry of a
lost chunk share one window of chunks in flight and its bookkeeping.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol, TextIO

from aiact_foss.language.loading import MAX_BYTES, InputError
from aiact_foss.language.reading.files import file_error

CHUNK_LINES = 32  # a chunk is one tagged group per draft (<= batch_solve.MAX_GROUP); small for balance
CHUNK_BYTES = 1 << 20
WINDOW_PER_WORKER = 2
# Lines a pool of workers answers before it is replaced by a fresh one: clingo never
# frees a symbol, so every new name or atom grows a worker for good (batch memory grew
# from 100 to 167 MB between 1,000 and 10,000 lines). A fresh worker is a fork of the
# main process, whose drafts are parsed already (docs/benchmarks.md has the measurement).
RECYCLE_LINES = 1000
MAX_LINE = MAX_BYTES  # a longer line is reported as an error, without being kept
_BLANK = b" \t\r\n"

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from aiact_foss.engine.batch_solve import Options

Chunk = list[tuple[int, str | InputError]]  # (line number, its text or the InputError reading it)
Answer = Callable[[Chunk, "Options"], list[str]]  # batch_solve.answer, or a test's stand-in
Executor = Callable[[Iterable[Chunk]], Iterator[list[str]]]


class Sink(Protocol):
    def write(self, data: bytes, /) -> object: ...


@dataclass
class Summary:
    lines: int = 0  # answered (non-blank) lines
    bad: int = 0  # lines reported as errors


def open_input(path: str) -> BinaryIO:
    """The input as a binary stream (`-`: standard input); InputError when unreadable."""
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")
    except OSError as e:
        raise file_error(e, path) from None


def read_lines(stream: BinaryIO) -> Iterator[tuple[int, str | InputError]]:
    """(line number, text) for every non-blank line; (line number, InputError) for a line
    that is not UTF-8 or longer than the input size limit. Lines end at b"\\n" only
    (U+2028 and friends are characters inside a JSON line, not line breaks)."""
    n = 0
    while True:
        raw = stream.readline(MAX_LINE + 1)
        if not raw:
            return
        n += 1
        if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest of the line
                raw = stream.readline(1 << 20)
            yield n, InputError(f"line is longer than the {MAX_LINE} bytes limit", source=f"line {n}")
            continue
        if not raw.strip(_BLANK):
            continue
        try:
            yield n, raw.decode("utf-8")
        except UnicodeDecodeError as e:
            yield n, InputError(f"not valid UTF-8: byte 0x{raw[e.start]:02x} at byte offset {e.start}",
                                source=f"line {n}")


def chunks(lines: Iterable[tuple[int, str | InputError]]) -> Iterator[Chunk]:
    chunk: Chunk = []
    size = 0
    for n, text in lines:
        chunk.append((n, text))
        size += len(text) if isinstance(text, str) else 0
        if len(chunk) >= CHUNK_LINES or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def in_process(opts: Options, answer: Answer | None = None) -> Executor:
    from aiact_foss.engine import batch_solve

    respond: Answer = answer or batch_solve.answer

    def run(chunk_iter: Iterable[Chunk]) -> Iterator[list[str]]:
        for chunk in chunk_iter:
            try:
                yield respond(chunk, opts)
            except Exception as e:  # noqa: BLE001 - a bug answering one chunk must not end the run
                yield failed(chunk, _internal(e))

    return run


def failed(chunk: Chunk, why: str) -> list[str]:
    """An error line for every line of a chunk that could not be answered, with the
    scenario's name where the line gives one."""
    from aiact_foss.engine.batch_solve import message_line, name_of

    return [message_line(n, why, name_of(text) if isinstance(text, str) else None) for n, text in chunk]


def _internal(e: BaseException) -> str:
    return f"internal error while answering this line's chunk: {type(e).__name__}: {e}"


def _worker_start(opts: Options, parent: int) -> None:
    """In each worker: signals are the main process's business (it ends the workers),
    and a worker whose main process is gone (even by SIGKILL) ends too."""
    import signal

    from aiact_foss.engine.batch_solve import warm

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)
    _die_with_parent(parent)
    warm(opts)


def _die_with_parent(parent: int) -> None:
    import os
    import signal

    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - no prctl
            pass
    if os.getppid() != parent:  # the parent died before the prctl
        os._exit(1)


class _Pool:
    """A ProcessPoolExecutor that can be replaced when a worker dies, and whose workers
    are ended (not waited for) when the run stops."""

    def __init__(self, opts: Options, workers: int, answer: Answer, recycle: int = RECYCLE_LINES) -> None:
        import multiprocessing
        import os

        self.opts, self.workers, self.answer, self.recycle = opts, workers, answer, recycle
        method = "fork" if sys.platform.startswith("linux") else None
        self.context = multiprocessing.get_context(method)
        self.parent = os.getpid()
        self.pool = self._new()

    def _new(self) -> ProcessPoolExecutor:
        from concurrent.futures import ProcessPoolExecutor

        self.lines = 0  # given to this pool (its processes start at the first submit)
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=self.context,
                                   initializer=_worker_start, initargs=(self.opts, self.parent))

    def spent(self) -> bool:
        """Has this pool been given its share of lines? Then it takes no more, and is
        renewed once every chunk given to it is answered (`renew`)."""
        return self.lines >= self.recycle

    def renew(self) -> None:
        """A fresh pool in place of one that answered every chunk it was given."""
        self.pool.shutdown(wait=True)
        self.pool = self._new()

    def submit(self, chunk: Chunk) -> Future[list[str]]:
        """The chunk's future; on a pool broken already (a worker died since the last
        result), a future failed with BrokenProcessPool, which the caller retries."""
        from concurrent.futures.process import BrokenProcessPool

        self.lines += len(chunk)
        try:
            return self.pool.submit(self.answer, chunk, self.opts)
        except BrokenProcessPool as e:
            failed_future: Future[list[str]] = Future()
            failed_future.set_exception(e)
            return failed_future

    def pids(self) -> list[int]:
        return list(getattr(self.pool, "_processes", None) or {})

    def replace(self) -> None:
        self.end()
        self.pool = self._new()

    def end(self, *, done: bool = False) -> None:
        """Stop the workers: when every chunk is answered (`done`), as the executor does;
        otherwise now: cancel what is queued, terminate, then kill."""
        if done:
            self.pool.shutdown(wait=True)
            return
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        for p in processes:
            if p.is_alive():
                p.terminate()
        for p in processes:
            p.join(2)
            if p.is_alive():
                p.kill()
                p.join(2)


def local_pool(opts: Options, workers: int, answer: Answer | None = None, *,
               recycle: int = RECYCLE_LINES) -> Executor:
    """A pool of `workers` processes. On Linux they are forked after the drafts are
    parsed, so each starts with the programs ready (no re-import, no re-parse). A worker
    that dies is replaced; the chunks it lost are retried one at a time, and a chunk that
    kills its worker again gets an error line for each of its lines. After `recycle`
    lines the pool is let finish its chunks and replaced by a fresh one, so that memory
    stays flat however long the stream."""
    from aiact_foss.engine import batch_solve

    respond: Answer = answer or batch_solve.answer
    batch_solve.warm(opts)

    def run(chunk_iter: Iterable[Chunk]) -> Iterator[list[str]]:
        pool = _Pool(opts, workers, respond, recycle)
        done = False
        try:
            yield from _retrying(pool, iter(chunk_iter), workers * WINDOW_PER_WORKER)
            done = True
        finally:
            pool.end(done=done)

    return run


def _retrying(pool: _Pool, chunk_iter: Iterator[Chunk], window: int) -> Iterator[list[str]]:
    from concurrent.futures.process import BrokenProcessPool

    pending: deque[tuple[Chunk, Future[list[str]]]] = deque()

    def fill() -> None:
        if not pending and pool.spent():
            pool.renew()  # every chunk of the spent pool is answered: none is lost
        while len(pending) < window and not pool.spent():
            chunk = next(chunk_iter, None)
            if chunk is None:
                return
            pending.append((chunk, pool.submit(chunk)))

    fill()
    while pending:
        chunk, future = pending[0]
        try:
            result = future.result()
        except BrokenProcessPool:
            lost = list(pending)
            pending.clear()
            pool.replace()
            for c, f in lost:
                settled = _settled(c, f)
                yield settled if settled is not None else _alone(pool, c)
            fill()
            continue
        except Exception as e:  # noqa: BLE001 - reported as the chunk's error lines
            result = failed(chunk, _internal(e))
        pending.popleft()
        yield result
        fill()


def _settled(chunk: Chunk, future: Future[list[str]]) -> list[str] | None:
    """The answer of a future that finished before its pool broke, else None."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool:
        return None
    except Exception as e:  # noqa: BLE001 - reported as the chunk's error lines
        return failed(chunk, _internal(e))


def _alone(pool: _Pool, chunk: Chunk) -> list[str]:
    """The second and last try of a chunk whose worker died: alone in the pool, so that a
    death now is its own."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return pool.submit(chunk).result()
    except BrokenProcessPool:
        pool.replace()
        return failed(chunk, "the worker answering this line's chunk died twice (killed, or out of memory)")
    except Exception as e:  # noqa: BLE001 - reported as the chunk's error lines
        return failed(chunk, _internal(e))


def ordered(submit: Callable[[Chunk], Any], chunk_iter: Iterable[Chunk], window: int) -> Iterator[list[str]]:
    """Results of `submit(chunk)` futures in submission order, at most `window` pending;
    a chunk whose future fails (a Dask worker lost too often) gets error lines."""
    pending: deque[tuple[Chunk, Any]] = deque()

    def result(chunk: Chunk, future: Any) -> list[str]:  # a concurrent or a Dask future
        try:
            return list(future.result())
        except Exception as e:  # noqa: BLE001 - reported as the chunk's error lines
            return failed(chunk, _internal(e))

    for chunk in chunk_iter:
        pending.append((chunk, submit(chunk)))
        if len(pending) >= window:
            yield result(*pending.popleft())
    while pending:
        yield result(*pending.popleft())


class _Progress:
    """A line count on stderr, only on a terminal, at most a few times a second."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.on = stream.isatty()
        self.last = 0.0

    def update(self, s: Summary, final: bool = False) -> None:
        if not self.on:
            return
        now = time.monotonic()
        if final or now - self.last > 0.25:
            self.last = now
            self.stream.write(f"\rbatch: {s.lines} lines, {s.bad} bad" + ("\n" if final else ""))
            self.stream.flush()


class Interrupted(BaseException):
    """SIGINT, SIGTERM or SIGHUP arrived: the run stops after its last complete line (a
    BaseException, like KeyboardInterrupt, so that no handler of chunk errors takes it)."""

    def __init__(self, signum: int) -> None:
        import signal

        self.signum = signum
        self.name = signal.Signals(signum).name
        super().__init__(f"interrupted by {self.name}")


class _Signals:
    """SIGINT, SIGTERM and SIGHUP raise Interrupted in the main process, but never in the
    middle of writing a chunk's lines (the signal is held until the write ends), so the
    output is always a prefix of complete lines. A second signal during a write is
    obeyed at once."""

    CAUGHT = ("SIGINT", "SIGTERM", "SIGHUP")

    def __init__(self) -> None:
        self.writing = False
        self.closing = False
        self.held: int | None = None
        self.saved: dict[int, Any] = {}

    def __enter__(self) -> _Signals:  # noqa: PYI034
        import signal
        import threading

        if threading.current_thread() is threading.main_thread():
            for name in self.CAUGHT:
                sig = getattr(signal, name, None)
                if sig is not None:
                    self.saved[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        import signal

        for sig, handler in self.saved.items():
            signal.signal(sig, handler)

    def _handle(self, signum: int, frame: object) -> None:
        if self.closing or (self.writing and self.held is None):
            self.held = signum
            return
        raise Interrupted(signum)

    def write(self, out: Sink, data: bytes) -> None:
        self.writing = True
        try:
            out.write(data)
            if hasattr(out, "flush"):
                out.flush()
        finally:
            self.writing = False
        if self.held is not None:
            signum, self.held = self.held, None
            raise Interrupted(signum)


# An error line: its line number, the scenario's name when known, then the error.
_ERROR_LINE = re.compile(rb'\{"line":\d+,(?:"scenario":"(?:[^"\\]|\\.)*",)?"error":')


def resumed_from(kept: bytes) -> tuple[int, Summary]:
    """The input line after which an interrupted run's complete output `kept` ends, and
    what it counted. Every output line names its input line (`"line": N`)."""
    summary = Summary()
    if not kept:
        return 0, summary
    lines = kept.split(b"\n")[:-1]
    summary.lines = len(lines)
    summary.bad = sum(1 for x in lines if _ERROR_LINE.match(x))
    try:
        last = json.loads(lines[-1])
        return int(last["line"]), summary
    except (ValueError, KeyError, TypeError):
        raise InputError("the output to resume does not end in a batch result line", source="--resume") from None


def numbered(n: int, line: str) -> str:
    """A result line with its input line number first: `{"line":N,"scenario":...}`;
    error lines carry it already."""
    return f'{{"line":{n},{line[1:]}' if line.startswith('{"scenario":') else line


def run(stream: BinaryIO, out: Sink, opts: Options, *, workers: int = 1, executor: str = "local",
        after: int = 0, summary: Summary | None = None) -> Summary:
    """Answer every line of `stream` (after input line `after`, for --resume) onto `out`
    (UTF-8), one chunk's complete lines at a time; the summary counts bad lines. Raises
    Interrupted on SIGINT, SIGTERM or SIGHUP, with the workers already ended."""
    if executor == "dask":
        from aiact_foss.batch.dask_cluster import dask_executor

        execute = dask_executor(opts, workers)
    else:  # one worker too: a process of its own is what keeps memory flat (RECYCLE_LINES)
        execute = local_pool(opts, workers)
    summary = summary or Summary()
    progress = _Progress(sys.stderr)
    fed: deque[Chunk] = deque()

    def feed() -> Iterator[Chunk]:
        for chunk in chunks((n, t) for n, t in read_lines(stream) if n > after):
            fed.append(chunk)
            yield chunk

    with _Signals() as signals:
        answers = execute(feed())
        try:
            for answered in answers:
                chunk = fed.popleft()
                block = []
                for (n, _), line in zip(chunk, answered, strict=True):
                    summary.bad += line.startswith('{"line":')
                    block.append(numbered(n, line))
                signals.write(out, ("\n".join(block) + "\n").encode("utf-8"))
                summary.lines += len(block)
                progress.update(summary)
        finally:
            signals.closing = True  # a signal now must not cut the ending of the workers short
            close = getattr(answers, "close", None)
            if close is not None:
                close()  # ends the workers now, whatever stopped the loop
            signals.closing = False
        if signals.held is not None:
            raise Interrupted(signals.held)
    progress.update(summary, final=True)
    return summary
