"""The Celery dispatcher never fails a caller, and says when the broker does not answer."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from triage.config import Settings
from triage.errors import Unavailable
from workers.app import create_celery, queue_name
from workers.dispatch import CeleryDispatcher


def _settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path, broker_url="redis://127.0.0.1:1/0", database_url="postgresql+psycopg://x@127.0.0.1:1/x",
        pseudonym_key="k", blobs_dir=tmp_path / "blobs", queue_prefix="t.",
    )  # fmt: skip


def test_each_stage_group_has_its_own_queue_and_exchange(tmp_path: Path) -> None:
    app = create_celery(_settings(tmp_path))
    queues = {q.name: (q.exchange.name, q.routing_key) for q in app.conf.task_queues}
    assert queues == {f"t.{q}": (f"t.{q}", f"t.{q}") for q in ("extract", "translate", "analyse")}
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost and app.conf.task_ignore_result
    assert app.conf.worker_prefetch_multiplier == 1
    assert set(app.tasks) >= {"triage.extract", "triage.translate", "triage.analyse", "triage.deliver"}
    assert queue_name(_settings(tmp_path), "translate") == "t.translate"


def test_a_broker_that_does_not_answer(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    dispatcher = CeleryDispatcher(_settings(tmp_path))
    dispatcher.app.conf.broker_connection_max_retries = 0
    dispatcher.app.conf.broker_transport_options = {"max_retries": 0}
    with pytest.raises(Unavailable, match="broker does not answer"):
        dispatcher.check()
    with caplog.at_level(logging.WARNING):
        dispatcher.items("extract", ["item-1"])  # logged, never raised: the sweep sends it later
    assert "the sweep will send it again" in caplog.text and "item-1" in caplog.text
