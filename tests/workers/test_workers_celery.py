"""Scale-out on the real servers: Celery workers on PostgreSQL with Redis, and with RabbitMQ.

Two worker processes take a batch of 200 items; one is killed with SIGKILL midway. Every
item must still end done (or in an explicit error) exactly once: one terminal "processed"
entry in the audit log per item, no duplicate member, an intact audit chain.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.workers.conftest import archive, kill, settings_of, start_worker, stop, wait_for
from triage.service.runtime import Runtime
from triage.service.submissions import submit_file
from triage.service.views import BatchReceipt
from triage.storage import audit
from triage.storage.tables import AuditEvent, Item
from triage.vocabulary import ItemStatus

MEMBERS = 200


@pytest.mark.slow
def test_a_batch_survives_a_worker_killed_midway(scale_out: dict[str, str], tmp_path: Path) -> None:
    rt = Runtime.build(settings_of(scale_out))
    workers = [start_worker(scale_out, tmp_path / f"worker{n}.log") for n in range(2)]
    try:
        data = archive(MEMBERS)
        sha = rt.blobs.put_bytes(data)
        receipt = submit_file(rt, sha, len(data), "dump.zip", principal="key:test", idempotency_key=None,
                              as_batch=True)  # fmt: skip
        assert isinstance(receipt, BatchReceipt)
        with rt.session() as session:
            assert wait_for(session, lambda c: c["done"] >= 40, 180)["done"] >= 40, "the workers did not start"
            kill(workers[0])  # mid-task
            wait_for(session, lambda c: c["received"] + c["processing"] == 0 and c.total() == MEMBERS + 1, 180)
            items = list(session.scalars(sa.select(Item)))
            processed = Counter(
                session.scalars(sa.select(AuditEvent.item_id).where(AuditEvent.action == "processed")).all()
            )
            verdict = audit.verify(session)
        assert len(items) == MEMBERS + 1, _statuses_text(items)
        assert all(i.status in (ItemStatus.DONE, ItemStatus.ERROR) for i in items), _statuses_text(items)
        assert all(i.error for i in items if i.status == ItemStatus.ERROR)  # an error always says why
        assert sum(i.status == ItemStatus.DONE for i in items) >= MEMBERS  # the archive's members all done
        assert len({i.member_name for i in items if i.parent_id}) == MEMBERS  # no member twice
        assert {i.id: processed[i.id] for i in items} == {i.id: 1 for i in items}  # ended exactly once
        assert verdict.ok, verdict.problem
        _process_through_the_broker(scale_out, tmp_path)
    finally:
        stop(workers)
        rt.close()


def _process_through_the_broker(env: dict[str, str], tmp_path: Path) -> None:
    """`triage process` with a broker set hands the dump to the workers and follows it to the end."""
    folder = tmp_path / "dump"
    folder.mkdir()
    for n in range(3):
        (folder / f"note{n}.txt").write_text(f"Note {n}: a request about a burglary in Leuven, file {n}.")
    done = subprocess.run([sys.executable, "-m", "triage.cli", "process", str(folder)], env={**os.environ, **env},
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "done" in done.stdout and "3" in done.stdout


def _statuses_text(items: list[Item]) -> str:
    return str(Counter(i.status for i in items))
