"""Every export of an explanation parses with a real parser: JSON against the published
schema, DOT with pydot, GraphML with networkx; Mermaid is checked for structure and
escaping; the HTML page is well-formed, fetches nothing, carries the graph it draws, and
renders every node in headless Chromium (skipped, with the reason, without it). Hostile
ids (quotes, brackets, newlines, markup) must survive every format."""

from __future__ import annotations

import html.parser
import io
import json
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

from aiact_foss import explain as ex
from aiact_foss.engine import conclusions
from aiact_foss.explain import dot, graphml, json_export, mermaid, text
from aiact_foss.explain import html as html_export
from aiact_foss.explain.common import visible
from aiact_foss.explain.report import build as build_report
from aiact_foss.language.scenario import Scenario
from aiact_foss.language.validate import load_scenario

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "schemas" / "explanation-v1.schema.json").read_text())
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
HOSTILE = 'Lab "West" (US) <script>alert(1)</script> # ` & \\ ]]> --> %\n{x}|y'

CASES = [
    ("scenarios/examples/open-model-on-repository.yaml", "aia-2024", "obligation(lab, lab-7b, copyright_policy)", False),
    ("scenarios/examples/open-model-on-repository.yaml", "aia-2024", "systemic_risk(lab-7b)", True),
    ("scenarios/drafts/pythia-open-letter-reading.yaml", "ep-2023-03-23", "exempt(pythia-12b)", True),
    ("scenarios/drafts/pythia-open-letter-reading.yaml", "letter-2023-04", None, False),
    ("scenarios/examples/unknown-monetisation.yaml", "aia-2024", None, False),
]


@cache
def graph(path: str, draft: str, c: str | None, why_not: bool):
    scn, _ = load_scenario(str(ROOT / path))
    s = ex.session(scn, draft)
    return ex.explain(s, conclusions.parse(c) if c else None, why_not=why_not)


@cache
def hostile_graph():
    """A scenario whose ids try to break out of every format."""
    scn = Scenario.model_validate({
        "scenario": 1, "name": "hostile ids",
        "actors": [{"id": HOSTILE, "type": "research_organisation"}],
        "components": [{"id": HOSTILE + "-7b", "kind": "model", "developer": HOSTILE, "licence": "Apache-2.0",
                        "general_purpose": True, "weights_public": True, "architecture_public": True,
                        "usage_info_public": True}],
        "releases": [{"component": HOSTILE + "-7b", "by": HOSTILE, "channel": "open_repository"}],
    })
    return ex.explain(ex.session(scn, "aia-2024"), None)


def all_graphs():
    return [graph(*c) for c in CASES] + [hostile_graph()]


def test_json_validates_against_the_published_schema():
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    for g in all_graphs():
        doc = json.loads(json_export.render(g))
        jsonschema.validate(doc, SCHEMA)
        assert len(doc["nodes"]) == len(g.nodes) and len(doc["edges"]) == len(g.edges)
    bad = json.loads(json_export.render(graph(*CASES[0])))
    bad["edges"][0]["role"] = "causes"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, SCHEMA)


def _dot_unescape(label: str) -> str:
    inner = label[1:-1]
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), inner)


def test_dot_parses_with_pydot_and_keeps_every_label():
    pydot = pytest.importorskip("pydot")
    for g in all_graphs():
        (parsed,) = pydot.graph_from_dot_data(dot.render(g))
        nodes = {n.get_name(): n for n in parsed.get_nodes() if n.get_name() not in ("node", "edge", "graph")}
        assert set(nodes) == {n.id for n in g.nodes}
        assert len(parsed.get_edges()) == len(g.edges)
        for n in g.nodes:  # the label comes back, wrapped over lines
            shown = _dot_unescape(nodes[n.id].get_label())
            assert shown.replace("\n", "").replace(" ", "").startswith(visible(n.label).replace(" ", ""))


def test_graphml_loads_in_networkx_with_its_attributes():
    nx = pytest.importorskip("networkx")
    for g in all_graphs():
        G = nx.read_graphml(io.BytesIO(graphml.render(g).encode("utf-8")))
        assert G.is_directed() and nx.is_directed_acyclic_graph(G)
        assert set(G.nodes) == {n.id for n in g.nodes} and G.number_of_edges() == len(g.edges)
        for n in g.nodes:
            data = G.nodes[n.id]
            assert data["kind"] == n.kind and data["label"] == visible(n.label)
            if n.kind in ("fact", "unknown"):
                assert json.loads(data["value"]) == n.data["value"]
            if n.kind == "rule":
                assert data["provision_ref"] == n.data["provision"]["ref"]
        assert G.graph["draft"] == g.draft and G.graph["holds"] == g.holds
        assert {G.edges[s, t]["role"] for s, t, _ in g.edges} <= {"supports", "defeats"}


