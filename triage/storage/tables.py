"""Relational schema: items, their provenance (chain of custody), the audit log, batches, and the
service's own records (accounts, keys, review decisions, idempotency keys, callbacks, stage
timings, shared classifiers and translation memory).

The full pipeline output of an item is kept as JSON (``Item.document``) so that adding a
stage never needs a migration; what is queried or sorted on (status, queue priority,
language, parent, hash) has columns.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from triage.vocabulary import ItemStatus


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A time with its zone on every database, stored as UTC.

    PostgreSQL keeps the zone; SQLite keeps none and hands back naive times. Those were
    written in UTC, so the zone is put back on loading: comparisons with ``now()`` and the
    API's RFC 3339 times hold on both.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.astimezone(dt.UTC) if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=dt.UTC)


def new_id() -> str:
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "items"
    __table_args__ = (
        UniqueConstraint("parent_id", "member_name", "sha256", name="uq_items_member"),
        UniqueConstraint("top_key", name="uq_items_top_key"),
        Index("ix_items_status", "status"),
        Index("ix_items_sha256", "sha256"),
        Index("ix_items_queue", "urgency_rank", "deadline", "gravity", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str | None] = mapped_column(String(1024))
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("items.id"), index=True)
    member_name: Mapped[str] = mapped_column(String(1024), default="")  # "" for top-level items
    # "origin:sha256" for a submitted file, None for a member: one item per submitted file, even
    # when two runs register it at the same moment (the database refuses the second insert)
    top_key: Mapped[str | None] = mapped_column(String(80))
    depth: Mapped[int] = mapped_column(Integer, default=0)
    media_type: Mapped[str | None] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16), default=ItemStatus.RECEIVED)
    error_stage: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    pages: Mapped[int] = mapped_column(Integer, default=0)
    declared_language: Mapped[str | None] = mapped_column(String(8))
    document: Mapped[dict[str, object] | None] = mapped_column(JSON(none_as_null=True))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now, onupdate=now)

    # What the submitter said about it
    origin: Mapped[str] = mapped_column(String(8), default="file")  # "file", or "text" (submitted as JSON text)
    kind: Mapped[str] = mapped_column(String(32), default="other")
    reference: Mapped[str | None] = mapped_column(String(256))
    sender: Mapped[str | None] = mapped_column(String(256))
    callback_url: Mapped[str | None] = mapped_column(Text)
    root_id: Mapped[str | None] = mapped_column(String(32), index=True)  # the submitted file it came from
    batch_id: Mapped[str | None] = mapped_column(String(32), index=True)  # the batch that first brought it

    # Work: the next stage group, who holds the item, until when (a lease), how often it was tried
    next_stage: Mapped[str | None] = mapped_column(String(16))
    claimant: Mapped[str | None] = mapped_column(String(128))
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    dispatched_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    # The queue: the effective triage (machine findings with reviewers' corrections)
    urgency_level: Mapped[str | None] = mapped_column(String(16))
    urgency_rank: Mapped[int] = mapped_column(Integer, default=3)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    gravity: Mapped[int] = mapped_column(Integer, default=10_000)
    offences: Mapped[str] = mapped_column(Text, default="")  # ";code;code;" for LIKE filters
    pii_count: Mapped[int] = mapped_column(Integer, default=0)
    document_date: Mapped[dt.date | None] = mapped_column(Date)
    assignee: Mapped[str | None] = mapped_column(String(256), index=True)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    reviewed_by: Mapped[str | None] = mapped_column(String(256))
    erased_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class Provenance(Base):
    """Each time a file reaches us: where from, when, who sent it (chain of custody)."""

    __tablename__ = "provenance"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"), index=True)
    source: Mapped[str] = mapped_column(Text)  # a path, "upload", or "member of <parent>"
    submitter: Mapped[str | None] = mapped_column(String(256))
    batch_id: Mapped[str | None] = mapped_column(String(32), index=True)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)
    reference: Mapped[str | None] = mapped_column(String(256))
    sender: Mapped[str | None] = mapped_column(String(256))


class AuditEvent(Base):
    """Every access and decision: append-only and hash-chained (see ``triage.storage.audit``)."""

    __tablename__ = "audit_events"
    __table_args__ = (UniqueConstraint("seq", name="uq_audit_events_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    seq: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now, index=True)
    actor: Mapped[str] = mapped_column(String(256))
    category: Mapped[str | None] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(64))
    item_id: Mapped[str | None] = mapped_column(String(32), index=True)
    purpose: Mapped[str | None] = mapped_column(String(256))
    detail: Mapped[dict[str, object] | None] = mapped_column(JSON)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))


class AuditHead(Base):
    """One row: the newest entry of the chain. Appending locks it, which orders all appends."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    hash: Mapped[str] = mapped_column(String(64))


