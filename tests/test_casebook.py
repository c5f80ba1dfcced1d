"""The casebook's answer key: every scenario file under scenarios/ loads and every
expectation of its `expect:` block holds (in-process, through the Python API)."""

from pathlib import Path

import pytest

from aiact_foss.testing.checking import check_file, find_files

ROOT = Path(__file__).resolve().parents[1]
FILES = find_files([str(ROOT / "scenarios")])


def test_the_casebook_is_substantial():
    final = [f for f in FILES if "/final-act/" in f]
    compare = [f for f in FILES if "/drafts/" in f]
    assert len(final) >= 12 and len(compare) >= 8


@pytest.mark.parametrize("path", FILES, ids=[str(Path(f).relative_to(ROOT / "scenarios")) for f in FILES])
def test_case(path):
    report = check_file(path)
    assert report.error is None, report.error
    assert not report.failures, "\n".join(report.failures)
