"""Generated reference pages are current: regenerate and compare."""

from pathlib import Path

import pytest

from aiact_foss.reference import docgen

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.parametrize("name", sorted(docgen.PAGES))
def test_generated_page_is_current(name):
    page = DOCS / name
    assert page.exists(), f"docs/{name} is missing: run python -m aiact_foss.reference.docgen docs/"
    assert page.read_text(encoding="utf-8") == docgen.PAGES[name](), f"docs/{name} is stale: run python -m aiact_foss.reference.docgen docs/"
