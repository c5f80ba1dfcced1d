"""Every page of docs/ is in the site's navigation (mkdocs.yml), so that none is unreachable."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _pages(nav: object) -> set[str]:
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, list):
        return set().union(*(_pages(x) for x in nav))
    if isinstance(nav, dict):
        return set().union(*(_pages(x) for x in nav.values()))
    return set()


def test_every_docs_page_is_in_the_navigation():
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    pages = {p.name for p in (ROOT / "docs").glob("*.md")}
    assert pages - _pages(nav) == set()
    assert _pages(nav) - pages == set()
