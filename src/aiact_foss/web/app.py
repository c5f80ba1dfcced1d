"""The workbench's HTTP interface (FastAPI): the page, POST /solve, /diff, /explain with
the command line's JSON bytes, errors as the loader's one line (HTTP 422), requests
bounded in size (413) and solving time (503), the OpenAPI description at /openapi.json
and a self-contained page of it at /docs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from aiact_foss.web import work
from aiact_foss.web.bounded import Bounded, TooSlow

MAX_BYTES = 2 * 1024 * 1024  # a request body; a scenario of ~2,000 components fits
SECONDS = 60.0


def _warm() -> None:
    """Import what the children run and parse the drafts once, before any request: a
    child forked while another thread imports could wait on the import lock forever,
    and each child then starts with the drafts parsed."""
    import aiact_foss.api
    import aiact_foss.engine.diffing
    import aiact_foss.engine.selection
    import aiact_foss.explain.json_export  # noqa: F401
    from aiact_foss.law import drafts, questions

    questions.questions()
    for d in drafts.available():
        drafts.statements(d)
        drafts.provisions(d)


class SolveBody(BaseModel):
    """A scenario and the command line's options, by their long names."""

    model_config = ConfigDict(extra="forbid")
    scenario: str = Field(description="the scenario file's text, YAML or JSON")
    filename: str = Field("scenario.yaml", description="names the scenario in errors; a name ending in .json is read as JSON")
    drafts: str = Field("all", description="one draft id, a comma list, or all")
    assume: list[str] = Field(default_factory=list, description="pins: question=true|false")
    reading: str | None = Field(None, description="a named reading")
    set: list[str] = Field(default_factory=list, description="PATH=VALUE changes to the scenario, as --set")
    conclusion: list[str] = Field(default_factory=list, description="only conclusions matching these patterns")
    as_of: str | None = Field(None, description="the date to ask on, YYYY-MM-DD, as --as-of (wins over the scenario's as_of)")
    max_outcomes: int = Field(256, ge=1, le=4096)


class ExplainBody(SolveBody):
    drafts: str = Field(description="exactly one draft id")
    explain: str | None = Field(None, description="the conclusion to explain, e.g. exempt(pixel-vision)")
    every_conclusion: bool = Field(False, description="explain every conclusion of the outcome")
    why_not: bool = False
    outcome: int | None = Field(None, ge=1)
    alternative: int | None = Field(None, ge=1)


def create_app(*, max_bytes: int = MAX_BYTES, seconds: float = SECONDS, workers: int = 2) -> FastAPI:
    from aiact_foss.web.page import docs_page, workbench_page

    _warm()
    bound = Bounded(seconds, workers)
    app = FastAPI(title="aiact-foss workbench", version="1", docs_url=None, redoc_url=None,
                  description="The command line's JSON contract over HTTP: POST a scenario and options.")

    @app.middleware("http")
    async def limit_size(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if request.method == "POST":
            length = request.headers.get("content-length")
            if length is None:
                return PlainTextResponse("the request needs a Content-Length\n", status_code=411)
            if not length.isdigit() or int(length) > max_bytes:
                return PlainTextResponse(f"request body: larger than {max_bytes} bytes\n", status_code=413)
        return await call_next(request)

    @app.exception_handler(RequestValidationError)
    async def bad_request(_request: Request, exc: RequestValidationError) -> PlainTextResponse:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "request"
        return PlainTextResponse(f"request: {where}: {err.get('msg', 'invalid')}\n", status_code=422)

    def answer(fn: Callable[[Any], Any], query: Any) -> Response:
        try:
            out = bound.run(fn, query)
        except work.Refused as e:
            return PlainTextResponse(f"{e}\n", status_code=422)
        except TooSlow as e:
            return PlainTextResponse(f"{e}\n", status_code=503)
        if isinstance(out, tuple):
            code, text = out
            if code != 200:
                return PlainTextResponse(f"{text}\n", status_code=code)
            out = text
        return Response(out, media_type="application/json")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> HTMLResponse:
        return HTMLResponse(workbench_page(work.describe()))

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(docs_page(app.openapi()))

    @app.get("/drafts", summary="the drafts, open questions and readings the page offers")
    def drafts() -> JSONResponse:
        return JSONResponse(work.describe())

    @app.post("/solve", summary="every consistent outcome per draft: the bytes of solve --format json",
              responses={422: {"description": "bad input: the loader's one-line error"}})
    def solve(body: SolveBody) -> Response:
        return answer(work.solve, work.Query(**body.model_dump()))

    @app.post("/diff", summary="where drafts differ: the bytes of diff --format json",
              responses={422: {"description": "bad input: the loader's one-line error"}})
    def diff(body: SolveBody) -> Response:
        return answer(work.diff, work.Query(**body.model_dump()))

    @app.post("/explain", summary="an explanation graph: the bytes of explain --format json",
              responses={404: {"description": "the conclusion does not hold where asked (explain's exit 1)"},
                         422: {"description": "bad input: the loader's one-line error"}})
    def explain(body: ExplainBody) -> Response:
        return answer(work.explain, work.ExplainQuery(**body.model_dump()))

    return app
