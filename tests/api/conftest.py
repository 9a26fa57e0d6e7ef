"""Fixtures for the API: an app over the test's runtime, a key per role, a PDF to upload."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from reportlab.pdfgen import canvas

from triage.service import accounts
from triage.service.runtime import Runtime
from triage.vocabulary import AccessRole

PASSWORD = "a password long enough"


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    """The app over ``runtime``, without embedded workers: tests process with ``drain``."""
    from api.main import create_app

    runtime.settings.embedded_workers = False
    with TestClient(create_app(runtime.settings, runtime=runtime), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def keys(runtime: Runtime) -> dict[AccessRole, dict[str, str]]:
    """An ``Authorization`` header for each role (API keys)."""
    headers = {}
    with runtime.session() as session:
        for role in AccessRole:
            _, plain = accounts.create_key(session, f"test-{role}", role, actor="test")
            headers[role] = {"Authorization": f"Bearer {plain}"}
    return headers


def make_pdf(lines: list[str]) -> bytes:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    for i, line in enumerate(lines):
        pdf.drawString(72, 720 - 18 * i, line)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


LETTER = [
    "Request for mutual legal assistance, reference 2026/77.",
    "The suspect Marek NOWAK, born on 12 March 1985, is held in custody.",
    "He transferred the proceeds of the fraud to IBAN DE89 3704 0044 0532 0130 00.",
    "Please reply by 15 January 2027.",
]
