"""Errors in one JSON shape (RFC 9457 problem details), mapped from the domain's exception tree here.

No traceback and no request content ever reaches a response: validation errors name the
field and the rule, not the value (a value may be personal data); an unexpected error
answers 500 with an id that the server log carries beside the exception's type and frames.
"""

from __future__ import annotations

import logging
import secrets
import traceback
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from triage.errors import (
    AuthError,
    ConfigError,
    Conflict,
    Forbidden,
    InvalidInput,
    ModelError,
    NotAuthenticated,
    NotFound,
    TooLarge,
    TriageError,
    Unavailable,
)

log = logging.getLogger("api")
PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "urn:mla-triage:problem:"

#: The domain's errors and their HTTP status; the most specific class found in an error's MRO wins.
STATUS: dict[type[BaseException], int] = {
    NotFound: 404,
    TooLarge: 413,
    InvalidInput: 422,
    Conflict: 409,
    NotAuthenticated: 401,
    Forbidden: 403,
    AuthError: 401,
    Unavailable: 503,
    ModelError: 503,
    ConfigError: 500,
    TriageError: 400,
}
TITLES = {
    400: "Bad request", 401: "Not authenticated", 403: "Forbidden", 404: "Not found", 405: "Method not allowed",
    409: "Conflict", 413: "Content too large", 415: "Unsupported media type", 422: "Invalid request",
    500: "Internal error", 503: "Service unavailable",
}  # fmt: skip


class FieldProblem(BaseModel):
    loc: list[str | int]
    msg: str


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = Field(description="A URN naming the kind of problem")
    title: str
    status: int
    detail: str
    instance: str | None = Field(None, description="The request path")
    errors: list[FieldProblem] | None = Field(None, description="Each invalid field, for validation errors")


def problem(status: int, detail: str, request: Request | None = None, **extra: Any) -> JSONResponse:
    title = TITLES.get(status, "Error")
    body = Problem(
        type=TYPE_BASE + title.lower().replace(" ", "-"), title=title, status=status, detail=detail,
        instance=request.url.path if request is not None else None, **extra,
    )  # fmt: skip
    headers = {"WWW-Authenticate": 'Bearer realm="triage", Basic realm="triage"'} if status == 401 else None
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, media_type=PROBLEM_JSON,
                        headers=headers)  # fmt: skip


def status_of(exc: BaseException) -> int:
    return next((STATUS[cls] for cls in type(exc).__mro__ if cls in STATUS), 500)


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of a route: each error status described by the one problem shape."""
    return {
        code: {"model": Problem, "description": TITLES.get(code, "Error"),
               "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        for code in codes
    }  # fmt: skip


def _answer(request: Request, exc: BaseException, status: int, detail: str, **extra: Any) -> Response:
    """JSON for the API; for the web page's routes, a page (or the sign-in page)."""
    from api.web.errors import is_page, page_error  # here: the page's modules import this one


    if is_page(request):
        return page_error(request, exc, status, detail, TITLES.get(status, "Error"))
    return problem(status, detail, request, **extra)


def install(app: FastAPI) -> None:
    @app.exception_handler(TriageError)
    async def domain_error(request: Request, exc: TriageError) -> Response:
        return _answer(request, exc, status_of(exc), str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        fields = [FieldProblem(loc=list(e["loc"]), msg=e["msg"]) for e in exc.errors()]
        where = "; ".join(f"{'.'.join(map(str, f.loc))}: {f.msg}" for f in fields[:5])
        return _answer(request, exc, 422, f"the request is not valid: {where}", errors=fields)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code, "Error")
        return _answer(request, exc, exc.status_code, detail)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        ref = secrets.token_hex(6)
        # Type and frames only: the message may quote a document, and logs hold no personal data.
        log.error("error %s on %s %s: %s\n%s", ref, request.method, request.url.path, type(exc).__name__,
                  "".join(traceback.format_tb(exc.__traceback__)))  # fmt: skip
        return _answer(request, exc, 500, f"an unexpected error occurred; quote reference {ref} to the administrator")
