"""The pool's safety nets: a worker that dies or hangs never loses its item or stops the batch."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from triage.batch.runner import process_paths
from triage.config import Settings
from triage.service import worker
from triage.service.worker import execute
from triage.storage.db import Database
from triage.storage.tables import Item


def crash_on_poison(payload: dict[str, Any]) -> tuple[dict[str, Any], dict[str, float]]:
    if payload["filename"] == "poison.txt":
        os._exit(9)  # what a segfault in a parser looks like to the pool
    return execute(payload)


def hang_on_poison(payload: dict[str, Any]) -> tuple[dict[str, Any], dict[str, float]]:
    if payload["filename"] == "poison.txt":
        time.sleep(60)
    return execute(payload)


REAL_INIT = worker.init_worker


def die_twice_while_loading(settings: Settings, warm_up: bool = True) -> None:
    """The first two worker processes die while they load their models (no item in hand)."""
    marker = settings.data_dir / "deaths"
    deaths = int(marker.read_text()) if marker.exists() else 0
    if deaths < 2:
        marker.write_text(str(deaths + 1))
        os._exit(9)
    REAL_INIT(settings, warm_up)


def die_on_first_try(payload: dict[str, Any]) -> tuple[dict[str, Any], dict[str, float]]:
    """Every item's first worker dies: workers killed in quick succession."""
    marker = Path(os.environ["TRIAGE_TEST_MARKERS"]) / payload["id"]
    if not marker.exists():
        marker.touch()
        os._exit(9)
    return execute(payload)


def hang_with_a_temporary_copy(payload: dict[str, Any]) -> tuple[dict[str, Any], dict[str, float]]:
    import tempfile

    if payload["filename"] == "poison.txt":
        with tempfile.NamedTemporaryFile(prefix="evidence-copy-", delete=False) as fh:
            fh.write(b"a copy of the evidence, as a renderer makes one")
        time.sleep(60)  # killed at the time limit: no clean-up of its own runs
    return execute(payload)


def slow_urgency_on_poison(payload: dict[str, Any]) -> tuple[dict[str, Any], dict[str, float]]:
    if payload["filename"] == "poison.txt":
        import triage.urgency.stage

        def endless(doc: Any) -> Any:
            while True:  # Python code that never ends: a quadratic rule on a huge text
                time.sleep(0.01)

        triage.urgency.stage.analyse = endless  # type: ignore[assignment]
    return execute(payload)


def _statuses(settings: Settings) -> dict[str, tuple[str, str | None]]:
    db = Database(settings, migrate=False)
    with db.session() as s:
        rows = {i.filename: (i.status, i.error) for i in s.scalars(sa.select(Item))}
    db.dispose()
    return rows


@pytest.mark.parametrize(
    ("poisoned", "limit", "reason"),
    [(crash_on_poison, 120, "worker process died (exit code 9)"), (hang_on_poison, 10, "time limit of 10 s per file")],
)
def test_a_dying_or_hanging_worker_marks_its_item_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, poisoned: Any, limit: float, reason: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "poison.txt").write_text("this file kills the worker that reads it")
    for n in range(3):
        (folder / f"fine{n}.txt").write_text(f"an ordinary letter number {n} about nothing at all")
    monkeypatch.setattr(worker, "execute", poisoned)
    settings = Settings(data_dir=tmp_path / "data", workers=1, file_time_limit_s=limit)
    result = process_paths([folder], settings)
    statuses = _statuses(settings)
    assert statuses["poison.txt"][0] == "error"
    assert reason in (statuses["poison.txt"][1] or "")
    assert all(statuses[f"fine{n}.txt"][0] == "done" for n in range(3))
    assert len(result.processed) == 4 and result.statuses["error"] == 1


