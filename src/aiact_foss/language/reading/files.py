"""Reading a file or standard input as bounded bytes, and decoding them (strict UTF-8, no NUL)."""

from __future__ import annotations

import os
import stat
import sys

from aiact_foss.language.reading import limits
from aiact_foss.language.reading.errors import InputError


def _size_text(n: int) -> str:
    mib = 1024 * 1024
    if n >= mib and n % mib == 0:
        return f"{n // mib} MiB"
    return f"{n} bytes"


def _too_large(source: str) -> InputError:
    return InputError(
        f"input is larger than the {_size_text(limits.MAX_BYTES)} limit", source=source
    )


def read_bytes(path: str) -> tuple[str, bytes]:
    """Read a file, or standard input for ``'-'``, as bytes: ``(source, raw)``.

    At most ``MAX_BYTES + 1`` bytes are ever read: a larger input is refused without
    being read into memory."""
    limit = limits.MAX_BYTES
    if path == "-":
        source = "<stdin>"
        stdin = sys.stdin
        if stdin is None:
            raise InputError("standard input is not available", source=source)
        stream = getattr(stdin, "buffer", None) or stdin
        try:
            raw = stream.read(limit + 1)
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read standard input: {_os_problem(exc)}", source=source) from None
        if isinstance(raw, str):  # a text-only stream (tests, embedding)
            raw = raw.encode("utf-8", "surrogateescape")
        if raw is None:
            raw = b""
        if len(raw) > limit:
            raise _too_large(source)
        return source, raw

    try:
        source = os.fspath(path)
    except TypeError:
        raise InputError("not a file name", source=repr(path)) from None
    if not isinstance(source, str):
        source = os.fsdecode(source)
    if source == "":
        raise InputError("empty file name", source="''")
    try:
        with open(source, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise InputError("is a directory, not a file", source=source)
            if stat.S_ISREG(info.st_mode) and info.st_size > limit:
                raise _too_large(source)
            raw = handle.read(limit + 1)
    except InputError:
        raise
    except (OSError, ValueError) as exc:
        raise file_error(exc, source) from None
    if len(raw) > limit:
        raise _too_large(source)
    return source, raw


def file_error(exc: BaseException, source: str) -> InputError:
    """The one-line error for a file that cannot be opened or read."""
    if isinstance(exc, FileNotFoundError):
        return InputError("no such file", source=source)
    if isinstance(exc, IsADirectoryError):
        return InputError("is a directory, not a file", source=source)
    if isinstance(exc, PermissionError):
        return InputError("permission denied", source=source)
    return InputError(f"cannot read: {_os_problem(exc)}", source=source)


def _os_problem(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[:1].lower() + exc.strerror[1:]
    return str(exc) or type(exc).__name__


def _decode(raw: bytes, source: str) -> str:
    """Strict UTF-8 without NUL bytes; a leading BOM is dropped."""
    if len(raw) > limits.MAX_BYTES:
        raise _too_large(source)
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise InputError(
            f"binary file: NUL byte at byte offset {nul}",
            source=source,
            line=raw.count(b"\n", 0, nul) + 1,
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start
        raise InputError(
            f"not valid UTF-8: byte 0x{raw[offset]:02x} at byte offset {offset}",
            source=source,
            line=raw.count(b"\n", 0, offset) + 1,
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text
