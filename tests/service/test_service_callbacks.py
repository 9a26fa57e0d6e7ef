"""Completion callbacks: signed, sent once, retried with backoff, given up on after the limit."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

import pytest
import sqlalchemy as sa
from pydantic import SecretStr

from tests.conftest import Drain
from triage.service import callbacks
from triage.service.runtime import Runtime
from triage.service.submissions import submit_text
from triage.service.views import TextSubmission
from triage.storage.tables import AuditEvent, Delivery

HOOK = "https://cms.example/hooks/case-42"


@pytest.fixture
def hooked(runtime: Runtime, drain: Drain) -> str:
    runtime.settings.callback_allowlist = ["https://cms.example/hooks/"]
    runtime.settings.callback_secret = SecretStr("shared secret")
    body = TextSubmission(text="A request about a stolen lorry in Antwerp.", callback_url=HOOK, reference="C-42")
    item_id = submit_text(runtime, body, principal="key:cms", idempotency_key=None).id
    drain(runtime)
    return item_id


def _due(rt: Runtime) -> list[str]:
    with rt.session() as session:
        return callbacks.due(session)


def test_a_finished_item_calls_back_once_signed(runtime: Runtime, hooked: str) -> None:
    sent: list[tuple[str, bytes, dict[str, str]]] = []

    def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
        sent.append((url, body, headers))
        return 204

    (delivery,) = _due(runtime)
    with runtime.session() as session:
        assert callbacks.attempt(session, delivery, runtime.settings, post) == callbacks.SENT
        session.commit()
        assert callbacks.attempt(session, delivery, runtime.settings, post) is None  # sent once
        disclosure = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "callback_sent")).one()
    ((url, body, headers),) = sent
    payload = json.loads(body)
    assert url == HOOK and payload["item"]["id"] == hooked and payload["item"]["status"] == "done"
    assert payload["item"]["reference"] == "C-42" and "Antwerp" not in body.decode()  # no content
    stamp = headers[callbacks.TIMESTAMP_HEADER]
    expected = hmac.new(b"shared secret", stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    assert headers[callbacks.SIGNATURE_HEADER] == f"sha256={expected}"
    assert disclosure.item_id == hooked and disclosure.category == "disclosure"


def test_failures_back_off_then_give_up(runtime: Runtime, hooked: str) -> None:
    runtime.settings.callback_max_attempts = 3

    def refuse(url: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
        raise ConnectionRefusedError

    (delivery,) = _due(runtime)
    delays = []
    for expected in (callbacks.PENDING, callbacks.PENDING, callbacks.FAILED):
        with runtime.session() as session:
            status = callbacks.attempt(session, delivery, runtime.settings, refuse)
            session.commit()
            row = session.get(Delivery, delivery)
            assert status == expected and row is not None and row.last_error == "ConnectionRefusedError"
            next_at = row.next_attempt_at if row.next_attempt_at.tzinfo else row.next_attempt_at.replace(tzinfo=dt.UTC)
            delays.append((next_at - dt.datetime.now(dt.UTC)).total_seconds())
            assert _due(runtime) == []  # not due again before its backoff
            session.execute(sa.update(Delivery).values(next_attempt_at=dt.datetime.now(dt.UTC)))
            session.commit()
    assert delays[1] > delays[0] * 1.5  # the backoff doubles
    assert _due(runtime) == []


def test_a_redirect_to_another_host_is_not_followed() -> None:
    """The allow-listed receiver answers 307 to a host off the list: nothing reaches that host."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    reached: list[str] = []

    class Elsewhere(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            reached.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    elsewhere = ThreadingHTTPServer(("127.0.0.1", 0), Elsewhere)

    class Redirecting(Elsewhere):
        def do_POST(self) -> None:
            self.send_response(307)
            self.send_header("Location", f"http://127.0.0.1:{elsewhere.server_address[1]}/stolen")
            self.end_headers()

    allowed = ThreadingHTTPServer(("127.0.0.1", 0), Redirecting)
    for server in (elsewhere, allowed):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        status = callbacks.http_post(f"http://127.0.0.1:{allowed.server_address[1]}/hook", b"{}", {}, 5.0)
    finally:
        for server in (elsewhere, allowed):
            server.shutdown()
            server.server_close()
    assert status == 307 and reached == []
