"""``triage audit verify``: recompute the audit log's hash chain."""

from __future__ import annotations

from pathlib import Path

import typer

from triage.cli.common import DataDirOption, console, db_session, err_console, friendly_errors, settings_from
from triage.storage import audit

audit_app = typer.Typer(help="The audit log (Art. 25 Directive (EU) 2016/680).", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
@friendly_errors
def verify(data_dir: Path | None = DataDirOption) -> None:
    """Check that no entry was altered, removed or reordered; exit code 1 names the first that was."""
    with db_session(settings_from(data_dir), existing=True) as session, console.status("verifying the audit chain"):
        verdict = audit.verify(session)
    if verdict.ok:
        console.print(f"audit log intact: {verdict.entries} entries, chain verified")
        return
    err_console.print(f"[red]audit log broken[/] after {verdict.entries} good entries: {verdict.problem}")
    raise typer.Exit(1)
