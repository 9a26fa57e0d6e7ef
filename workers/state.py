"""What one worker process keeps: its runtime (database, blobs, dispatcher) and pipeline context.

Built on first use in each process, keyed by the process id, so a process forked from one
that had built them (Celery's prefork pool) builds its own instead of sharing connections.
"""

from __future__ import annotations

import os

from triage.config import Settings
from triage.pipeline import PipelineContext
from triage.service import worker
from triage.service.runtime import Runtime

_state: tuple[int, Runtime] | None = None


def runtime(settings: Settings) -> Runtime:
    global _state
    if _state is None or _state[0] != os.getpid():
        _state = (os.getpid(), Runtime.build(settings, migrate=False))
    return _state[1]


def context(settings: Settings) -> PipelineContext:
    return worker.context(settings)


def warm_up(settings: Settings) -> None:
    """Load the models before the first task (a worker process's start)."""
    worker.init_worker(settings, warm_up=True)
