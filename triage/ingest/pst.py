"""Outlook .pst/.ost stores via libpff-python (pypff, LGPL-3.0+): each message a child .eml.

The store's folder path names each child ("Inbox/00003.eml"); the store itself has no
text. A message or attachment libpff cannot read becomes an error child, not a gap.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

from triage.errors import IngestError, UnsupportedFormat
from triage.ingest.base import ExtractContext, Extraction
from triage.ingest.guards import MemberBudget, check_depth, check_member_count, library_errors
from triage.ingest.mailbuild import Attachment, MailParts, build_eml
from triage.ingest.registry import register_ingestor

PST_MAGIC = b"!BDN"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value.decode("cp1252", errors="replace")
    return str(value)


def _get(obj: Any, name: str) -> Any:
    """An attribute libpff may fail to read (missing property, damaged record): None."""
    try:
        return getattr(obj, name)
    except (OSError, AttributeError, ValueError):
        return None


def walk_messages(folder: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """(folder path, message) for every message under this folder, depth first."""
    for index in range(_get(folder, "number_of_sub_messages") or 0):
        yield path, folder.get_sub_message(index)
    for index in range(_get(folder, "number_of_sub_folders") or 0):
        sub = folder.get_sub_folder(index)
        name = _text(_get(sub, "name")).replace("/", "_").strip() or f"folder-{index + 1}"
        yield from walk_messages(sub, f"{path}/{name}" if path else name)


def count_messages(folder: Any) -> int:
    total = _get(folder, "number_of_sub_messages") or 0
    for index in range(_get(folder, "number_of_sub_folders") or 0):
        total += count_messages(folder.get_sub_folder(index))
    return total


def message_parts(message: Any) -> tuple[MailParts, list[tuple[int, str]]]:
    """The message as MailParts, and (number, reason) of attachments that could not be read."""
    failures: list[tuple[int, str]] = []
    attachments: list[Attachment] = []
    for index in range(_get(message, "number_of_attachments") or 0):
        try:
            att = message.get_attachment(index)
            size = att.get_size() or 0
            data = att.read_buffer(size) if size else b""
            name = _text(_get(att, "long_filename")) or f"attachment-{index + 1}"
            attachments.append(Attachment(name, bytes(data)))
        except Exception as exc:  # libpff on a damaged record: account for it, keep the message
            failures.append((index + 1, f"attachment cannot be read: {type(exc).__name__}: {exc}"))
    date: dt.datetime | None = _get(message, "client_submit_time") or _get(message, "delivery_time")
    parts = MailParts(
        sender=_text(_get(message, "sender_name")),
        subject=_text(_get(message, "subject")),
        date=date if isinstance(date, dt.datetime) else None,
        transport_headers=_text(_get(message, "transport_headers")),
        body=_text(_get(message, "plain_text_body")),
        html=_text(_get(message, "html_body")),
        attachments=attachments,
    )
    return parts, failures


def open_store(data: bytes) -> tuple[Any, Any]:
    try:
        import pypff
    except ImportError as exc:  # optional extra: the rest of ingestion works without it
        raise UnsupportedFormat("Outlook .pst/.ost needs the optional package libpff-python") from exc
    store = pypff.file()
    with library_errors("Outlook .pst/.ost store"):
        store.open_file_object(io.BytesIO(data))
        root = store.get_root_folder()
    return store, root


@register_ingestor(priority=360)
class PstIngestor:
    name = "pst"
    media_type = "application/vnd.ms-outlook-pst"

    def sniff(self, head: bytes, filename: str | None) -> bool:
        return head.startswith(PST_MAGIC)

    def extract(self, data: bytes, ctx: ExtractContext) -> Extraction:
        check_depth(ctx, "Outlook store")
        store, root = open_store(data)
        try:
            return self._extract_from(root, ctx)
        finally:
            store.close()

    def _extract_from(self, root: Any, ctx: ExtractContext) -> Extraction:
        with library_errors("Outlook .pst/.ost store"):
            total = count_messages(root)
        check_member_count(total, ctx, "Outlook store")
        budget = MemberBudget(ctx)
        for number, (folder, message) in enumerate(walk_messages(root), 1):
            ctx.check_time()
            name = f"{folder}/{number:05d}.eml" if folder else f"{number:05d}.eml"
            try:
                parts, failures = message_parts(message)
                eml = build_eml(parts)
            except IngestError:
                raise
            except Exception as exc:  # libpff on a damaged record: an error child, not a gap
                budget.refuse(name, f"message cannot be read: {type(exc).__name__}: {exc}")
                continue
            budget.store_bytes(name, eml)
            for attachment, reason in failures:  # unique names: the runner keys members by name
                budget.refuse(f"{name}/attachment-{attachment}", reason)
        return Extraction(media_type=self.media_type, metadata={"messages": total}, children=budget.children)
