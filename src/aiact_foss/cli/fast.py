"""`solve FILE --format json` without the command-line framework: the most common call in
scripts pays for the reasoning, not for importing typer. Only a plain form is taken
(a file, not stdin; options known here, each with a valid value); anything else, and any
bad input, goes to the full command line, which gives the usual messages."""

from __future__ import annotations

import sys
from typing import Any

_OPTIONS = {"--format": "fmt", "--draft": "draft", "--drafts": "draft", "--max-outcomes": "max_outcomes",
            "--timeout": "timeout", "--max-memory": "max_memory"}


def _parse(argv: list[str]) -> dict[Any, Any] | None:
    if len(argv) < 2 or argv[0] != "solve" or argv[1].startswith("-"):
        return None
    opts: dict[Any, Any] = {"path": argv[1]}
    rest = argv[2:]
    while rest:
        name, sep, value = rest[0].partition("=")
        if name not in _OPTIONS or _OPTIONS[name] in opts:
            return None
        if not sep:
            if len(rest) < 2:
                return None
            value, rest = rest[1], rest[2:]
        else:
            rest = rest[1:]
        opts[_OPTIONS[name]] = value
    if opts.get("fmt") != "json":
        return None
    try:
        opts["max_outcomes"] = int(opts.get("max_outcomes", "256"))
        opts["timeout"] = float(opts["timeout"]) if "timeout" in opts else None
        opts["max_memory"] = int(opts["max_memory"]) if "max_memory" in opts else None
    except ValueError:
        return None
    return opts if opts["max_outcomes"] >= 1 else None


def solve(argv: list[str]) -> int | None:
    """The exit status, or None when the call is not one this path takes (nothing was
    written then)."""
    opts = _parse(argv)
    if opts is None:
        return None
    from aiact_foss import api
    from aiact_foss.api import BadOption
    from aiact_foss.engine import bounds
    from aiact_foss.engine.results import dumps
    from aiact_foss.errors import Error
    from aiact_foss.language.loading import InputError
    from aiact_foss.law.drafts import UnknownDraft

    try:
        limits = bounds.Bounds(bounds.check_timeout(opts["timeout"]), bounds.check_memory(opts["max_memory"]))
    except ValueError:
        return None
    try:
        with bounds.enforce(limits):
            req = api.request(opts["path"], opts.get("draft", "all"), None, None)
            doc = api.solve(req.scenario, ",".join(req.drafts), max_outcomes=opts["max_outcomes"])
    except (InputError, UnknownDraft, BadOption, ValueError, Error):
        return None  # the full command line reports it
    except bounds.BoundReached as e:
        if e.partial is not None:
            sys.stdout.write(dumps(e.partial) + "\n")
        sys.stdout.flush()
        sys.stderr.write(bounds.message(e) + "\n")
        return 3
    sys.stdout.write(dumps(doc) + "\n")
    return 0
