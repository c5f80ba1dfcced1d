"""`batch`: JSON Lines in, JSON Lines out (outputs.md, `batch`).

The main process only reads and writes: it cuts the input into chunks of lines, hands
them to an executor (this process, a pool of local processes, or Dask) and writes the
answers in input order. At most a fixed window of chunks is in flight, so memory stays
bounded on an endless stream; lines are stateless, so the output is the same for any
number of workers. The answering itself is `batch_solve.answer`."""

from __future__ import annotations

import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, TextIO

from aiact_foss.language.loading import MAX_BYTES, InputError, file_error

CHUNK_LINES = 32  # a chunk is one tagged group per draft (<= batch_solve.MAX_GROUP); small for balance
CHUNK_BYTES = 1 << 20
WINDOW_PER_WORKER = 2
MAX_LINE = MAX_BYTES  # a longer line is reported as an error, without being kept
_BLANK = b" \t\r\n"

Chunk = list  # [(line number, text or InputError)]


@dataclass
class Summary:
    lines: int = 0  # answered (non-blank) lines
    bad: int = 0  # lines reported as errors


def open_input(path: str) -> BinaryIO:
    """The input as a binary stream (`-`: standard input); InputError when unreadable."""
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")  # noqa: SIM115 - closed by the caller
    except OSError as e:
        raise file_error(e, path) from None


def read_lines(stream: BinaryIO) -> Iterator[tuple[int, object]]:
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


def chunks(lines: Iterable[tuple[int, object]]) -> Iterator[Chunk]:
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


def in_process(opts: Any) -> Callable[[Iterable[Chunk]], Iterator[list[str]]]:
    from aiact_foss.engine.batch_solve import answer

    def run(chunk_iter: Iterable[Chunk]) -> Iterator[list[str]]:
        for chunk in chunk_iter:
            yield answer(chunk, opts)

    return run


def local_pool(opts: Any, workers: int) -> Callable[[Iterable[Chunk]], Iterator[list[str]]]:
    """A pool of `workers` processes. On Linux they are forked after the drafts are
    parsed, so each starts with the programs ready (no re-import, no re-parse)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from aiact_foss.engine.batch_solve import answer, warm

    warm(opts)
    method = "fork" if sys.platform.startswith("linux") else None
    context = multiprocessing.get_context(method)

    def run(chunk_iter: Iterable[Chunk]) -> Iterator[list[str]]:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=warm,
                                 initargs=(opts,)) as pool:
            yield from ordered(lambda c: pool.submit(answer, c, opts), chunk_iter, workers * WINDOW_PER_WORKER)

    return run


def ordered(submit: Callable[..., Any], chunk_iter: Iterable[Chunk], window: int) -> Iterator[list[str]]:
    """Results of `submit(chunk)` futures in submission order, at most `window` pending."""
    pending: deque[Any] = deque()
    for chunk in chunk_iter:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


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


def run(stream: BinaryIO, out: BinaryIO, opts: Any, *, workers: int = 1, executor: str = "local") -> Summary:
    """Answer every line of `stream` onto `out` (UTF-8); the summary counts bad lines."""
    if executor == "dask":
        from aiact_foss.batch.dask_cluster import dask_executor

        execute = dask_executor(opts, workers)
    elif workers > 1:
        execute = local_pool(opts, workers)
    else:
        execute = in_process(opts)
    summary = Summary()
    progress = _Progress(sys.stderr)
    for answered in execute(chunks(read_lines(stream))):
        for line in answered:
            out.write(line.encode("utf-8"))
            out.write(b"\n")
            summary.lines += 1
            summary.bad += line.startswith('{"line":')
        out.flush()
        progress.update(summary)
    progress.update(summary, final=True)
    return summary
