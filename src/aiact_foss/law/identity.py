"""Which law answered: the tool's version, and per draft a content hash of every file of
logic/ its program and texts come from, so that a memo can cite exactly what was run."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata
from importlib.resources.abc import Traversable

from aiact_foss.law import drafts
from aiact_foss.law.resources import logic_root


def tool_version() -> str:
    """The installed distribution's version (one place: pyproject.toml)."""
    try:
        return metadata.version("aiact-foss")
    except metadata.PackageNotFoundError:  # run from a source tree that is not installed
        return "0+unknown"


def _files(folder: Traversable, prefix: str) -> list[tuple[str, Traversable]]:
    out: list[tuple[str, Traversable]] = []
    for entry in folder.iterdir():
        path = f"{prefix}{entry.name}"
        if entry.is_dir():
            out.extend(_files(entry, path + "/"))
        elif entry.is_file():
            out.append((path, entry))
    return out


def draft_files(draft_id: str) -> list[str]:
    """The files below logic/ the draft reads: its folder, the folder of the draft it
    amends (and so on), and everything outside drafts/ (common rules, questions, data)."""
    root = logic_root()
    chosen: list[str] = []
    d: str | None = draft_id
    while d is not None:
        chosen.append(d)
        d = drafts.draft(d).amends
    names = [p for p, _ in _files(root, "") if not p.startswith("drafts/") and not p.endswith(".md")]
    for d in chosen:
        names += [p for p, _ in _files(root / "drafts" / d, f"drafts/{d}/")]
    return sorted(set(names))


@cache
def content_hash(draft_id: str) -> str:
    """sha256 over each file's path and bytes, in path order."""
    root = logic_root()
    h = hashlib.sha256()
    for path in draft_files(draft_id):
        data = root.joinpath(*path.split("/")).read_bytes()
        h.update(f"{path}\0{len(data)}\0".encode())
        h.update(data)
    return "sha256:" + h.hexdigest()


def version_text() -> str:
    lines = [f"aiact-foss {tool_version()}"]
    for d in drafts.available():
        lines.append(f"{d}  {drafts.draft(d).date}  {content_hash(d)}")
    return "\n".join(lines)