NODE = re.compile(r'^  (n\d+)(\(\["|\["|\[/"|\{\{"|\[\\"|>")(.*)("\]\)|"\]|"/\]|"\}\}|"\\\]|"\])$')
EDGE = re.compile(r"^  (n\d+) (-->|-\. defeats \.->) (n\d+)$")


def test_mermaid_declares_every_node_once_with_escaped_labels():
    for g in all_graphs():
        lines = mermaid.render(g).splitlines()
        assert lines[1] == "flowchart BT"
        declared, edges = [], []
        for line in lines[2:]:
            m = NODE.match(line)
            if m:
                declared.append(m.group(1))
                assert '"' not in m.group(3) and "\n" not in m.group(3)  # no way out of the quotes
                continue
            m = EDGE.match(line)
            if m:
                edges.append((m.group(1), m.group(3)))
                continue
            assert line.startswith(("  classDef ", "  class ")), line
        assert declared == [n.id for n in g.nodes]
        assert edges == [(s, t) for s, t, _ in g.edges]
    assert "#quot;" in mermaid.render(hostile_graph()) and "#lt;script#gt;" in mermaid.render(hostile_graph())


class _WellFormed(html.parser.HTMLParser):
    """Every element that is not void is closed, in order; collects what could fetch."""

    VOID = {"meta", "br", "hr", "img", "input", "link", "source", "area", "base", "col", "embed", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.fetches, self.ids = [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "embed", "source", "audio", "video") and a.get("src"):
            self.fetches.append((tag, a["src"]))
        if tag == "link":
            self.fetches.append((tag, a.get("href")))
        if "id" in a:
            self.ids.append(a["id"])
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()


def check_page(page: str) -> _WellFormed:
    assert page.startswith("<!DOCTYPE html>")
    p = _WellFormed()
    p.feed(page)
    p.close()
    assert not p.stack and not p.fetches
    assert len(p.ids) == len(set(p.ids))
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    code = "".join(re.findall(r"<script>(.*?)</script>", page, re.S)) + "".join(re.findall(r"<style>(.*?)</style>", page, re.S))
    for word in ("fetch(", "XMLHttpRequest", "import(", "@import", "WebSocket", "sendBeacon", "src="):
        assert word not in code
    assert set(re.findall(r"https?://[^\"' ]+", code)) <= {"http://www.w3.org/2000/svg"}  # a namespace name
    assert not re.search(r"url\((?!#)", code)  # only in-page references such as url(#arrow)
    return p


def test_html_is_well_formed_self_contained_and_carries_its_graph():
    for g in all_graphs():
        page = html_export.render(g)
        check_page(page)
        data = re.search(r'<script type="application/json" id="graph-1">(.*?)</script>', page, re.S).group(1)
        assert json.loads(data) == json.loads(json_export.render(g))
        for n in g.nodes:
            assert f'<span class="kind">{n.id} {n.kind}' in page
    page = html_export.render(hostile_graph())
    assert "<script>alert" not in page and "</script>alert" not in page


def test_report_is_well_formed_and_self_contained():
    scn, _ = load_scenario(str(ROOT / "scenarios/drafts/pythia-open-letter-reading.yaml"))
    page = build_report(scn, ["ep-2023-03-23", "letter-2023-04"])
    check_page(page)
    assert page.count('<td class="never">never</td>') and page.count('<td class="always">always</td>')
    graphs = re.findall(r'<script type="application/json" id="(graph-\d+)">(.*?)</script>', page, re.S)
    assert graphs
    for key, data in graphs:
        doc = json.loads(data)
        assert doc["format"] == "aiact-foss/explanation/v1"
        for root in re.findall(rf'data-graph="{key}" data-root="(n\d+)"', page):
            assert doc["nodes"][int(root[1:]) - 1]["kind"] == "conclusion"
    assert build_report(scn, ["ep-2023-03-23", "letter-2023-04"]) == page  # deterministic


def _chromium_dom(tmp_path: Path, page: str) -> str:
    if CHROMIUM is None:
        pytest.skip("headless rendering needs /usr/bin/chromium (apt-get install chromium)")
    f = tmp_path / "page.html"
    f.write_text(page, encoding="utf-8")
    p = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--virtual-time-budget=5000", "--dump-dom", f.as_uri()],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    return p.stdout


def test_html_renders_every_node_in_headless_chromium(tmp_path):
    for g in (graph(*CASES[2]), hostile_graph()):
        dom = _chromium_dom(tmp_path, html_export.render(g))
        drawn = re.findall(r'<g class="node ([a-z]+)[^"]*" data-id="(n\d+)"', dom)
        assert sorted(drawn, key=lambda x: int(x[1][1:])) == [(n.kind, n.id) for n in g.nodes]
        assert dom.count('class="edge ') == len(g.edges)


def test_text_is_an_indented_tree_naming_every_node():
    for g in all_graphs():
        out = text.render(g)
        for n in g.nodes:
            assert re.search(rf"^ *(defeated by )?{n.id} \[{n.kind}", out, re.M)
