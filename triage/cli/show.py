"""``triage show ITEM``: one item for a person, or the whole record (the API's item view) with --json."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from triage.cli.common import (
    ActorOption,
    DataDirOption,
    actor_name,
    console,
    db_session,
    friendly_errors,
    settings_from,
)
from triage.document import Evidence
from triage.names import terminal_safe
from triage.service import review
from triage.service.views import ItemView


def register(app: typer.Typer) -> None:
    app.command("show")(show)


@friendly_errors
def show(
    ref: str = typer.Argument(..., help="Item id or SHA-256 (or a unique prefix of at least 6 characters)."),
    as_json: bool = typer.Option(False, "--json", help="The whole record as JSON (GET /v1/items/ID), for scripts."),
    purpose: str = typer.Option("review", "--purpose", help="Why the item is read (written to the audit log)."),
    actor: str | None = ActorOption,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Print one item: provenance, status, language, text, translations and findings with evidence.

    Every reading is written to the audit log (a consultation), with the actor and the purpose.
    """
    with db_session(settings_from(data_dir), existing=True) as session:
        record = review.read(session, ref, actor=actor_name(actor), purpose=purpose, via="cli", exact=False)
    if as_json:
        typer.echo(record.model_dump_json(indent=2))
        return
    _print(record)


def _safe(value: object) -> str:
    """A value from an item as inert text: no terminal escape obeyed, no Rich markup applied."""
    return escape(terminal_safe(str(value)))


def _print(record: ItemView) -> None:
    head = Table(show_header=False, title=f"item {record.id}")
    for key in ("filename", "member_name", "sha256", "media_type", "status", "language", "pages"):
        value = getattr(record, key)
        if value not in (None, ""):
            head.add_row(key, _safe(value))
    if record.error:
        head.add_row("error", _safe(f"{record.error.stage}: {record.error.reason}"))
    for p in record.provenance:
        head.add_row("received", _safe(f"{p.received_at.isoformat()}  {p.source}"))
    if record.children:
        head.add_row("members", str(len(record.children)))
    console.print(head)
    for warning in record.warnings:
        console.print(f"[yellow]reading warning[/]: {_safe(warning.message)}")
    text = record.text or ""
    findings = record.effective
    if findings.urgency:
        u = findings.urgency
        console.print(f"[bold]urgency[/] {u.level}  deadline {u.deadline or '-'}")
        for reason in u.reasons:
            console.print(f"  {reason.code}: {_evidence(reason.evidence, text)}")
        if u.deadline_evidence:
            console.print(f"  deadline: {_evidence([u.deadline_evidence], text)}")
        if u.marked_evidence:
            console.print(f"  marked {u.level.value} by the sender: {_evidence([u.marked_evidence], text)}")
    for key in ("offences", "special_categories", "protected_persons"):
        for label in getattr(findings, key):
            console.print(f"[bold]{key}[/] {label.code} ({label.score:.2f}): {_evidence(label.evidence, text)}")
    if findings.pii:
        table = Table(title="personal data")
        for col in ("type", "text", "role", "action", "evidence"):
            table.add_column(col)
        for span in findings.pii:
            role = f"{span.role} ({span.role_basis})" if span.role and span.role_basis else span.role or ""
            table.add_row(*(_safe(v) for v in (span.type, span.text, role, span.action or "",
                                               span.evidence.source)))  # fmt: skip
        console.print(table)
    if record.needs_human_translation:
        console.print("[yellow]needs human translation[/]: no model installed for this language")
    for seg in record.segments:
        console.print(terminal_safe(seg.text), markup=False, highlight=False)
        if seg.translation:
            t = seg.translation
            console.print(f"  [dim]→ {_safe(t.text)}  {_safe(f'[{t.label}, {t.model}]')}[/]")
            if t.suspect:
                console.print(f"  [yellow]suspect translation[/]: {_safe(t.suspect)} (no finding uses it)")
    if not record.segments and text:
        console.print(terminal_safe(text), markup=False, highlight=False)


def _evidence(evidence: list[Evidence], text: str) -> str:
    parts = []
    for ev in evidence:
        quoted = "; ".join(repr(text[s:e]) for s, e in ev.spans)
        parts.append(f"{ev.source}{' ' + ev.detail if ev.detail else ''}{' ' + quoted if quoted else ''}")
    return _safe(" | ".join(parts) or "-")
