"""The web workbench (`aiact-foss serve`): the same JSON bytes as the command line over
HTTP, the loader's one-line errors as 422, bounded requests, a self-contained page, and
in headless Chromium a page that submits a scenario and shows its outcomes."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from clirun import cli

pytest.importorskip("fastapi", reason="the workbench needs the extra [web]")
pytest.importorskip("httpx", reason="the framework's test client needs httpx")
from fastapi.testclient import TestClient

from aiact_foss.web.app import create_app

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios").rglob("*.yaml"))
OPTIONAL = ROOT / "scenarios" / "examples" / "optional-support.yaml"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app())


def test_solve_answers_every_bundled_scenario_with_the_cli_bytes(client, capsys, monkeypatch):
    assert len(SCENARIOS) > 20
    for path in SCENARIOS:
        _, out, _ = cli(capsys, monkeypatch, "solve", str(path), "--format", "json")
        r = client.post("/solve", json={"scenario": path.read_text(encoding="utf-8"), "filename": path.name})
        assert r.status_code == 200 and r.headers["content-type"] == "application/json", (path, r.text)
        assert r.content == out.encode("utf-8"), path


def test_diff_and_explain_are_the_cli_bytes(client, capsys, monkeypatch):
    text = OPTIONAL.read_text()
    _, out, _ = cli(capsys, monkeypatch, "diff", str(OPTIONAL), "--drafts", "ep-2023-06-14,aia-2024",
                    "--format", "json", "--conclusion", "exempt(_)")
    r = client.post("/diff", json={"scenario": text, "drafts": "ep-2023-06-14,aia-2024", "conclusion": ["exempt(_)"]})
    assert r.status_code == 200 and r.content == out.encode()
    _, out, _ = cli(capsys, monkeypatch, "explain", str(OPTIONAL), "--draft", "aia-2024", "--conclusion",
                    "in_scope(pixel-vision)", "--format", "json", "--set", "assume.monetisation_defeats_exemption=true")
    r = client.post("/explain", json={"scenario": text, "drafts": "aia-2024", "explain": "in_scope(pixel-vision)",
                                      "set": ["assume.monetisation_defeats_exemption=true"]})
    assert r.status_code == 200 and r.content == out.encode()
    r = client.post("/explain", json={"scenario": text, "drafts": "aia-2024", "explain": "registrations(pixel, 1)"})
    assert r.status_code == 404 and "holds in no outcome" in r.text


@pytest.mark.parametrize("change, body_extra", [
    (("Apache-2.0", "apache-2.0"), {}),
    (("paid_support: optional", "paid_support: sometimes"), {}),
    ((), {"set": ["releases[0].paid_suport=none"]}),
    ((), {"assume": ["no_such_question=true"]}),
    ((), {"drafts": "aia-2025"}),
])
def test_bad_input_is_the_one_line_error_as_422(client, capsys, monkeypatch, tmp_path, change, body_extra):
    text = OPTIONAL.read_text()
    if change:
        text = text.replace(*change)
    f = tmp_path / "scenario.yaml"
    f.write_text(text)
    args = []
    for k, v in body_extra.items():
        flag = {"set": "--set", "assume": "--assume", "drafts": "--draft"}[k]
        for item in v if isinstance(v, list) else [v]:
            args += [flag, item]
    rc, _, err = cli(capsys, monkeypatch, "solve", str(f), *args)
    assert rc == 2
    r = client.post("/solve", json={"scenario": text, "filename": "scenario.yaml", **body_extra})
    assert r.status_code == 422
    assert r.text == err.removeprefix("aiact-foss: ").replace(str(f), "scenario.yaml")


def test_a_malformed_request_is_one_line_too(client):
    for body in ({"scenario": "x", "bogus": 1}, {"drafts": "all"}, {"scenario": "x", "max_outcomes": 0}):
        r = client.post("/solve", json=body)
        assert r.status_code == 422 and r.text.count("\n") == 1 and r.text.startswith("request: ")
    r = client.post("/solve", json={"scenario": "x", "as_of": "2026-02-30"})
    assert r.status_code == 422 and r.text.startswith("--as-of: ") and r.text.count("\n") == 1


def test_as_of_is_the_command_lines_as_of(client):
    """The same bytes as `solve --as-of D --draft in-force`, for a date under each text in force."""
    path = ROOT / "scenarios/examples/open-model-on-repository.yaml"
    for day, text in (("2026-12-02", "aia-2026"), ("2025-09-01", "aia-2024")):
        r = client.post("/solve", json={"scenario": path.read_text(), "drafts": "in-force", "as_of": day})
        cli = subprocess.run([sys.executable, "-m", "aiact_foss", "solve", str(path), "--draft", "in-force",
                              "--as-of", day, "--format", "json"], capture_output=True, text=True)
        assert r.status_code == 200 and cli.returncode == 0 and r.text == cli.stdout
        assert f'"draft": "{text}"' in r.text


def test_requests_are_bounded_in_size_and_time():
    small = TestClient(create_app(max_bytes=2048))
    r = small.post("/solve", json={"scenario": "#" * 4096})
    assert r.status_code == 413
    pythia = (ROOT / "scenarios" / "final-act" / "pythia-suite.yaml").read_text()
    hasty = TestClient(create_app(seconds=0.05))
    r = hasty.post("/solve", json={"scenario": pythia})
    assert r.status_code == 503 and "longer than 0.05 s" in r.text


def test_the_page_is_self_contained_and_offers_the_drafts(client):
    page = client.get("/").text
    assert "connect-src 'self'" in page and "default-src 'none'" in page
    assert not re.search(r'(src|href)="(https?:)?//', page)
    for d in ("commission-2021", "aia-2024"):
        assert f'"{d}"' in page
    docs = client.get("/docs")
    assert docs.status_code == 200 and "POST /solve" in docs.text and "/openapi.json" in docs.text
    assert not re.search(r'(src|href)="(https?:)?//', docs.text)
    spec = client.get("/openapi.json").json()
    assert {"/solve", "/diff", "/explain"} <= set(spec["paths"])


def test_serve_binds_to_loopback_by_default(capsys, monkeypatch):
    calls = {}
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.update(kw))
    rc, _, err = cli(capsys, monkeypatch, "serve", "--port", "9")
    assert rc == 0 and calls["host"] == "127.0.0.1" and calls["port"] == 9
    assert "http://127.0.0.1:9/" in err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server():
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    p = subprocess.Popen([sys.executable, "-m", "aiact_foss", "serve", "--port", str(port)], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    else:  # pragma: no cover
        p.kill()
        pytest.fail("the workbench did not start")
    yield f"http://127.0.0.1:{port}/"
    p.terminate()
    p.wait(timeout=30)


def _chromium(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                           "--virtual-time-budget=20000", *args], capture_output=True, text=True, timeout=180, check=False)


def test_chromium_submits_a_scenario_and_shows_its_outcomes(server, tmp_path):
    if CHROMIUM is None:
        pytest.skip("the browser check needs chromium (apt-get install chromium)")
    url = server + "#run=solve&drafts=aia-2024&scenario=" + quote(OPTIONAL.read_text())
    p = _chromium("--dump-dom", url)
    assert p.returncode == 0, p.stderr[-2000:]
    dom = p.stdout
    assert 'data-state="done"' in dom, dom[-3000:]
    assert "aia-2024 <span" in dom and "ambiguous, 3 outcome(s)" in dom
    assert dom.count('<tr class="outcome">') == 3
    assert "exempt(pixel-vision)" in dom and "monetisation_defeats_exemption=true and optional_paid_services_monetise=true" in dom


def test_chromium_shows_the_diff(server):
    if CHROMIUM is None:
        pytest.skip("the browser check needs chromium (apt-get install chromium)")
    url = server + "#run=diff&drafts=ep-2023-06-14,aia-2024&scenario=" + quote(OPTIONAL.read_text())
    p = _chromium("--dump-dom", url)
    assert p.returncode == 0, p.stderr[-2000:]
    assert 'data-state="done"' in p.stdout
    assert "ep-2023-06-14 vs aia-2024: 1 difference(s)" in p.stdout
    assert "1 x monetised: always in ep-2023-06-14, sometimes in aia-2024" in p.stdout


def test_chromium_draws_an_explanation_graph(server):
    if CHROMIUM is None:
        pytest.skip("the browser check needs chromium (apt-get install chromium)")
    url = (server + "#run=solve&drafts=aia-2024&explain=" + quote("aia-2024/1/exempt(pixel-vision)")
           + "&scenario=" + quote(OPTIONAL.read_text()))
    p = _chromium("--dump-dom", url)
    assert p.returncode == 0, p.stderr[-2000:]
    assert 'data-explained="exempt(pixel-vision)"' in p.stdout
    drawn = re.findall(r'<g class="node ([a-z]+)[^"]*" data-id="(n\d+)"', p.stdout)
    assert ("conclusion", "n1") in drawn and len(drawn) > 20 and any(k == "rule" for k, _ in drawn)


def test_gallery_screenshot_of_the_workbench(server, tmp_path):
    if CHROMIUM is None:
        pytest.skip("the screenshot needs chromium (apt-get install chromium)")
    shot = tmp_path / "workbench.png"
    url = server + "#run=solve&drafts=ep-2023-06-14,aia-2024&scenario=" + quote(OPTIONAL.read_text())
    p = _chromium(f"--screenshot={shot}", "--window-size=1280,900", "--hide-scrollbars", url)
    assert p.returncode == 0 and shot.stat().st_size > 10_000, p.stderr[-2000:]
    if os.environ.get("AIACT_FOSS_UPDATE_GALLERY"):  # how docs/gallery/workbench.png is made
        shutil.copy(shot, ROOT / "docs" / "gallery" / "workbench.png")
    assert (ROOT / "docs" / "gallery" / "workbench.png").is_file()
