from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa
from typer.testing import CliRunner

from triage.cli import app
from triage.config import Settings
from triage.storage.db import Database
from triage.storage.tables import Item

runner = CliRunner()

GERMAN = "Die Staatsanwaltschaft ermittelt wegen Betruges gegen einen Beschuldigten aus der Stadt."
RUSSIAN = "Прокуратура расследует дело о мошенничестве против подозреваемого из города."


def _dump(folder: Path) -> None:
    (folder / "sub").mkdir(parents=True)
    (folder / "utf8.txt").write_text(GERMAN, encoding="utf-8")
    (folder / "utf16.txt").write_text(GERMAN + " Zweite Fassung.", encoding="utf-16")
    (folder / "sub" / "cp1251.txt").write_bytes(RUSSIAN.encode("cp1251"))
    (folder / "sub" / "same-as-utf8.txt").write_text(GERMAN, encoding="utf-8")
    (folder / "junk.bin").write_bytes(bytes(range(256)) * 4)
    (folder / "empty.txt").write_bytes(b"")


def _items(settings: Settings) -> list[Item]:
    db = Database(settings, migrate=False)
    with db.session() as s:
        items = list(s.scalars(sa.select(Item)))
    db.dispose()
    return items


def test_every_file_is_accounted_for_and_duplicates_stored_once(tmp_path: Path) -> None:
    _dump(tmp_path / "in")
    data = tmp_path / "data"
    result = runner.invoke(app, ["process", str(tmp_path / "in"), "--data-dir", str(data), "-w", "1"])
    assert result.exit_code == 0, result.output
    assert "files seen" in result.output and "report:" in result.output
    items = {i.filename: i for i in _items(Settings(data_dir=data))}
    assert len(items) == 5  # six files, one a byte-for-byte duplicate
    assert items["utf16.txt"].status == "done" and items["utf16.txt"].language == "de"
    assert items["cp1251.txt"].language == "ru"
    assert (items["cp1251.txt"].document or {})["text"] == RUSSIAN
    assert items["junk.bin"].status == "error" and "unrecognised file type" in (items["junk.bin"].error or "")
    assert items["empty.txt"].status == "done"
    report = next((data / "reports").glob("*.jsonl"))
    rows = [json.loads(line) for line in report.read_text().splitlines()]
    assert {r["filename"] for r in rows} == set(items)
    assert next((data / "reports").glob("*.csv")).read_text().count("\n") == 6

    again = runner.invoke(app, ["process", str(tmp_path / "in"), "--data-dir", str(data), "-w", "1"])
    assert again.exit_code == 0, again.output
    assert len(_items(Settings(data_dir=data))) == 5  # nothing redone, nothing duplicated


FILES = 400


def test_killed_run_resumes_without_losing_or_duplicating(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(FILES):
        (folder / f"f{n:02}.txt").write_text(f"{GERMAN} Aktenzeichen {n} und Vermerk Nummer {n * 7}.")
    data = tmp_path / "data"
    env = {**os.environ, "TRIAGE_DATA_DIR": str(data), "TRIAGE_WORKERS": "1"}
    cmd = [sys.executable, "-m", "triage.cli", "process", str(folder)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    settings = Settings(data_dir=data)
    deadline = time.monotonic() + 120
    done = 0
    while time.monotonic() < deadline and done < 3:
        time.sleep(0.05)
        if (data / "triage.sqlite3").exists():
            try:
                done = sum(i.status == "done" for i in _items(settings))
            except sa.exc.OperationalError:
                continue  # the schema is being created
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = _items(settings)
    assert 3 <= sum(i.status == "done" for i in partial) < FILES, "the run was not interrupted mid-way"
    finished = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    items = _items(settings)
    assert len(items) == FILES
    assert all(i.status == "done" for i in items)
    assert len({i.sha256 for i in items}) == FILES


def test_show_prints_an_item_and_its_full_record(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "letter.txt").write_text(GERMAN)
    data = str(tmp_path / "data")
    assert runner.invoke(app, ["process", str(tmp_path / "in"), "--data-dir", data, "-w", "1"]).exit_code == 0
    item = _items(Settings(data_dir=tmp_path / "data"))[0]
    human = runner.invoke(app, ["show", item.id, "--data-dir", data])
    assert human.exit_code == 0 and "letter.txt" in human.output and "Staatsanwaltschaft" in human.output
    record = json.loads(runner.invoke(app, ["show", item.sha256[:12], "--json", "--data-dir", data]).output)
    assert record["id"] == item.id
    assert record["provenance"][0]["source"].endswith("letter.txt")
    assert record["segments"][0]["start"] == 0 and record["segments"][0]["text"].startswith("Die Staats")
    missing = runner.invoke(app, ["show", "ffffffffffff", "--data-dir", data])
    assert missing.exit_code == 3 and "no item" in missing.output


def test_analyze_writes_one_prediction_per_item(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        json.dumps({"id": "A1", "text": GERMAN}) + "\n" + json.dumps({"id": "A2", "text": RUSSIAN}) + "\n"
    )
    out = tmp_path / "pred.jsonl"
    result = runner.invoke(app, ["analyze", str(corpus), "-o", str(out), "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 0, result.output
    assert "stages:" in result.output and "language" in result.output
    predictions = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(p["id"], p["language"]) for p in predictions] == [("A1", "de"), ("A2", "ru")]
    assert all(isinstance(p["pii"], list) and isinstance(p["offences"], list) for p in predictions)


def test_analyze_rejects_a_malformed_corpus_clearly(tmp_path: Path) -> None:
    corpus = tmp_path / "bad.jsonl"
    corpus.write_text('{"id": "A1", "text": "ok"}\nnot json\n')
    result = runner.invoke(app, ["analyze", str(corpus), "-o", str(tmp_path / "p.jsonl")])
    assert result.exit_code == 4
    assert "bad.jsonl:2: not JSON" in result.output


def test_export_writes_the_minimised_text_and_logs_it(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    letter = (
        "The witness Anna KOWALSKA, born on 12 March 1985, lives at 14 Example Street.\n"
        "Her account is DE89 3704 0044 0532 0130 00.\n"
    )
    (tmp_path / "in" / "statement.txt").write_text(letter)
    data = str(tmp_path / "data")
    assert runner.invoke(app, ["process", str(tmp_path / "in"), "--data-dir", data, "-w", "1"]).exit_code == 0
    item = _items(Settings(data_dir=tmp_path / "data"))[0]
    out = tmp_path / "shared.txt"
    args = ["export", item.id, "-o", str(out), "--data-dir", data, "--actor", "clerk"]
    unreviewed = runner.invoke(app, args)
    assert unreviewed.exit_code == 5 and "not marked reviewed" in unreviewed.output
    result = runner.invoke(app, [*args, "--draft"])
    assert result.exit_code == 0, result.output
    shared = out.read_text()
    assert out.stat().st_mode & 0o077 == 0  # an export is evidence: not readable by other users
    assert "KOWALSKA" not in shared and "0532 0130" not in shared
    assert len(shared.splitlines()) == len(letter.splitlines())  # the layout is kept
    db = Database(Settings(data_dir=tmp_path / "data"), migrate=False)
    with db.session() as s:
        from triage.storage.tables import AuditEvent

        events = [(e.action, e.actor) for e in s.scalars(sa.select(AuditEvent).where(AuditEvent.item_id == item.id))]
    db.dispose()
    assert ("exported_minimised", "clerk") in events
