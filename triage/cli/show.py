"""``triage show ITEM``: one item for a person, or the whole stored record with --json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from triage.cli.common import DataDirOption, console, friendly_errors, settings_from
from triage.storage import repository
from triage.storage.db import Database
from triage.storage.tables import Item


def register(app: typer.Typer) -> None:
    app.command("show")(show)


def item_record(session: Any, item: Item) -> dict[str, Any]:
    return {
        "id": item.id, "sha256": item.sha256, "size": item.size, "filename": item.filename,
        "parent_id": item.parent_id, "member_name": item.member_name, "depth": item.depth,
        "media_type": item.media_type, "status": item.status, "error_stage": item.error_stage,
        "error": item.error, "language": item.language, "pages": item.pages,
        "provenance": [
            {"source": p.source, "submitter": p.submitter, "batch_id": p.batch_id,
             "received_at": p.received_at.isoformat()}
            for p in repository.provenance_of(session, item.id)
        ],
        "children": [c.id for c in repository.children_of(session, item.id)],
        "document": item.document,
    }  # fmt: skip


@friendly_errors
def show(
    ref: str = typer.Argument(..., help="Item id or SHA-256 (or a unique prefix of at least 6 characters)."),
    as_json: bool = typer.Option(False, "--json", help="The whole stored record as JSON, for scripts."),
    data_dir: Path | None = DataDirOption,
) -> None:
    """Print one item: provenance, status, language, text, translations and findings with evidence."""
    db = Database(settings_from(data_dir))
    with db.session() as session:
        item = repository.find_item(session, ref)
        repository.audit(session, "viewed", item_id=item.id, detail={"via": "cli"})
        session.commit()
        record = item_record(session, item)
    db.dispose()
    if as_json:
        typer.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    _print(record)


def _print(record: dict[str, Any]) -> None:
    doc = record["document"] or {}
    head = Table(show_header=False, title=f"item {record['id']}")
    keys = ("filename", "member_name", "sha256", "media_type", "status", "error_stage", "error", "language", "pages")
    for key in keys:
        if record.get(key) not in (None, ""):
            head.add_row(key, str(record[key]))
    for p in record["provenance"]:
        head.add_row("received", f"{p['received_at']}  {p['source']}")
    if record["children"]:
        head.add_row("members", str(len(record["children"])))
    console.print(head)
    findings = doc.get("findings") or {}
    urgency = findings.get("urgency")
    if urgency:
        console.print(f"[bold]urgency[/] {urgency['level']}  deadline {urgency.get('deadline') or '-'}")
        for reason in urgency.get("reasons", []):
            console.print(f"  {reason['code']}: {_evidence(reason['evidence'], doc)}")
        if urgency.get("deadline_evidence"):
            console.print(f"  deadline: {_evidence([urgency['deadline_evidence']], doc)}")
    for key in ("offences", "special_categories", "protected_persons"):
        for label in findings.get(key) or []:
            console.print(f"[bold]{key}[/] {label['code']} ({label['score']:.2f}): {_evidence(label['evidence'], doc)}")
    pii = findings.get("pii") or []
    if pii:
        table = Table(title="personal data")
        for col in ("type", "text", "role", "action", "evidence"):
            table.add_column(col)
        for span in pii:
            table.add_row(span["type"], span["text"], span.get("role") or "", span.get("action") or "",
                          span["evidence"]["source"])  # fmt: skip
        console.print(table)
    if doc.get("needs_human_translation"):
        console.print("[yellow]needs human translation[/]: no model installed for this language")
    translations = {t["segment_index"]: t for t in doc.get("translations") or []}
    text = doc.get("text") or ""
    for seg in doc.get("segments") or []:
        console.print(text[seg["start"] : seg["end"]], markup=False, highlight=False)
        if seg["index"] in translations:
            t = translations[seg["index"]]
            console.print(f"  [dim]→ {t['text']}  [{t['label']}, {t['model']}][/]")
    if not doc.get("segments") and text:
        console.print(text, markup=False, highlight=False)


def _evidence(evidence: list[dict[str, Any]], doc: dict[str, Any]) -> str:
    text = doc.get("text") or ""
    parts = []
    for ev in evidence:
        quoted = "; ".join(repr(text[s:e]) for s, e in ev.get("spans") or [])
        parts.append(f"{ev['source']}{' ' + ev['detail'] if ev.get('detail') else ''}{' ' + quoted if quoted else ''}")
    return " | ".join(parts) or "-"
