"""Who is signed in to the page, whether their role admits it, and the CSRF check of every form.

A page declares its roles with ``Depends(Page(...))`` as an API route does with ``Allow``
(both are ``RoleRule``s, which the authorisation tests read from the routes). The session
cookie is HttpOnly, SameSite=Lax and Secure (but on plain HTTP to the loopback address with
``TRIAGE_COOKIE_SECURE=auto``, so that the embedded default works at http://127.0.0.1).
Every form carries its session's CSRF token; the sign-in form, before any session, carries a
token that must equal a cookie of its own (double submit). A form posted from another
origin is refused before its token is even looked at.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from urllib.parse import urlsplit

from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from api.auth import RoleRule
from api.deps import runtime
from triage.config import Settings
from triage.errors import Forbidden, NotAuthenticated
from triage.service import sessions
from triage.service.sessions import SignedIn
from triage.vocabulary import AccessRole

SESSION_COOKIE = "triage_session"
SIGNIN_COOKIE = "triage_signin"
CSRF_FIELD = "csrf"
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


class PasswordChangeNeeded(NotAuthenticated):
    """Signed in with a one-time password: nothing else until it is replaced."""


class Page(RoleRule):
    """A page's access rule: a person signed in whose role is one of ``roles``."""

    def __init__(self, *roles: AccessRole, one_time_password_ok: bool = False) -> None:
        super().__init__(*roles)
        self.one_time_password_ok = one_time_password_ok

    async def __call__(self, request: Request) -> SignedIn:
        who = await signed_in(request)
        if who.must_change_password and not self.one_time_password_ok:
            raise PasswordChangeNeeded("choose a password of your own before going on")
        self.check(who.principal)
        return who


async def signed_in(request: Request) -> SignedIn:
    token = request.cookies.get(SESSION_COOKIE, "")
    rt = runtime(request)

    def look_up() -> SignedIn:
        with rt.session() as session:
            return sessions.resume(session, token, rt.settings)

    who = await run_in_threadpool(look_up)
    request.state.principal = who.principal  # the access log names the caller
    request.state.signed_in = who
    return who


def secure(request: Request, settings: Settings) -> bool:
    if settings.cookie_secure == "always":
        return True
    return not (request.url.scheme == "http" and request.url.hostname in LOOPBACK)


def set_cookie(response: Response, request: Request, settings: Settings, name: str, value: str) -> None:
    """A session-lifetime cookie (gone when the browser closes; the server ends the session anyway)."""
    response.set_cookie(
        name, value, httponly=True, samesite="lax", secure=secure(request, settings), path="/",
    )  # fmt: skip


def same_origin(request: Request) -> None:
    """Refuse a form posted from another site (the browser says so in Origin or Sec-Fetch-Site)."""
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        raise Forbidden("this form was sent from another site")
    origin = request.headers.get("origin")
    if origin and origin != "null":
        sent = urlsplit(origin)
        if (sent.scheme, sent.netloc) != (request.url.scheme, request.url.netloc):
            raise Forbidden("this form was sent from another site")


def check_token(sent: str | None, expected: str) -> None:
    if not sent or not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise Forbidden("the form has expired or did not come from this page: reload the page and try again")


async def posted_form(request: Request, who: SignedIn) -> FormData:
    """The form of a signed-in person, from this site, with their session's token."""
    same_origin(request)
    form = await request.form()
    token = form.get(CSRF_FIELD)
    check_token(token if isinstance(token, str) else None, who.csrf)
    return form


def check_fields(who: SignedIn) -> Callable[[dict[str, str]], None]:
    """For a streamed upload: the token is checked among the fields before the file is kept."""

    def accept(fields: dict[str, str]) -> None:
        check_token(fields.get(CSRF_FIELD), who.csrf)

    return accept


def new_signin_token() -> str:
    return secrets.token_urlsafe(32)
