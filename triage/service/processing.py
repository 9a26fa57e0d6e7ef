"""Processing: claim an item, run a stage group on it, store the result and its children.

The same three steps serve the Celery tasks and the embedded pool:

1. ``claim`` (database): the item's next group is taken under a lease and a fencing token;
2. ``execute`` (no database, in a worker process): the stages of the claimed groups run;
3. ``complete`` or ``fail`` (database): stored only if the token still holds, so a worker
   that was presumed dead and comes back cannot overwrite the work of the one that took over.

A claim lapses when its lease runs out or its claimant, a process on this host, has died;
the item is then claimed again, up to ``max_attempts`` times before it is put in an error
state that says so. Every item therefore ends done or in an explicit error, exactly once.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from triage.config import Settings
from triage.document import Document
from triage.pipeline import PipelineContext, next_queue, queues_from, run_stages, stages_of
from triage.service import callbacks
from triage.storage import audit, repository, search
from triage.storage.queue_columns import queue_columns
from triage.storage.tables import Item, StageRun, new_id, now
from triage.vocabulary import AuditCategory, ItemStatus

#: Added to the time limits of a claim's groups to make its lease.
LEASE_MARGIN_S = 60.0
IN_WORK = (ItemStatus.RECEIVED, ItemStatus.PROCESSING)
HOST = socket.gethostname()


def claimant_id() -> str:
    return f"{HOST}:{os.getpid()}"


def _dead_here(claimant: str | None) -> bool:
    """True when ``claimant`` is a process of this host that no longer exists."""
    host, _, pid = (claimant or "").rpartition(":")
    if host != HOST or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def time_limit(settings: Settings, queue: str) -> float:
    return settings.file_time_limit_s if queue == "extract" else settings.task_time_limit_s


@dataclass(frozen=True)
class Claim:
    item_id: str
    token: str
    queues: tuple[str, ...]
    attempts: int
    payload: dict[str, Any]


@dataclass
class Outcome:
    """What storing a result changed, for the caller to dispatch and count."""

    item_id: str
    status: ItemStatus
    next_queue: str | None = None
    new_children: list[str] = field(default_factory=list)  # to extract
    refused_children: list[str] = field(default_factory=list)  # created in an error state
    deliveries: list[str] = field(default_factory=list)
    stale: bool = False  # the claim had lapsed and another worker owns the item: nothing was stored
    document: Document | None = None  # the result stored, when there was one

    @property
    def terminal(self) -> bool:
        return self.status in (ItemStatus.DONE, ItemStatus.ERROR)


def _lapsed(token: str | None, until: dt.datetime | None, claimant: str | None, at: dt.datetime) -> bool:
    """True when nobody holds the item: no claim, an expired lease, or a dead claimant here."""
    if token is None:
        return True
    return (until is not None and until < at) or _dead_here(claimant)


def claim(
    session: Session, item_id: str, settings: Settings, *, queue: str | None = None, claimant: str | None = None
) -> Claim | Outcome | None:
    """Take ``item_id`` for its next group (``queue``), or every remaining group (``queue=None``).

    None when there is nothing to do here: the item is finished, waits for another group, or
    a live worker holds it. An item whose workers died ``max_attempts`` times is failed here,
    and the ``Outcome`` of that is returned instead of a claim.
    """
    at = now()
    item = session.get(Item, item_id, populate_existing=True)
    if item is None or item.status not in IN_WORK or item.next_stage is None:
        return None
    if queue is not None and item.next_stage != queue:
        return None
    if not _lapsed(item.claim_token, item.claimed_until, item.claimant, at):
        return None
    queues = (queue,) if queue else tuple(queues_from(item.next_stage))
    attempts = item.attempts + 1
    token = new_id()
    lease = sum(time_limit(settings, q) for q in queues) + LEASE_MARGIN_S
    held = Item.claim_token.is_(None) if item.claim_token is None else Item.claim_token == item.claim_token
    result = session.execute(
        update(Item)
        .where(Item.id == item_id, held, Item.next_stage == item.next_stage)
        .values(
            status=ItemStatus.PROCESSING, claimant=claimant or claimant_id(), claim_token=token,
            claimed_until=at + dt.timedelta(seconds=lease), attempts=attempts,
        )
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    if getattr(result, "rowcount", 0) != 1:
        return None  # another worker took it first
    if attempts > settings.max_attempts:  # held now, so only this worker gives it up
        session.refresh(item)
        deliveries = _finish(
            session, item, ItemStatus.ERROR, settings, stage="worker",
            reason=f"the worker died or stopped answering on each of {settings.max_attempts} attempts",
        )  # fmt: skip
        return Outcome(item.id, ItemStatus.ERROR, deliveries=deliveries)
    payload = {
        "id": item.id, "sha256": item.sha256, "filename": item.filename, "depth": item.depth,
        "declared_language": item.declared_language, "origin": item.origin, "queues": list(queues),
        "document": item.document if item.next_stage != repository.FIRST_QUEUE else None,
    }  # fmt: skip
    return Claim(item.id, token, queues, attempts, payload)


def claimable(session: Session, limit: int) -> list[str]:
    """Items the embedded pool may take now: queued, or held by a lapsed claim; oldest layers first."""
    at = now()
    rows = session.execute(
        select(Item.id, Item.claim_token, Item.claimed_until, Item.claimant)
        .where(Item.status.in_(IN_WORK), Item.next_stage.is_not(None))
        .where(or_(Item.claim_token.is_(None), Item.claimed_until < at, Item.claimant.startswith(f"{HOST}:")))
        .order_by(Item.depth, Item.created_at)
        .limit(limit * 4)
    ).all()
    return [r.id for r in rows if _lapsed(r.claim_token, r.claimed_until, r.claimant, at)][:limit]


def execute(payload: dict[str, Any], ctx: PipelineContext) -> tuple[dict[str, Any], dict[str, float]]:
    """Run the claimed groups' stages; no database. Returns the document and the counters it added."""
    stored = payload.get("document")
    if stored:
        doc = Document.model_validate(stored)
    else:
        doc = Document(
            item_id=payload["id"], sha256=payload["sha256"], filename=payload.get("filename"),
            declared_language=payload.get("declared_language"),
            metadata={"depth": payload.get("depth", 0), "origin": payload.get("origin", "file")},
        )  # fmt: skip
    before = dict(ctx.notes)
    run_stages(doc, ctx, stages_of(payload["queues"]))
    delta = {k: v - before.get(k, 0) for k, v in ctx.notes.items() if v != before.get(k, 0)}
    return doc.model_dump(mode="json"), delta


