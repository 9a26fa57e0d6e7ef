"""Item records: creation with their chain of custody, and the lookups every caller shares.

The rules around them (idempotency, claims, decisions) live in ``triage.service``; this
module only knows how an item and its provenance are written and found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from triage.document import ChildFile
from triage.errors import ConfigError, InvalidInput, NotFound
from triage.storage import audit
from triage.storage.tables import Batch, Item, Provenance, new_id, now
from triage.vocabulary import AuditCategory, ItemKind, ItemStatus

#: The stage group every new item starts with.
FIRST_QUEUE = "extract"


@dataclass(frozen=True)
class Arrival:
    """Where a file came from and what its submitter said about it."""

    source: str  # a path, "upload", or "text"
    submitter: str | None = None
    batch_id: str | None = None
    declared_language: str | None = None
    kind: ItemKind = ItemKind.OTHER
    reference: str | None = None
    sender: str | None = None
    callback_url: str | None = None
    origin: str = "file"


def intake(session: Session, *, sha256: str, size: int, filename: str | None, arrival: Arrival) -> tuple[Item, bool]:
    """Register a submitted file; the same bytes submitted again map to the same item.

    Returns (item, created). A repeat submission from a new source adds a provenance record,
    so the chain of custody shows every arrival without duplicating the item.
    """
    top_key = f"{arrival.origin}:{sha256}"
    item = session.scalars(select(Item).where(Item.top_key == top_key)).first()
    created = False
    if item is None:
        # Inserted unless another run got there first: the unique key decides, not a prior read.
        inserted = session.execute(
            _insert_new(session).values(
                id=new_id(), top_key=top_key, sha256=sha256, size=size, filename=filename,
                declared_language=arrival.declared_language, origin=arrival.origin, kind=str(arrival.kind),
                reference=arrival.reference, sender=arrival.sender, callback_url=arrival.callback_url,
                batch_id=arrival.batch_id, status=ItemStatus.RECEIVED, next_stage=FIRST_QUEUE, dispatched_at=now(),
            ).on_conflict_do_nothing(index_elements=[Item.top_key]).returning(Item.id)
        )  # fmt: skip
        created = inserted.scalar() is not None  # no row back: another run inserted it first
        item = session.scalars(
            select(Item).where(Item.top_key == top_key).execution_options(populate_existing=True)
        ).one()
    actor = arrival.submitter or audit.SYSTEM_ACTOR
    if created:
        item.root_id = item.id
        audit.record(
            session, "intake", AuditCategory.COLLECTION, actor=actor, item_id=item.id, purpose="intake",
            detail={"via": arrival.source if arrival.source in ("upload", "text") else "path", "size": size,
                    "batch": arrival.batch_id},
        )  # fmt: skip
    known = session.scalars(
        select(Provenance).where(Provenance.item_id == item.id, Provenance.source == arrival.source).limit(1)
    ).first()
    if known is None or arrival.source in ("upload", "text"):
        session.add(
            Provenance(
                item_id=item.id, source=arrival.source, submitter=arrival.submitter, batch_id=arrival.batch_id,
                reference=arrival.reference, sender=arrival.sender,
            )
        )  # fmt: skip
        if not created:
            audit.record(
                session, "resubmitted", AuditCategory.COLLECTION, actor=actor, item_id=item.id, purpose="intake",
                detail={"batch": arrival.batch_id},
            )  # fmt: skip
    return item, created


def _insert_new(session: Session) -> Any:
    """An INSERT that can skip a row whose unique key exists (SQLite and PostgreSQL share the syntax)."""
    dialect = session.get_bind().dialect.name
    module = {"sqlite": sqlite, "postgresql": postgresql}.get(dialect)
    if module is None:
        raise ConfigError(f"database {dialect!r} is not supported: use SQLite or PostgreSQL")
    return module.insert(Item)


def add_child(session: Session, parent: Item, child: ChildFile) -> Item | None:
    """Create the item for a container member once; returns None when it already exists."""
    existing = session.scalars(
        select(Item).where(
            Item.parent_id == parent.id, Item.member_name == child.name, Item.sha256 == child.sha256
        )
    ).first()
    if existing is not None:
        return None
    item = Item(
        sha256=child.sha256, size=child.size, filename=Path(child.name).name or child.name, parent_id=parent.id,
        member_name=child.name, depth=parent.depth + 1, declared_language=parent.declared_language,
        kind=parent.kind, root_id=parent.root_id or parent.id, batch_id=parent.batch_id,
        status=ItemStatus.RECEIVED, next_stage=FIRST_QUEUE, dispatched_at=now(),
    )  # fmt: skip
    if child.error:
        item.status, item.error_stage, item.error = ItemStatus.ERROR, "extract", child.error
        item.next_stage, item.finished_at = None, now()
    session.add(item)
    session.flush()
    session.add(Provenance(item_id=item.id, source=f"member of item {parent.id}", batch_id=parent.batch_id))
    audit.record(
        session, "intake", AuditCategory.COLLECTION, item_id=item.id, purpose="intake",
        detail={"via": "member", "parent": parent.id, "size": child.size, "refused": bool(child.error)},
    )  # fmt: skip
    return item


#: Every id here is lowercase hex (``new_id``, SHA-256): anything else names no record, and is not
#: sent to the database at all (PostgreSQL refuses a NUL byte in a string with an error, not a miss).
_HEX = re.compile(r"[0-9a-f]{1,64}")


def _hex(ref: str) -> bool:
    return _HEX.fullmatch(ref) is not None


def find_item(session: Session, ref: str) -> Item:
    """An item by id or by SHA-256, or a unique prefix of either (at least 6 characters)."""
    if len(ref) < 6:
        raise InvalidInput(f"item reference {ref!r} is too short: give at least 6 characters")
    if not _hex(ref):
        raise NotFound(f"no item whose id or SHA-256 starts with {ref!r}")
    prefix = or_(Item.id.startswith(ref, autoescape=True), Item.sha256.startswith(ref, autoescape=True))
    matches = list(session.scalars(select(Item).where(prefix).order_by(Item.depth, Item.created_at).limit(6)))
    if not matches:
        raise NotFound(f"no item whose id or SHA-256 starts with {ref!r}")
    if len(matches) > 1:
        # The same bytes inside a container and on their own are separate items (each has its own
        # custody); name them so the person can choose by id.
        listed = "; ".join(
            f"{m.id} ({m.filename or '-'}{f', member of {m.parent_id}' if m.parent_id else ''})" for m in matches[:5]
        )
        raise InvalidInput(f"{ref!r} matches several items, give one of their ids: {listed}")
    return matches[0]


def get_item(session: Session, item_id: str) -> Item:
    """An item by its exact id (the API's path parameter)."""
    item = session.get(Item, item_id) if _hex(item_id) else None
    if item is None:
        raise NotFound(f"no item with id {item_id!r}")
    return item


def get_batch(session: Session, batch_id: str) -> Batch:
    batch = session.get(Batch, batch_id) if _hex(batch_id) else None
    if batch is None:
        raise NotFound(f"no batch with id {batch_id!r}")
    return batch


def children_of(session: Session, item_id: str) -> list[Item]:
    return list(session.scalars(select(Item).where(Item.parent_id == item_id).order_by(Item.member_name)))


def provenance_of(session: Session, item_id: str) -> list[Provenance]:
    return list(session.scalars(select(Provenance).where(Provenance.item_id == item_id).order_by(Provenance.id)))
