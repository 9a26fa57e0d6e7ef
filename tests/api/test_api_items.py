"""Submitting and reading items over HTTP: files and texts, idempotency, clear errors."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import LETTER, make_pdf
from tests.conftest import Drain
from triage.service.runtime import Runtime
from triage.vocabulary import AccessRole

SYSTEM, REVIEWER, INTAKE = AccessRole.SYSTEM, AccessRole.REVIEWER, AccessRole.INTAKE
Keys = dict[AccessRole, dict[str, str]]


def _problem(response: object, status: int) -> dict[str, object]:
    body = response.json()  # type: ignore[attr-defined]
    assert response.status_code == status, body  # type: ignore[attr-defined]
    assert response.headers["content-type"] == "application/problem+json"  # type: ignore[attr-defined]
    assert {"type", "title", "status", "detail"} <= set(body) and body["status"] == status
    return body  # type: ignore[no-any-return]


def test_a_pdf_upload_is_triaged_and_readable(client: TestClient, keys: Keys, runtime: Runtime, drain: Drain) -> None:
    pdf = make_pdf(LETTER)
    sent = client.post("/v1/items", headers=keys[SYSTEM], files={"file": ("request.pdf", pdf, "application/pdf")},
                       data={"language": "en", "kind": "mla_request", "reference": "2026/77"})  # fmt: skip
    assert sent.status_code == 202, sent.text
    receipt = sent.json()
    assert receipt["status"] == "received" and receipt["created"] is True
    assert client.get(f"/v1/items/{receipt['id']}/prediction", headers=keys[SYSTEM]).status_code == 409
    drain(runtime)
    item = client.get(f"/v1/items/{receipt['id']}", headers=keys[REVIEWER]).json()
    assert item["status"] == "done" and item["media_type"] == "application/pdf" and item["kind"] == "mla_request"
    assert item["provenance"][0]["submitter"] == "key:test-system" and item["reference"] == "2026/77"
    assert "NOWAK" in item["text"] and item["segments"][0]["text"]
    assert any(s["type"] == "IBAN" and s["evidence"]["source"] for s in item["findings"]["pii"])
    prediction = client.get(f"/v1/items/{receipt['id']}/prediction", headers=keys[SYSTEM]).json()
    assert prediction["id"] == receipt["id"] and prediction["urgency"]["level"] in ("urgent", "immediate")
    for span in prediction["pii"]:  # offsets into the original text
        assert item["text"][span["start"] : span["end"]].strip()


def test_a_json_text_and_its_idempotent_retry(client: TestClient, keys: Keys) -> None:
    body = {"text": "A request concerning a burglary in Ghent.", "language": "en", "kind": "eio"}
    headers = {**keys[SYSTEM], "Idempotency-Key": "case-7-attempt"}
    first = client.post("/v1/items", headers=headers, json=body)
    again = client.post("/v1/items", headers=headers, json=body)
    assert first.status_code == again.status_code == 202
    assert first.json()["id"] == again.json()["id"] and again.json()["created"] is False
    changed = client.post("/v1/items", headers=headers, json={**body, "text": "Another text."})
    assert "different request" in str(_problem(changed, 409)["detail"])


@pytest.mark.parametrize(
    ("kwargs", "status", "needle"),
    [
        ({"json": {"text": ""}}, 422, "text"),
        ({"json": {"text": "x", "colour": "red"}}, 422, "colour"),
        ({"json": {"text": "x", "kind": "memo"}}, 422, "kind"),
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 422, "not valid"),
        ({"content": b"hello", "headers": {"content-type": "text/plain"}}, 415, "multipart/form-data"),
        ({"files": {"other": ("a.txt", b"x")}}, 422, "no file"),
        ({"files": {"file": ("a.txt", b"x")}, "data": {"kind": "memo"}}, 422, "kind"),
    ],
    ids=["empty-text", "unknown-field", "bad-kind", "broken-json", "wrong-type", "no-file", "bad-form-kind"],
)
def test_bad_requests_get_one_clear_problem_and_change_nothing(
    client: TestClient, keys: Keys, runtime: Runtime, kwargs: dict[str, object], status: int, needle: str
) -> None:
    kwargs = dict(kwargs)  # the parameters are shared by the database variants
    headers = {**keys[SYSTEM], **kwargs.pop("headers", {})}  # type: ignore[dict-item]
    response = client.post("/v1/items", headers=headers, **kwargs)  # type: ignore[arg-type]
    problem = _problem(response, status)
    assert needle in str(problem["detail"]) and "Traceback" not in response.text
    assert client.get("/v1/queue", headers=keys[REVIEWER]).json()["total"] == 0


def test_an_upload_over_the_limit_is_refused_and_nothing_is_kept(
    client: TestClient, keys: Keys, runtime: Runtime
) -> None:
    runtime.settings.max_upload_bytes = 1000
    response = client.post("/v1/items", headers=keys[SYSTEM], files={"file": ("big.bin", b"x" * 5000)})
    assert "limit of 1000 bytes" in str(_problem(response, 413)["detail"])
    assert not [p for p in runtime.blobs.root.rglob("*") if p.is_file()]


def test_validation_errors_never_echo_what_was_sent(client: TestClient, keys: Keys) -> None:
    secret = "Jan KOWALSKI born 12 March 1985"
    response = client.post("/v1/items", headers=keys[SYSTEM], json={"text": 5, "sender": secret * 20})
    assert response.status_code == 422 and "KOWALSKI" not in response.text


def test_credentials_and_roles(client: TestClient, keys: Keys, runtime: Runtime) -> None:
    from triage.service import accounts

    missing = client.get("/v1/queue")
    assert "credentials needed" in str(_problem(missing, 401)["detail"])
    assert missing.headers["www-authenticate"].startswith("Bearer")
    _problem(client.get("/v1/queue", headers={"Authorization": "Bearer mlt_0000_nope"}), 401)
    _problem(client.get("/v1/queue", headers=keys[INTAKE]), 403)
    with runtime.session() as session:
        accounts.add_user(session, "ana", "reviewer", "a password long enough", actor="test")
    assert client.get("/v1/queue", auth=("ana", "a password long enough")).status_code == 200
    _problem(client.get("/v1/queue", auth=("ana", "wrong password here")), 401)


def test_unknown_items_and_routes(client: TestClient, keys: Keys) -> None:
    _problem(client.get("/v1/items/doesnotexist", headers=keys[REVIEWER]), 404)
    _problem(client.get("/v1/nothing-here", headers=keys[REVIEWER]), 404)
    _problem(client.delete("/v1/queue", headers=keys[REVIEWER]), 405)
