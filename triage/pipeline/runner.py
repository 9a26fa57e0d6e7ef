"""Runs the registered stages over one document and records what happened."""

from __future__ import annotations

import logging
import time
import traceback

from triage.document import Document, StageRecord
from triage.errors import TriageError
from triage.pipeline.context import PipelineContext
from triage.pipeline.registry import Stage, get_stages

log = logging.getLogger(__name__)

#: Exceptions by which a task runner stops a stage that ran out of time (Celery's soft time
#: limit): recorded as a time limit on the item, not as a crash. Runners add theirs at start.
TIME_LIMIT_ERRORS: list[type[BaseException]] = []


def run_pipeline(
    doc: Document,
    ctx: PipelineContext,
    stages: list[Stage] | None = None,
    *,
    from_file: bool = True,
) -> Document:
    """Run ``stages`` (default: all) in order; the first failure stops the item.

    The failing stage and its reason are kept on the document (``error_stage``, ``error``),
    so the item is accounted for instead of lost. Re-running is idempotent: each stage
    replaces its own outputs and the stage records start afresh.
    """
    doc.stages = []
    doc.error_stage = doc.error = None
    return run_stages(doc, ctx, stages if stages is not None else get_stages(), from_file=from_file)


def run_stages(doc: Document, ctx: PipelineContext, stages: list[Stage], *, from_file: bool = True) -> Document:
    """Run ``stages`` on a document that may hold earlier stages' results (one queue's share).

    A stage run again replaces its earlier record, so a retried group leaves one record per stage.
    """
    for stage in stages:
        if stage.needs_file and not from_file:
            continue
        doc.stages = [r for r in doc.stages if r.name != stage.name]
        started = time.perf_counter()
        try:
            stage.fn(doc, ctx)
        except TriageError as exc:
            _fail(doc, stage.name, str(exc), time.perf_counter() - started)
            break
        except tuple(TIME_LIMIT_ERRORS):
            _fail(doc, stage.name, "the time limit of the task was exceeded", time.perf_counter() - started)
            break
        except MemoryError:
            reason = "out of memory: the worker's memory limit (worker_memory_mb) was reached on this item"
            _fail(doc, stage.name, reason, time.perf_counter() - started)
            break
        except Exception as exc:  # a bug or a library failure: keep the item, say which stage
            # Type and frames only: a library's message may quote the document, and logs hold no personal data.
            log.error(
                "stage %s crashed on item %s with %s\n%s",
                stage.name, doc.item_id, type(exc).__name__, "".join(traceback.format_tb(exc.__traceback__)),
            )  # fmt: skip
            _fail(doc, stage.name, f"{type(exc).__name__}: {exc}", time.perf_counter() - started)
            break
        doc.stages.append(StageRecord(name=stage.name, ok=True, seconds=round(time.perf_counter() - started, 6)))
    return doc


def _fail(doc: Document, stage: str, reason: str, seconds: float) -> None:
    doc.stages.append(StageRecord(name=stage, ok=False, detail=reason, seconds=round(seconds, 6)))
    doc.error_stage = stage
    doc.error = reason
