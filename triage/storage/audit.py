"""The audit log (Article 25 of Directive (EU) 2016/680): append-only and hash-chained.

Each entry commits to the one before it: ``hash = SHA-256(prev_hash + canonical entry)``,
numbered by ``seq`` without gaps. ``verify`` recomputes the chain and names the first entry
that was altered, removed or reordered; the ``audit_head`` row holds the newest entry, so a
removed tail is caught too.

Entries are recorded with ``record`` and written when their transaction commits (a
``before_commit`` hook), so an event exists exactly when the change it reports does.
Appending first locks the head row: that orders every append, on SQLite and PostgreSQL
alike, and since the lock is taken last in a transaction, after the rows the transaction
changes, no two transactions wait on each other in opposite orders.

An entry names the actor, the item, the category of processing, the purpose and a small
``detail``; never the content of an item (no names, no text), which belongs in the item.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from triage.storage.tables import AuditEvent, AuditHead, now
from triage.vocabulary import AuditCategory

GENESIS = "0" * 64
SYSTEM_ACTOR = "system"
_PENDING = "audit.pending"
HEAD_ID = 1


@dataclass(frozen=True)
class Entry:
    """What an entry says, before it has a place in the chain."""

    at: dt.datetime
    actor: str
    category: str
    action: str
    item_id: str | None
    purpose: str | None
    detail: dict[str, Any] | None


def canonical_time(at: dt.datetime) -> str:
    """UTC to the microsecond; a naive time (SQLite keeps no zone) is UTC already."""
    if at.tzinfo is not None:
        at = at.astimezone(dt.UTC).replace(tzinfo=None)
    return at.strftime("%Y-%m-%dT%H:%M:%S.%f")


def entry_hash(prev_hash: str, seq: int, entry: Entry) -> str:
    payload = json.dumps(
        [seq, canonical_time(entry.at), entry.actor, entry.category, entry.action, entry.item_id, entry.purpose,
         entry.detail],
        sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str,
    )  # fmt: skip
    return hashlib.sha256(f"{prev_hash}\n{payload}".encode()).hexdigest()


def record(
    session: Session,
    action: str,
    category: AuditCategory,
    *,
    actor: str = SYSTEM_ACTOR,
    item_id: str | None = None,
    purpose: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Log ``action`` when ``session`` commits (nothing is logged if it rolls back)."""
    entry = Entry(now(), actor, str(category), action, item_id, purpose, detail)
    session.info.setdefault(_PENDING, []).append(entry)


def _append_pending(session: Session) -> None:
    pending: list[Entry] = session.info.pop(_PENDING, [])
    if not pending:
        return
    session.flush()  # the transaction's own rows first: the head is always the last lock taken
    head_seq, head_hash = session.execute(
        update(AuditHead)
        .where(AuditHead.id == HEAD_ID)
        .values(seq=AuditHead.seq + len(pending))
        .returning(AuditHead.seq, AuditHead.hash)
    ).one()
    seq, prev = head_seq - len(pending), head_hash
    for entry in pending:
        seq += 1
        digest = entry_hash(prev, seq, entry)
        session.add(
            AuditEvent(
                seq=seq, at=entry.at, actor=entry.actor, category=entry.category, action=entry.action,
                item_id=entry.item_id, purpose=entry.purpose, detail=entry.detail, prev_hash=prev, hash=digest,
            )
        )  # fmt: skip
        prev = digest
    session.execute(update(AuditHead).where(AuditHead.id == HEAD_ID).values(hash=prev))


def _discard_pending(session: Session, *_: object) -> None:
    session.info.pop(_PENDING, None)


def install(factory: sessionmaker[Session]) -> None:
    """Write recorded entries on commit for every session ``factory`` makes."""
    from sqlalchemy import event

    event.listen(factory, "before_commit", _append_pending)
    event.listen(factory, "after_rollback", _discard_pending)


def chain_rows(rows: list[AuditEvent], prev: str = GENESIS, first_seq: int = 1) -> str:
    """Give ``rows`` (oldest first) their place in a chain; returns the last hash (migrations)."""
    for seq, row in enumerate(rows, first_seq):
        row.seq, row.prev_hash = seq, prev
        row.hash = prev = entry_hash(prev, seq, _entry(row))
    return prev


def _entry(row: AuditEvent) -> Entry:
    return Entry(row.at, row.actor, row.category or "", row.action, row.item_id, row.purpose, row.detail)


@dataclass(frozen=True)
class Verdict:
    entries: int
    problem: str | None = None
    seq: int | None = None  # the first entry that fails

    @property
    def ok(self) -> bool:
        return self.problem is None


def _rows(session: Session, chunk: int = 2000) -> Iterator[AuditEvent]:
    last = 0
    while True:
        rows = list(
            session.scalars(select(AuditEvent).where(AuditEvent.seq > last).order_by(AuditEvent.seq).limit(chunk))
        )
        yield from rows
        if len(rows) < chunk:
            return
        last = rows[-1].seq or last


def verify(session: Session) -> Verdict:
    """Recompute the chain; the first entry altered, removed or reordered is named."""
    unchained = session.scalar(select(AuditEvent.id).where(AuditEvent.seq.is_(None)).limit(1))
    if unchained is not None:
        return Verdict(0, f"entry id {unchained} has no place in the chain (inserted outside the service)")
    prev, expected, count = GENESIS, 1, 0
    for row in _rows(session):
        seq = row.seq or 0
        where = f"entry {seq} ({row.action} by {row.actor} at {canonical_time(row.at)})"
        if seq != expected:
            return Verdict(count, f"entry {expected} is missing: the log jumps from {expected - 1} to {seq}", expected)
        if row.prev_hash != prev:
            return Verdict(count, f"{where} does not follow entry {seq - 1}: entries removed or reordered", seq)
        if entry_hash(prev, seq, _entry(row)) != row.hash:
            return Verdict(count, f"{where} was altered: its content does not match its hash", seq)
        prev, expected, count = row.hash or "", expected + 1, count + 1
    head = session.get(AuditHead, HEAD_ID)
    if head is not None and (head.seq != count or head.hash != prev):
        return Verdict(count, f"the log ends at entry {count} but its head says {head.seq}: entries removed", count + 1)
    return Verdict(count)
