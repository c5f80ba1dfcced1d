"""Writing a command's output (`--out`): never a half-written file presented as a result.

A file is written to a temporary file in the same folder and renamed over the target
only once complete, so a reader sees the old file or the new one, never a torn one. A
folder of files (explore's witnesses) must be new or empty unless `--force`. `-` means
standard output everywhere. Write errors (a full disk, a file-size limit) become
`OutputError`: one line, exit 2."""

from __future__ import annotations

import errno
import io
import os
import sys
from pathlib import Path
from typing import BinaryIO


class OutputError(Exception):
    """The output cannot be written: one line, exit 2."""


def is_stdout(path: str | None) -> bool:
    return path is None or path == "-"


def describe(e: OSError) -> str:
    """An OSError as the few words a user needs ("No space left on device")."""
    if e.errno == errno.EFBIG:
        return "file too large (the file-size limit was reached)"
    return e.strerror or str(e)


def same_file(a: str, b: str) -> bool:
    """Whether paths `a` and `b` name one file (both must exist)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _regular_or_new(path: str) -> bool:
    """A target we can replace by rename: a regular file, or nothing yet. A device
    (/dev/null, /dev/full) or a FIFO is written in place instead."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return True
    except OSError:
        return True  # the rename will report it
    import stat

    return stat.S_ISREG(st.st_mode)


def write_atomic(path: str, data: bytes | str) -> None:
    """Write `data` to `path` (or stdout for `-`) as one whole file: through a temporary
    file in the same folder, flushed to disk, then renamed over `path`."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if is_stdout(path):
        write_stdout(raw)
        return
    if not _regular_or_new(path):
        try:
            with open(path, "wb") as fh:
                fh.write(raw)
        except OSError as e:
            raise OutputError(f"--out: cannot write {path}: {describe(e)}") from None
        return
    tmp = _temp_name(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as e:
        raise OutputError(f"--out: cannot write {path}: {describe(e)}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as e:
        _remove(tmp)
        raise OutputError(f"--out: cannot write {path}: {describe(e)}") from None
    except BaseException:
        _remove(tmp)
        raise


def _temp_name(path: str) -> str:
    p = Path(path)
    return str(p.with_name(f".{p.name}.{os.getpid()}.tmp"))


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def write_stdout(raw: bytes) -> None:
    """Bytes to standard output; a write error is an OutputError (a closed pipe is
    BrokenPipeError, which the command line ends quietly)."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as e:
        raise OutputError(f"cannot write the output: {describe(e)}") from None
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, io.UnsupportedOperation):
        # A stream without a descriptor (pytest's capture, a notebook): its own writes.
        sys.stdout.write(raw.decode("utf-8"))
        sys.stdout.flush()
        return
    write_fd(fd, raw, "the output")


def prepare_folder(path: str, *, force: bool) -> Path:
    """A folder to write files into: created if new; an existing one must be empty unless
    `force` (whose files of the same names are then replaced)."""
    target = Path(path)
    if target.exists() and not target.is_dir():
        raise OutputError(f"--out: {path} exists and is not a folder")
    if target.is_dir() and not force and any(target.iterdir()):
        raise OutputError(f"--out: {path} is not empty (give --force to write into it)")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"--out: cannot create {path}: {describe(e)}") from None
    return target


class LockedOutput:
    """An output file written line by line (batch): `<path>.part` next to the target, held
    under an exclusive lock so that a second run on the same output refuses, renamed to
    `path` by `commit()`. An interrupted run leaves the `.part` file holding only complete
    lines, for `--resume`."""

    def __init__(self, path: str, *, resume: bool) -> None:
        import fcntl

        self.path = path
        self.part = path + ".part"
        self.direct = not _regular_or_new(path)  # a device or FIFO: written in place
        target = path if self.direct else self.part
        flags = os.O_RDWR | os.O_CREAT if not self.direct else os.O_WRONLY
        try:
            fd = os.open(target, flags, 0o666)
        except OSError as e:
            raise OutputError(f"--out: cannot write {path}: {describe(e)}") from None
        self.fh: BinaryIO = os.fdopen(fd, "r+b" if not self.direct else "wb", buffering=0)
        if self.direct:
            self.kept = b""
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.fh.close()
            raise OutputError(f"--out: {path} is being written by another run (its lock {self.part} is held)") from None
        self.kept = self._complete_lines() if resume else b""

    def begin(self) -> None:
        """Start the output: empty, or holding the complete lines kept for --resume."""
        if self.direct:
            return
        self.fh.seek(0)
        self.fh.truncate(0)
        if self.kept:
            self.write(self.kept)

    def _complete_lines(self) -> bytes:
        """What an earlier run wrote: its `.part` if interrupted, else the finished output;
        cut after its last complete line."""
        self.fh.seek(0)
        data = self.fh.read()
        if not data and os.path.exists(self.path):
            try:
                with open(self.path, "rb") as fh:
                    data = fh.read()
            except OSError as e:
                raise OutputError(f"--resume: cannot read {self.path}: {describe(e)}") from None
        return data[: data.rfind(b"\n") + 1]

    def write(self, raw: bytes) -> None:
        """Write all of `raw` (complete lines); on an error, cut the file back to its last
        complete line, so that it never ends in a torn one."""
        fd = self.fh.fileno()
        if self.direct:
            write_fd(fd, raw, self.path)
            return
        start = os.lseek(fd, 0, os.SEEK_CUR)
        try:
            write_fd(fd, raw, self.path)
        except OutputError:
            end = os.lseek(fd, 0, os.SEEK_CUR)
            written = raw[: end - start]
            keep = start + written.rfind(b"\n") + 1
            try:
                os.ftruncate(fd, keep)
                os.lseek(fd, keep, os.SEEK_SET)
            except OSError:
                pass
            raise

    def commit(self) -> None:
        if self.direct:
            self.fh.close()
            return
        try:
            os.fsync(self.fh.fileno())
            os.replace(self.part, self.path)
        except OSError as e:
            raise OutputError(f"--out: cannot write {self.path}: {describe(e)}") from None
        finally:
            self.fh.close()

    def abandon(self) -> None:
        """Leave the complete lines written so far in `.part` (for --resume)."""
        self.fh.close()


def write_fd(fd: int, raw: bytes, name: str) -> None:
    """All of `raw` to file descriptor `fd`, unbuffered; an error is an OutputError (a
    closed pipe stays BrokenPipeError, which the command line ends quietly)."""
    view = memoryview(raw)
    try:
        while view:
            view = view[os.write(fd, view):]
    except BrokenPipeError:
        raise
    except OSError as e:
        raise OutputError(f"cannot write {name}: {describe(e)}") from None
