"""Queries and writes on items, provenance and the audit log: the only SQL the domain runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from triage.document import ChildFile, Document, ItemStatus
from triage.errors import InvalidInput, NotFound
from triage.storage.tables import AuditEvent, Item, Provenance

SYSTEM_ACTOR = "system"


def audit(
    session: Session, action: str, *, actor: str = SYSTEM_ACTOR, item_id: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:  # fmt: skip
    session.add(AuditEvent(actor=actor, action=action, item_id=item_id, detail=detail))


def intake(
    session: Session,
    *,
    sha256: str,
    size: int,
    source: str,
    filename: str | None,
    batch_id: str | None,
    submitter: str | None = None,
    declared_language: str | None = None,
) -> tuple[Item, bool]:
    """Register a top-level file; the same bytes submitted again map to the same item.

    Returns (item, created). A repeat submission from a new source adds a provenance record,
    so the chain of custody shows every arrival without duplicating the item.
    """
    item = session.scalars(
        select(Item).where(Item.sha256 == sha256, Item.parent_id.is_(None)).limit(1)
    ).first()
    created = item is None
    if item is None:
        item = Item(sha256=sha256, size=size, filename=filename, declared_language=declared_language)
        session.add(item)
        session.flush()
        audit(session, "intake", actor=submitter or SYSTEM_ACTOR, item_id=item.id, detail={"source": source})
    known = session.scalars(
        select(Provenance).where(Provenance.item_id == item.id, Provenance.source == source).limit(1)
    ).first()
    if known is None:
        session.add(Provenance(item_id=item.id, source=source, submitter=submitter, batch_id=batch_id))
        if not created:
            audit(session, "resubmitted", item_id=item.id, detail={"source": source})
    return item, created


def add_child(session: Session, parent: Item, child: ChildFile, batch_id: str | None) -> Item | None:
    """Create the item for a container member once; returns None when it already exists."""
    existing = session.scalars(
        select(Item).where(
            Item.parent_id == parent.id, Item.member_name == child.name, Item.sha256 == child.sha256
        )
    ).first()
    if existing is not None:
        return None
    item = Item(
        sha256=child.sha256,
        size=child.size,
        filename=Path(child.name).name or child.name,
        parent_id=parent.id,
        member_name=child.name,
        depth=parent.depth + 1,
        declared_language=parent.declared_language,
    )
    if child.error:
        item.status, item.error_stage, item.error = ItemStatus.ERROR, "extract", child.error
    session.add(item)
    session.flush()
    session.add(Provenance(item_id=item.id, source=f"member {child.name!r} of item {parent.id}", batch_id=batch_id))
    return item


def save_result(session: Session, item: Item, doc: Document) -> None:
    item.document = doc.model_dump(mode="json", exclude={"children"})
    item.media_type = doc.media_type
    item.language = doc.language
    item.pages = doc.pages
    item.error_stage, item.error = doc.error_stage, doc.error
    item.status = ItemStatus.ERROR if doc.error else ItemStatus.DONE
    audit(
        session, "processed", item_id=item.id,
        detail={"status": item.status, "stages": [s.name for s in doc.stages if s.ok], "error": doc.error},
    )  # fmt: skip


def mark_error(session: Session, item: Item, stage: str, reason: str) -> None:
    item.status, item.error_stage, item.error = ItemStatus.ERROR, stage, reason
    audit(session, "failed", item_id=item.id, detail={"stage": stage, "error": reason})


def pending(session: Session) -> list[Item]:
    return list(
        session.scalars(
            select(Item)
            .where(Item.status.in_([ItemStatus.RECEIVED, ItemStatus.PROCESSING]))
            .order_by(Item.depth, Item.created_at)
        )
    )


def reset_interrupted(session: Session) -> int:
    """Items left 'processing' by a run that was killed go back to the queue."""
    result = session.execute(
        update(Item).where(Item.status == ItemStatus.PROCESSING).values(status=ItemStatus.RECEIVED)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def find_item(session: Session, ref: str) -> Item:
    """An item by id or by SHA-256, or a unique prefix of either (at least 6 characters)."""
    if len(ref) < 6:
        raise InvalidInput(f"item reference {ref!r} is too short: give at least 6 characters")
    matches = list(
        session.scalars(
            select(Item).where(or_(Item.id.startswith(ref), Item.sha256.startswith(ref))).limit(3)
        )
    )
    if not matches:
        raise NotFound(f"no item whose id or SHA-256 starts with {ref!r}")
    if len({m.id for m in matches}) > 1:
        raise InvalidInput(f"{ref!r} matches several items: give more characters")
    return matches[0]


def children_of(session: Session, item_id: str) -> list[Item]:
    return list(session.scalars(select(Item).where(Item.parent_id == item_id).order_by(Item.member_name)))


def provenance_of(session: Session, item_id: str) -> list[Provenance]:
    return list(session.scalars(select(Provenance).where(Provenance.item_id == item_id).order_by(Provenance.id)))
