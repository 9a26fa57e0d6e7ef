"""The dispatcher for a configured broker: sends the tasks, never fails the caller.

A message that cannot be sent (the broker restarting) is logged by item id and left to the
sweep, which sends it again once the item has waited ``redispatch_after_s``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from triage.config import Settings
from triage.errors import Unavailable
from triage.service.processing import LEASE_MARGIN_S, time_limit
from workers.app import DELIVER, create_celery, queue_name, task_name

log = logging.getLogger(__name__)


class CeleryDispatcher:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.app = create_celery(settings)

    def items(self, queue: str, item_ids: Sequence[str]) -> None:
        limit = time_limit(self.settings, queue)
        for item_id in item_ids:
            self._send(
                task_name(queue), item_id, queue_name(self.settings, queue),
                soft_time_limit=limit, time_limit=limit + LEASE_MARGIN_S / 2,
            )  # fmt: skip

    def deliveries(self, delivery_ids: Sequence[str]) -> None:
        for delivery_id in delivery_ids:
            self._send(task_name(DELIVER), delivery_id, queue_name(self.settings, "analyse"))

    def _send(self, task: str, ident: str, queue: str, **limits: float) -> None:
        try:
            self.app.send_task(task, args=[ident], queue=queue, **limits)
        except Exception as exc:  # kombu's OperationalError and friends: the sweep sends it later
            log.warning("could not send %s for %s (%s); the sweep will send it again", task, ident, type(exc).__name__)

    def check(self) -> None:
        try:
            with self.app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
        except Exception as exc:
            raise Unavailable(f"the broker does not answer ({type(exc).__name__})") from None
