"""The review queue and batch progress.

The queue's order is ``triage.urgency.priority_key``'s, kept in columns of the item as its
effective triage changes (``triage.storage.queue_columns``): urgency level, then the
deadline (soonest first, none last), then the gravest offence, then the document's date,
then arrival. Listing the queue is a consultation in the audit log (with its filters).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from pydantic import Field
from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from triage.offences.taxonomy import load_taxonomy
from triage.service import views
from triage.storage import audit, repository
from triage.storage.search import fold
from triage.storage.tables import Batch, Item, Provenance, SearchText
from triage.urgency.priority import UNRANKED
from triage.vocabulary import TERMINAL_STATUSES, AuditCategory, ItemKind, ItemStatus, UrgencyLevel


class QueueFilter(views.CallerInput):

    status: ItemStatus | None = None
    urgency: UrgencyLevel | None = None
    language: str | None = Field(None, min_length=2, max_length=8)
    offence: str | None = None
    deadline_before: dt.date | None = None
    assignee: str | None = None
    batch: str | None = None
    text: str | None = Field(None, min_length=2, max_length=200, description="Words the text or translation holds")
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0)


def _in_batch(batch_id: str) -> Any:
    """Items under any file the batch brought (its members too, and files seen before)."""
    arrivals = select(Provenance.item_id).where(Provenance.batch_id == batch_id)
    return Item.root_id.in_(arrivals) | (Item.batch_id == batch_id)


S = TypeVar("S", bound=Select[*tuple[Any, ...]])


def _filtered(stmt: S, f: QueueFilter) -> S:
    stmt = stmt.where(Item.status == f.status if f.status is not None else Item.status != ItemStatus.ERASED)
    if f.urgency is not None:
        stmt = stmt.where(Item.urgency_level == f.urgency)
    if f.language:
        stmt = stmt.where(Item.language == f.language.lower())
    if f.offence:
        code = load_taxonomy().get(f.offence).code
        stmt = stmt.where(Item.offences.contains(f";{code};", autoescape=True))
    if f.deadline_before:
        stmt = stmt.where(Item.deadline.is_not(None), Item.deadline < f.deadline_before)
    if f.assignee:
        stmt = stmt.where(Item.assignee == f.assignee)
    if f.batch:
        stmt = stmt.where(_in_batch(f.batch))
    if f.text:
        found = select(SearchText.item_id).where(SearchText.text.contains(fold(f.text.strip()), autoescape=True))
        stmt = stmt.where(Item.id.in_(found))
    return stmt


PRIORITY = (
    Item.urgency_rank,
    case((Item.deadline.is_(None), 1), else_=0),
    Item.deadline,
    Item.gravity,
    case((Item.document_date.is_(None), 1), else_=0),
    Item.document_date,
    Item.created_at,
    Item.id,
)


def row(item: Item, today: dt.date) -> views.QueueRow:
    return views.QueueRow(
        id=item.id, status=ItemStatus(item.status), kind=ItemKind(item.kind), filename=item.filename,
        reference=item.reference,
        parent_id=item.parent_id, language=item.language,
        urgency=UrgencyLevel(item.urgency_level) if item.urgency_level else None, deadline=item.deadline,
        days_left=(item.deadline - today).days if item.deadline else None,
        offences=[c for c in (item.offences or "").split(";") if c],
        gravity=item.gravity if item.gravity < UNRANKED else None, pii_count=item.pii_count,
        assignee=item.assignee, reviewed=item.reviewed_at is not None, batch_id=item.batch_id,
        created_at=item.created_at,
        error=views.ItemError(stage=item.error_stage, reason=item.error) if item.error else None,
    )  # fmt: skip


def list_queue(
    session: Session, f: QueueFilter, *, actor: str, purpose: str, today: dt.date | None = None
) -> views.QueuePage:
    today = today or dt.date.today()
    items = list(session.scalars(_filtered(select(Item), f).order_by(*PRIORITY).limit(f.limit).offset(f.offset)))
    counts_stmt = _filtered(select(Item.status, func.count()).select_from(Item), f.model_copy(update={"status": None}))
    counts = {str(status): n for status, n in session.execute(counts_stmt.group_by(Item.status)).all()}
    total = session.scalar(_filtered(select(func.count()).select_from(Item), f)) or 0
    audit.record(
        session, "queue_listed", AuditCategory.CONSULTATION, actor=actor, purpose=purpose,
        detail={"filters": f.model_dump(mode="json", exclude_defaults=True), "shown": len(items)},
    )  # fmt: skip
    session.commit()
    return views.QueuePage(
        items=[row(i, today) for i in items], total=total, limit=f.limit, offset=f.offset, counts=counts
    )


def batch_view(session: Session, batch_id: str, *, actor: str, purpose: str, errors: int = 100) -> views.BatchView:
    """Progress of a batch: items per status, whether it is finished, and the first errors."""
    batch = repository.get_batch(session, batch_id)
    audit.record(session, "batch_viewed", AuditCategory.CONSULTATION, actor=actor, purpose=purpose,
                 detail={"batch": batch_id})  # fmt: skip
    out = _progress(session, batch, errors)
    session.commit()
    return out


def batch_progress(session: Session, batch_id: str) -> views.BatchView:
    """Counts per status only: no member names or reasons, so following a batch is not a consultation."""
    return _progress(session, repository.get_batch(session, batch_id), errors=0)


def recent_batches(
    session: Session, *, actor: str, purpose: str, limit: int = 5, submitter: str | None = None
) -> list[views.BatchView]:
    """The newest batches (of one submitter, if named), for a page that follows them."""
    stmt = select(Batch).order_by(Batch.started_at.desc(), Batch.id).limit(limit)
    if submitter is not None:
        stmt = stmt.where(Batch.submitter == submitter)
    out = [_progress(session, b, errors=5) for b in session.scalars(stmt)]
    audit.record(session, "batches_listed", AuditCategory.CONSULTATION, actor=actor, purpose=purpose,
                 detail={"batches": [b.id for b in out]})  # fmt: skip
    session.commit()
    return out


def _progress(session: Session, batch: Batch, errors: int) -> views.BatchView:
    counts = {
        str(status): n
        for status, n in session.execute(
            select(Item.status, func.count()).where(_in_batch(batch.id)).group_by(Item.status)
        ).all()
    }
    failed = session.scalars(
        select(Item).where(_in_batch(batch.id), Item.status == ItemStatus.ERROR).order_by(Item.created_at).limit(errors)
    )
    total = sum(counts.values())
    return views.BatchView(
        id=batch.id, started_at=batch.started_at, finished_at=batch.finished_at, submitter=batch.submitter,
        item_id=batch.item_id, total=total, counts=counts,
        finished=total > 0 and all(ItemStatus(s) in TERMINAL_STATUSES for s in counts),
        errors=[views.BatchError(id=i.id, member_name=i.member_name, stage=i.error_stage, reason=i.error)
                for i in failed],
    )  # fmt: skip


def neighbours(session: Session, item_id: str) -> tuple[str | None, str | None]:
    """The items before and after ``item_id`` in the unfiltered queue (for next/previous on the page)."""
    ids = list(session.scalars(select(Item.id).where(Item.status != ItemStatus.ERASED).order_by(*PRIORITY)))
    if item_id not in ids:
        return None, None
    at = ids.index(item_id)
    return (ids[at - 1] if at > 0 else None), (ids[at + 1] if at + 1 < len(ids) else None)
