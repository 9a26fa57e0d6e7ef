"""``triage retention apply``: erase the items whose retention period has passed."""

from __future__ import annotations

from pathlib import Path

import typer

from triage.cli.common import (
    ActorOption,
    DataDirOption,
    actor_name,
    console,
    db_session,
    friendly_errors,
    settings_from,
)
from triage.service import retention
from triage.storage.blobs import BlobStore

retention_app = typer.Typer(help="Retention periods per item kind (TRIAGE_RETENTION_DAYS).", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(retention_app, name="retention")


@retention_app.command("apply")
@friendly_errors
def apply(
    dry_run: bool = typer.Option(False, "--dry-run", help="Only count what would be erased."),
    actor: str | None = ActorOption,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Erase expired items and their files, keeping a tombstone and the audit trail."""
    settings = settings_from(data_dir)
    with db_session(settings, existing=True) as session:
        report = retention.apply(
            session, BlobStore(settings.blob_dir), settings, actor=actor_name(actor), dry_run=dry_run
        )
    verb = "would erase" if dry_run else "erased"
    console.print(
        f"{verb} {report.items} items from {len(report.submitted)} submitted files; "
        f"{report.blobs} stored files removed; {report.memory} remembered translations "
        f"{'would be ' if dry_run else ''}forgotten"
    )
    for item_id in report.submitted[:50]:
        console.print(f"  {item_id}", highlight=False)
