"""The ``extract`` stage: the item's stored bytes become text, metadata and child items."""

from __future__ import annotations

import contextlib
import datetime as dt

from triage.document import Document
from triage.errors import StageError
from triage.ingest.base import ExtractContext
from triage.ingest.registry import extract_bytes
from triage.pipeline.context import PipelineContext
from triage.pipeline.registry import register_stage
from triage.storage.blobs import BlobStore

#: ``Document.metadata["origin"]`` of an item submitted as text (API JSON): its stored bytes
#: are that text in UTF-8, exactly, so offsets into it are the submitter's offsets.
TEXT_ORIGIN = "text"


@register_stage("extract", 10, needs_file=True, queue="extract")
def extract_stage(doc: Document, ctx: PipelineContext) -> None:
    if doc.sha256 is None:
        raise StageError("extract", "the item has no stored file")
    blobs = BlobStore(ctx.settings.blob_dir)
    if doc.metadata.get("origin") == TEXT_ORIGIN:
        doc.media_type, doc.text = "text/plain", blobs.read(doc.sha256).decode("utf-8")
        return
    ectx = ExtractContext(
        settings=ctx.settings,
        blobs=blobs,
        depth=int(doc.metadata.get("depth", 0)),
        filename=doc.filename,
        language_hint=doc.declared_language,
    )
    result = extract_bytes(blobs.read(doc.sha256), ectx)
    doc.media_type = result.media_type
    doc.text = result.text
    doc.pages = result.pages
    doc.ocr = result.ocr
    doc.metadata = {**doc.metadata, **result.metadata}
    doc.children = result.children
    doc.warnings = result.warnings
    date = result.metadata.get("date")
    if isinstance(date, str):
        with contextlib.suppress(ValueError):
            doc.document_date = dt.date.fromisoformat(date[:10])
    ctx.count("pages", result.pages)
