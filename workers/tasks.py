"""The tasks: a stage group on one item, and one callback delivery. Ids in, state in the database."""

from __future__ import annotations

import logging

from celery import Celery, Task
from celery.exceptions import SoftTimeLimitExceeded
from sqlalchemy.exc import OperationalError

from triage.pipeline import QUEUES
from triage.pipeline.runner import TIME_LIMIT_ERRORS
from triage.service import callbacks, processing
from triage.service.processing import Claim, Outcome
from triage.service.runtime import Runtime
from triage.storage.repository import FIRST_QUEUE
from workers import state

log = logging.getLogger(__name__)

if SoftTimeLimitExceeded not in TIME_LIMIT_ERRORS:
    TIME_LIMIT_ERRORS.append(SoftTimeLimitExceeded)

#: Transient failures (a database that restarts) are retried with backoff; the claim keeps it safe.
RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "retry_backoff_max": 60, "max_retries": 10}


def run_group(app: Celery, item_id: str, queue: str) -> Outcome | None:
    """Claim ``item_id`` for ``queue``'s stages, run them, store the result, hand on what follows."""
    settings = app.conf.triage_settings
    rt = state.runtime(settings)
    with rt.session() as session:
        taken = processing.claim(session, item_id, settings, queue=queue)
        session.commit()
    if not isinstance(taken, Claim):
        if isinstance(taken, Outcome):
            rt.dispatcher.deliveries(taken.deliveries)
        return taken
    doc_json, _notes = processing.execute(taken.payload, state.context(settings))
    with rt.session() as session:
        outcome = processing.complete(session, taken, doc_json, settings)
        session.commit()
    hand_on(rt, outcome)
    return outcome


def hand_on(rt: Runtime, outcome: Outcome) -> None:
    if outcome.stale:
        log.info("item %s: a newer claim holds it, this result was not stored", outcome.item_id)
        return
    if outcome.next_queue:
        rt.dispatcher.items(outcome.next_queue, [outcome.item_id])
    if outcome.new_children:
        rt.dispatcher.items(FIRST_QUEUE, outcome.new_children)
    if outcome.deliveries:
        rt.dispatcher.deliveries(outcome.deliveries)


def deliver(app: Celery, delivery_id: str) -> str | None:
    settings = app.conf.triage_settings
    rt = state.runtime(settings)
    with rt.session() as session:
        status = callbacks.attempt(session, delivery_id, settings)
        session.commit()
    return status


def register(app: Celery) -> None:
    """Bind the tasks to ``app`` (one per stage group, and ``deliver``)."""
    from workers.app import DELIVER, task_name

    for queue in QUEUES:

        def body(self: Task, item_id: str, queue: str = queue) -> None:
            run_group(app, item_id, queue)

        app.task(name=task_name(queue), bind=True, acks_late=True, shared=False, **RETRY)(body)

    def deliver_body(self: Task, delivery_id: str) -> None:
        deliver(app, delivery_id)

    app.task(name=task_name(DELIVER), bind=True, acks_late=True, shared=False, **RETRY)(deliver_body)
