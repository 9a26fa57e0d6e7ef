"""A scale-out installation of the test's own on the real servers: a PostgreSQL schema, queue names,
a shared blob folder; worker processes started and stopped as a host would; server restarts."""

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
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import POSTGRES_URL, postgres_schema
from triage.config import Settings
from triage.storage.tables import Item

REDIS_URL = os.environ.get("TRIAGE_TEST_REDIS_URL")
AMQP_URL = os.environ.get("TRIAGE_TEST_AMQP_URL")
RESTART_SERVERS = os.environ.get("TRIAGE_TEST_RESTART_SERVERS") == "1"
SERVERS_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "test-servers.sh"


def _needs(var: str, example: str) -> str:
    return f"needs PostgreSQL and a broker: set TRIAGE_TEST_POSTGRES_URL and {var}, e.g. {example} (.ci/run does)"


REDIS_MARKS = [pytest.mark.redis, pytest.mark.skipif(
    REDIS_URL is None or POSTGRES_URL is None, reason=_needs("TRIAGE_TEST_REDIS_URL", "redis://127.0.0.1:6379/9"))]
RABBITMQ_MARKS = [pytest.mark.rabbitmq, pytest.mark.skipif(
    AMQP_URL is None or POSTGRES_URL is None,
    reason=_needs("TRIAGE_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//"))]  # fmt: skip
WITH_REDIS = pytest.param(REDIS_URL, id="redis", marks=REDIS_MARKS)
WITH_RABBITMQ = pytest.param(AMQP_URL, id="rabbitmq", marks=RABBITMQ_MARKS)
restarts_servers = pytest.mark.skipif(
    not RESTART_SERVERS,
    reason="restarts the test servers mid-batch: set TRIAGE_TEST_RESTART_SERVERS=1 on a machine of your own "
    "(.ci/run does)",
)


@pytest.fixture(params=[WITH_REDIS, WITH_RABBITMQ])
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


def settings_of(env: dict[str, str]) -> Settings:
    return Settings(**{k.removeprefix("TRIAGE_").lower(): v for k, v in env.items()})  # type: ignore[arg-type]


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


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:  # the worker keeps its own copy of the descriptor
        return subprocess.Popen(
            [sys.executable, "-m", "triage.cli", "worker", "-c", "1", "--loglevel", "INFO"],
            env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip


def kill(worker: subprocess.Popen[bytes]) -> None:
    """The worker and its pool process, at once (SIGKILL: no cleanup of any kind)."""
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()


def stop(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)


def restart_server(name: str) -> None:
    subprocess.run([str(SERVERS_SCRIPT), "restart", name], check=True, timeout=120)


def archive(members: int) -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as zf:
        for n in range(members):
            zf.writestr(f"letters/{n:03}.txt", f"Letter {n}: the suspect Marek NOWAK stole car number {n} in Ghent.")
    return data.getvalue()


def statuses(session: sa.orm.Session) -> Counter[str]:
    return Counter(dict(session.execute(sa.select(Item.status, sa.func.count()).group_by(Item.status)).all()))


def wait_for(session: sa.orm.Session, ready: Callable[[Counter[str]], bool], timeout: float) -> Counter[str]:
    """Polls the item counts until ``ready`` holds; a database that restarts meanwhile is waited for."""
    deadline = time.monotonic() + timeout
    counts: Counter[str] = Counter()
    while time.monotonic() < deadline:
        try:
            session.expire_all()
            counts = statuses(session)
            if ready(counts):
                return counts
        except sa.exc.OperationalError:
            session.rollback()
        time.sleep(0.3)
    return counts
