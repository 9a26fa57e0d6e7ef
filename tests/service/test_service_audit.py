"""The audit log is a hash chain: any edit, removal or reordering is found and named."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from triage.service.runtime import Runtime
from triage.storage import audit
from triage.storage.tables import AuditEvent
from triage.vocabulary import AuditCategory


def _log(rt: Runtime, n: int, actor: str = "user:alice") -> None:
    with rt.session() as session:
        for i in range(n):
            audit.record(session, "viewed", AuditCategory.CONSULTATION, actor=actor, item_id=f"item{i}",
                         purpose="review", detail={"via": "test", "n": i})  # fmt: skip
        session.commit()


def _verify(rt: Runtime) -> audit.Verdict:
    with rt.session() as session:
        return audit.verify(session)


def test_entries_are_written_on_commit_and_chained(runtime: Runtime) -> None:
    _log(runtime, 3)
    with runtime.session() as session:
        audit.record(session, "viewed", AuditCategory.CONSULTATION, item_id="never")
        session.rollback()  # a rolled-back transaction logs nothing
        rows = list(session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq)))
    assert [r.seq for r in rows] == [1, 2, 3]
    assert rows[0].prev_hash == audit.GENESIS and rows[1].prev_hash == rows[0].hash
    assert all(r.category == "consultation" and r.purpose == "review" for r in rows)
    assert _verify(runtime).ok and _verify(runtime).entries == 3


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        ("UPDATE audit_events SET actor = 'user:mallory' WHERE seq = 2", "entry 2 (viewed by user:mallory"),
        ("UPDATE audit_events SET detail = NULL WHERE seq = 3", "entry 3 (viewed by user:alice"),
        ("DELETE FROM audit_events WHERE seq = 2", "entry 2 is missing"),
        ("UPDATE audit_events SET seq = CASE seq WHEN 2 THEN 3 ELSE 2 END WHERE seq IN (2, 3)", "entry 2"),
        ("DELETE FROM audit_events WHERE seq = 4", "removed"),
        ("INSERT INTO audit_events (at, actor, action) VALUES ('2026-01-01', 'x', 'forged')", "inserted outside"),
    ],
    ids=["altered-actor", "altered-detail", "removed", "reordered", "tail-removed", "inserted"],
)
def test_verify_names_the_first_tampered_entry(runtime: Runtime, tamper: str, expected: str) -> None:
    _log(runtime, 4)
    with runtime.db.engine.begin() as conn:
        if "CASE seq" in tamper:  # swap two entries' places without tripping the unique seq
            conn.execute(sa.text("UPDATE audit_events SET seq = -seq WHERE seq IN (2, 3)"))
            conn.execute(sa.text("UPDATE audit_events SET seq = CASE seq WHEN -2 THEN 3 ELSE 2 END WHERE seq < 0"))
        else:
            conn.execute(sa.text(tamper))
    verdict = _verify(runtime)
    assert not verdict.ok and expected in (verdict.problem or ""), verdict


def test_concurrent_writers_keep_one_unbroken_chain(runtime: Runtime) -> None:
    threads = [threading.Thread(target=_log, args=(runtime, 10, f"user:{n}")) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    verdict = _verify(runtime)
    assert verdict.ok and verdict.entries == 60, verdict
