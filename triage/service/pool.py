"""The embedded worker pool: processes items without a broker (``triage process``, ``triage serve``).

One thread claims items, runs them in a process pool and stores the results; the worker
processes never touch the database, which keeps SQLite to one writer per pool and makes
every result one transaction. A worker that dies (a parser's segfault, memory) is replaced
and its item claimed again, up to ``max_attempts`` tries; a worker over the time limit is
killed and its item put in an error state that says so. Several pools (several ``serve``
processes, a ``process`` beside a ``serve``) share the database safely: claims decide.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, CancelledError, Future, wait
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from pebble import ProcessExpired, ProcessPool
from sqlalchemy.orm import Session

from triage.document import Document
from triage.errors import WorkersCannotStart
from triage.service import processing, worker
from triage.service.processing import Claim, Outcome
from triage.service.runtime import Runtime
from triage.storage.private import sweep_tempdirs
from triage.storage.tables import Item

#: Pools in a row that may break before finishing any item before the run gives up.
MAX_POOL_RESTARTS = 5

log = logging.getLogger(__name__)


class _PoolBroken(Exception):
    def __init__(self, finished: bool) -> None:
        self.finished = finished


#: ``(item, document or None)`` for every item that reached its end; the document when it ran here.
OnItem = Callable[[Item, Document | None], None]


class LocalPool:
    def __init__(
        self,
        rt: Runtime,
        *,
        workers: int | None = None,
        on_item: OnItem | None = None,
        on_new: Callable[[int], None] | None = None,
        execute: Callable[[dict[str, Any]], tuple[dict[str, Any], dict[str, float]]] | None = None,
    ) -> None:
        self.rt = rt
        self.settings = rt.settings
        self.workers = workers or rt.settings.workers
        self.on_item = on_item or (lambda item, doc: None)
        self.on_new = on_new or (lambda n: None)
        self.execute = execute or worker.execute  # looked up now: tests replace it
        self.claimant = processing.claimant_id()
        self.notes: dict[str, float] = {}

    def run(self, *, until_idle: bool, stop: threading.Event | None = None, wake: threading.Event | None = None,
            poll_s: float = 1.0) -> None:  # fmt: skip
        """Process until nothing is left (``until_idle``) or until ``stop`` is set.

        A worker that dies while it loads its models (not while it holds an item) leaves the
        process pool unusable: the items it was given back are released, not failed, and a
        new pool starts. Only pools that keep failing without finishing anything (a model
        that cannot load) end the run, with an error that says so.
        """
        stop = stop or threading.Event()
        wake = wake or threading.Event()
        failures = 0
        while True:
            try:
                self._run_pool(until_idle, stop, wake, poll_s)
                return
            except _PoolBroken as broken:
                failures = 0 if broken.finished else failures + 1
                if failures > MAX_POOL_RESTARTS:
                    raise WorkersCannotStart(
                        f"the worker processes died {failures} times in a row before finishing an item "
                        "(while loading their models?): see the log of the worker processes"
                    ) from None
                log.warning("worker pool broken (a worker died while starting): starting a new one")
                time.sleep(min(0.2 * 2**failures, 10))

    def _run_pool(self, until_idle: bool, stop: threading.Event, wake: threading.Event, poll_s: float) -> None:
        # spawn: the pool may start in a process that has threads (the API server)
        with ProcessPool(
            max_workers=self.workers, initializer=worker.init_worker, initargs=[self.settings],
            context=multiprocessing.get_context("spawn"),
        ) as pool, self.rt.session() as session:  # fmt: skip
            inflight: dict[Future[Any], Claim] = {}
            finished = False
            try:
                while not stop.is_set():
                    room = self.workers * 2 - len(inflight)
                    claims = self._claim(session, room) if room > 0 else []
                    for n, claim in enumerate(claims):
                        try:
                            future: Future[Any] = pool.schedule(
                                self.execute, args=[claim.payload], timeout=self._limit(claim)
                            )
                        except RuntimeError:  # pebble: "Unexpected error within the Pool"
                            self._give_back(session, [*inflight.values(), *claims[n:]])
                            raise _PoolBroken(finished) from None
                        inflight[future] = claim
                    if not inflight:
                        if until_idle:
                            return
                        wake.wait(poll_s)
                        wake.clear()
                        continue
                    done, _ = wait(inflight, timeout=poll_s, return_when=FIRST_COMPLETED)
                    for future in done:
                        claim = inflight.pop(future)
                        if future.cancelled() or isinstance(future.exception(), RuntimeError | CancelledError):
                            self._give_back(session, [*inflight.values(), claim])
                            raise _PoolBroken(finished)
                        finished = self._collect(session, future, claim) or finished
            except KeyboardInterrupt:
                session.rollback()
                raise
            finally:
                pool.stop()  # type: ignore[no-untyped-call]
                pool.join()
                sweep_tempdirs(self.settings.data_dir)  # the workers are gone: nothing of theirs stays

    def _give_back(self, session: Session, claims: list[Claim]) -> None:
        for claim in claims:
            processing.release(session, claim, tried=False)
        session.commit()

    def _limit(self, claim: Claim) -> float:
        # One limit for the item's run, as long as it includes extraction: it is what reads the file.
        return processing.time_limit(self.settings, claim.queues[0])

    def _claim(self, session: Session, room: int) -> list[Claim]:
        claims: list[Claim] = []
        finished: list[Outcome] = []
        for item_id in processing.claimable(session, room):
            taken = processing.claim(session, item_id, self.settings, claimant=self.claimant)
            if isinstance(taken, Claim):
                claims.append(taken)
            elif isinstance(taken, Outcome):
                finished.append(taken)
        session.commit()
        for outcome in finished:
            self._report(session, outcome, None)
        return claims

    def _collect(self, session: Session, future: Future[Any], claim: Claim) -> bool:
        """Store a future's result; True when the worker finished the item's work."""
        outcome: Outcome | None
        try:
            doc_json, notes = future.result()
        except FutureTimeout:
            sweep_tempdirs(self.settings.data_dir)  # what the killed worker left
            outcome = processing.fail(
                session, claim, "extract", f"time limit of {self._limit(claim):g} s per file exceeded", self.settings
            )
        except ProcessExpired as exc:
            sweep_tempdirs(self.settings.data_dir)
            if claim.attempts < self.settings.max_attempts:
                processing.release(session, claim)  # claimed again on the next round
                outcome = None
            else:
                outcome = processing.fail(
                    session, claim, "worker", f"worker process died (exit code {exc.exitcode})", self.settings
                )
        except Exception as exc:  # an error outside the pipeline's own handling: keep the item
            outcome = processing.fail(session, claim, "worker", f"{type(exc).__name__}: {exc}", self.settings)
        else:
            outcome = processing.complete(session, claim, doc_json, self.settings)
            for key, value in notes.items():
                self.notes[key] = self.notes.get(key, 0) + value
        session.commit()
        if outcome is not None:
            self._report(session, outcome, outcome.document)
        return outcome is not None and outcome.document is not None

    def _report(self, session: Session, outcome: Outcome, doc: Document | None) -> None:
        if outcome.stale:
            return
        self.on_new(len(outcome.new_children) + len(outcome.refused_children))
        for child_id in outcome.refused_children:
            child = session.get(Item, child_id)
            if child is not None:
                self.on_item(child, None)
        if outcome.terminal:
            item = session.get(Item, outcome.item_id)
            if item is not None:
                self.on_item(item, doc)
        if outcome.deliveries:
            self.rt.dispatcher.deliveries(outcome.deliveries)
