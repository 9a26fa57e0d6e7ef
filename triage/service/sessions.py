"""Sign-in sessions of the web page: made at sign-in, ended by sign-out, idleness or age.

The browser holds a random token in a cookie; the database keeps only its SHA-256, so a
copy of the database signs nobody in. Each session has its own CSRF token, which every form
of the page carries back. Signing in, out and refused sign-ins are in the audit log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from triage.config import Settings
from triage.errors import NotAuthenticated
from triage.service import accounts
from triage.service.accounts import Principal
from triage.storage import audit
from triage.storage.tables import User, WebSession, now
from triage.vocabulary import AccessRole, AuditCategory

#: How stale ``seen_at`` may get before a request refreshes it (one write per minute, not per request).
_TOUCH_EVERY = dt.timedelta(seconds=60)


@dataclass(frozen=True)
class SignedIn:
    principal: Principal
    csrf: str
    must_change_password: bool
    token: str = ""  # the cookie's value: only right after sign-in


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign_in(session: Session, name: str, password: str, settings: Settings) -> SignedIn:
    try:
        who = accounts.authenticate_user(
            session, name, password, max_failures=settings.signin_max_failures,
            lockout_minutes=settings.signin_lockout_minutes,
        )  # fmt: skip
    except NotAuthenticated:
        audit.record(session, "signin_refused", AuditCategory.ACCESS, actor="system", purpose="access control",
                     detail={"via": "web"})  # fmt: skip
        session.commit()
        raise
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    session.add(WebSession(id=_digest(token), user_name=who.name, csrf=csrf))
    audit.record(session, "signed_in", AuditCategory.ACCESS, actor=who.actor, purpose="access control",
                 detail={"via": "web"})  # fmt: skip
    session.commit()
    return SignedIn(who, csrf, accounts.must_change_password(session, who.name), token)


def _ended(row: WebSession, at: dt.datetime, settings: Settings) -> str | None:
    if row.ended_at is not None:
        return "signed out"
    if at - row.seen_at > dt.timedelta(minutes=settings.session_idle_minutes):
        return "idle too long"
    if at - row.created_at > dt.timedelta(hours=settings.session_max_hours):
        return "too old"
    return None


def resume(session: Session, token: str, settings: Settings) -> SignedIn:
    """The session a cookie names, if it is still open; ``NotAuthenticated`` says why not."""
    row = session.get(WebSession, _digest(token)) if token else None
    if row is None:
        raise NotAuthenticated("please sign in")
    at = now()
    why = _ended(row, at, settings)
    user = session.scalars(select(User).where(User.name == row.user_name)).first()
    if why is None and (user is None or user.disabled_at is not None):
        why = "the account is disabled"
    if why is not None:
        if row.ended_at is None:
            row.ended_at = at
            audit.record(session, "session_ended", AuditCategory.ACCESS, actor=f"user:{row.user_name}",
                         purpose="access control", detail={"why": why})  # fmt: skip
            session.commit()
        raise NotAuthenticated(f"your session has ended ({why}): please sign in again")
    assert user is not None
    if at - row.seen_at > _TOUCH_EVERY:
        row.seen_at = at
        session.commit()
    principal = Principal(user.name, AccessRole(user.role), "user")
    return SignedIn(principal, row.csrf, user.must_change_password)


def sign_out(session: Session, token: str) -> None:
    row = session.get(WebSession, _digest(token)) if token else None
    if row is None or row.ended_at is not None:
        return
    row.ended_at = now()
    audit.record(session, "signed_out", AuditCategory.ACCESS, actor=f"user:{row.user_name}", purpose="access control")
    session.commit()


def end_all(session: Session, name: str, *, keep: str | None = None) -> None:
    """Every open session of ``name`` ends (after a password change), but ``keep``'s."""
    stmt = update(WebSession).where(WebSession.user_name == name, WebSession.ended_at.is_(None))
    if keep:
        stmt = stmt.where(WebSession.id != _digest(keep))
    session.execute(stmt.values(ended_at=now()))
    session.commit()
