from __future__ import annotations

import hashlib

import sqlalchemy as sa

from triage.config import Settings
from triage.document import ChildFile, ItemStatus
from triage.storage import repository
from triage.storage.blobs import BlobStore
from triage.storage.db import Database
from triage.storage.repository import Arrival
from triage.storage.tables import AuditEvent, Item, Provenance


def test_blob_store_is_content_addressed(settings: Settings) -> None:
    blobs = BlobStore(settings.blob_dir)
    sha = blobs.put_bytes(b"evidence")
    assert sha == hashlib.sha256(b"evidence").hexdigest()
    assert blobs.read(sha) == b"evidence"
    assert blobs.path(sha).parent.parent.name == sha[:2]
    assert blobs.put_bytes(b"evidence") == sha  # stored once
    assert len([p for p in settings.blob_dir.rglob("*") if p.is_file()]) == 1


def test_blob_writer_stores_nothing_past_its_limit(settings: Settings) -> None:
    import pytest

    from triage.errors import TooLarge

    blobs = BlobStore(settings.blob_dir)
    with pytest.raises(TooLarge), blobs.writer(limit=10) as out:
        out.write(b"123456")
        out.write(b"7890ab")
    assert not [p for p in settings.blob_dir.rglob("*") if p.is_file()]
    with blobs.writer(limit=10) as out:
        out.write(b"12345")
        sha, size = out.commit()
    assert (sha, size) == (hashlib.sha256(b"12345").hexdigest(), 5) and blobs.read(sha) == b"12345"


def test_same_file_twice_is_one_item_with_two_provenance_records(db_settings: Settings) -> None:
    db = Database(db_settings)
    with db.session() as s:
        first, created1 = repository.intake(s, sha256="a" * 64, size=3, filename="a.txt", arrival=Arrival("/in/a.txt"))
        again, created2 = repository.intake(
            s, sha256="a" * 64, size=3, filename="copy.txt", arrival=Arrival("/in/copy.txt")
        )
        s.commit()
        assert (created1, created2) == (True, False)
        assert first.id == again.id and first.root_id == first.id and first.next_stage == "extract"
        assert s.scalar(sa.select(sa.func.count()).select_from(Item)) == 1
        assert [p.source for p in repository.provenance_of(s, first.id)] == ["/in/a.txt", "/in/copy.txt"]
        events = [(e.action, e.category) for e in s.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq))]
        assert events == [("intake", "collection"), ("resubmitted", "collection")]
    db.dispose()


def test_children_are_created_once_and_errors_kept(db_settings: Settings) -> None:
    db = Database(db_settings)
    with db.session() as s:
        parent, _ = repository.intake(s, sha256="b" * 64, size=9, filename="x.zip", arrival=Arrival("x.zip"))
        ok = ChildFile(name="dir/a.txt", sha256="c" * 64, size=1)
        bad = ChildFile(name="../evil", sha256="d" * 64, size=0, error="path traversal in member name")
        child = repository.add_child(s, parent, ok)
        refused = repository.add_child(s, parent, bad)
        assert repository.add_child(s, parent, ok) is None  # a re-run adds nothing
        s.commit()
        assert child is not None and child.depth == 1 and child.parent_id == parent.id
        assert child.root_id == parent.id and child.status == ItemStatus.RECEIVED
        assert refused is not None and refused.status == ItemStatus.ERROR and "traversal" in (refused.error or "")
        assert refused.next_stage is None
        assert {c.member_name for c in repository.children_of(s, parent.id)} == {"dir/a.txt", "../evil"}
        assert s.scalar(sa.select(sa.func.count()).select_from(Provenance)) == 3
    db.dispose()


def test_find_by_prefix(db_settings: Settings) -> None:
    db = Database(db_settings)
    with db.session() as s:
        item, _ = repository.intake(s, sha256="e" * 64, size=5, filename="y.txt", arrival=Arrival("y"))
        s.commit()
        assert repository.find_item(s, "eeeeee").id == item.id
        assert repository.find_item(s, item.id[:8]).id == item.id
        assert repository.get_item(s, item.id).id == item.id
    db.dispose()


def test_schema_comes_from_alembic_migrations(db_settings: Settings) -> None:
    db = Database(db_settings)
    inspector = sa.inspect(db.engine)
    tables = set(inspector.get_table_names())
    assert {"items", "provenance", "audit_events", "audit_head", "batches", "users", "api_keys",
            "review_decisions", "idempotency_keys", "deliveries", "stage_runs", "artefacts",
            "translation_memory", "web_sessions", "search_texts", "alembic_version"} <= tables  # fmt: skip
    with db.engine.connect() as conn:
        assert conn.scalar(sa.text("SELECT version_num FROM alembic_version")) == "0004"
    db.dispose()
