"""``triage process PATH...``: a dump of files, folders, archives and mailboxes, in parallel."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from triage.batch.report import write_reports
from triage.batch.runner import BatchResult, process_paths
from triage.batch.runner import Progress as BatchProgress
from triage.cli.common import DataDirOption, console, err_console, friendly_errors, settings_from
from triage.document import Document
from triage.storage.db import Database
from triage.storage.tables import Item


def register(app: typer.Typer) -> None:
    app.command("process")(process)


@friendly_errors
def process(
    paths: list[Path] = typer.Argument(..., exists=True, help="Files, folders, archives or mailboxes."),
    data_dir: Path | None = DataDirOption,
    workers: int | None = typer.Option(None, "--workers", "-w", help="Worker processes (default: CPU cores)."),
    language: str | None = typer.Option(None, "--language", help="Declared language (ISO 639-1) of the items."),
    submitter: str | None = typer.Option(None, "--submitter", help="Who submits the files (chain of custody)."),
    report_dir: Path | None = typer.Option(
        None, "--report-dir", help="Where to write the report (default DATA/reports)."
    ),
) -> None:
    """Store, extract and analyse every file; resumable: run it again after an interruption.

    Every file becomes an item: with its text and findings, or in an error state with the
    reason. The same file given twice is stored once. Ends with a summary table and a report
    (JSONL and CSV).
    """
    settings = settings_from(data_dir, workers)
    new_folder = settings.database_url is None and not settings.data_dir.exists()
    errors: Counter[str] = Counter()
    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("pages {task.fields[pages]}  errors {task.fields[errors]}  {task.fields[rate]}"),
        TimeElapsedColumn(), console=console, transient=False,
    ) as bar:  # fmt: skip
        intake = bar.add_task("intake", total=None, pages=0, errors=0, rate="")
        work = bar.add_task("items", total=0, pages=0, errors=0, rate="")
        state = {"pages": 0, "done": 0}
        started = bar.tasks[work].elapsed

        def on_item(item: Item, doc: Document | None) -> None:
            state["pages"] += item.pages or 0
            state["done"] += 1
            if item.status == "error":
                errors[item.error_stage or "?"] += 1
            elapsed = (bar.tasks[work].elapsed or 0) - (started or 0)
            rate = f"{state['done'] / elapsed:.1f} items/s" if elapsed > 0 else ""
            bar.update(work, advance=1, pages=state["pages"], errors=sum(errors.values()), rate=rate)

        result = process_paths(
            paths, settings, submitter=submitter, declared_language=language,
            progress=BatchProgress(
                on_intake=lambda n: bar.update(intake, advance=n),
                on_total=lambda n: bar.update(work, total=(bar.tasks[work].total or 0) + n),
                on_item=on_item,
            ),
        )  # fmt: skip
    _summary(result)
    for path in result.empty_paths:
        err_console.print(f"[yellow]warning:[/] no files under {path}")
    db = Database(settings, migrate=False)
    with db.session() as session:
        jsonl, csv_path = write_reports(
            session, result.roots, report_dir or settings.data_dir / "reports", f"batch-{result.batch_id}"
        )
    db.dispose()
    console.print(f"report: {jsonl}  {csv_path}")
    if new_folder:  # a mistyped --data-dir shows here, not as a silently empty database later
        console.print(f"new data folder: {settings.data_dir.resolve()}")
    if result.interrupted:
        console.print("[yellow]interrupted[/]: run the same command again to finish the remaining items")
        raise typer.Exit(130)


def _summary(result: BatchResult) -> None:
    table = Table(title=f"batch {result.batch_id}")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("files seen", str(result.files_seen))
    table.add_row("files new to the store", str(result.files_new))
    table.add_row("items processed (incl. members)", str(len(result.processed)))
    for status, count in sorted(result.statuses.items()):
        table.add_row(f"  {status}", str(count))
    for stage, count in result.error_stages.most_common():
        table.add_row(f"    errors at {stage}", str(count))
    table.add_row("needing human translation (no model)", str(result.needs_human_translation))
    for code, count in sorted(result.warnings.items()):
        table.add_row(f"read with a warning: {code.replace('_', ' ')}", str(count))
    table.add_row("pages", str(result.pages))
    table.add_row("time", f"{result.seconds:.1f} s")
    table.add_row("rate", f"{result.rate:.1f} items/s")
    hits, misses = result.notes.get("translation_memory_hits", 0), result.notes.get("translation_memory_misses", 0)
    if hits + misses:
        table.add_row("translation memory hit rate", f"{hits / (hits + misses):.0%} of {int(hits + misses)} segments")
    console.print(table)
