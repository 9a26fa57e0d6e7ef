"""Completion callbacks: a case system that gave a ``callback_url`` is told when its item is triaged.

An outbox: the delivery is written in the transaction that finishes the item, then sent
by whichever worker gets to it (right away through the dispatcher, later through the
sweep), retried with exponential backoff until ``callback_max_attempts``. Only URLs under
the installation's allow-list are accepted at submission, so nothing goes anywhere else.

The payload names the item, its status and its triage summary (codes and levels, never
personal data: the case system reads the item with its key). It is signed:
``X-Triage-Signature: sha256=HEX`` where HEX is HMAC-SHA256 with ``callback_secret`` over
``TIMESTAMP.BODY``, ``TIMESTAMP`` being the ``X-Triage-Timestamp`` header (Unix seconds),
so a receiver can check both the sender and the freshness.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from triage.config import Settings
from triage.storage import audit
from triage.storage.tables import Delivery, Item, now
from triage.vocabulary import AuditCategory

PENDING, SENT, FAILED = "pending", "sent", "failed"
SIGNATURE_HEADER = "X-Triage-Signature"
TIMESTAMP_HEADER = "X-Triage-Timestamp"
EVENT = "item.triaged"

#: ``(url, body, headers, timeout) -> HTTP status``; raises ``OSError`` or ``httpx.HTTPError`` on failure.
Poster = Callable[[str, bytes, dict[str, str], float], int]


def schedule(session: Session, item: Item) -> list[str]:
    """Queue the callback of a finished item, if its submitter asked for one."""
    if not item.callback_url:
        return []
    delivery = Delivery(item_id=item.id, url=item.callback_url, payload=payload(item))
    session.add(delivery)
    session.flush()
    return [delivery.id]


def payload(item: Item) -> dict[str, Any]:
    offences = [code for code in (item.offences or "").split(";") if code]
    return {
        "event": EVENT,
        "item": {
            "id": item.id, "status": item.status, "kind": item.kind, "reference": item.reference,
            "language": item.language, "urgency": item.urgency_level,
            "deadline": item.deadline.isoformat() if item.deadline else None, "offences": offences,
            "error_stage": item.error_stage,
        },
        "links": {"item": f"/v1/items/{item.id}", "prediction": f"/v1/items/{item.id}/prediction"},
    }  # fmt: skip


def sign(secret: bytes, timestamp: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def http_post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
    import httpx

    return httpx.post(url, content=body, headers=headers, timeout=timeout, follow_redirects=False).status_code


def due(session: Session, limit: int = 50) -> list[str]:
    rows = session.scalars(
        select(Delivery.id)
        .where(Delivery.status == PENDING, Delivery.next_attempt_at <= now())
        .order_by(Delivery.next_attempt_at)
        .limit(limit)
    )
    return list(rows)


def attempt(session: Session, delivery_id: str, settings: Settings, post: Poster = http_post) -> str | None:
    """Try one delivery if it is due and nobody else is trying it; returns its new status.

    The caller commits. The attempt is claimed first (its next attempt moved past this one's
    timeout), so two workers never send the same callback at once.
    """
    delivery = session.get(Delivery, delivery_id, populate_existing=True)
    if delivery is None or delivery.status != PENDING:
        return None
    due_at = delivery.next_attempt_at
    at = now()
    if due_at > at:
        return None
    retry_at = at + dt.timedelta(seconds=2 * settings.callback_timeout_s)
    taken = session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.attempts == delivery.attempts)
        .values(attempts=delivery.attempts + 1, next_attempt_at=retry_at)
        .execution_options(synchronize_session=False)
    )
    if getattr(taken, "rowcount", 0) != 1:
        return None
    session.commit()  # the claim is visible before the slow part
    delivery = session.get(Delivery, delivery_id, populate_existing=True)
    assert delivery is not None
    body = json.dumps(delivery.payload, sort_keys=True).encode()
    stamp = str(int(time.time()))
    secret = settings.callback_secret.get_secret_value().encode() if settings.callback_secret else b""
    headers = {"Content-Type": "application/json", TIMESTAMP_HEADER: stamp, SIGNATURE_HEADER: sign(secret, stamp, body)}
    error = None
    try:
        code = post(delivery.url, body, headers, settings.callback_timeout_s)
        if not 200 <= code < 300:
            error = f"HTTP {code}"
    except Exception as exc:  # a refused connection, a timeout: retried later
        error = type(exc).__name__
    if error is None:
        delivery.status, delivery.sent_at, delivery.last_error = SENT, now(), None
        audit.record(
            session, "callback_sent", AuditCategory.DISCLOSURE, item_id=delivery.item_id, purpose="completion callback",
            detail={"delivery": delivery.id, "attempt": delivery.attempts},
        )  # fmt: skip
        return SENT
    delivery.last_error = error
    if delivery.attempts >= settings.callback_max_attempts:
        delivery.status = FAILED
        audit.record(
            session, "callback_failed", AuditCategory.DISCLOSURE, item_id=delivery.item_id,
            purpose="completion callback",
            detail={"delivery": delivery.id, "attempts": delivery.attempts, "error": error},
        )  # fmt: skip
        return FAILED
    backoff = settings.callback_backoff_s * 2 ** (delivery.attempts - 1)
    delivery.next_attempt_at = now() + dt.timedelta(seconds=backoff)
    return PENDING
