"""A broken audit chain stops the service from starting, unless an administrator says so (logged)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from triage.cli import app
from triage.config import Settings
from triage.errors import InvalidInput
from triage.service import accounts, integrity
from triage.service.runtime import Runtime, Wakeup
from triage.storage import audit
from triage.storage.tables import AuditEvent
from triage.vocabulary import AccessRole

PASSWORD = "a password long enough"


def tamper(rt: Runtime) -> None:
    with rt.session() as session:
        accounts.add_user(session, "ada", AccessRole.ADMIN, PASSWORD, actor="test")
        accounts.add_user(session, "rita", AccessRole.REVIEWER, PASSWORD, actor="test")
        assert integrity.check_at_start(session, "serve").ok
        session.execute(sa.update(AuditEvent).where(AuditEvent.seq == 1).values(purpose="nothing to see"))
        session.commit()


def test_a_broken_chain_refuses_to_start_until_an_admin_accepts_it_by_name(runtime: Runtime) -> None:
    tamper(runtime)
    with runtime.session() as session:
        with pytest.raises(integrity.BrokenAuditChain, match=r"entry 1 .* was altered"):
            integrity.check_at_start(session, "worker")
        with pytest.raises(InvalidInput, match="admin role"):
            integrity.check_at_start(session, "worker", accepted_by="rita", reason="looked at it")
        with pytest.raises(InvalidInput, match="--because"):
            integrity.check_at_start(session, "worker", accepted_by="ada", reason=" ")
        verdict = integrity.check_at_start(session, "worker", accepted_by="ada", reason="ticket 42: restored backup")
        assert verdict.seq == 1
        last = session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).one()
        assert (last.action, last.actor) == ("broken_chain_accepted", "user:ada")
        assert last.purpose == "ticket 42: restored backup"
        assert last.detail and last.detail["seq"] == 1 and last.detail["process"] == "worker"
        assert audit.verify(session).seq == 1  # the break stays visible; the next start asks again
        with pytest.raises(integrity.BrokenAuditChain):
            integrity.check_at_start(session, "worker")


def test_serve_says_why_it_does_not_start(tmp_path: Path) -> None:
    data = tmp_path / "data"
    rt = Runtime.build(Settings(data_dir=data), dispatcher=Wakeup())
    try:
        tamper(rt)
    finally:
        rt.close()
    result = CliRunner().invoke(app, ["serve", "--data-dir", str(data), "--port", "1"])
    assert result.exit_code == 5
    assert "the audit log is broken" in result.output and "--accept-broken-audit-chain" in result.output
