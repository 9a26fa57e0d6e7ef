"""The pipeline context of a worker process: built once, models loaded before the first item.

Every kind of worker process (the embedded pool's, a Celery worker's, ``triage analyze``'s)
starts with ``init_worker`` and then runs items with the context it keeps, so a model is
loaded once per process, never per item, and never twice in two places of the code.
"""

from __future__ import annotations

from typing import Any

from triage.config import Settings
from triage.document import Document
from triage.pipeline import PipelineContext, run_pipeline
from triage.service import processing

_ctx: PipelineContext | None = None

#: Loading models is paid once per worker before the first item, so that the per-file time
#: limit measures the file, not the start-up.
WARM_UP_TEXT = "This short English text loads the models that every item needs before the first file."


def init_worker(settings: Settings, warm_up: bool = True) -> None:
    """Build this process's context. ``settings`` arrives pickled, secrets intact (its JSON masks them)."""
    global _ctx
    _ctx = PipelineContext(settings)
    if warm_up:
        run_pipeline(Document(text=WARM_UP_TEXT), _ctx, from_file=False)
        _ctx.notes.clear()


def context(settings: Settings | None = None) -> PipelineContext:
    """This process's context (built from ``settings`` or the environment on first use)."""
    global _ctx
    if _ctx is None:
        _ctx = PipelineContext(settings or Settings())
    return _ctx


def execute(payload: dict[str, Any]) -> tuple[dict[str, Any], dict[str, float]]:
    """One claimed item in this worker process (the embedded pool schedules this)."""
    if _ctx is None:
        raise RuntimeError("worker not initialised")
    return processing.execute(payload, _ctx)
