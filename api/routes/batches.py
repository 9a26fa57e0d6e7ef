"""Batches: an archive or a mailbox whose members become items, and their progress."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from api.auth import FOLLOW, SUBMIT
from api.deps import DbSession, runtime
from api.errors import problems
from api.routes.items import IdempotencyKey, read_upload, upload_body
from triage.service import queue
from triage.service.accounts import Principal
from triage.service.submissions import submit_file
from triage.service.views import BatchReceipt, BatchView

router = APIRouter(prefix="/v1", tags=["batches"])


@router.post(
    "/batches", status_code=202, response_model=BatchReceipt, summary="Submit an archive or a mailbox",
    responses=problems(401, 403, 409, 413, 422), openapi_extra=upload_body(with_text=False),
)  # fmt: skip
async def create_batch(
    request: Request, who: Annotated[Principal, Depends(SUBMIT)], idempotency_key: IdempotencyKey = None
) -> BatchReceipt:
    """Store the upload and queue it; each member (at any depth) becomes an item of the batch."""
    rt = runtime(request)
    upload, fields = await read_upload(request)
    receipt = await run_in_threadpool(
        lambda: submit_file(
            rt, upload.sha256, upload.size, upload.filename, principal=who.actor, idempotency_key=idempotency_key,
            as_batch=True, **fields.model_dump(),
        )
    )  # fmt: skip
    assert isinstance(receipt, BatchReceipt)
    return receipt


@router.get("/batches/{batch_id}", response_model=BatchView, responses=problems(401, 403, 404))
def get_batch(batch_id: str, who: Annotated[Principal, Depends(FOLLOW)], session: DbSession) -> BatchView:
    """Items of the batch per status, whether it is finished, and the items in error with their reasons."""
    return queue.batch_view(session, batch_id, actor=who.actor, purpose="batch progress")
