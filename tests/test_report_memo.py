"""The report as a memo: no control pictures, conditions joined with "and", descriptions
as running text, every column labelled, a "how to read this" box, question nodes worded
as the answer says; in headless Chromium it fits 1280 px with six drafts, and printed
to PDF it carries every explanation."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from aiact_foss.explain.report import build
from aiact_foss.language.validate import load_scenario
from aiact_foss.law import drafts

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SIX = list(drafts.available())


def _report(name: str, ids: list[str] | None = None) -> str:
    scn, _ = load_scenario(str(ROOT / "scenarios" / name))
    return build(scn, ids or SIX)


@pytest.fixture(scope="module")
def optional() -> str:
    return _report("examples/optional-support.yaml")


def test_no_control_pictures_and_conditions_joined_with_and(optional):
    assert not re.search("[\u2400-\u2421]", optional)
    assert "when <code>monetisation_defeats_exemption=false and optional_paid_services_monetise=true</code>" in optional


def test_description_is_running_text_and_columns_are_labelled(optional):
    desc = re.search(r'<div class="description">(.*?)</div>', optional, re.DOTALL).group(1)
    assert "\n" not in desc and "  " not in desc and desc.startswith("<p>The tutorial")
    heads = re.findall(r"<th>(.*?)</th>", optional)
    assert heads and all(h.strip() for h in heads)
    assert "<th>scenario path</th><th>value</th><th>note</th>" in optional


def test_how_to_read_defines_the_words(optional):
    box = re.search(r'<aside class="how-to-read">(.*?)</aside>', optional, re.DOTALL).group(1)
    for word in ("determinate", "ambiguous", "inconsistent", "always", "sometimes"):
        assert f"<dt>{word}</dt><dd>" in box


def test_question_nodes_read_as_the_answer_says():
    from aiact_foss import explain as ex
    from aiact_foss.engine import conclusions

    scn, _ = load_scenario(str(ROOT / "scenarios" / "examples" / "optional-support.yaml"))
    s = ex.session(scn, "aia-2024")
    g = ex.explain(s, conclusions.parse("exempt(pixel-vision)"))
    qs = [n for n in g.nodes if n.kind == "question"]
    assert qs
    for n in qs:
        if n.data["value"]:
            assert "it is not the case" not in n.label
        else:
            assert ": it is not the case that " in n.label


def _chromium(*args: str) -> subprocess.CompletedProcess:
    if CHROMIUM is None:
        pytest.skip("the browser checks need chromium (apt-get install chromium)")
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                           *args], capture_output=True, text=True, timeout=180, check=False)


MEASURE = """<script>
window.addEventListener("load", function () {
  var a = document.getElementById("details").getBoundingClientRect();
  var m = document.querySelector(".matrix");
  var whole = Array.prototype.every.call(m.querySelectorAll("code"), function (c) { return c.getClientRects().length === 1; });
  document.body.setAttribute("data-fit", String(a.left > 0 && a.right <= window.innerWidth && whole
    && document.documentElement.scrollWidth <= window.innerWidth && m.clientWidth <= window.innerWidth));
});
</script>
"""


def test_six_drafts_fit_1280_pixels(tmp_path):
    # the panel stays in the window, the matrix scrolls in its column, no conclusion is broken
    page = _report("drafts/pythia-open-letter-reading.yaml")
    f = tmp_path / "report.html"
    f.write_text(page.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    p = _chromium("--window-size=1280,900", "--virtual-time-budget=5000", "--dump-dom", f.as_uri())
    assert p.returncode == 0, p.stderr[-2000:]
    assert 'data-fit="true"' in p.stdout


def test_printed_to_pdf_every_explanation_is_there(tmp_path, optional):
    if shutil.which("pdftotext") is None:
        pytest.skip("reading the PDF needs pdftotext (apt-get install poppler-utils)")
    f = tmp_path / "report.html"
    f.write_text(optional, encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    p = _chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", f.as_uri())
    assert p.returncode == 0 and pdf.stat().st_size > 1000, p.stderr[-2000:]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s", "", text)
    summaries = re.findall(r"<summary>(.*?)</summary>", optional)
    assert len(summaries) > 10
    for sm in summaries:
        plain = re.sub(r"<[^>]+>", "", sm).replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")
        assert re.sub(r"\s", "", plain) in flat, plain
    # the deepest parts of an explanation too: every node of the first graph
    import json

    first = json.loads(re.search(r'<script type="application/json" id="graph-2">(.*?)</script>', optional, re.DOTALL).group(1))
    for n in first["nodes"]:
        assert re.sub(r"\s", "", n["label"]) in flat, n["label"]
    assert "Howtoreadthis" in flat
