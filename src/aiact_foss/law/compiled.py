"""Each draft's program as ASP text, parsed and checked once and kept on disk.

Parsing logic/ into clingo ASTs and checking every statement against the supported
subset (drafts.statements) takes longer than grounding and solving a small scenario under
all six drafts, so `solve` reads the printed program from a cache instead. The cache key is
a hash of every file that decides the text: the law's files (.lp and draft.toml), the two
modules that parse and check them, this module and the clingo version (which prints
the text). A changed
file gives a new key, so a stale entry is never read; a cache that cannot be read or
written is skipped silently (the program is then parsed as before).

Where: $AIACT_FOSS_CACHE_DIR, else $XDG_CACHE_HOME/aiact-foss, else ~/.cache/aiact-foss.
AIACT_FOSS_CACHE_DIR set to the empty string turns the cache off."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

from aiact_foss.law.resources import logic_root


def cache_dir() -> Path | None:
    env = os.environ.get("AIACT_FOSS_CACHE_DIR")
    if env is not None:
        return Path(env) if env else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "aiact-foss"


@cache
def key() -> str:
    """The hash of everything the printed programs depend on."""
    import clingo

    from aiact_foss.law import asp_subset, drafts

    h = hashlib.sha256(f"{clingo.__version__}\0".encode())
    for mod in (drafts, asp_subset):
        h.update(Path(mod.__file__ or "").read_bytes())
    h.update(Path(__file__).read_bytes())

    def walk(node, rel: str) -> None:  # type: ignore[no-untyped-def]
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            name = f"{rel}/{child.name}"
            if child.is_dir():
                walk(child, name)
            elif child.name.endswith(".lp") or child.name == "draft.toml":
                h.update(f"\0{name}\0".encode())
                h.update(child.read_bytes())

    walk(logic_root(), "")
    return h.hexdigest()[:32]


def _print(draft_id: str) -> str:
    from aiact_foss.law import drafts

    return "".join(f"{s.ast}\n" for s in drafts.statements(draft_id))


@cache
def program(draft_id: str) -> str:
    """The draft's whole program (drafts.statements, in order) as text clingo parses back
    into the same statements."""
    return _cached(f"{draft_id}.lp", lambda: _print(draft_id))


@cache
def reads(draft_id: str) -> frozenset[str]:
    """The predicates some rule of the draft reads (drafts.read_predicates), without
    parsing the law when the cache has them."""
    from aiact_foss.law import drafts

    return frozenset(_cached(f"{draft_id}.reads", lambda: "\n".join(sorted(drafts.read_predicates(draft_id)))).split())


def _cached(name: str, make: Callable[[], str]) -> str:
    folder = cache_dir()
    if folder is None:
        return make()
    path = folder / f"law-{key()}-{name}"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    text = make()  # checks the law too: a bad program is refused, never cached
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".law-", suffix=".tmp")
    except OSError:
        return text
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)  # atomic: a concurrent reader sees the whole file or none
    except OSError:  # e.g. a full disk: leave no temporary file behind
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    return text
