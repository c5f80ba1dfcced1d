"""The repository stands on its own: no file refers to anything outside it or to a
machine's paths, every relative link of the docs resolves inside the repository, and
every URL is an official source (an allow-list of hosts)."""

import re
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]

# Official sources only: the EU institutions' publications, the open letter's own page,
# licence stewards, and the tools the docs name.
OFFICIAL_HOSTS = {
    "eur-lex.europa.eu", "digital-strategy.ec.europa.eu", "ec.europa.eu", "data.consilium.europa.eu",
    "www.europarl.europa.eu", "europarl.europa.eu", "oeil.secure.europarl.europa.eu",
    "openfuture.eu",  # publisher of the April 2023 open letter to the rapporteurs
    "spdx.org", "www.apache.org", "opensource.org", "creativecommons.org", "www.gnu.org",
    "www.mozilla.org", "opendatacommons.org", "www.licenses.ai", "bigscience.huggingface.co",
    "huggingface.co", "ai.meta.com", "www.llama.com", "llama.meta.com",
    "potassco.org", "keepachangelog.com", "semver.org", "packaging.python.org", "peps.python.org",
    "docs.python.org", "www.mkdocs.org", "squidfunk.github.io", "json-schema.org", "graphviz.org",
    "mermaid.js.org", "www.w3.org", "graphml.graphdrawing.org", "hypothesis.readthedocs.io",
    "docs.pytest.org", "docs.pydantic.dev", "typer.tiangolo.com", "yaml.org", "jupyter.org",
}

LINKED = ["README.md", "LIMITATIONS.md", "CHANGELOG.md", "docs", "logic", "scenarios"]


def _tracked() -> list[Path]:
    try:
        out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("git is needed to list the repository's files")
    return [ROOT / f for f in out.splitlines() if (ROOT / f).is_file() and not (ROOT / f).is_symlink()]


def _text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None


def _linked_files() -> list[Path]:
    out = []
    for p in _tracked():
        rel = p.relative_to(ROOT).as_posix()
        if any(rel == top or rel.startswith(top + "/") for top in LINKED) and p.suffix in (
                ".md", ".yaml", ".yml", ".lp", ".toml"):
            out.append(p)
    return out


# the sibling shared folder (dot-dot, slash, shared), or an absolute path of a machine (home and
# scratch folders, this one's work tree)
OUTSIDE = re.compile(r"\.\./shared|(?<![\w.:/-])/(?:work|root|home|tmp|Users|mnt|opt|srv)/")


def test_no_file_refers_outside_the_repository():
    hits = []
    for p in _tracked():
        if p.name == "test_self_contained.py":
            continue
        text = _text(p)
        for n, line in enumerate((text or "").splitlines(), 1):
            if OUTSIDE.search(line):
                hits.append(f"{p.relative_to(ROOT)}:{n}: {line.strip()[:120]}")
    assert hits == []


MD_LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
URL = re.compile(r"https?://[\w-]+(?:\.[\w-]+)+[^\s<>()\"'`\]|]*")


def _links(path: Path, text: str) -> list[str]:
    links = MD_LINK.findall(text) if path.suffix == ".md" else []
    links += [u.rstrip(".,;:") for u in URL.findall(text)]
    return links


def _anchors(md: Path) -> set[str]:
    """GitHub/MkDocs-style heading slugs of a Markdown file."""
    out = set()
    for line in md.read_text(encoding="utf-8").splitlines():
        m = re.match(r"#+\s+(.*)", line)
        if m:
            slug = re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-")
            out.add(slug)
    return out


def test_every_link_is_an_official_source_or_resolves_in_the_repository():
    bad = []
    for p in _linked_files():
        text = _text(p) or ""
        for link in _links(p, text):
            where = f"{p.relative_to(ROOT)}: {link}"
            parsed = urlparse(link)
            if parsed.scheme in ("http", "https"):
                if parsed.hostname in ("127.0.0.1", "localhost"):  # `aiact-foss serve` on the reader's machine
                    continue
                if parsed.netloc not in OFFICIAL_HOSTS:
                    bad.append(f"{where} (not an official source)")
                continue
            if parsed.scheme or link.startswith("mailto:"):
                bad.append(f"{where} (scheme)")
                continue
            if not parsed.path:  # an anchor in the same page
                if p.suffix == ".md" and parsed.fragment and parsed.fragment not in _anchors(p):
                    bad.append(f"{where} (no such heading)")
                continue
            target = (p.parent / unquote(parsed.path)).resolve()
            if not target.is_relative_to(ROOT) or not target.exists():
                bad.append(f"{where} (does not resolve inside the repository)")
            elif parsed.fragment and target.suffix == ".md" and parsed.fragment not in _anchors(target):
                bad.append(f"{where} (no such heading in {target.name})")
    assert bad == []


def test_provision_sources_are_official_or_a_section_of_the_limitations():
    bad = []
    for f in sorted((ROOT / "logic" / "drafts").glob("*/provisions.yaml")):
        for label, p in (yaml.safe_load(f.read_text(encoding="utf-8")) or {}).items():
            url = str(p["url"])
            parsed = urlparse(url)
            if parsed.scheme == "https":
                ok = parsed.netloc in OFFICIAL_HOSTS
            else:  # a repository path, relative to the repository's root
                ok = (ROOT / parsed.path).is_file() and (
                    not parsed.fragment or parsed.fragment in _anchors(ROOT / parsed.path))
            if not ok:
                bad.append(f"{f.relative_to(ROOT)}: {label}: {url}")
    assert bad == []
