"""A batch: an archive uploaded once, its members items of their own, its progress readable."""

from __future__ import annotations

import io
import zipfile

from fastapi.testclient import TestClient

from tests.conftest import Drain
from triage.service.runtime import Runtime
from triage.vocabulary import AccessRole


def test_an_archive_becomes_a_batch_whose_progress_is_readable(
    client: TestClient, keys: dict[AccessRole, dict[str, str]], runtime: Runtime, drain: Drain
) -> None:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as zf:
        for n in range(3):
            zf.writestr(f"letters/letter{n}.txt", f"Letter {n}: a request about a stolen car in Bruges.")
        zf.writestr("../escape.txt", "a member that tries to leave the archive")
    intake = keys[AccessRole.INTAKE]
    sent = client.post("/v1/batches", headers=intake, files={"file": ("dump.zip", data.getvalue())})
    assert sent.status_code == 202, sent.text
    batch = sent.json()
    waiting = client.get(f"/v1/batches/{batch['id']}", headers=intake).json()
    assert waiting["finished"] is False and waiting["counts"] == {"received": 1}
    drain(runtime)
    done = client.get(f"/v1/batches/{batch['id']}", headers=intake).json()
    assert done["finished"] is True and done["total"] == 5 and done["counts"] == {"done": 4, "error": 1}
    (error,) = done["errors"]
    assert error["member_name"] == "../escape.txt" and "traversal" in error["reason"]
    queue = client.get("/v1/queue", headers=keys[AccessRole.REVIEWER], params={"batch": batch["id"]}).json()
    assert queue["total"] == 5
    missing = client.get("/v1/batches/nope", headers=intake)
    assert missing.status_code == 404
