"""The scale-out service under faults, on the real servers: every worker killed at once, the broker
restarted mid-batch (Redis, which keeps nothing, loses every message it held), PostgreSQL
restarted mid-batch, and tasks delivered twice. In each, every submitted item ends processed or
in an explicit error, none is lost, none is processed twice, no child or disclosure is made twice,
and the audit chain stays intact: all asserted from the database.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import NEVER_LOGGED
from tests.workers.conftest import (
    AMQP_URL,
    RABBITMQ_MARKS,
    REDIS_MARKS,
    REDIS_URL,
    WITH_REDIS,
    archive,
    kill,
    restart_server,
    restarts_servers,
    settings_of,
    start_worker,
    stop,
    wait_for,
)
from triage.pipeline import QUEUES
from triage.service.runtime import Runtime
from triage.service.submissions import submit_file
from triage.service.views import BatchReceipt
from triage.storage import audit
from triage.storage.tables import AuditEvent, Item
from triage.vocabulary import AuditCategory, ItemStatus

pytestmark = pytest.mark.slow
MEMBERS = 60
#: Faster recovery than a production installation, so that each fault costs seconds, not minutes.
QUICK = {"TRIAGE_REDISPATCH_AFTER_S": "4", "TRIAGE_TASK_TIME_LIMIT_S": "20", "TRIAGE_FILE_TIME_LIMIT_S": "20"}


def submit(rt: Runtime) -> str:
    data = archive(MEMBERS)
    sha = rt.blobs.put_bytes(data)
    receipt = submit_file(rt, sha, len(data), "dump.zip", principal="key:test", idempotency_key=None, as_batch=True)
    assert isinstance(receipt, BatchReceipt)
    return receipt.item_id


def finished(counts: Counter[str]) -> bool:
    return counts["received"] + counts["processing"] == 0 and counts.total() == MEMBERS + 1


def assert_accounted(rt: Runtime) -> Counter[str]:
    """Every item terminal and said why if not done; each member once; each item ended exactly once."""
    with rt.session() as session:
        items = list(session.scalars(sa.select(Item)))
        events = list(session.execute(sa.select(AuditEvent.item_id, AuditEvent.action, AuditEvent.category)))
        verdict = audit.verify(session)
    statuses = Counter(str(i.status) for i in items)
    assert len(items) == MEMBERS + 1, statuses
    assert all(i.status in (ItemStatus.DONE, ItemStatus.ERROR) for i in items), statuses
    assert all(i.error for i in items if i.status == ItemStatus.ERROR)
    assert statuses[ItemStatus.DONE] >= MEMBERS, statuses
    members = [(i.parent_id, i.member_name) for i in items if i.parent_id]
    assert len(members) == len(set(members)) == MEMBERS
    processed = Counter(item for item, action, _ in events if action == "processed")
    assert processed == Counter({i.id: 1 for i in items})
    assert not [e for e in events if e[2] == AuditCategory.DISCLOSURE]
    assert verdict.ok, verdict.problem
    return statuses


def run_with_fault(env: dict[str, str], tmp_path: Path, fault: str, workers: int = 2) -> None:
    env = {**env, **QUICK}
    rt = Runtime.build(settings_of(env))
    running = [start_worker(env, tmp_path / f"worker{n}.log") for n in range(workers)]
    try:
        submit(rt)
        with rt.session() as session:
            assert wait_for(session, lambda c: c["done"] >= 10, 120)["done"] >= 10, "the workers did not start"
        if fault == "kill-all":
            for worker in running:
                kill(worker)
            running = [start_worker(env, tmp_path / f"again{n}.log") for n in range(workers)]
        else:
            restart_server(fault)
        with rt.session() as session:
            counts = wait_for(session, finished, 240)
        assert finished(counts), (counts, _tail(tmp_path))
        assert_accounted(rt)
        logs = _tail(tmp_path, chars=None)
        assert not [s for s in NEVER_LOGGED if s in logs]  # the workers' logs hold no personal data
    finally:
        stop(running)
        rt.close()


@pytest.mark.parametrize("scale_out", [WITH_REDIS], indirect=True)
def test_every_worker_killed_at_once_and_restarted(scale_out: dict[str, str], tmp_path: Path) -> None:
    run_with_fault(scale_out, tmp_path, "kill-all")


@restarts_servers
@pytest.mark.parametrize(
    ("scale_out", "server"),
    [pytest.param(REDIS_URL, "redis", id="redis", marks=REDIS_MARKS),
     pytest.param(AMQP_URL, "rabbitmq", id="rabbitmq", marks=RABBITMQ_MARKS)],
    indirect=["scale_out"],
)  # fmt: skip
def test_the_broker_restarted_mid_batch(scale_out: dict[str, str], server: str, tmp_path: Path) -> None:
    run_with_fault(scale_out, tmp_path, server)


@restarts_servers
@pytest.mark.parametrize("scale_out", [WITH_REDIS], indirect=True)
def test_postgresql_restarted_mid_batch(scale_out: dict[str, str], tmp_path: Path) -> None:
    run_with_fault(scale_out, tmp_path, "postgres")


@pytest.mark.parametrize("scale_out", [WITH_REDIS], indirect=True)
def test_tasks_delivered_twice_change_nothing(scale_out: dict[str, str], tmp_path: Path) -> None:
    """Every task sent twice at once, then every task of every queue sent again once all is done."""
    env = {**scale_out, **QUICK}
    rt = Runtime.build(settings_of(env))
    running = [start_worker(env, tmp_path / f"worker{n}.log") for n in range(2)]
    try:
        root = submit(rt)
        rt.dispatcher.items(QUEUES[0], [root])  # a second delivery of the first task, at once
        with rt.session() as session:
            assert finished(wait_for(session, finished, 240)), _tail(tmp_path)
            before = session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
            ids = list(session.scalars(sa.select(Item.id)))
        for queue in QUEUES:  # a late redelivery of everything, as after lost acks
            rt.dispatcher.items(queue, ids)
        time.sleep(8)  # the workers take them all (each is refused: the item has moved on)
        with rt.session() as session:
            after = session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
        assert after == before
        assert_accounted(rt)
    finally:
        stop(running)
        rt.close()


def _tail(tmp_path: Path, chars: int | None = 3000) -> str:
    texts = (p.read_text(errors="replace") for p in sorted(tmp_path.glob("*.log")))
    return "\n".join(t[-chars:] if chars else t for t in texts)

