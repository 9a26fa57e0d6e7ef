"""Runs the registered stages over one document and records what happened."""

from __future__ import annotations

import logging

from triage.document import Document, StageRecord
from triage.errors import TriageError
from triage.pipeline.context import PipelineContext
from triage.pipeline.registry import Stage, get_stages

log = logging.getLogger(__name__)


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
    for stage in stages if stages is not None else get_stages():
        if stage.needs_file and not from_file:
            continue
        try:
            stage.fn(doc, ctx)
        except TriageError as exc:
            _fail(doc, stage.name, str(exc))
            break
        except Exception as exc:  # a bug or a library failure: keep the item, say which stage
            log.exception("stage %s crashed", stage.name)
            _fail(doc, stage.name, f"{type(exc).__name__}: {exc}")
            break
        doc.stages.append(StageRecord(name=stage.name, ok=True))
    return doc


def _fail(doc: Document, stage: str, reason: str) -> None:
    doc.stages.append(StageRecord(name=stage, ok=False, detail=reason))
    doc.error_stage = stage
    doc.error = reason
