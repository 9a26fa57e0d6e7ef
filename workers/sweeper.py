"""The sweep, run by every worker on a timer: nothing waits forever because a message was lost.

Items queued long ago that nobody claimed (a message lost with a broker or a worker),
items whose claim lapsed (a worker killed, a host gone) and callbacks that are due are sent
to the queues again. Several workers sweeping at once is harmless: the sweep marks what it
sends, and claims decide who works.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from celery import bootsteps

from triage.service import callbacks, processing
from workers import state

log = logging.getLogger(__name__)


def sweep_once(settings: Any) -> int:
    rt = state.runtime(settings)
    with rt.session() as session:
        due = processing.sweep(session, settings)
        deliveries = callbacks.due(session)
        session.commit()
    for queue, ids in due.items():
        rt.dispatcher.items(queue, ids)
    rt.dispatcher.deliveries(deliveries)
    sent = sum(len(ids) for ids in due.values())
    if sent:
        log.info("sweep: %d items sent again to their queues", sent)
    return sent


class Sweeper(bootsteps.StartStopStep):  # type: ignore[misc]
    """Runs ``sweep_once`` in the worker's main process every ``sweep_interval_s``."""

    requires: ClassVar[set[str]] = {"celery.worker.components:Timer"}

    def __init__(self, worker: Any, **kwargs: Any) -> None:
        super().__init__(worker, **kwargs)
        self.tref: Any = None

    def start(self, worker: Any) -> None:
        settings = worker.app.conf.triage_settings
        self.tref = worker.timer.call_repeatedly(settings.sweep_interval_s, self._tick, (worker,), priority=10)
        self._tick(worker)

    def stop(self, worker: Any) -> None:
        if self.tref is not None:
            self.tref.cancel()

    def _tick(self, worker: Any) -> None:
        try:
            sweep_once(worker.app.conf.triage_settings)
        except Exception as exc:  # a database restarting: the next tick tries again
            log.warning("sweep failed (%s); trying again in the next round", type(exc).__name__)
