"""Intake: every submission is stored and hashed once; idempotency keys give the same item back."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa

from triage.errors import Conflict, InvalidInput
from triage.service.runtime import Runtime
from triage.service.submissions import submit_file, submit_text
from triage.service.views import TextSubmission
from triage.storage.tables import IdempotencyKey, Item, Provenance

TEXT = "Request for assistance concerning the fraud investigation 2026/114."


def _count(rt: Runtime, table: type) -> int:
    with rt.session() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(table)) or 0


def test_a_text_is_stored_as_utf8_and_its_metadata_kept(runtime: Runtime) -> None:
    body = TextSubmission(text=TEXT, language="EN", kind="eio", reference="REF-1", sender="Parquet de Lyon")
    receipt = submit_text(runtime, body, principal="key:cms", idempotency_key=None)
    assert receipt.created and receipt.status == "received"
    with runtime.session() as session:
        item = session.get(Item, receipt.id)
        assert item is not None and item.origin == "text" and item.kind == "eio"
        assert item.declared_language == "en" and item.reference == "REF-1"
        assert item.sha256 == hashlib.sha256(TEXT.encode()).hexdigest()
        assert runtime.blobs.read(item.sha256).decode() == TEXT
        (prov,) = session.scalars(sa.select(Provenance).where(Provenance.item_id == item.id))
        assert (prov.source, prov.submitter, prov.sender) == ("text", "key:cms", "Parquet de Lyon")


def test_the_same_key_and_body_give_the_same_item_and_nothing_more(runtime: Runtime) -> None:
    body = TextSubmission(text=TEXT)
    first = submit_text(runtime, body, principal="key:cms", idempotency_key="k-1")
    again = submit_text(runtime, body, principal="key:cms", idempotency_key="k-1")
    assert first.id == again.id and first.created and not again.created
    assert _count(runtime, Item) == 1 and _count(runtime, Provenance) == 1  # a replay is not a new arrival
    with pytest.raises(Conflict, match="different request"):
        submit_text(runtime, TextSubmission(text=TEXT + " Amended."), principal="key:cms", idempotency_key="k-1")
    assert _count(runtime, Item) == 1 and _count(runtime, IdempotencyKey) == 1
    other = submit_text(runtime, body, principal="key:other", idempotency_key="k-1")  # keys are per caller
    assert other.id == first.id and not other.created  # same bytes: same item, a second arrival
    assert _count(runtime, Provenance) == 2


def test_a_batch_upload_gets_a_batch_and_the_same_one_on_retry(runtime: Runtime) -> None:
    sha = runtime.blobs.put_bytes(b"PK\x05\x06" + b"\0" * 18)  # an empty ZIP
    first = submit_file(runtime, sha, 22, "empty.zip", principal="user:ana", idempotency_key="b", as_batch=True)
    again = submit_file(runtime, sha, 22, "empty.zip", principal="user:ana", idempotency_key="b", as_batch=True)
    assert first.id == again.id and first.item_id == again.item_id  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"language": "french"}, "ISO 639-1"),
        ({"callback_url": "https://elsewhere.example/hook"}, "allow-list"),
        ({"callback_url": "https://user:pw@cms.example/hooks/x"}, "without credentials"),
    ],
)
def test_bad_submissions_are_refused_and_change_nothing(
    runtime: Runtime, changes: dict[str, str], message: str
) -> None:
    runtime.settings.callback_allowlist = ["https://cms.example/hooks/"]
    body = TextSubmission.model_construct(text=TEXT, **changes)  # unvalidated: the service checks again
    with pytest.raises(InvalidInput, match=message):
        submit_text(runtime, body, principal="key:cms", idempotency_key="x")
    assert _count(runtime, Item) == 0 and _count(runtime, IdempotencyKey) == 0


def test_an_allow_listed_callback_is_kept(runtime: Runtime) -> None:
    runtime.settings.callback_allowlist = ["https://cms.example/hooks/"]
    body = TextSubmission(text=TEXT, callback_url="https://cms.example/hooks/case-7")
    receipt = submit_text(runtime, body, principal="key:cms", idempotency_key=None)
    with runtime.session() as session:
        item = session.get(Item, receipt.id)
        assert item is not None and item.callback_url == "https://cms.example/hooks/case-7"
