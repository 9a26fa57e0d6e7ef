"""The batch report: one row per item handled, as JSONL (for scripts) and CSV (for people)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage.storage.tables import Item

FIELDS = [
    "id", "parent_id", "filename", "member_name", "sha256", "size", "media_type", "status",
    "language", "pages", "error_stage", "error", "needs_human_translation", "offences", "urgency", "warnings",
]  # fmt: skip


def report_row(item: Item) -> dict[str, Any]:
    doc: dict[str, Any] = item.document or {}
    findings: dict[str, Any] = doc.get("findings") or {}
    urgency = findings.get("urgency") or {}
    return {
        "id": item.id, "parent_id": item.parent_id, "filename": item.filename,
        "member_name": item.member_name, "sha256": item.sha256, "size": item.size,
        "media_type": item.media_type, "status": item.status, "language": item.language,
        "pages": item.pages, "error_stage": item.error_stage, "error": item.error,
        "needs_human_translation": bool(doc.get("needs_human_translation")),
        "offences": ";".join(o["code"] for o in findings.get("offences") or []),
        "urgency": urgency.get("level"),
        "warnings": "; ".join(w["message"] for w in doc.get("warnings") or []),
    }  # fmt: skip


#: A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: a leading formula character is quoted with ``'``."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_reports(session: Session, root_ids: list[str], folder: Path, stem: str) -> tuple[Path, Path]:
    """Every item of the submitted files (``root_ids``) and their members, processed now or before.

    A run over files already processed reports them as they stand, so a re-run's report is
    complete rather than empty.
    """
    folder.mkdir(parents=True, exist_ok=True)
    jsonl, csv_path = folder / f"{stem}.jsonl", folder / f"{stem}.csv"
    rows: list[dict[str, Any]] = []
    roots = list(dict.fromkeys(root_ids))
    for start in range(0, len(roots), 500):
        chunk = roots[start : start + 500]
        query = select(Item).where(Item.root_id.in_(chunk)).order_by(Item.root_id, Item.depth, Item.member_name)
        rows.extend(report_row(i) for i in session.scalars(query))
    with open(jsonl, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    with open(csv_path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows({key: _cell(value) for key, value in row.items()} for row in rows)
    return jsonl, csv_path
