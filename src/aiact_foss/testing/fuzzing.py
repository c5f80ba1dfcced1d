"""Fuzz targets: functions of raw bytes that must either succeed or fail the documented
way (one-line bad-input errors), for any bytes. Run by benchmarks/fuzz.py under atheris
(the optional extra `fuzz`) or, without it, hypothesis; tests/test_fuzz_targets.py runs
every seed and every input a fuzzer once crashed on (tests/data/fuzz/<target>/).

A crash is any other exception, or an error message that is not one line."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

from aiact_foss.engine import conclusions
from aiact_foss.language import facts, loading, validate
from aiact_foss.testing import properties


class FuzzFailure(AssertionError):
    """A target broke its contract on an input."""


def _one_line(message: str) -> None:
    if "\n" in message or "\r" in message:
        raise FuzzFailure(f"an error message of more than one line: {message!r}")


def loader(data: bytes) -> None:
    """A scenario file (YAML, or JSON when the first byte says so) through the loader,
    validation and the facts it becomes."""
    as_json = data[:1] == b"{"
    try:
        doc = loading.parse_document(data, "fuzz.json" if as_json else "fuzz.yaml", as_json=as_json)
        scn = validate.from_document(doc)
    except loading.InputError as e:
        _one_line(str(e))
        return
    facts.build(scn)


def conclusion(data: bytes) -> None:
    """A conclusion or pattern as `--conclusion` takes it; a parsed one prints as text
    that parses back to itself."""
    text = data.decode("utf-8", "replace")
    for pattern in (False, True):
        try:
            c = conclusions.parse(text, pattern=pattern)
        except conclusions.ConclusionSyntaxError as e:
            _one_line(str(e))
            continue
        if not pattern and conclusions.parse(str(c)) != c:
            raise FuzzFailure(f"{text!r} parses to {c}, which parses to something else")


def property_file(data: bytes) -> None:
    """A property file as `fuzz --property` and `explore --property` read it."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return  # properties.load refuses undecodable files before parsing
    try:
        properties.parse(text, "fuzz.lp")
    except properties.BadProperty as e:
        _one_line(str(e))


def batch_lines(data: bytes) -> None:
    """A batch input through the line reader, each line through the loader as batch
    reads it; line numbers rise and count every line."""
    from aiact_foss.batch import runner

    total = data.count(b"\n") + 1
    last = 0
    for n, text in runner.read_lines(io.BytesIO(data)):
        if not last < n <= total:
            raise FuzzFailure(f"line number {n} after {last}, of {total} lines")
        last = n
        if isinstance(text, loading.InputError):
            _one_line(str(text))
            continue
        try:
            validate.from_document(loading.parse_json_text(text, f"line {n}"))
        except loading.InputError as e:
            _one_line(str(e))
            line = json.loads(runner.failed([(n, text)], f"{e.path}: {e.problem}")[0])
            if line["line"] != n:
                raise FuzzFailure("an error line with the wrong line number") from None


TARGETS: dict[str, Callable[[bytes], None]] = {
    "loader": loader,
    "conclusion": conclusion,
    "property": property_file,
    "batch-lines": batch_lines,
}


def seeds(target: str, root: Path) -> Iterator[bytes]:
    """A seed corpus from the project's casebook (`root` is the project folder)."""
    scenarios = sorted((root / "scenarios").rglob("*.yaml"))
    if target == "loader":
        for p in scenarios:
            yield p.read_bytes()
        for p in scenarios[:5]:
            data = loading.load_document(str(p)).data
            yield json.dumps(_plain(data)).encode()
    elif target == "batch-lines":
        lines = [json.dumps(_plain(loading.load_document(str(p)).data)) for p in scenarios[:8]]
        yield ("\n".join(lines) + "\n").encode()
        yield b"\n\n" + lines[0].encode() + b"\r\n\xff\n{\"scenario\": 1\n"
    elif target == "conclusion":
        yield from (x.encode() for x in ("exempt(pythia-12b)", "obligation(_, m, copyright_policy)",
                                         'exempt("a b")', "registrations(eleutherai, 2464)", "foss(_)"))
        for p in scenarios:
            data = loading.load_document(str(p)).data
            for exp in (data.get("expect") or {}).values() if isinstance(data, dict) else ():
                for group in ("always", "sometimes", "never"):
                    for item in exp.get(group) or []:
                        try:
                            yield str(conclusions.from_expect(item)).encode()
                        except conclusions.ConclusionSyntaxError:
                            pass
    elif target == "property":
        yield b':- possible("aia-2024", gpai_model(X)).\n'
        yield b'covered(C) :- holds("aia-2024", exempt(C)).\n:- possible("ep-2023-03-23", exempt(C)), not covered(C).\n'
        yield b':- status("aia-2024", inconsistent).\n'
    else:
        raise KeyError(target)


def _plain(x: object) -> object:
    """Loader data as JSON-ready data (exact numbers as JSON numbers)."""
    from decimal import Decimal
    from fractions import Fraction

    if isinstance(x, (Decimal, Fraction)):  # exact numbers, whichever the loader uses
        return int(x) if x == int(x) else float(x)
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_plain(v) for v in x]
    return x
