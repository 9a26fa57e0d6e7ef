"""Turn a parsed MIME message into the item's text, metadata and attachment children.

Shared by the .eml ingestor and the Outlook .msg ingestor (which builds a MIME message
first), so every e-mail looks the same downstream: the header block (From, To, Cc, Date,
Subject, attachment names), the body (plain text preferred over HTML), then the headers that
are evidence (the route in ``Received``, ``X-Originating-IP``, ``Message-ID``, ``Reply-To``, ...)
under a marker line, so that the analysis finds the addresses in them and the minimisation
covers them too.
"""

from __future__ import annotations

import mimetypes
from email.message import EmailMessage, Message
from email.utils import parsedate_to_datetime
from pathlib import PureWindowsPath
from typing import Any

from bs4 import BeautifulSoup

from triage.ingest.base import ExtractContext, Extraction
from triage.ingest.guards import MemberBudget, check_member_count, depth_reached

_SHOWN_HEADERS = ("From", "To", "Cc", "Date", "Subject")
#: Headers kept as evidence (who sent it from where, which thread it belongs to), every occurrence.
EVIDENCE_HEADERS = (
    "Reply-To", "Sender", "Return-Path", "Message-ID", "In-Reply-To", "References", "Received",
    "X-Originating-IP", "X-Sender-IP", "X-Forwarded-For", "X-Mailer", "User-Agent",
)  # fmt: skip
HEADERS_MARKER = "[message headers]"


def html_to_text(html: str) -> str:
    """Visible text of an HTML body; scripts and styles dropped, one line per block."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "head"]):
        tag.decompose()
    lines = (line.strip() for line in soup.get_text("\n").splitlines())
    return "\n".join(line for line in lines if line)


def header(msg: Message, name: str) -> str:
    """A header as one line of text; malformed headers give their raw value, never an error."""
    try:
        value = msg.get(name)
    except Exception:  # the stdlib header parser fails on some malformed values: use the raw one
        value = next((raw for key, raw in msg.raw_items() if key.lower() == name.lower()), None)
    if value is None:
        return ""
    return " ".join(str(value).split())


def evidence_headers(msg: Message) -> list[tuple[str, str]]:
    """Each occurrence of the evidence headers, in the message's order, as one line each."""
    wanted = {h.lower() for h in EVIDENCE_HEADERS}
    return [(key, " ".join(str(raw).split())) for key, raw in msg.raw_items() if key.lower() in wanted and raw]


def iso_date(msg: Message) -> str | None:
    raw = header(msg, "Date")
    if not raw:
        return None
    try:
        return parsedate_to_datetime(raw).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _part_text(part: Message) -> str:
    try:
        content = part.get_content()  # type: ignore[attr-defined]
        if isinstance(content, str):
            return content
    except (LookupError, ValueError, AttributeError):
        pass  # unknown charset or broken transfer encoding: decode leniently below
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        charset = part.get_content_charset() or "utf-8"
        try:
            return payload.decode(charset, errors="replace")
        except LookupError:
            return payload.decode("utf-8", errors="replace")
    return ""


def body_part(msg: EmailMessage) -> Message | None:
    try:
        return msg.get_body(preferencelist=("plain", "html"))
    except (KeyError, AttributeError):
        return None


def body_text(part: Message | None) -> str:
    if part is None:
        return ""
    text = _part_text(part)
    if part.get_content_subtype() == "html":
        text = html_to_text(text)
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _is_rendition(part: Message) -> bool:
    """A text/plain or text/html part that is another form of the body, not a file."""
    return (
        part.get_content_type() in ("text/plain", "text/html")
        and part.get_filename() is None
        and part.get_content_disposition() != "attachment"
    )


def _leaf_parts(part: Message, in_body_group: bool = False) -> list[Message]:
    """Leaves of the MIME tree, without body renditions inside alternative/related groups."""
    if part.get_content_maintype() == "multipart":
        group = in_body_group or part.get_content_subtype() in ("alternative", "related")
        leaves: list[Message] = []
        for sub in part.get_payload():
            if isinstance(sub, Message):
                leaves.extend(_leaf_parts(sub, group))
        return leaves
    if in_body_group and _is_rendition(part):
        return []
    return [part]


def attachment_parts(msg: EmailMessage) -> list[Message]:
    """Every part that is not the body: attachments, inline images, attached e-mails."""
    if not msg.is_multipart():
        # A message whose only part is a file (a gzip, a PDF) carries it as an attachment.
        return [] if _is_rendition(msg) or msg.get_content_type() == "message/rfc822" else [msg]
    body = body_part(msg)
    return [leaf for leaf in _leaf_parts(msg) if leaf is not body]


def attachment_name(part: Message, index: int) -> str:
    name = part.get_filename()
    if name:
        return PureWindowsPath(name.replace("/", "\\")).name or f"attachment-{index}"
    ctype = part.get_content_type()
    if ctype == "message/rfc822":
        return f"attachment-{index}.eml"
    return f"attachment-{index}{mimetypes.guess_extension(ctype) or '.bin'}"


def attachment_bytes(part: Message) -> bytes:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        if isinstance(inner, list) and inner and isinstance(inner[0], Message):
            return inner[0].as_bytes()
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        return payload
    return str(part.get_payload()).encode("utf-8", errors="replace")


def mail_extraction(msg: EmailMessage, ctx: ExtractContext, media_type: str) -> Extraction:
    """Header block and body as text; each attachment a child (refused at the depth limit)."""
    parts = attachment_parts(msg)
    check_member_count(len(parts), ctx, "e-mail")
    names = [attachment_name(part, i) for i, part in enumerate(parts, 1)]
    lines = [f"{h}: {v}" for h in _SHOWN_HEADERS if (v := header(msg, h))]
    if names:
        lines.append("Attachments: " + ", ".join(names))
    text = "\n".join(lines)
    body = body_text(body_part(msg))
    if body:
        text = f"{text}\n\n{body}" if text else body
    evidence = evidence_headers(msg)
    if evidence:
        block = "\n".join([HEADERS_MARKER, *(f"{name}: {value}" for name, value in evidence)])
        text = f"{text}\n\n{block}" if text else block

    budget = MemberBudget(ctx)
    for part, name in zip(parts, names, strict=True):
        ctx.check_time()
        data = attachment_bytes(part)
        if depth_reached(ctx):
            limit = ctx.settings.max_archive_depth
            reason = f"attachment at nesting depth {ctx.depth + 1} is over the limit of {limit}"
            # the bytes are kept (named by their own hash) so the refused item can be inspected
            budget.refuse(name, reason, len(data), data if budget.declared_reason(len(data)) is None else b"")
        else:
            budget.store_bytes(name, data)

    metadata: dict[str, Any] = {
        "from": header(msg, "From"),
        "to": header(msg, "To"),
        "cc": header(msg, "Cc"),
        "subject": header(msg, "Subject"),
        "message_id": header(msg, "Message-ID"),
        "attachments": len(parts),
        "headers": [[name, value] for name, value in evidence],
    }
    date = iso_date(msg)
    if date:
        metadata["date"] = date
    return Extraction(media_type=media_type, text=text, metadata=metadata, children=budget.children)
