"""Accounts: passwords kept as Argon2 hashes, keys shown once and kept as hashes, both revocable."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from triage.errors import Conflict, InvalidInput, NotAuthenticated
from triage.service import accounts
from triage.service.runtime import Runtime
from triage.storage.tables import ApiKey, AuditEvent, User

PASSWORD = "correct horse battery"


def test_a_person_signs_in_until_disabled(runtime: Runtime) -> None:
    with runtime.session() as session:
        accounts.add_user(session, "ana", "reviewer", PASSWORD, actor="cli:admin")
        stored = session.scalars(sa.select(User)).one()
        assert stored.password_hash.startswith("$argon2") and PASSWORD not in stored.password_hash
        who = accounts.authenticate_user(session, "ana", PASSWORD)
        assert (who.name, who.role, who.actor) == ("ana", "reviewer", "user:ana")
        with pytest.raises(NotAuthenticated):
            accounts.authenticate_user(session, "ana", "wrong password!")
        with pytest.raises(NotAuthenticated):
            accounts.authenticate_user(session, "nobody", PASSWORD)
        accounts.disable_user(session, "ana", actor="cli:admin")
        with pytest.raises(NotAuthenticated):
            accounts.authenticate_user(session, "ana", PASSWORD)
        actions = [e.action for e in session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq))]
    assert actions == ["user_added", "user_disabled"]


@pytest.mark.parametrize(
    ("name", "role", "password", "error"),
    [("ana", "judge", PASSWORD, InvalidInput), ("ana", "reviewer", "short", InvalidInput),
     ("bad name!", "reviewer", PASSWORD, InvalidInput)],
)  # fmt: skip
def test_bad_accounts_are_refused(runtime: Runtime, name: str, role: str, password: str, error: type) -> None:
    with runtime.session() as session, pytest.raises(error):
        accounts.add_user(session, name, role, password, actor="cli:admin")


def test_a_key_is_shown_once_kept_hashed_and_revocable(runtime: Runtime) -> None:
    with runtime.session() as session:
        _view, plain = accounts.create_key(session, "cms", "system", actor="cli:admin")
        row = session.scalars(sa.select(ApiKey)).one()
        assert plain.startswith(f"mlt_{row.id}_") and plain.split("_", 2)[2] not in row.secret_hash
        assert accounts.authenticate_key(session, plain).actor == "key:cms"
        for forged in (plain[:-1] + ("A" if plain[-1] != "A" else "B"), "mlt_nope_nope", "", "Bearer"):
            with pytest.raises(NotAuthenticated):
                accounts.authenticate_key(session, forged)
        with pytest.raises(Conflict):
            accounts.create_key(session, "cms", "system", actor="cli:admin")
        accounts.revoke_key(session, "cms", actor="cli:admin")
        with pytest.raises(NotAuthenticated):
            accounts.authenticate_key(session, plain)
        assert [k.disabled_at is not None for k in accounts.list_keys(session)] == [True]
