"""The embedded workers of ``triage serve`` when no broker is configured.

One thread runs the embedded pool (``triage.service.pool``), woken by each submission; one
delivers completion callbacks as they fall due. Both stop with the server.
"""

from __future__ import annotations

import logging
import threading

from triage.service import callbacks
from triage.service.pool import LocalPool
from triage.service.runtime import Runtime, Wakeup

log = logging.getLogger(__name__)


class EmbeddedWorkers:
    def __init__(self, rt: Runtime, poll_s: float = 1.0) -> None:
        self.rt = rt
        self.poll_s = poll_s
        self.stop_event = threading.Event()
        self.wake = rt.dispatcher.event if isinstance(rt.dispatcher, Wakeup) else threading.Event()
        self.threads = [
            threading.Thread(target=self._process, name="triage-pool", daemon=True),
            threading.Thread(target=self._deliver, name="triage-callbacks", daemon=True),
        ]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        self.stop_event.set()
        self.wake.set()
        for thread in self.threads:
            thread.join(timeout)

    def _process(self) -> None:
        while not self.stop_event.is_set():
            try:
                LocalPool(self.rt).run(until_idle=False, stop=self.stop_event, wake=self.wake, poll_s=self.poll_s)
            except Exception as exc:  # the database restarting: start the pool again shortly
                log.error("embedded pool stopped (%s); restarting it", type(exc).__name__)
                self.stop_event.wait(self.poll_s * 5)

    def _deliver(self) -> None:
        settings = self.rt.settings
        while not self.stop_event.wait(self.poll_s):
            try:
                with self.rt.session() as session:
                    for delivery_id in callbacks.due(session):
                        callbacks.attempt(session, delivery_id, settings)
                        session.commit()
            except Exception as exc:
                log.warning("callback delivery round failed (%s)", type(exc).__name__)
