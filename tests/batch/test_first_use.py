"""What a new user meets on the command line: mistakes are said, re-runs report, nothing printed raw."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import sqlalchemy as sa
from typer.testing import CliRunner

from triage.cli import app
from triage.config import Settings
from triage.storage.db import Database
from triage.storage.tables import Item

runner = CliRunner()
LETTER = "Die Staatsanwaltschaft ermittelt wegen Betruges gegen einen Beschuldigten aus der Stadt.\n"


def _process(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["process", *args, "-w", "1"])
    return result.exit_code, result.output


def _items(data: Path) -> list[Item]:
    db = Database(Settings(data_dir=data), migrate=False)
    with db.session() as s:
        items = list(s.scalars(sa.select(Item).order_by(Item.depth)))
    db.dispose()
    return items


def test_a_language_code_that_names_no_language_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(LETTER)
    code, output = _process(str(tmp_path / "a.txt"), "--language", "zz", "--data-dir", str(tmp_path / "d"))
    assert code == 4 and "ISO 639-1" in output and "'zz'" in output
    assert _process(str(tmp_path / "a.txt"), "--language", "MT", "--data-dir", str(tmp_path / "d"))[0] == 0
    assert _items(tmp_path / "d")[0].declared_language == "mt"


def test_an_empty_folder_is_said(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "a.txt").write_text(LETTER)
    code, output = _process(str(tmp_path / "empty"), "--data-dir", str(tmp_path / "d"))
    assert code == 4 and "no files under" in output
    code, output = _process(str(tmp_path / "a.txt"), str(tmp_path / "empty"), "--data-dir", str(tmp_path / "d"))
    assert code == 0 and "warning: no files under" in output


def test_a_rerun_reports_every_item_and_a_new_folder_is_named(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(LETTER)
    with zipfile.ZipFile(tmp_path / "in" / "b.zip", "w") as z:
        z.writestr("inner.txt", LETTER + "Zweiter Brief.\n")
    data = tmp_path / "d"
    code, output = _process(str(tmp_path / "in"), "--data-dir", str(data))
    assert code == 0 and "new data folder" in output
    code, output = _process(str(tmp_path / "in"), "--data-dir", str(data))
    assert code == 0 and "new data folder" not in output
    latest = max((data / "reports").glob("*.jsonl"), key=lambda p: p.stat().st_mtime_ns)
    rows = [json.loads(line) for line in latest.read_text().splitlines()]
    assert sorted(r["filename"] for r in rows) == ["a.txt", "b.zip", "inner.txt"]


def test_reading_commands_refuse_a_data_folder_that_holds_nothing(tmp_path: Path) -> None:
    for command in (["show", "abcdef12"], ["export", "abcdef12"], ["audit", "verify"]):
        result = runner.invoke(app, [*command, "--data-dir", str(tmp_path / "typo")])
        assert result.exit_code == 3 and "nothing was processed there" in result.output, command
    assert not (tmp_path / "typo").exists()


def test_same_bytes_in_and_out_of_an_archive_and_an_archive_export(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(LETTER)
    with zipfile.ZipFile(tmp_path / "in" / "b.zip", "w") as z:
        z.writestr("a.txt", LETTER)
    data = str(tmp_path / "d")
    assert _process(str(tmp_path / "in"), "--data-dir", data)[0] == 0
    items = _items(tmp_path / "d")
    loose = next(i for i in items if i.parent_id is None and i.filename == "a.txt")
    member = next(i for i in items if i.parent_id is not None)
    shown = runner.invoke(app, ["show", loose.sha256, "--data-dir", data])
    assert shown.exit_code == 4 and loose.id in shown.output and member.id in shown.output
    assert runner.invoke(app, ["show", member.id, "--data-dir", data]).exit_code == 0
    archive = next(i for i in items if i.filename == "b.zip")
    exported = runner.invoke(app, ["export", archive.id, "--draft", "--data-dir", data])
    assert exported.exit_code == 5 and "container" in exported.output and member.id in exported.output


def test_show_prints_terminal_escapes_and_markup_inert(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    text = LETTER * 3 + "Kein \x1b]0;title\x07 Titel [red]rot[/red].\n"
    (tmp_path / "in" / "x\x1b[2Jname[bold].txt").write_text(text)
    data = str(tmp_path / "d")
    assert _process(str(tmp_path / "in"), "--data-dir", data)[0] == 0
    item = _items(tmp_path / "d")[0]
    shown = runner.invoke(app, ["show", item.id, "--data-dir", data])
    assert shown.exit_code == 0 and "\x1b" not in shown.output and "\x07" not in shown.output
    assert "x\\x1b[2Jname[bold].txt" in shown.output and "[red]rot[/red]" in shown.output


def test_a_reading_warning_is_counted_in_the_batch_summary_and_the_report(tmp_path: Path) -> None:
    from triage.batch.report import report_row
    from triage.batch.runner import BatchResult
    from triage.cli.process import _summary
    from triage.document import Document, ReadingWarning

    warning = ReadingWarning(code="ocr_pack_missing", message="OCR pack 'tur' for 'tr' is not installed")
    doc = Document(text="Şüpheli", warnings=[warning])
    item = Item(id="a" * 32, status="done", pages=1, document=doc.model_dump(mode="json"))
    result = BatchResult(batch_id="b" * 32)
    result.account(item, doc)
    result.account(Item(id="c" * 32, status="done", pages=1, document=doc.model_dump(mode="json")), None)
    assert result.warnings == {"ocr_pack_missing": 2}
    from triage.cli.common import console

    with console.capture() as captured:
        _summary(result)
    assert "read with a warning: ocr pack missing" in captured.get()
    assert "'tur'" in report_row(item)["warnings"]
