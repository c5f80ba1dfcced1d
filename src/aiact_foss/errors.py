"""The one exception type of the Python API, and the bad input the command line prints as
one line on stderr (exit 2). `str(e)` is that line, without the `aiact-foss: ` prefix."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


class Error(Exception):
    """Every failure of the Python API (`aiact_foss.Error`): bad input, an unknown draft,
    question, reading or predicate, a malformed option, or a conclusion that cannot be
    explained. The message is the one the command line prints."""


class BadInput(Error):
    """Bad input: the command line prints it on one line and exits 2."""


class NotShown(Error):
    """A well-formed request with nothing to show (`explain`: the conclusion holds in no
    outcome, or with why_not in every one); the command line exits 1."""


def _translated(e: BaseException) -> Error | None:
    from aiact_foss.api import BadOption
    from aiact_foss.engine.conclusions import ConclusionSyntaxError
    from aiact_foss.language.loading import InputError
    from aiact_foss.law.asp_subset import OutsideSubset
    from aiact_foss.law.drafts import UnknownDraft

    if isinstance(e, (InputError, UnknownDraft, BadOption, OutsideSubset)):
        return BadInput(str(e))
    if isinstance(e, ConclusionSyntaxError):
        return BadInput(f"--conclusion: {e}")
    return None


@contextmanager
def as_errors() -> Iterator[None]:
    """Re-raise the package's own failures as BadInput, with the command line's message."""
    try:
        yield
    except Error:
        raise
    except Exception as e:
        out = _translated(e)
        if out is None:
            raise
        raise out from None


def guarded(fn: Callable[[], T]) -> T:
    with as_errors():
        return fn()
