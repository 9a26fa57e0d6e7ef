"""The blob folder full or read-only (a small tmpfs, remounted read-only): uploads are refused with
a readable 503 and leave nothing behind, readiness names the store, members that no longer fit
end as items that say why, and everything works again once there is room."""

from __future__ import annotations

import io
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from tests.conftest import Drain
from triage.config import Settings
from triage.service import accounts
from triage.service.runtime import Runtime, Wakeup
from triage.storage.tables import Item
from triage.vocabulary import AccessRole, ItemStatus

pytestmark = pytest.mark.slow
SIZE_KB = 512


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def small_store(tmp_path: Path) -> Iterator[Path]:
    """A blob folder of its own file system, ``SIZE_KB`` large (needs root: skipped otherwise)."""
    folder = tmp_path / "blobs"
    folder.mkdir()
    if not _mount("-t", "tmpfs", "-o", f"size={SIZE_KB}k", "tmpfs", str(folder)):
        pytest.skip("needs to mount a small tmpfs (root, as on the CI machine) to fill or freeze the blob store")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def service(small_store: Path, tmp_path: Path) -> Iterator[tuple[TestClient, Runtime, dict[str, str]]]:
    from api.main import create_app

    settings = Settings(data_dir=tmp_path / "data", blobs_dir=small_store, workers=1, embedded_workers=False)
    rt = Runtime.build(settings, dispatcher=Wakeup())
    with rt.session() as session:
        _, key = accounts.create_key(session, "scanner", AccessRole.INTAKE, actor="test")
    with TestClient(create_app(settings, runtime=rt), raise_server_exceptions=False) as client:
        yield client, rt, {"Authorization": f"Bearer {key}"}
    rt.close()


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob(".incoming-*")]


def items(rt: Runtime) -> list[Item]:
    with rt.session() as session:
        return list(session.scalars(sa.select(Item)))


def test_a_full_store_refuses_uploads_and_members_that_do_not_fit_say_why(
    service: tuple[TestClient, Runtime, dict[str, str]], small_store: Path, drain: Drain
) -> None:
    client, rt, auth = service
    too_big = client.post("/v1/items", headers=auth, files={"file": ("big.bin", b"x" * (SIZE_KB + 64) * 1024)})
    assert too_big.status_code == 503, too_big.text
    assert "cannot be written" in too_big.json()["detail"] and "space" in too_big.json()["detail"]
    assert leftovers(small_store) == [] and items(rt) == []
    # An archive that fits, whose members do not all fit once stored one by one
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as zf:
        for n in range(12):
            zf.writestr(f"scan{n:02}.txt", (f"page {n} " * 8000)[: 60_000] + str(n))
    sent = client.post("/v1/batches", headers=auth, files={"file": ("dump.zip", data.getvalue())})
    assert sent.status_code == 202, sent.text
    drain(rt)
    stored = items(rt)
    assert stored and all(i.status in (ItemStatus.DONE, ItemStatus.ERROR) for i in stored)
    failed = [i for i in stored if i.status == ItemStatus.ERROR]
    assert failed and all("cannot be written" in (i.error or "") for i in failed)
    assert leftovers(small_store) == []


def test_a_read_only_store_is_named_by_readiness_and_work_resumes_after(
    service: tuple[TestClient, Runtime, dict[str, str]], small_store: Path, drain: Drain
) -> None:
    client, rt, auth = service
    assert _mount("-o", "remount,ro", str(small_store))
    try:
        refused = client.post("/v1/items", headers=auth, files={"file": ("a.txt", b"a letter about a theft")})
        assert refused.status_code == 503 and "Read-only" in refused.json()["detail"]
        ready = client.get("/readyz")
        assert ready.status_code == 503 and "blob" in ready.text
    finally:
        assert _mount("-o", "remount,rw", str(small_store))
    assert items(rt) == []
    again = client.post("/v1/items", headers=auth, files={"file": ("a.txt", b"a letter about a theft")})
    assert again.status_code == 202
    drain(rt)
    assert [i.status for i in items(rt)] == [ItemStatus.DONE]
    assert client.get("/readyz").status_code == 200
