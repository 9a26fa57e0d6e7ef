"""Submissions as the edges make them: register, commit, then hand the item to the workers.

The dispatch comes after the commit, so a worker never looks for an item that is not there
yet; a dispatch that fails leaves the item queued in the database, where the sweep finds it.
"""

from __future__ import annotations

from triage.service.intake import (
    Registered,
    check_callback,
    check_language,
    fingerprint,
    idempotent,
    new_batch,
    register_blob,
    store_text,
)
from triage.service.runtime import Runtime
from triage.service.views import BatchReceipt, Receipt, TextSubmission
from triage.storage.repository import FIRST_QUEUE, Arrival
from triage.vocabulary import ItemKind, ItemStatus


def _dispatch(rt: Runtime, done: Registered) -> None:
    if done.created and done.item.status == ItemStatus.RECEIVED:
        rt.dispatcher.items(FIRST_QUEUE, [done.item.id])


def submit_text(rt: Runtime, body: TextSubmission, *, principal: str, idempotency_key: str | None) -> Receipt:
    arrival = Arrival(
        source="text", submitter=principal, declared_language=check_language(body.language), kind=body.kind,
        reference=body.reference, sender=body.sender, callback_url=check_callback(rt.settings, body.callback_url),
        origin="text",
    )  # fmt: skip
    request_hash = fingerprint(route="items", **body.model_dump(mode="json"))
    with rt.session() as session:

        def register() -> Registered:
            sha, size = store_text(rt.blobs, body.text, rt.settings)
            item, created = register_blob(session, sha, size, None, settings=rt.settings, arrival=arrival)
            return Registered(item, created)

        done = idempotent(session, principal, idempotency_key, request_hash, register)
        session.commit()
    _dispatch(rt, done)
    return Receipt(id=done.item.id, status=ItemStatus(done.item.status), created=done.created)


def submit_file(
    rt: Runtime,
    sha256: str,
    size: int,
    filename: str | None,
    *,
    principal: str,
    idempotency_key: str | None,
    as_batch: bool = False,
    language: str | None = None,
    kind: ItemKind = ItemKind.OTHER,
    reference: str | None = None,
    sender: str | None = None,
    callback_url: str | None = None,
) -> Receipt | BatchReceipt:
    """Register an upload already in the blob store; ``as_batch`` makes its members a batch."""
    request_hash = fingerprint(
        route="batches" if as_batch else "items", sha256=sha256, filename=filename, language=language, kind=kind,
        reference=reference, sender=sender, callback_url=callback_url,
    )  # fmt: skip
    with rt.session() as session:

        def register() -> Registered:
            batch = new_batch(session, submitter=principal, paths=[filename or "upload"]) if as_batch else None
            arrival = Arrival(
                source="upload", submitter=principal, batch_id=batch.id if batch else None,
                declared_language=check_language(language), kind=kind, reference=reference, sender=sender,
                callback_url=check_callback(rt.settings, callback_url),
            )  # fmt: skip
            item, created = register_blob(session, sha256, size, filename, settings=rt.settings, arrival=arrival)
            if batch is not None:
                batch.item_id = item.id
            return Registered(item, created, batch.id if batch else None)

        done = idempotent(session, principal, idempotency_key, request_hash, register)
        session.commit()
    _dispatch(rt, done)
    status = ItemStatus(done.item.status)
    if as_batch:
        return BatchReceipt(id=done.batch_id or "", item_id=done.item.id, status=status, created=done.created)
    return Receipt(id=done.item.id, status=status, created=done.created)
