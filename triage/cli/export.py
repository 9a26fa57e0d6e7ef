"""``triage export ITEM``: the minimised text of an item, ready to share onward."""

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
from triage.service import review


def register(app: typer.Typer) -> None:
    app.command("export")(export)


@friendly_errors
def export(
    ref: str = typer.Argument(..., help="Item id or SHA-256 (or a unique prefix of at least 6 characters)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here instead of standard output."),
    recipient: str | None = typer.Option(None, "--to", help="Who receives it (written to the audit log)."),
    purpose: str = typer.Option("onward sharing", "--purpose", help="Why (written to the audit log)."),
    draft: bool = typer.Option(False, "--draft", help="Export an item nobody has marked reviewed yet."),
    actor: str | None = ActorOption,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Write the item's text with its personal data minimised as the policy and the reviewers decided.

    Redacted, pseudonymised and generalised spans keep their length, so the layout (lines,
    columns of a form or a bank statement) is kept. Every export is written to the audit log
    as a disclosure. An item nobody has marked reviewed is exported only with --draft.
    """
    settings = settings_from(data_dir)
    with db_session(settings, existing=True) as session:
        result = review.export(
            session, ref, actor=actor_name(actor), purpose=purpose, settings=settings,
            recipient=recipient or (str(output) if output else "stdout"), draft=draft, exact=False,
        )  # fmt: skip
    if output is None:
        typer.echo(result.text)
    else:
        output.write_text(result.text, encoding="utf-8")
        console.print(f"minimised text of item {result.item_id} -> {output}{'' if result.reviewed else ' (draft)'}")
