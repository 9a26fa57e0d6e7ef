"""Scale-out on the real servers: Celery workers on PostgreSQL with Redis, and with RabbitMQ.

Two worker processes take a batch of 200 items; one is killed with SIGKILL midway. Every
item must still end done (or in an explicit error) exactly once: one terminal "processed"
entry in the audit log per item, no duplicate member, an intact audit chain.
"""

from __future__ import annotations

import io
import os
import secrets
import signal
import subprocess
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import POSTGRES_URL, postgres_schema
from triage.config import Settings
from triage.service.runtime import Runtime
from triage.service.submissions import submit_file
from triage.service.views import BatchReceipt
from triage.storage import audit
from triage.storage.tables import AuditEvent, Item
from triage.vocabulary import ItemStatus

REDIS_URL = os.environ.get("TRIAGE_TEST_REDIS_URL")
AMQP_URL = os.environ.get("TRIAGE_TEST_AMQP_URL")
MEMBERS = 200


def _brokers() -> list[object]:
    def needs(var: str, example: str) -> str:
        return f"needs PostgreSQL and a broker: set TRIAGE_TEST_POSTGRES_URL and {var}, e.g. {example} (.ci/run does)"

    return [
        pytest.param(REDIS_URL, id="redis", marks=[pytest.mark.redis, pytest.mark.skipif(
            REDIS_URL is None or POSTGRES_URL is None, reason=needs("TRIAGE_TEST_REDIS_URL", "redis://127.0.0.1:6379/9"))]),
        pytest.param(AMQP_URL, id="rabbitmq", marks=[pytest.mark.rabbitmq, pytest.mark.skipif(
            AMQP_URL is None or POSTGRES_URL is None,
            reason=needs("TRIAGE_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//"))]),
    ]  # fmt: skip


@pytest.fixture(params=_brokers())
def scale_out(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of a scale-out installation of its own (schema, queue names) on the test servers."""
    env = {
        "TRIAGE_DATABASE_URL": postgres_schema(request),
        "TRIAGE_BROKER_URL": request.param,
        "TRIAGE_QUEUE_PREFIX": f"test{secrets.token_hex(4)}.",
        "TRIAGE_PSEUDONYM_KEY": "a key every host shares",
        "TRIAGE_BLOBS_DIR": str(tmp_path / "shared-blobs"),
        "TRIAGE_DATA_DIR": str(tmp_path / "host-data"),
        "TRIAGE_SWEEP_INTERVAL_S": "1",
        "TRIAGE_REDISPATCH_AFTER_S": "30",
        "TRIAGE_FILE_TIME_LIMIT_S": "60",
        "TRIAGE_TASK_TIME_LIMIT_S": "60",
        "TRIAGE_WORKERS": "1",
    }
    yield env
    _delete_queues(env)


def _delete_queues(env: dict[str, str]) -> None:
    from kombu import Connection

    from triage.pipeline import QUEUES

    with Connection(env["TRIAGE_BROKER_URL"]) as conn:
        channel = conn.channel()
        for queue in QUEUES:
            try:
                channel.queue_delete(f"{env['TRIAGE_QUEUE_PREFIX']}{queue}")
            except Exception:  # a queue never declared
                channel = conn.channel()


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:  # the worker keeps its own copy of the descriptor
        return subprocess.Popen(
            [sys.executable, "-m", "triage.cli", "worker", "-c", "1", "--loglevel", "INFO"],
            env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip


def _archive() -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as zf:
        for n in range(MEMBERS):
            zf.writestr(f"letters/{n:03}.txt", f"Letter {n}: the suspect Marek NOWAK stole car number {n} in Ghent.")
    return data.getvalue()


def _statuses(session: sa.orm.Session) -> Counter[str]:
    return Counter(dict(session.execute(sa.select(Item.status, sa.func.count()).group_by(Item.status)).all()))


@pytest.mark.slow
def test_a_batch_survives_a_worker_killed_midway(scale_out: dict[str, str], tmp_path: Path) -> None:
    settings = Settings(**{k.removeprefix("TRIAGE_").lower(): v for k, v in scale_out.items()})  # type: ignore[arg-type]
    rt = Runtime.build(settings)
    workers = [_worker(scale_out, tmp_path / f"worker{n}.log") for n in range(2)]
    try:
        archive = _archive()
        sha = rt.blobs.put_bytes(archive)
        receipt = submit_file(rt, sha, len(archive), "dump.zip", principal="key:test", idempotency_key=None,
                              as_batch=True)  # fmt: skip
        assert isinstance(receipt, BatchReceipt)
        deadline = time.monotonic() + 180
        with rt.session() as session:
            while _statuses(session)["done"] < 40 and time.monotonic() < deadline:
                time.sleep(0.2)
                session.expire_all()
            assert _statuses(session)["done"] >= 40, "the workers did not start"
            os.killpg(workers[0].pid, signal.SIGKILL)  # the worker and its pool process, mid-task
            workers[0].wait()
            while time.monotonic() < deadline:
                session.expire_all()
                counts = _statuses(session)
                if counts["received"] + counts["processing"] == 0 and sum(counts.values()) == MEMBERS + 1:
                    break
                time.sleep(0.5)
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
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
                try:
                    worker.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(worker.pid, signal.SIGKILL)
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
