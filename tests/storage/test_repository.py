from __future__ import annotations

import hashlib

import sqlalchemy as sa

from triage.config import Settings
from triage.document import ChildFile, Document, ItemStatus
from triage.storage import repository
from triage.storage.blobs import BlobStore
from triage.storage.db import Database
from triage.storage.tables import AuditEvent, Item, Provenance


def test_blob_store_is_content_addressed(settings: Settings) -> None:
    blobs = BlobStore(settings.blob_dir)
    sha = blobs.put_bytes(b"evidence")
    assert sha == hashlib.sha256(b"evidence").hexdigest()
    assert blobs.read(sha) == b"evidence"
    assert blobs.path(sha).parent.parent.name == sha[:2]
    assert blobs.put_bytes(b"evidence") == sha  # stored once
    assert len([p for p in settings.blob_dir.rglob("*") if p.is_file()]) == 1


def test_same_file_twice_is_one_item_with_two_provenance_records(db_settings: Settings) -> None:
    db = Database(db_settings)
    with db.session() as s:
        first, created1 = repository.intake(
            s, sha256="a" * 64, size=3, source="/in/a.txt", filename="a.txt", batch_id=None
        )
        again, created2 = repository.intake(
            s, sha256="a" * 64, size=3, source="/in/copy.txt", filename="copy.txt", batch_id=None
        )
        s.commit()
        assert (created1, created2) == (True, False)
        assert first.id == again.id
        assert s.scalar(sa.select(sa.func.count()).select_from(Item)) == 1
        assert [p.source for p in repository.provenance_of(s, first.id)] == ["/in/a.txt", "/in/copy.txt"]
        actions = [e.action for e in s.scalars(sa.select(AuditEvent).order_by(AuditEvent.id))]
        assert actions == ["intake", "resubmitted"]
    db.dispose()


def test_children_are_created_once_and_errors_kept(db_settings: Settings) -> None:
    db = Database(db_settings)
    with db.session() as s:
        parent, _ = repository.intake(s, sha256="b" * 64, size=9, source="x.zip", filename="x.zip", batch_id=None)
        ok = ChildFile(name="dir/a.txt", sha256="c" * 64, size=1)
        bad = ChildFile(name="../evil", sha256="d" * 64, size=0, error="path traversal in member name")
        child = repository.add_child(s, parent, ok, None)
        refused = repository.add_child(s, parent, bad, None)
        assert repository.add_child(s, parent, ok, None) is None  # a re-run adds nothing
        s.commit()
        assert child is not None and child.depth == 1 and child.parent_id == parent.id
        assert refused is not None and refused.status == ItemStatus.ERROR and "traversal" in (refused.error or "")
        assert {c.member_name for c in repository.children_of(s, parent.id)} == {"dir/a.txt", "../evil"}
        assert s.scalar(sa.select(sa.func.count()).select_from(Provenance)) == 3
    db.dispose()


def test_results_round_trip_and_find_by_prefix(db_settings: Settings) -> None:
    db = Database(db_settings)
    with db.session() as s:
        item, _ = repository.intake(s, sha256="e" * 64, size=5, source="y", filename="y.txt", batch_id=None)
        doc = Document(text="hello", language="en", media_type="text/plain")
        repository.save_result(s, item, doc)
        s.commit()
        found = repository.find_item(s, "eeeeee")
        assert found.id == item.id and found.status == ItemStatus.DONE
        assert Document.model_validate(found.document).text == "hello"
        assert repository.find_item(s, item.id[:8]).id == item.id
    db.dispose()


def test_schema_comes_from_alembic_migrations(db_settings: Settings) -> None:
    db = Database(db_settings)
    inspector = sa.inspect(db.engine)
    tables = set(inspector.get_table_names())
    assert {"items", "provenance", "audit_events", "batches", "alembic_version"} <= tables
    with db.engine.connect() as conn:
        assert conn.scalar(sa.text("SELECT version_num FROM alembic_version")) == "0001"
    db.dispose()