def _take_back(session: Session, claim: Claim) -> Item | None:
    """End ``claim``; None if it had lapsed and someone else holds the item (fencing)."""
    result = session.execute(
        update(Item)
        .where(Item.id == claim.item_id, Item.claim_token == claim.token)
        .values(claim_token=None, claimant=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return None
    return session.get(Item, claim.item_id, populate_existing=True)


def complete(session: Session, claim: Claim, doc_json: dict[str, Any], settings: Settings) -> Outcome:
    """Store what ``execute`` returned: the document, the children, the next group or the end."""
    item = _take_back(session, claim)
    if item is None:
        return Outcome(claim.item_id, ItemStatus.PROCESSING, stale=True)
    doc = Document.model_validate(doc_json)
    item.document = doc.model_dump(mode="json", exclude={"children"})
    item.media_type, item.language, item.pages = doc.media_type, doc.language, doc.pages
    for column, value in queue_columns(doc.findings, doc.document_date).items():
        setattr(item, column, value)
    search.index(session, item.id, doc)
    ran = {s.name for s in stages_of(list(claim.queues))}
    session.add_all(
        StageRun(item_id=item.id, stage=r.name, seconds=r.seconds, ok=r.ok)
        for r in doc.stages
        if r.name in ran and r.seconds is not None
    )
    outcome = Outcome(item.id, ItemStatus.PROCESSING, document=doc)
    if doc.children and not doc.error:
        _add_children(session, item, doc, settings, outcome)
    if doc.error or item.error:
        outcome.deliveries = _finish(session, item, ItemStatus.ERROR, settings, doc.error_stage, doc.error, doc)
        outcome.status = ItemStatus.ERROR
        return outcome
    following = next_queue(claim.queues[-1])
    if following is None:
        outcome.deliveries = _finish(session, item, ItemStatus.DONE, settings, doc=doc)
        outcome.status = ItemStatus.DONE
        return outcome
    item.next_stage, item.attempts, item.dispatched_at = following, 0, now()
    outcome.next_queue = following
    return outcome


def _add_children(session: Session, item: Item, doc: Document, settings: Settings, outcome: Outcome) -> None:
    """Members become items while the submitted file's tree stays within its budget.

    The budget covers the whole tree of one submitted file, all nesting levels and all runs
    together (it is counted in the database, so a resumed run does not start from zero):
    ``max_items_per_upload`` items, ``max_tree_bytes`` bytes, ``max_tree_seconds`` of work.
    A nesting built to run for hours (42.zip) stops there, and the container says so.
    """
    root = item.root_id or item.id
    items, size = session.execute(
        select(func.count(), func.coalesce(func.sum(Item.size), 0)).where(Item.root_id == root)
    ).one()
    seconds = session.scalar(
        select(func.coalesce(func.sum(StageRun.seconds), 0.0))
        .join(Item, Item.id == StageRun.item_id)
        .where(Item.root_id == root)
    )
    children, over = doc.children, None
    if (seconds or 0) > settings.max_tree_seconds:
        children, over = [], f"the limit of {settings.max_tree_seconds:g} s of work per submitted file"
    room = max(settings.max_items_per_upload - (max(items, 1) - 1), 0)
    if len(children) > room:
        children, over = children[:room], f"the limit of {settings.max_items_per_upload} items per submitted file"
    for n, child in enumerate(children):
        size += child.size
        if size > settings.max_tree_bytes:
            children, over = children[:n], f"the limit of {settings.max_tree_bytes} bytes per submitted file"
            break
    if over is not None:
        item.error_stage = "extract"
        item.error = f"{len(doc.children) - len(children)} members not expanded: {over} was reached"
    for child in children:
        made = repository.add_child(session, item, child)
        if made is not None:
            (outcome.refused_children if made.status == ItemStatus.ERROR else outcome.new_children).append(made.id)


def fail(session: Session, claim: Claim, stage: str, reason: str, settings: Settings) -> Outcome:
    """The claimed work cannot finish (time limit, crash): the item says why and stops."""
    item = _take_back(session, claim)
    if item is None:
        return Outcome(claim.item_id, ItemStatus.PROCESSING, stale=True)
    deliveries = _finish(session, item, ItemStatus.ERROR, settings, stage, reason)
    return Outcome(item.id, ItemStatus.ERROR, deliveries=deliveries)


def release(session: Session, claim: Claim, *, tried: bool = True) -> bool:
    """Give the item back for another try (its worker died); False if the claim had lapsed.

    ``tried=False``: the item never reached a worker (the pool broke before it ran), so the
    claim does not count as one of its ``max_attempts``.
    """
    item = _take_back(session, claim)
    if item is not None and not tried:
        item.attempts = max(claim.attempts - 1, 0)
    return item is not None


def _finish(
    session: Session, item: Item, status: ItemStatus, settings: Settings, stage: str | None = None,
    reason: str | None = None, doc: Document | None = None,
) -> list[str]:  # fmt: skip
    item.status, item.next_stage, item.finished_at = status, None, now()
    item.claim_token = item.claimant = item.claimed_until = None
    if status == ItemStatus.ERROR:
        item.error_stage, item.error = stage or item.error_stage, reason or item.error
    audit.record(
        session, "processed", AuditCategory.ALTERATION, item_id=item.id, purpose="triage",
        detail={"status": str(status), "stages": [s.name for s in doc.stages if s.ok] if doc else [],
                "error_stage": item.error_stage},
    )  # fmt: skip
    return callbacks.schedule(session, item)


def sweep(session: Session, settings: Settings, limit: int = 500) -> dict[str, list[str]]:
    """Items a worker should have but nobody holds: never dispatched, dispatched long ago, or
    held by a lapsed claim. Marks them dispatched now and returns them by queue."""
    at = now()
    stale = at - dt.timedelta(seconds=settings.redispatch_after_s)
    rows = session.execute(
        select(Item.id, Item.next_stage, Item.claim_token, Item.claimed_until, Item.claimant)
        .where(Item.status.in_(IN_WORK), Item.next_stage.is_not(None))
        .where(
            or_(
                and_(Item.claim_token.is_(None), or_(Item.dispatched_at.is_(None), Item.dispatched_at < stale)),
                Item.claimed_until < at,
                Item.claimant.startswith(f"{HOST}:"),
            )
        )
        .order_by(Item.depth, Item.created_at)
        .limit(limit)
    ).all()
    due: dict[str, list[str]] = {}
    for row in rows:
        if not _lapsed(row.claim_token, row.claimed_until, row.claimant, at):
            continue
        due.setdefault(row.next_stage, []).append(row.id)
    ids = [i for group in due.values() for i in group]
    if ids:
        session.execute(
            update(Item).where(Item.id.in_(ids)).values(dispatched_at=at).execution_options(synchronize_session=False)
        )
    return due

