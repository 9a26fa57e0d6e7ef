"""Who calls, and whether their role admits the route.

Systems send ``Authorization: Bearer KEY``; people send ``Authorization: Basic`` with their
user name and password. Every route declares the roles it admits with ``Depends(Allow(...))``
(or ``Depends(public)``), which the tests read back from the app's routes: a route without a
declaration fails them.
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBasic, HTTPBearer
from starlette.concurrency import run_in_threadpool

from api.deps import runtime
from triage.errors import Forbidden, NotAuthenticated
from triage.service import accounts
from triage.service.accounts import Principal
from triage.vocabulary import AccessRole

# For the OpenAPI description (the "Authorize" button); the header is read below.
bearer = HTTPBearer(auto_error=False, description="An API key: `triage keys create NAME --role ROLE`")
basic = HTTPBasic(auto_error=False, description="A person's user name and password")


async def principal(
    request: Request,
    _key: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)] = None,
    _user: Annotated[object, Depends(basic)] = None,
) -> Principal:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    rt = runtime(request)

    def check() -> Principal:
        with rt.session() as session:
            if scheme.lower() == "bearer" and value:
                return accounts.authenticate_key(session, value.strip())
            if scheme.lower() == "basic" and value:
                try:
                    name, _, password = base64.b64decode(value.strip(), validate=True).decode().partition(":")
                except (binascii.Error, UnicodeDecodeError):
                    raise NotAuthenticated("malformed Basic credentials") from None
                return accounts.authenticate_user(
                    session, name, password, max_failures=rt.settings.signin_max_failures,
                    lockout_minutes=rt.settings.signin_lockout_minutes,
                )
        raise NotAuthenticated("credentials needed: Authorization: Bearer KEY (systems) or Basic (people)")

    who = await run_in_threadpool(check)
    request.state.principal = who
    return who


class RoleRule:
    """The roles a route admits; API routes check them with ``Allow``, web pages with ``api.web.auth.Page``."""

    def __init__(self, *roles: AccessRole) -> None:
        self.roles = frozenset(roles)

    def admits(self, role: AccessRole) -> bool:
        return role in self.roles

    def check(self, who: Principal) -> Principal:
        if not self.admits(who.role):
            raise Forbidden(f"role {who.role} may not do this; allowed: {', '.join(sorted(self.roles))}")
        return who


class Allow(RoleRule):
    """An API route's access rule: a key or a password in the ``Authorization`` header."""

    async def __call__(self, who: Annotated[Principal, Depends(principal)]) -> Principal:
        return self.check(who)


async def public() -> None:
    """Marks a route open to anyone (health, metrics, documentation)."""


INTAKE, REVIEWER, SUPERVISOR, ADMIN, SYSTEM = (
    AccessRole.INTAKE, AccessRole.REVIEWER, AccessRole.SUPERVISOR, AccessRole.ADMIN, AccessRole.SYSTEM,
)  # fmt: skip
SUBMIT = Allow(INTAKE, SUPERVISOR, SYSTEM)
FOLLOW = Allow(INTAKE, REVIEWER, SUPERVISOR, SYSTEM)
READ = Allow(REVIEWER, SUPERVISOR, SYSTEM)
DECIDE = Allow(REVIEWER, SUPERVISOR)
ACCOUNTABILITY = Allow(ADMIN, SUPERVISOR)
