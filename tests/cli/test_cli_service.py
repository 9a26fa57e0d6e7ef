"""The service's commands: accounts and keys, the audit check, retention."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import Drain
from tests.offences.test_offence_training import ITEMS
from triage.cli import app
from triage.config import Settings
from triage.service import review
from triage.service.runtime import Runtime, Wakeup
from triage.service.submissions import submit_text
from triage.service.views import ReviewRequest, TextSubmission

runner = CliRunner()


def _run(data: Path, *args: str, stdin: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, [*args, "--data-dir", str(data)], input=stdin)
    return result.exit_code, result.output


def test_users_and_keys(tmp_path: Path) -> None:
    data = tmp_path / "data"
    code, out = _run(data, "users", "add", "ana", "--role", "reviewer", "--password-stdin", stdin="long enough pass\n")
    assert code == 0 and "ana" in out
    code, out = _run(data, "users", "add", "bob", "--role", "reviewer", stdin="long enough pass\nlong enough pass\n")
    assert code == 0, out  # asked twice at the prompt
    code, out = _run(data, "users", "add", "eve", "--role", "king", "--password-stdin", stdin="long enough pass\n")
    assert code == 4 and "unknown role 'king'" in out
    code, out = _run(data, "keys", "create", "cms", "--role", "system")
    key = out.strip().splitlines()[-1]
    assert code == 0 and key.startswith("mlt_")
    code, out = _run(data, "keys", "list")
    assert code == 0 and "cms" in out and key not in out
    assert _run(data, "keys", "revoke", "cms")[0] == 0
    assert _run(data, "users", "disable", "ana")[0] == 0
    code, out = _run(data, "users", "list")
    assert code == 0 and "ana" in out and "bob" in out
    code, out = _run(data, "users", "disable", "nobody")
    assert code == 3 and "no user called 'nobody'" in out


def test_audit_verify_passes_then_names_the_edited_entry(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for name in ("a", "b", "c"):
        _run(data, "keys", "create", name, "--role", "system")
    code, out = _run(data, "audit", "verify")
    assert code == 0 and "3 entries" in out
    with sqlite3.connect(data / "triage.sqlite3") as db:
        db.execute("UPDATE audit_events SET actor = 'cli:someone-else' WHERE seq = 2")
    code, out = _run(data, "audit", "verify")
    assert code == 1 and "entry 2 (key_created by cli:someone-else" in out and "altered" in out


def test_retention_dry_run_then_apply(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "old.txt").write_text("An old letter about a stolen bicycle in Leuven.")
    assert runner.invoke(app, ["process", str(tmp_path / "in"), "--data-dir", str(data), "-w", "1"]).exit_code == 0
    old = (dt.datetime.now(dt.UTC) - dt.timedelta(days=4000)).strftime("%Y-%m-%d %H:%M:%S")
    with sqlite3.connect(data / "triage.sqlite3") as db:
        db.execute("UPDATE items SET created_at = ?", (old,))
    code, out = _run(data, "retention", "apply", "--dry-run")
    assert code == 0 and "would erase 1 items" in out
    code, out = _run(data, "retention", "apply")
    assert code == 0 and "erased 1 items" in out and "1 stored files removed" in out
    with sqlite3.connect(data / "triage.sqlite3") as db:
        assert db.execute("SELECT status, document FROM items").fetchall() == [("erased", None)]
    assert _run(data, "audit", "verify")[0] == 0


def test_train_learns_from_the_reviewers_decisions(tmp_path: Path, drain: Drain) -> None:
    data = tmp_path / "data"
    rt = Runtime.build(Settings(data_dir=data), dispatcher=Wakeup())
    try:
        ids = [submit_text(rt, TextSubmission(text=x.text), principal="key:t", idempotency_key=None).id for x in ITEMS]
        drain(rt)
        with rt.session() as session:
            for item_id, example in zip(ids, ITEMS, strict=True):
                review.decide(session, item_id, ReviewRequest(offences=list(example.codes)), actor="user:r")
    finally:
        rt.close()
    code, out = _run(data, "train", "--from-reviews", "--folds", "3")
    assert code == 0, out
    assert f"{len(ITEMS)} labelled items, reviewers' decisions included" in out and "saved" in out
    assert list((data / "classifiers").glob("offences-*.joblib"))
