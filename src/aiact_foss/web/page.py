"""The workbench page and the page of the OpenAPI description: self-contained HTML
(inline style and script, the explanation drawing of explain/assets), fetching only
from the server that served it."""

from __future__ import annotations

import html
import json
from functools import cache
from importlib import resources
from typing import Any

from aiact_foss.explain.html import asset as graph_asset
from aiact_foss.explain.html import script_json

CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
       "connect-src 'self'; img-src data:; form-action 'none'; base-uri 'none'")


@cache
def asset(name: str) -> str:
    return (resources.files("aiact_foss.web") / "assets" / name).read_text(encoding="utf-8")


def _shell(title: str, body: str, style: str, script: str = "") -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\"/>\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
            f"<title>{html.escape(title)}</title>\n<style>\n{style}</style>\n</head>\n<body>\n{body}\n"
            + (f"<script>\n{script}</script>\n" if script else "") + "</body>\n</html>\n")


def workbench_page(offer: dict[str, Any]) -> str:
    body = asset("workbench.html") + "\n" + script_json("offer", offer)
    return _shell("aiact-foss workbench", body, graph_asset("graph.css") + asset("workbench.css"),
                  graph_asset("graph.js") + asset("workbench.js"))


def docs_page(spec: dict[str, Any]) -> str:
    """The OpenAPI description as one page: each endpoint, its summary and its body's
    schema (FastAPI's own /docs would load Swagger UI from a CDN)."""
    rows = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            schema = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            ref = schema.get("$ref", "").rsplit("/", 1)[-1] if schema else ""
            codes = ", ".join(f"{c} {r.get('description', '')}" for c, r in op.get("responses", {}).items())
            rows.append(f"<h2><code>{method.upper()} {html.escape(path)}</code></h2>"
                        f"<p>{html.escape(op.get('summary', ''))}</p>"
                        + (f"<p>body: <a href=\"#{html.escape(ref)}\">{html.escape(ref)}</a></p>" if ref else "")
                        + f"<p>responses: {html.escape(codes)}</p>")
    for name, schema in spec.get("components", {}).get("schemas", {}).items():
        rows.append(f"<h2 id=\"{html.escape(name)}\">{html.escape(name)}</h2>"
                    f"<pre>{html.escape(json.dumps(schema, indent=2, ensure_ascii=False))}</pre>")
    body = (f"<h1>{html.escape(spec['info']['title'])}: the HTTP interface</h1>"
            f"<p>{html.escape(spec['info'].get('description', ''))} The machine-readable description is "
            "<a href=\"/openapi.json\">/openapi.json</a>.</p>" + "\n".join(rows))
    return _shell("aiact-foss workbench: API", body, asset("workbench.css"))
