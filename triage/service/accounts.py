"""Accounts: people sign in with a password (kept as an Argon2 hash), systems with a key.

A key is shown once, when it is made: ``mlt_<id>_<secret>``. Only the SHA-256 of the secret
is kept (the secret is 256 random bits, so a fast hash is enough); the id finds the row.
Every check takes about the same time whether or not the account exists, so a caller
cannot learn which names or key ids are real. Creating, disabling and revoking are logged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from triage.errors import Conflict, InvalidInput, NotAuthenticated, NotFound
from triage.service import views
from triage.storage import audit
from triage.storage.tables import ApiKey, User, now
from triage.vocabulary import AccessRole, AuditCategory

KEY_PREFIX = "mlt"
MIN_PASSWORD = 12
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$")
_hasher = PasswordHasher()
#: Verified against when a name is unknown, so that an unknown name costs as much as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password of anybody")


@dataclass(frozen=True)
class Principal:
    """Who is calling: a person (``user``) or a system (``key``), with one role."""

    name: str
    role: AccessRole
    kind: str

    @property
    def actor(self) -> str:
        """How the audit log names the caller."""
        return f"{self.kind}:{self.name}"


def _check_name(name: str) -> str:
    if not _NAME.match(name):
        raise InvalidInput(f"name {name!r}: use letters, digits and . _ @ - (at most 128 characters)")
    return name


def _role(role: str) -> AccessRole:
    try:
        return AccessRole(role)
    except ValueError:
        raise InvalidInput(f"unknown role {role!r}; known: {', '.join(AccessRole)}") from None


def add_user(session: Session, name: str, role: str, password: str, *, actor: str) -> views.AccountView:
    _check_name(name)
    checked = _role(role)
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"the password must have at least {MIN_PASSWORD} characters")
    user = User(name=name, role=checked, password_hash=_hasher.hash(password))
    _add_account(session, user, "user", name, checked, actor=actor)
    return _user_view(user)


def _add_account(session: Session, row: User | ApiKey, kind: str, name: str, role: AccessRole, *, actor: str) -> None:
    """Insert a person's or a system's account once (a name taken is a conflict) and log it."""
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Conflict(f"a {kind} called {name!r} exists already") from None
    action = "user_added" if kind == "user" else "key_created"
    audit.record(session, action, AuditCategory.ALTERATION, actor=actor, purpose="access control",
                 detail={kind: name, "role": str(role)})  # fmt: skip
    session.commit()


def _user_view(user: User) -> views.AccountView:
    return views.AccountView(
        name=user.name, role=AccessRole(user.role), kind="user", created_at=user.created_at,
        disabled_at=user.disabled_at,
    )  # fmt: skip


def list_users(session: Session) -> list[views.AccountView]:
    return [_user_view(u) for u in session.scalars(select(User).order_by(User.name))]


def active_user_names(session: Session, roles: Iterable[AccessRole] | None = None) -> list[str]:
    """People who can sign in (of ``roles``, if given): the colleagues an item may be assigned to."""
    stmt = select(User.name).where(User.disabled_at.is_(None)).order_by(User.name)
    if roles is not None:
        stmt = stmt.where(User.role.in_([str(r) for r in roles]))
    return list(session.scalars(stmt))


def disable_user(session: Session, name: str, *, actor: str) -> None:
    user = session.scalars(select(User).where(User.name == name)).first()
    if user is None:
        raise NotFound(f"no user called {name!r}")
    if user.disabled_at is None:
        user.disabled_at = now()
        audit.record(session, "user_disabled", AuditCategory.ALTERATION, actor=actor, purpose="access control",
                     detail={"user": name})  # fmt: skip
    session.commit()


def authenticate_user(
    session: Session, name: str, password: str, *, max_failures: int = 5, lockout_minutes: int = 15
) -> Principal:
    """A person's password checked; ``max_failures`` wrong ones in a row lock the name for a while.

    A locked name answers like a wrong password, so the answer never tells which names exist.
    """
    user = session.scalars(select(User).where(User.name == name)).first()
    locked = user is not None and user.locked_until is not None and user.locked_until > now()
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        if user is not None and not locked:
            _failed(session, user, max_failures, lockout_minutes)
        raise NotAuthenticated(WRONG_PASSWORD) from None
    if user is None or user.disabled_at is not None or locked:
        raise NotAuthenticated(WRONG_PASSWORD)
    if user.failed_signins:
        user.failed_signins, user.locked_until = 0, None
        session.commit()
    return Principal(user.name, AccessRole(user.role), "user")


WRONG_PASSWORD = "wrong user name or password (repeated failures lock the sign-in for a while)"


def _failed(session: Session, user: User, max_failures: int, lockout_minutes: int) -> None:
    user.failed_signins += 1
    if user.failed_signins >= max_failures:
        user.failed_signins, user.locked_until = 0, now() + dt.timedelta(minutes=lockout_minutes)
        audit.record(session, "signin_locked", AuditCategory.ACCESS, actor="system", purpose="access control",
                     detail={"user": user.name, "minutes": lockout_minutes})  # fmt: skip
    session.commit()


def must_change_password(session: Session, name: str) -> bool:
    user = session.scalars(select(User).where(User.name == name)).first()
    return bool(user and user.must_change_password)


def change_password(session: Session, name: str, current: str, new: str) -> None:
    """A person replaces their password (a one-time password first of all); logged."""
    authenticate_user(session, name, current)
    if len(new) < MIN_PASSWORD:
        raise InvalidInput(f"the new password must have at least {MIN_PASSWORD} characters")
    if new == current:
        raise InvalidInput("the new password must differ from the current one")
    user = session.scalars(select(User).where(User.name == name)).one()
    user.password_hash, user.must_change_password = _hasher.hash(new), False
    audit.record(session, "password_changed", AuditCategory.ACCESS, actor=f"user:{name}", purpose="access control")
    session.commit()


FIRST_USER = "admin"
FIRST_ROLE = AccessRole.SUPERVISOR


def first_account(session: Session, password: str | None) -> str | None:
    """With no account at all, make the first one so that a person can sign in.

    It is a supervisor (review, submit, audit). Given no ``password``, a one-time one is made,
    returned to be shown once, and must be changed at the first sign-in.
    """
    if session.scalar(select(func.count()).select_from(User)):
        return None
    one_time = password is None
    secret = password if password is not None else secrets.token_urlsafe(12)
    try:
        add_user(session, FIRST_USER, FIRST_ROLE, secret, actor="system")
    except Conflict:  # another process (a second API host starting) made it first
        return None
    if one_time:
        user = session.scalars(select(User).where(User.name == FIRST_USER)).one()
        user.must_change_password = True
        session.commit()
    return secret if one_time else None


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_key(session: Session, name: str, role: str, *, actor: str) -> tuple[views.AccountView, str]:
    """A new key; the plain key is returned here and never again."""
    _check_name(name)
    checked = _role(role)
    key_id, secret = secrets.token_hex(8), secrets.token_urlsafe(32)
    row = ApiKey(id=key_id, name=name, role=checked, secret_hash=_digest(secret))
    _add_account(session, row, "key", name, checked, actor=actor)
    return _key_view(row), f"{KEY_PREFIX}_{key_id}_{secret}"


def _key_view(key: ApiKey) -> views.AccountView:
    return views.AccountView(
        name=key.name, role=AccessRole(key.role), kind="key", created_at=key.created_at, disabled_at=key.revoked_at
    )


def list_keys(session: Session) -> list[views.AccountView]:
    return [_key_view(k) for k in session.scalars(select(ApiKey).order_by(ApiKey.name))]


def revoke_key(session: Session, name: str, *, actor: str) -> None:
    key = session.scalars(select(ApiKey).where(ApiKey.name == name)).first()
    if key is None:
        raise NotFound(f"no key called {name!r}")
    if key.revoked_at is None:
        key.revoked_at = now()
        audit.record(session, "key_revoked", AuditCategory.ALTERATION, actor=actor, purpose="access control",
                     detail={"key": name})  # fmt: skip
    session.commit()


def authenticate_key(session: Session, token: str) -> Principal:
    prefix, _, rest = token.partition("_")
    key_id, _, secret = rest.partition("_")
    row = session.get(ApiKey, key_id) if prefix == KEY_PREFIX and key_id and secret else None
    expected = row.secret_hash if row else _digest("no key")
    if not hmac.compare_digest(expected, _digest(secret)) or row is None or row.revoked_at is not None:
        raise NotAuthenticated("unknown or revoked key")
    return Principal(row.name, AccessRole(row.role), "key")