def test_workers_that_die_while_loading_or_one_after_another_lose_no_item(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(6):
        (folder / f"letter{n}.txt").write_text(f"an ordinary letter number {n} about nothing at all")
    (tmp_path / "markers").mkdir()
    monkeypatch.setenv("TRIAGE_TEST_MARKERS", str(tmp_path / "markers"))
    monkeypatch.setattr(worker, "init_worker", die_twice_while_loading)
    monkeypatch.setattr(worker, "execute", die_on_first_try)
    settings = Settings(data_dir=tmp_path / "data", workers=2, max_attempts=2)
    (tmp_path / "data").mkdir()
    result = process_paths([folder], settings)
    assert {status for status, _ in _statuses(settings).values()} == {"done"}, _statuses(settings)
    assert result.statuses == {"done": 6}


def test_a_killed_worker_leaves_no_copy_of_the_evidence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "poison.txt").write_text("a scan whose rendering hangs")
    monkeypatch.setattr(worker, "execute", hang_with_a_temporary_copy)
    settings = Settings(data_dir=tmp_path / "data", workers=1, file_time_limit_s=5)
    system_tmp = Path(tempfile.gettempdir())
    before = set(system_tmp.glob("evidence-copy-*"))
    process_paths([folder], settings)
    assert _statuses(settings)["poison.txt"][0] == "error"
    assert set(system_tmp.glob("evidence-copy-*")) == before  # never in the shared temporary folder
    assert not list((settings.data_dir / "tmp").rglob("*"))  # and the private one is gone


def test_a_stage_out_of_time_is_the_stage_named_on_the_item(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "poison.txt").write_text("a letter whose urgency rules never end")
    (folder / "fine.txt").write_text("an ordinary letter about nothing at all")
    monkeypatch.setattr(worker, "execute", slow_urgency_on_poison)
    settings = Settings(data_dir=tmp_path / "data", workers=1, file_time_limit_s=4)
    process_paths([folder], settings)
    db = Database(settings, migrate=False)
    with db.session() as s:
        items = {i.filename: i for i in s.scalars(sa.select(Item))}
    db.dispose()
    poison = items["poison.txt"]
    assert (poison.status, poison.error_stage) == ("error", "urgency")  # not "extract"
    assert "time limit" in (poison.error or "") and items["fine.txt"].status == "done"


def test_nested_expansion_is_capped_per_submitted_file(tmp_path: Path) -> None:
    import io
    import zipfile

    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        for n in range(4):
            zf.writestr(f"m{n}.txt", f"member number {n} of the inner archive")
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w") as zf:
        for n in range(3):
            zf.writestr(f"inner{n}.zip", inner.getvalue()[:-1] + bytes([inner.getvalue()[-1]]))
            zf.writestr(f"note{n}.txt", f"a note {n}")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bomb.zip").write_bytes(outer.getvalue())
    settings = Settings(data_dir=tmp_path / "data", workers=1, max_items_per_upload=8)
    process_paths([folder], settings)
    db = Database(settings, migrate=False)
    with db.session() as s:
        items = list(s.scalars(sa.select(Item)))
    db.dispose()
    assert len(items) == 1 + 8  # the submitted file and no more than the cap below it
    capped = [i for i in items if i.error and "items per submitted file" in i.error]
    assert capped, "the container whose members were refused says so"


def _nesting(width: int, depth: int) -> bytes:
    """A 42.zip-like bomb in miniature: ``width`` archives per level, ``depth`` levels, a letter at the bottom."""
    import io
    import zipfile

    level = b"Ein Brief ganz unten in der Verschachtelung. " * 20
    name = "letter.txt"
    for _ in range(depth):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for n in range(width):
                zf.writestr(f"{n}-{name}", level)
        level, name = buf.getvalue(), "nested.zip"
    return level


@pytest.mark.parametrize(
    ("budget", "value", "said"),
    [("max_tree_seconds", 1e-6, "s of work per submitted file"),  # spent by the outer archive itself
     ("max_tree_bytes", 40_000, "bytes per submitted file")],
)  # fmt: skip
def test_a_nesting_bomb_ends_within_the_tree_budget(tmp_path: Path, budget: str, value: float, said: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "42.zip").write_bytes(_nesting(width=4, depth=4))  # 4 + 16 + 64 + 256 members in all
    settings = Settings(data_dir=tmp_path / "data", workers=1, **{budget: value})
    process_paths([folder], settings)
    db = Database(settings, migrate=False)
    with db.session() as s:
        items = list(s.scalars(sa.select(Item)))
    db.dispose()
    assert len(items) < 1 + 4 + 16 + 64 + 256
    assert all(i.status in ("done", "error") for i in items)
    assert any(i.error and "members not expanded" in i.error and said in i.error for i in items)
