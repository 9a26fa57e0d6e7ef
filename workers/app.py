"""The Celery application, built from the settings (``create_celery``).

One task per stage group, each on its own queue (``extract``: extraction and OCR;
``translate``: translation, so GPU hosts can take only that queue; ``analyse``), plus
``deliver`` for completion callbacks. Messages carry ids only. Tasks acknowledge late and
a worker that dies puts its message back (``task_reject_on_worker_lost``); the item's claim
makes a second run harmless. Results live in the database, so there is no result backend.
"""

from __future__ import annotations

from celery import Celery
from kombu.entity import Exchange, Queue

from triage.config import Settings
from triage.errors import ConfigError
from triage.pipeline import QUEUES
from triage.service.processing import LEASE_MARGIN_S, time_limit

DELIVER = "deliver"


def queue_name(settings: Settings, queue: str) -> str:
    return f"{settings.queue_prefix}{queue}"


def task_name(queue: str) -> str:
    return f"triage.{queue}"


def _queue(name: str) -> Queue:
    """A queue with its own direct exchange and key, so a message reaches exactly this queue."""
    return Queue(name, Exchange(name, type="direct"), routing_key=name)  # type: ignore[no-untyped-call]


def create_celery(settings: Settings) -> Celery:
    if settings.broker_url is None:
        raise ConfigError("no broker: set TRIAGE_BROKER_URL (redis://... or amqp://...) to run Celery workers")
    app = Celery("triage", broker=settings.broker_url, set_as_current=False)
    longest = max(time_limit(settings, q) for q in QUEUES) + LEASE_MARGIN_S
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        task_store_errors_even_if_ignored=False,
        task_serializer="json",
        accept_content=["json"],
        task_default_queue=queue_name(settings, "analyse"),
        task_queues=[_queue(queue_name(settings, q)) for q in QUEUES],
        task_default_exchange=queue_name(settings, "analyse"),
        task_default_routing_key=queue_name(settings, "analyse"),
        task_routes={
            **{task_name(q): {"queue": queue_name(settings, q)} for q in QUEUES},
            task_name(DELIVER): {"queue": queue_name(settings, "analyse")},
        },
        broker_connection_retry_on_startup=True,
        # Redis: a message a dead worker held comes back after this; the item's lease decides who works.
        broker_transport_options={"visibility_timeout": int(longest * 2)},
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
    )
    app.conf.triage_settings = settings
    from workers import tasks

    tasks.register(app)
    return app
