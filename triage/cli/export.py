"""``triage export ITEM``: the minimised text of an item, ready to share onward."""

from __future__ import annotations

from pathlib import Path

import typer

from triage.cli.common import DataDirOption, console, friendly_errors, settings_from
from triage.document import Document
from triage.errors import InvalidInput
from triage.minimise import minimised_text
from triage.storage import repository
from triage.storage.db import Database


def register(app: typer.Typer) -> None:
    app.command("export")(export)


@friendly_errors
def export(
    ref: str = typer.Argument(..., help="Item id or SHA-256 (or a unique prefix of at least 6 characters)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here instead of standard output."),
    actor: str = typer.Option("cli", "--actor", help="Who exports (written to the audit log)."),
    data_dir: Path | None = DataDirOption,
) -> None:
    """Write the item's text with its personal data minimised as the policy decided.

    Redacted, pseudonymised and generalised spans keep their length, so the layout (lines,
    columns of a form or a bank statement) is kept. Every export is written to the audit log.
    """
    db = Database(settings_from(data_dir))
    with db.session() as session:
        item = repository.find_item(session, ref)
        if item.document is None:
            raise InvalidInput(f"item {item.id} has not been processed (status {item.status}): nothing to export")
        doc = Document.model_validate(item.document)
        if not any(s.name == "minimise" and s.ok for s in doc.stages):
            raise InvalidInput(f"item {item.id} has no minimisation decisions (status {item.status}, {doc.error})")
        text = minimised_text(doc)
        repository.audit(
            session, "exported_minimised", actor=actor, item_id=item.id,
            detail={"spans": len(doc.findings.pii), "to": str(output) if output else "stdout"},
        )  # fmt: skip
        session.commit()
    db.dispose()
    if output is None:
        typer.echo(text)
    else:
        output.write_text(text, encoding="utf-8")
        console.print(f"minimised text of item {item.id} -> {output}")
