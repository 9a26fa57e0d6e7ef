"""The application: ``create_app(settings)`` wires the routes, the errors, the docs and the workers.

Embedded (no broker), the same process runs the worker pool; with a broker, workers run
apart (``triage worker``) and this process only submits and reads. The OpenAPI description
is at ``/openapi.json`` and its page at ``/docs``, with every asset served from here.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib import import_module
from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import Depends, FastAPI, Request, Response
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from api import errors, web
from api.auth import public
from api.routes import ROUTERS
from triage.config import Settings, get_settings
from triage.service.runtime import Runtime
from triage.service.views import TextSubmission

VERSION = "1"
STATIC_DOCS = Path(fastapi_offline.__file__).parent / "static"
access_log = logging.getLogger("api.access")

DESCRIPTION = """Offline intake, translation and triage of mutual legal assistance requests and evidence.

Systems authenticate with `Authorization: Bearer KEY` (`triage keys create NAME --role ROLE`),
people with HTTP Basic (`triage users add NAME --role ROLE`). Every route names the roles it
admits; every error is a problem details object (RFC 9457). Machine translations are
uncertified. Reading, deciding and exporting are written to a hash-chained audit log."""


def create_app(settings: Settings | None = None, *, runtime: Runtime | None = None) -> FastAPI:
    settings = settings or get_settings()
    rt = runtime or Runtime.build(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        workers = None
        if not settings.scale_out and settings.embedded_workers:
            from workers.embedded import EmbeddedWorkers

            workers = EmbeddedWorkers(rt)
            workers.start()
        try:
            yield
        finally:
            if workers is not None:
                workers.stop()
            if runtime is None:
                rt.close()

    app = FastAPI(
        title="MLA intake triage", version=VERSION, description=DESCRIPTION, lifespan=lifespan,
        docs_url=None, redoc_url=None, openapi_url="/openapi.json",
    )  # fmt: skip
    app.state.runtime = rt
    errors.install(app)
    for module in ROUTERS:
        app.include_router(import_module(module).router)
    web.install(app)
    _docs(app)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    app.middleware("http")(_security_headers)
    app.middleware("http")(_no_nul)
    app.middleware("http")(_access_log)
    return app


def app_from_env() -> FastAPI:
    """For ``uvicorn --factory`` with several HTTP workers: settings from the environment."""
    return create_app(Settings())


def _docs(app: FastAPI) -> None:
    app.mount("/static/docs", StaticFiles(directory=STATIC_DOCS), name="docs-assets")

    @app.get("/docs", include_in_schema=False, dependencies=[Depends(public)])
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json", title=f"{app.title} - API",
            swagger_js_url="/static/docs/swagger-ui-bundle.js", swagger_css_url="/static/docs/swagger-ui.css",
            swagger_favicon_url="/static/docs/favicon.png",
        )  # fmt: skip


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    extra = TextSubmission.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, definition in {**extra.pop("$defs", {}), "TextSubmission": extra}.items():
        components.setdefault(name, definition)
    app.openapi_schema = schema
    return schema


#: No script or style but the app's own files; no framing; forms post only here. /docs (Swagger UI)
#: needs an inline script and is exempt: it shows no personal data.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


async def _no_nul(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """A NUL in the path or the query names nothing and PostgreSQL refuses it: turned away at the door."""
    if "\x00" in request.scope["path"] or b"%00" in request.scope["query_string"].lower():
        return errors.problem(422, "a NUL character is not accepted in a URL", request)
    return await call_next(request)


async def _security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    response = await call_next(request)
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    if request.url.path != "/docs":
        headers.setdefault("Content-Security-Policy", CSP)
    if not request.url.path.startswith("/static/"):
        headers.setdefault("Cache-Control", "no-store")  # pages and answers hold personal data
    return response


async def _access_log(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """Method, path, status and time; never the query string or the body (they may hold personal data)."""
    started = time.perf_counter()
    response = await call_next(request)
    who = getattr(request.state, "principal", None)
    access_log.info(
        "%s %s %d %.1f ms %s", request.method, request.url.path, response.status_code,
        (time.perf_counter() - started) * 1000, who.actor if who else "-",
    )  # fmt: skip
    return response
