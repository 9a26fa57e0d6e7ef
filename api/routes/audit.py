"""The audit log's integrity, for those accountable for it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from api.auth import ACCOUNTABILITY
from api.deps import DbSession
from api.errors import problems
from triage.service.accounts import Principal
from triage.service.views import AuditVerdict
from triage.storage import audit

router = APIRouter(prefix="/v1", tags=["audit"])


@router.get("/audit/verify", response_model=AuditVerdict, responses=problems(401, 403))
def verify(who: Annotated[Principal, Depends(ACCOUNTABILITY)], session: DbSession) -> AuditVerdict:
    """Recompute the hash chain; names the first entry altered, removed or reordered."""
    verdict = audit.verify(session)
    return AuditVerdict(ok=verdict.ok, entries=verdict.entries, problem=verdict.problem, seq=verdict.seq)
