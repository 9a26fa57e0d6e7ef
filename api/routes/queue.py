"""The review queue, most pressing first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from api.auth import READ
from api.deps import DbSession
from api.errors import problems
from triage.service import queue
from triage.service.accounts import Principal
from triage.service.queue import QueueFilter
from triage.service.views import QueuePage

router = APIRouter(prefix="/v1", tags=["queue"])


@router.get("/queue", response_model=QueuePage, responses=problems(401, 403, 404, 422))
def get_queue(
    filters: Annotated[QueueFilter, Query()], who: Annotated[Principal, Depends(READ)], session: DbSession
) -> QueuePage:
    """Items ordered by urgency, then deadline, then the gravest offence, then the document's date."""
    return queue.list_queue(session, filters, actor=who.actor, purpose="review queue")
