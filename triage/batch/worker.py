"""What runs inside a worker process: the pipeline over one stored item.

Workers never touch the database: they read the item's bytes from the blob store, write
container members to it, and hand the document back. The parent process is the only
writer, which keeps SQLite safe and makes every result one transaction.
"""

from __future__ import annotations

from typing import Any

from triage.config import Settings
from triage.document import Document
from triage.pipeline import PipelineContext, run_pipeline

_ctx: PipelineContext | None = None


#: Loading models is paid once per worker before the first item, so that the per-file time
#: limit measures the file, not the start-up.
WARM_UP_TEXT = "This short English text loads the models that every item needs before the first file."


def init_worker(settings_json: str) -> None:
    global _ctx
    _ctx = PipelineContext(Settings.model_validate_json(settings_json))
    run_pipeline(Document(text=WARM_UP_TEXT), _ctx, from_file=False)
    _ctx.notes.clear()


def process_one(payload: dict[str, Any]) -> tuple[dict[str, Any], dict[str, float]]:
    """Run every stage on one item; returns the document and the counters it added."""
    if _ctx is None:
        raise RuntimeError("worker not initialised")
    before = dict(_ctx.notes)
    doc = Document(
        item_id=payload["id"],
        sha256=payload["sha256"],
        filename=payload.get("filename"),
        declared_language=payload.get("declared_language"),
        metadata={"depth": payload.get("depth", 0)},
    )
    run_pipeline(doc, _ctx)
    delta = {k: v - before.get(k, 0) for k, v in _ctx.notes.items() if v != before.get(k, 0)}
    return doc.model_dump(mode="json"), delta
