"""Errors on the web page: a page saying what went wrong, or the sign-in page when the session is gone.

``api.errors`` sends every error of a route tagged ``web`` here instead of answering JSON.
"""

from __future__ import annotations

from urllib.parse import quote

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
        back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        target = f"/signin?next={quote(back, safe='')}" if request.method == "GET" else "/signin"
        ended = "ended" in detail
        return RedirectResponse(target + ("&" if "?" in target else "?") + "ended=1" if ended else target, 303)
    return render(request, "error.html", status=status, title=title, detail=detail)
