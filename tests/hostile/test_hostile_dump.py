"""One ``triage process`` over the regression folder: every hostile case ends as it must, the batch finishes."""

from __future__ import annotations

import csv
import os
import stat
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from tests.hostile.dump import Expect, build
from triage.config import Settings
from triage.storage.db import Database
from triage.storage.tables import Item


def _matches(item: Item, expect: Expect) -> bool:
    if expect.member is None:
        return item.parent_id is None and item.filename == expect.filename
    if expect.member.endswith("…"):  # an overlong name, cut with a marker that keeps it unique
        return item.member_name.startswith(expect.member[:-1]) and "characters, sha256" in item.member_name
    return item.member_name == expect.member and item.filename == expect.filename


def test_every_hostile_case_ends_as_expected(tmp_path: Path, db_settings: Settings) -> None:
    expected = build(tmp_path / "dump")
    env = {**os.environ, "TRIAGE_DATA_DIR": str(db_settings.data_dir), "TRIAGE_WORKERS": "1"}
    if db_settings.database_url:
        env["TRIAGE_DATABASE_URL"] = db_settings.database_url
    run = subprocess.run(
        [sys.executable, "-m", "triage.cli", "process", str(tmp_path / "dump")],
        env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    db = Database(db_settings, migrate=False)
    with db.session() as s:
        items = list(s.scalars(sa.select(Item)))
    db.dispose()
    problems = []
    for expect in expected:
        found = [i for i in items if _matches(i, expect)]
        if len(found) != 1:
            problems.append(f"{expect}: {len(found)} items")
        elif found[0].status != expect.status or expect.reason not in (found[0].error or ""):
            problems.append(f"{expect}: got {found[0].status} {found[0].error!r}")
    assert not problems, "\n".join(problems)
    assert all(i.status in ("done", "error") for i in items)  # the batch finished: nothing left in work

    # The report quotes a name a spreadsheet would run as a formula.
    report = next((db_settings.data_dir / "reports").glob("*.csv"))
    with report.open(encoding="utf-8") as fh:
        names = [row["filename"] for row in csv.DictReader(fh)]
    assert "'=HYPERLINK(1).txt" in names and "=HYPERLINK(1).txt" not in names

    # Nothing the run wrote is readable by other users.
    shared = [p for p in db_settings.data_dir.rglob("*") if stat.S_IMODE(p.stat().st_mode) & 0o077]
    assert stat.S_IMODE(db_settings.data_dir.stat().st_mode) == 0o700 and not shared
