"""Retention: items older than their kind's retention period are erased, leaving a tombstone.

A submitted file and everything extracted from it go together, when the submitted file's
period (``retention_days`` for its kind) has passed since it arrived. Erasure removes the
content (document, text, findings, names of files and members, review decisions, the
idempotency keys and callbacks that point at it) and the original bytes, unless another
item still needs the same bytes. What stays is the tombstone: the id, the hash, the size,
the dates and the chain of custody without its paths, so the audit trail still resolves.
Translations remembered longer than the shortest retention period are forgotten too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from triage.config import Settings
from triage.storage import audit, search
from triage.storage.blobs import BlobStore
from triage.storage.tables import Decision, Delivery, IdempotencyKey, Item, Provenance, now
from triage.translate.memory import TranslationMemory, memory_url
from triage.vocabulary import AuditCategory, ItemKind, ItemStatus

ERASED_SOURCE = "(erased)"


@dataclass
class RetentionReport:
    submitted: list[str] = field(default_factory=list)  # submitted files whose period passed
    items: int = 0  # items erased, members included
    blobs: int = 0  # files removed from the blob store
    memory: int = 0  # remembered translations forgotten
    dry_run: bool = False


def expired(session: Session, settings: Settings, at: dt.datetime) -> list[Item]:
    """Submitted items (not members) past their kind's period, oldest first."""
    out: list[Item] = []
    for kind in ItemKind:
        cutoff = at - dt.timedelta(days=settings.retention_for(kind))
        out.extend(
            session.scalars(
                select(Item).where(
                    Item.parent_id.is_(None), Item.kind == kind, Item.created_at < cutoff,
                    Item.status != ItemStatus.ERASED,
                )
            )
        )  # fmt: skip
    return sorted(out, key=lambda i: i.created_at)


def apply(
    session: Session, blobs: BlobStore, settings: Settings, *, actor: str, dry_run: bool = False,
    at: dt.datetime | None = None,
) -> RetentionReport:  # fmt: skip
    at = at or now()
    report = RetentionReport(dry_run=dry_run)
    for root in expired(session, settings, at):
        tree = list(session.scalars(select(Item).where(Item.root_id == root.id, Item.status != ItemStatus.ERASED)))
        report.submitted.append(root.id)
        report.items += len(tree)
        if dry_run:
            continue
        for item in tree:
            _erase(session, item, root, settings, actor)
        session.flush()
        for sha in {i.sha256 for i in tree}:
            still_needed = session.scalar(
                select(func.count()).select_from(Item).where(Item.sha256 == sha, Item.status != ItemStatus.ERASED)
            )
            if not still_needed and blobs.delete(sha):
                report.blobs += 1
        session.commit()
    report.memory = _forget_translations(settings, at, dry_run)
    session.commit()
    return report


def _erase(session: Session, item: Item, root: Item, settings: Settings, actor: str) -> None:
    days = settings.retention_for(root.kind)
    session.execute(delete(Decision).where(Decision.item_id == item.id))
    session.execute(delete(IdempotencyKey).where(IdempotencyKey.item_id == item.id))
    session.execute(delete(Delivery).where(Delivery.item_id == item.id))
    search.forget(session, item.id)
    for p in session.scalars(select(Provenance).where(Provenance.item_id == item.id)):
        p.source, p.reference, p.sender = ERASED_SOURCE, None, None
    item.document = None
    item.filename, item.member_name = None, f"(erased {item.id})"
    item.reference = item.sender = item.callback_url = item.error = None
    item.assignee = item.reviewed_by = None
    item.offences, item.pii_count, item.urgency_level, item.deadline = "", 0, None, None
    item.status, item.next_stage, item.erased_at = ItemStatus.ERASED, None, now()
    audit.record(
        session, "erased", AuditCategory.ERASURE, actor=actor, item_id=item.id, purpose="retention",
        detail={"kind": root.kind, "retention_days": days, "received": root.created_at.date().isoformat()},
    )  # fmt: skip


def _forget_translations(settings: Settings, at: dt.datetime, dry_run: bool) -> int:
    """Remembered translations hold document text too: none outlives the shortest period."""
    shortest = min(settings.retention_for(kind) for kind in ItemKind)
    memory = TranslationMemory(memory_url(settings))
    try:
        return memory.forget_before(at - dt.timedelta(days=shortest), dry_run=dry_run)
    finally:
        memory.close()