class Batch(Base):
    __tablename__ = "batches"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    paths: Mapped[list[str]] = mapped_column(JSON, default=list)
    summary: Mapped[dict[str, object] | None] = mapped_column(JSON)
    submitter: Mapped[str | None] = mapped_column(String(256))
    item_id: Mapped[str | None] = mapped_column(String(32))  # the uploaded archive, for API batches


class User(Base):
    """A person's account; the password is kept as an Argon2 hash only."""

    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(256), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)
    disabled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)  # a one-time password
    failed_signins: Mapped[int] = mapped_column(Integer, default=0)  # wrong passwords in a row
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class WebSession(Base):
    """A person signed in to the web page. The cookie holds a random token; only its SHA-256 is kept."""

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the cookie's token
    user_name: Mapped[str] = mapped_column(String(256), index=True)
    csrf: Mapped[str] = mapped_column(String(64))  # the token every form of this session carries
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)
    seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class SearchText(Base):
    """An item's text and translation folded for the queue's search (removed when the item is erased)."""

    __tablename__ = "search_texts"

    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"), primary_key=True)
    text: Mapped[str] = mapped_column(Text)


class ApiKey(Base):
    """A system's key: ``id`` is public (it is part of the key), only a hash of the secret is kept."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(256), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    secret_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class Decision(Base):
    """A reviewer's decision about one field of an item; never overwritten, the newest per key counts."""

    __tablename__ = "review_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"), index=True)
    actor: Mapped[str] = mapped_column(String(256))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)
    field: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(128), default="")
    value: Mapped[object | None] = mapped_column(JSON)


class IdempotencyKey(Base):
    """A client's ``Idempotency-Key``: the same key and body give the same item, never a second one."""

    __tablename__ = "idempotency_keys"

    principal: Mapped[str] = mapped_column(String(256), primary_key=True)
    key: Mapped[str] = mapped_column(String(256), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    item_id: Mapped[str | None] = mapped_column(String(32))
    batch_id: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)


class Delivery(Base):
    """A completion callback to a case system: an outbox row, retried with backoff until sent."""

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_due", "status", "next_attempt_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    item_id: Mapped[str] = mapped_column(String(32), index=True)
    url: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, object]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending, sent, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class StageRun(Base):
    """How long one stage took on one item (the /metrics histogram); no content."""

    __tablename__ = "stage_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[str] = mapped_column(String(32))
    stage: Mapped[str] = mapped_column(String(64), index=True)
    seconds: Mapped[float] = mapped_column(Float)
    ok: Mapped[bool] = mapped_column(Boolean, default=True)
    finished_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)


class Artefact(Base):
    """A trained classifier shared by every host of a scale-out installation."""

    __tablename__ = "artefacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    version: Mapped[str] = mapped_column(String(64))
    manifest: Mapped[dict[str, object]] = mapped_column(JSON)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)


class MemoryEntry(Base):
    """One remembered translation (``triage.translate.memory``)."""

    __tablename__ = "translation_memory"

    model: Mapped[str] = mapped_column(String(256), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    translation: Mapped[str] = mapped_column(Text)
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)
