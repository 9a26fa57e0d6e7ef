"""The pipeline context of a worker process: built once, models loaded before the first item.

Every kind of worker process (the embedded pool's, a Celery worker's, ``triage analyze``'s)
starts with ``init_worker`` and then runs items with the context it keeps, so a model is
loaded once per process, never per item, and never twice in two places of the code.
"""

from __future__ import annotations

import resource
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from triage.config import Settings
from triage.document import Document
from triage.pipeline import PipelineContext, run_pipeline
from triage.pipeline.runner import TIME_LIMIT_ERRORS
from triage.service import processing
from triage.storage.private import private_tempdir

_ctx: PipelineContext | None = None

#: Loading models is paid once per worker before the first item, so that the per-file time
#: limit measures the file, not the start-up.
WARM_UP_TEXT = "This short English text loads the models that every item needs before the first file."


def init_worker(settings: Settings, warm_up: bool = True) -> None:
    """Build this process's context. ``settings`` arrives pickled, secrets intact (its JSON masks them)."""
    global _ctx
    limit_memory(settings.worker_memory_mb)
    private_tempdir(settings.data_dir)
    _ctx = PipelineContext(settings)
    if SoftTimeLimit not in TIME_LIMIT_ERRORS:
        TIME_LIMIT_ERRORS.append(SoftTimeLimit)
    if warm_up:
        run_pipeline(Document(text=WARM_UP_TEXT), _ctx, from_file=False)
        _ctx.notes.clear()


def limit_memory(megabytes: int) -> None:
    """Cap this process's heap and private mappings (``RLIMIT_DATA``): a parser that would take
    gigabytes gets a ``MemoryError`` (its item an error item) instead of taking the host down.

    ``RLIMIT_AS`` would also count the read-only mappings of models and libraries, which say
    nothing about what a file costs.
    """
    if megabytes <= 0:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    wanted = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard))


def context(settings: Settings | None = None) -> PipelineContext:
    """This process's context (built from ``settings`` or the environment on first use)."""
    global _ctx
    if _ctx is None:
        _ctx = PipelineContext(settings or Settings())
    return _ctx


class SoftTimeLimit(BaseException):
    """The item's time is nearly up: the running stage stops and the item says which stage it was.

    A ``BaseException``, like ``KeyboardInterrupt``: a parser's ``except Exception`` must not take it for
    a damaged file.
    """


#: The share of the item's time limit after which the running stage is stopped; the pool kills
#: the worker at the full limit only if a stage cannot be stopped (a long call into C code).
SOFT_SHARE = 0.9


@contextmanager
def soft_time_limit(seconds: float) -> Iterator[None]:
    def stop(signum: int, frame: object) -> None:
        raise SoftTimeLimit

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def execute(payload: dict[str, Any]) -> tuple[dict[str, Any], dict[str, float]]:
    """One claimed item in this worker process (the embedded pool schedules this)."""
    if _ctx is None:
        raise RuntimeError("worker not initialised")
    limit = processing.time_limit(_ctx.settings, payload["queues"][0])
    with soft_time_limit(limit * SOFT_SHARE):
        return processing.execute(payload, _ctx)
