"""Accounts: people sign in with a password (kept as an Argon2 hash), systems with a key.

A key is shown once, when it is made: ``mlt_<id>_<secret>``. Only the SHA-256 of the secret
is kept (the secret is 256 random bits, so a fast hash is enough); the id finds the row.
Every check takes about the same time whether or not the account exists, so a caller
cannot learn which names or key ids are real. Creating, disabling and revoking are logged.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
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
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Conflict(f"a user called {name!r} exists already") from None
    audit.record(session, "user_added", AuditCategory.ALTERATION, actor=actor, purpose="access control",
                 detail={"user": name, "role": str(checked)})  # fmt: skip
    session.commit()
    return _user_view(user)


def _user_view(user: User) -> views.AccountView:
    return views.AccountView(
        name=user.name, role=AccessRole(user.role), kind="user", created_at=user.created_at,
        disabled_at=user.disabled_at,
    )  # fmt: skip


def list_users(session: Session) -> list[views.AccountView]:
    return [_user_view(u) for u in session.scalars(select(User).order_by(User.name))]


def disable_user(session: Session, name: str, *, actor: str) -> None:
    user = session.scalars(select(User).where(User.name == name)).first()
    if user is None:
        raise NotFound(f"no user called {name!r}")
    if user.disabled_at is None:
        user.disabled_at = now()
        audit.record(session, "user_disabled", AuditCategory.ALTERATION, actor=actor, purpose="access control",
                     detail={"user": name})  # fmt: skip
    session.commit()


def authenticate_user(session: Session, name: str, password: str) -> Principal:
    user = session.scalars(select(User).where(User.name == name)).first()
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        raise NotAuthenticated("wrong user name or password") from None
    if user is None or user.disabled_at is not None:
        raise NotAuthenticated("wrong user name or password")
    return Principal(user.name, AccessRole(user.role), "user")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_key(session: Session, name: str, role: str, *, actor: str) -> tuple[views.AccountView, str]:
    """A new key; the plain key is returned here and never again."""
    _check_name(name)
    checked = _role(role)
    key_id, secret = secrets.token_hex(8), secrets.token_urlsafe(32)
    row = ApiKey(id=key_id, name=name, role=checked, secret_hash=_digest(secret))
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Conflict(f"a key called {name!r} exists already") from None
    audit.record(session, "key_created", AuditCategory.ALTERATION, actor=actor, purpose="access control",
                 detail={"key": name, "role": str(checked)})  # fmt: skip
    session.commit()
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
