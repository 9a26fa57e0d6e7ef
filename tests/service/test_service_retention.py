"""Retention erases expired items and their files, keeps tombstones, and logs each erasure."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tests.conftest import Drain
from triage.service import retention, review
from triage.service.runtime import Runtime
from triage.service.submissions import submit_text
from triage.service.views import ReviewRequest, TextSubmission
from triage.storage import audit
from triage.storage.tables import AuditEvent, Decision, Item, Provenance
from triage.vocabulary import ItemKind, ItemStatus

OLD = "An e-mail from the suspect Piotr WISNIEWSKI about the shipment, sent last year."
NEW = "A fresh European Investigation Order about a fraud case."


def test_expired_items_are_erased_and_shared_files_kept(runtime: Runtime, drain: Drain) -> None:
    runtime.settings.retention_days = {ItemKind.EMAIL: 30}
    old = submit_text(runtime, TextSubmission(text=OLD, kind="email"), principal="key:t", idempotency_key=None).id
    new = submit_text(runtime, TextSubmission(text=NEW, kind="eio"), principal="key:t", idempotency_key=None).id
    drain(runtime)
    with runtime.session() as session:
        review.decide(session, old, review_request(), actor="user:r")
        session.execute(sa.update(Item).where(Item.id == old).values(
            created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=31)))  # fmt: skip
        session.commit()
        old_sha = session.get(Item, old).sha256  # type: ignore[union-attr]
        preview = retention.apply(session, runtime.blobs, runtime.settings, actor="cli:dpo", dry_run=True)
        assert preview.submitted == [old] and preview.items == 1
        assert session.get(Item, old).status == ItemStatus.DONE  # type: ignore[union-attr]
        report = retention.apply(session, runtime.blobs, runtime.settings, actor="cli:dpo")
    assert report.submitted == [old] and report.blobs == 1 and not runtime.blobs.exists(old_sha)
    with runtime.session() as session:
        tomb = session.get(Item, old)
        kept = session.get(Item, new)
        assert tomb is not None and kept is not None
        assert tomb.status == ItemStatus.ERASED and tomb.document is None and tomb.filename is None
        assert tomb.sha256 == old_sha  # the tombstone still says what was held
        assert session.scalars(sa.select(Decision).where(Decision.item_id == old)).all() == []
        assert {p.source for p in session.scalars(sa.select(Provenance).where(Provenance.item_id == old))} == {
            retention.ERASED_SOURCE}
        erased = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "erased")).one()
        assert (erased.item_id, erased.category, erased.actor) == (old, "erasure", "cli:dpo")
        assert kept.status == ItemStatus.DONE and runtime.blobs.exists(kept.sha256)
        assert audit.verify(session).ok
        again = retention.apply(session, runtime.blobs, runtime.settings, actor="cli:dpo")
    assert again.submitted == []  # erased once


def review_request() -> ReviewRequest:
    return ReviewRequest(note="Suspect identified; see the shipment list.")
