"""Errors on the web page: a page saying what went wrong, or the sign-in page when the session is gone.

``api.errors`` sends every error of a route tagged ``web`` here instead of answering JSON.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import Request, Response
from fastapi.responses import RedirectResponse

from api.web.auth import PasswordChangeNeeded
from api.web.templating import render
from triage.errors import NotAuthenticated

WEB_TAG = "web"


def is_page(request: Request) -> bool:
    return WEB_TAG in getattr(request.scope.get("route"), "tags", ())


def page_error(request: Request, exc: BaseException, status: int, detail: str, title: str) -> Response:
    if isinstance(exc, PasswordChangeNeeded):
        return RedirectResponse("/account/password", status_code=303)
    if status == 401 or isinstance(exc, NotAuthenticated):
        query: dict[str, str] = {}
        if request.method == "GET":  # come back here after signing in (a form is not resent)
            query["next"] = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if "ended" in detail:
            query["ended"] = "1"
        return RedirectResponse("/signin" + (f"?{urlencode(query)}" if query else ""), 303)
    return render(request, "error.html", status=status, title=title, detail=detail)
