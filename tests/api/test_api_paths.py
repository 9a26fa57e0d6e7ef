"""Inputs that name a path: none reaches the file system as given. An upload's file name is kept as
data (the blob is named by its hash), a download is named by the last part only, and an id made
of dots and slashes is simply not found; archive members that climb out are refused
(tests/api/test_api_batches.py)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Drain
from tests.web.conftest import sign_in
from triage.service.runtime import Runtime
from triage.vocabulary import AccessRole

CLIMBERS = ["../../../../etc/passwd", "..\\..\\windows\\system.ini", "/etc/shadow", "a/../../b.txt"]


@pytest.mark.parametrize("name", CLIMBERS)
def test_an_uploaded_file_name_never_places_a_file(
    client: TestClient, keys: dict[AccessRole, dict[str, str]], runtime: Runtime, name: str
) -> None:
    sent = client.post("/v1/items", headers=keys[AccessRole.INTAKE], files={"file": (name, b"a letter")})
    assert sent.status_code == 202, sent.text
    files = [p for p in runtime.settings.data_dir.rglob("*") if p.is_file()]
    assert all(p.resolve().is_relative_to(runtime.settings.data_dir.resolve()) for p in files)
    assert not any(p.name in ("passwd", "shadow", "system.ini", "b.txt") for p in files)
    item = client.get(f"/v1/items/{sent.json()['id']}", headers=keys[AccessRole.REVIEWER]).json()
    assert item["filename"] == name  # kept as the sender's data, never used as a path


@pytest.mark.parametrize("ref", ["..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e", "..%5c..%5cwindows", "ZZ", "é"])
def test_an_id_made_of_dots_and_slashes_is_not_found(
    client: TestClient, keys: dict[AccessRole, dict[str, str]], ref: str
) -> None:
    answer = client.get(f"/v1/items/{ref}", headers=keys[AccessRole.REVIEWER])
    assert answer.status_code == 404
    assert answer.headers["content-type"] in ("application/problem+json", "application/json")


def test_a_download_is_named_by_the_last_part_only(
    client: TestClient, keys: dict[AccessRole, dict[str, str]], runtime: Runtime, drain: Drain
) -> None:
    from triage.service import accounts

    sent = client.post("/v1/items", headers=keys[AccessRole.INTAKE], files={"file": (CLIMBERS[0], b"a letter")})
    with runtime.session() as session:
        accounts.add_user(session, "reviewer-user", AccessRole.REVIEWER, "a password long enough", actor="test")
    client.base_url = "http://127.0.0.1"  # type: ignore[assignment]  # plain http: loopback keeps the cookie
    token = sign_in(client, AccessRole.REVIEWER)
    answer = client.post(f"/items/{sent.json()['id']}/original", data={"csrf": token})
    assert answer.status_code == 200
    assert answer.headers["content-disposition"] == 'attachment; filename="passwd"'


@pytest.mark.parametrize(
    "url", ["/v1/queue?assignee=%00", "/v1/items/0123456789abcdef/export?purpose=x%00y", "/v1/items/ab%00cd"]
)
def test_a_nul_anywhere_in_a_url_is_refused_readably(
    client: TestClient, keys: dict[AccessRole, dict[str, str]], url: str
) -> None:
    answer = client.get(url, headers=keys[AccessRole.SUPERVISOR])
    assert answer.status_code == 422 and "NUL" in answer.json()["detail"]


def test_a_nul_in_a_body_is_refused_readably(client: TestClient, keys: dict[AccessRole, dict[str, str]]) -> None:
    answer = client.post("/v1/items", headers=keys[AccessRole.INTAKE], json={"text": "a letter", "reference": "a\x00b"})
    assert answer.status_code == 422 and "NUL" in answer.text
