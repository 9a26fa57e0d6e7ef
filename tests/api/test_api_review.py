"""Review over HTTP: the queue in priority order, decisions, the export as approved."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import Drain
from triage.service.runtime import Runtime
from triage.vocabulary import AccessRole

Keys = dict[AccessRole, dict[str, str]]
CALM = "Dear colleagues, we send you our yearly report on cooperation. Kind regards."
THREAT = (
    "Urgent: the suspect Viktor PETROV threatened to kill his former partner tonight. "
    "He owns a firearm. Please locate his phone +48 601 234 567 immediately."
)


def _submit(client: TestClient, keys: Keys, text: str) -> str:
    response = client.post("/v1/items", headers=keys[AccessRole.SYSTEM], json={"text": text})
    assert response.status_code == 202
    return str(response.json()["id"])


def test_the_queue_puts_a_threat_first_and_follows_corrections(
    client: TestClient, keys: Keys, runtime: Runtime, drain: Drain
) -> None:
    calm, threat = _submit(client, keys, CALM), _submit(client, keys, THREAT)
    drain(runtime)
    reviewer = keys[AccessRole.REVIEWER]
    page = client.get("/v1/queue", headers=reviewer).json()
    assert [row["id"] for row in page["items"]] == [threat, calm]
    assert page["items"][0]["urgency"] == "immediate" and page["counts"] == {"done": 2}
    only = client.get("/v1/queue", headers=reviewer, params={"urgency": "routine", "limit": 1}).json()
    assert [row["id"] for row in only["items"]] == [calm] and only["total"] == 1
    bad = client.get("/v1/queue", headers=reviewer, params={"offence": "jaywalking"})
    assert bad.status_code == 422 and "unknown offence code" in bad.json()["detail"]
    correction = {"urgency": "immediate", "deadline": "2026-12-01", "offences": ["terrorism"]}
    decided = client.post(f"/v1/items/{calm}/review", headers=reviewer, json=correction)
    assert decided.status_code == 200, decided.text
    page = client.get("/v1/queue", headers=reviewer).json()
    assert [row["id"] for row in page["items"]] == [calm, threat]  # an earlier deadline now leads
    assert page["items"][0]["offences"] == ["terrorism"]


def test_export_needs_review_unless_a_draft_and_is_minimised(
    client: TestClient, keys: Keys, runtime: Runtime, drain: Drain
) -> None:
    threat = _submit(client, keys, THREAT)
    drain(runtime)
    reviewer = keys[AccessRole.REVIEWER]
    refused = client.get(f"/v1/items/{threat}/export", headers=reviewer)
    assert refused.status_code == 409 and "not marked reviewed" in refused.json()["detail"]
    draft = client.get(f"/v1/items/{threat}/export", headers=reviewer, params={"draft": True})
    assert draft.status_code == 200 and draft.headers["x-triage-reviewed"] == "false"
    assert "PETROV" not in draft.text and "601 234 567" not in draft.text and len(draft.text) == len(THREAT)
    assert client.post(f"/v1/items/{threat}/review", headers=reviewer, json={"reviewed": True}).status_code == 200
    final = client.get(f"/v1/items/{threat}/export", headers=keys[AccessRole.SYSTEM], params={"recipient": "CMS"})
    assert final.status_code == 200 and final.headers["x-triage-reviewed"] == "true"
    assert final.text == draft.text
    item = client.get(f"/v1/items/{threat}", headers=reviewer).json()
    assert item["review"]["reviewed"] and item["review"]["reviewed_by"] == "key:test-reviewer"


def test_bad_decisions_are_refused_over_http(client: TestClient, keys: Keys, runtime: Runtime, drain: Drain) -> None:
    threat = _submit(client, keys, THREAT)
    drain(runtime)
    reviewer = keys[AccessRole.REVIEWER]
    for body, needle in (
        ({"urgency": "whenever"}, "urgency"),
        ({"spans": [{"start": 5, "end": 2, "type": "PERSON", "action": "redact"}]}, "must be after start"),
        ({"offences": ["fraud"], "verdict": "guilty"}, "verdict"),
        ({}, "no decision"),
    ):
        response = client.post(f"/v1/items/{threat}/review", headers=reviewer, json=body)
        assert response.status_code == 422 and needle in response.json()["detail"], (body, response.text)
    item = client.get(f"/v1/items/{threat}", headers=reviewer).json()
    assert item["review"]["offences"] is None and item["review"]["spans"] == []
