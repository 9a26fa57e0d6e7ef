"""One ``triage process`` over the regression folder: every hostile case ends as it must, the batch finishes."""

from __future__ import annotations

import contextlib
import csv
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from tests.hostile.dump import MAX_MEMBERS, WORKER_MEMORY_MB, Expect, build
from triage.config import Settings
from triage.storage.db import Database
from triage.storage.tables import Item


def _matches(item: Item, expect: Expect) -> bool:
    if expect.member is None:
        return item.parent_id is None and item.filename == expect.filename
    if expect.member.endswith("…"):  # an overlong name, cut with a marker that keeps it unique
        return item.member_name.startswith(expect.member[:-1]) and "characters, sha256" in item.member_name
    return item.member_name == expect.member and item.filename == expect.filename


#: Peak resident memory of any process of the run: the worker's limit on its heap, plus the code
#: and models it maps (about 250 MiB).
PEAK_RSS_BOUND_MIB = WORKER_MEMORY_MB + 320


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                todo += [int(c) for c in task.read_text().split()]
    return pids


def _peak_rss_mib(proc: subprocess.Popen[str]) -> dict[int, int]:
    """Each process's own peak (VmHWM) in MiB, read while the run lasts."""
    peaks: dict[int, int] = {}
    while proc.poll() is None:
        for pid in _tree(proc.pid):
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peaks[pid] = max(peaks.get(pid, 0), int(line.split()[1]) // 1024)
        time.sleep(0.05)
    return peaks


def test_every_hostile_case_ends_as_expected(tmp_path: Path, db_settings: Settings) -> None:
    expected = build(tmp_path / "dump")
    env = {
        **os.environ, "TRIAGE_DATA_DIR": str(db_settings.data_dir), "TRIAGE_WORKERS": "1",
        "TRIAGE_WORKER_MEMORY_MB": str(WORKER_MEMORY_MB), "TRIAGE_MAX_ARCHIVE_MEMBERS": str(MAX_MEMBERS),
    }  # fmt: skip
    if db_settings.database_url:
        env["TRIAGE_DATABASE_URL"] = db_settings.database_url
    log = tmp_path / "run.log"
    with log.open("w") as out:  # a file, not a pipe: nobody reads a pipe while the run is watched
        run = subprocess.Popen(
            [sys.executable, "-m", "triage.cli", "process", str(tmp_path / "dump")],
            env=env, stdout=out, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        peaks = _peak_rss_mib(run)
    assert run.returncode == 0, log.read_text()
    assert len(peaks) >= 2 and max(peaks.values()) < PEAK_RSS_BOUND_MIB, peaks  # the command and its worker
    print(f"peak resident memory per process (MiB): {sorted(peaks.values())}")
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
