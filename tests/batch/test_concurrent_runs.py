"""Two ``triage process`` runs on one data folder, started together: the items of one run, each processed once."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import sqlalchemy as sa

from triage.config import Settings
from triage.storage.db import Database
from triage.storage.tables import AuditEvent, Item

FILES = 30


def _letters(folder: Path) -> None:
    folder.mkdir()
    for n in range(FILES):
        (folder / f"letter{n:02}.txt").write_text(
            f"Die Staatsanwaltschaft ermittelt im Verfahren {n} wegen Betruges; Vermerk {n * 13}.\n"
        )


def test_two_runs_started_together_register_and_process_each_file_once(
    tmp_path: Path, db_settings: Settings
) -> None:
    _letters(tmp_path / "in")
    env = {**os.environ, "TRIAGE_DATA_DIR": str(db_settings.data_dir), "TRIAGE_WORKERS": "1"}
    if db_settings.database_url:
        env["TRIAGE_DATABASE_URL"] = db_settings.database_url
    cmd = [sys.executable, "-m", "triage.cli", "process", str(tmp_path / "in")]
    runs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for _ in range(2)]  # fmt: skip
    outputs = [run.communicate(timeout=600)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    db = Database(db_settings, migrate=False)
    with db.session() as s:
        items = list(s.scalars(sa.select(Item)))
        processed, received = (
            Counter(s.scalars(sa.select(AuditEvent.item_id).where(AuditEvent.action == action)))
            for action in ("processed", "intake")
        )
    db.dispose()
    assert len(items) == FILES
    assert all(i.status == "done" for i in items)
    assert set(processed) == {i.id for i in items} and set(processed.values()) == {1}
    assert set(received) == {i.id for i in items} and set(received.values()) == {1}  # one intake each
