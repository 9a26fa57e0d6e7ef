"""Relational schema: items, their provenance (chain of custody), the audit log, batches.

The full pipeline output of an item is kept as JSON (``Item.document``) so that adding a
stage never needs a migration; what is queried (status, language, parent, hash) has columns.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_id() -> str:
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "items"
    __table_args__ = (
        UniqueConstraint("parent_id", "member_name", "sha256", name="uq_items_member"),
        Index("ix_items_status", "status"),
        Index("ix_items_sha256", "sha256"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str | None] = mapped_column(String(1024))
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("items.id"), index=True)
    member_name: Mapped[str] = mapped_column(String(1024), default="")  # "" for top-level items
    depth: Mapped[int] = mapped_column(Integer, default=0)
    media_type: Mapped[str | None] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16), default="received")
    error_stage: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    pages: Mapped[int] = mapped_column(Integer, default=0)
    declared_language: Mapped[str | None] = mapped_column(String(8))
    document: Mapped[dict[str, object] | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now, onupdate=_now)


class Provenance(Base):
    """Each time a file reaches us: where from, when, who sent it (chain of custody)."""

    __tablename__ = "provenance"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"), index=True)
    source: Mapped[str] = mapped_column(Text)  # a path, "upload", or "member of <parent>"
    submitter: Mapped[str | None] = mapped_column(String(256))
    batch_id: Mapped[str | None] = mapped_column(String(32), index=True)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class AuditEvent(Base):
    """Every access and decision: append-only."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    actor: Mapped[str] = mapped_column(String(256))
    action: Mapped[str] = mapped_column(String(64))
    item_id: Mapped[str | None] = mapped_column(String(32), index=True)
    detail: Mapped[dict[str, object] | None] = mapped_column(JSON)


class Batch(Base):
    __tablename__ = "batches"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    paths: Mapped[list[str]] = mapped_column(JSON, default=list)
    summary: Mapped[dict[str, object] | None] = mapped_column(JSON)
