"""Reviewers' decisions and the minimised export."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import PlainTextResponse

from api.auth import DECIDE, READ
from api.deps import DbSession, RuntimeDep
from api.errors import problems
from triage.service import review
from triage.service.accounts import Principal
from triage.service.views import ReviewRequest, ReviewState

router = APIRouter(prefix="/v1", tags=["review"])


@router.post("/items/{item_id}/review", response_model=ReviewState, responses=problems(401, 403, 404, 409, 422))
def post_review(
    item_id: str, body: ReviewRequest, who: Annotated[Principal, Depends(DECIDE)], session: DbSession
) -> ReviewState:
    """Confirm or correct offences, urgency and deadline; accept, change or reverse each span's
    action, add spans the service missed; notes, assignee, reviewed. Stored as decisions beside
    the machine's findings (never over them), logged, and read back by ``triage train --reviews``."""
    return review.decide(session, item_id, body, actor=who.actor)


@router.get(
    "/items/{item_id}/export", response_class=PlainTextResponse, responses=problems(401, 403, 404, 409),
)  # fmt: skip
def get_export(
    item_id: str, who: Annotated[Principal, Depends(READ)], session: DbSession, rt: RuntimeDep,
    purpose: Annotated[str, Query(max_length=200)] = "onward sharing",
    recipient: Annotated[str | None, Query(max_length=200, description="Who receives it")] = None,
    draft: Annotated[bool, Query(description="Allow an item nobody marked reviewed")] = False,
) -> PlainTextResponse:  # fmt: skip
    """The text with its personal data minimised as approved, the layout kept; logged as a disclosure."""
    result = review.export(
        session, item_id, actor=who.actor, purpose=purpose, settings=rt.settings, recipient=recipient, draft=draft
    )
    return PlainTextResponse(result.text, headers={"X-Triage-Reviewed": str(result.reviewed).lower()})
