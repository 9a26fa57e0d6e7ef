"""RFC 822 / MIME e-mails (.eml): headers and body as text, attachments as children."""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

from triage.ingest.base import ExtractContext, Extraction
from triage.ingest.guards import library_errors
from triage.ingest.mailtext import mail_extraction
from triage.ingest.registry import register_ingestor

# Header names that open real e-mails; a text that merely starts with "Note:" is not one.
_MAIL_HEADERS = frozenset(
    name.lower()
    for name in (
        "Received", "From", "Return-Path", "Message-ID", "MIME-Version", "Date", "Subject", "To", "Cc",
        "Delivered-To", "Reply-To", "Sender", "X-Mailer", "Content-Type", "Thread-Topic", "In-Reply-To",
        "References", "Authentication-Results", "DKIM-Signature", "ARC-Seal", "X-Original-To",
    )
)
_FIELD = re.compile(rb"^([!-9;-~]+)[ \t]*:")  # obsolete syntax allows blanks before the colon


def looks_like_rfc822(head: bytes) -> bool:
    """A block of header fields up to the first blank line, at least two of them mail headers.

    The first line must be a field, so prose ("Note: ...\nDear ...") is not an e-mail; a few
    damaged lines are tolerated in a long header block, as real mail stores have them. mbox
    files ("From " separator line, no colon) are left to the mbox ingestor.
    """
    lines = head.lstrip(b"\r\n").splitlines()
    if not lines or b"\x00" in head[:1024] or _FIELD.match(lines[0]) is None:
        return False
    fields = known = bad = 0
    for line in lines[:200]:
        if not line.strip():
            break
        if line[:1] in (b" ", b"\t"):
            continue  # folded continuation of the previous field
        match = _FIELD.match(line)
        if match is None:
            bad += 1
            continue
        fields += 1
        known += match.group(1).decode("ascii").lower() in _MAIL_HEADERS
    if fields < 2 or known < 2:
        return False
    return bad == 0 or (known >= 3 and bad * 4 <= fields)


_HEADER_END = re.compile(rb"\r?\n\r?\n")


def repair_header_block(data: bytes) -> bytes:
    """Fold damaged lines of the header block into the previous field.

    The stdlib parser ends the headers at the first line that is not a field, which would
    push From, To and Subject into the body; folding keeps the stray text and the headers.
    """
    end = _HEADER_END.search(data)
    block = data[: end.start()] if end else data
    lines = block.split(b"\n")
    repaired = [
        line if i == 0 or line[:1] in (b" ", b"\t") or _FIELD.match(line) else b" " + line
        for i, line in enumerate(lines)
    ]
    if repaired == lines:
        return data
    return b"\n".join(repaired) + (data[end.start() :] if end else b"")


def parse_message(data: bytes) -> EmailMessage:
    # policy.default makes the parser build EmailMessage objects (get_body, iter_attachments).
    message: EmailMessage = BytesParser(policy=policy.default).parsebytes(data)
    return message


@register_ingestor(priority=90)
class EmlIngestor:
    name = "eml"
    media_type = "message/rfc822"

    def sniff(self, head: bytes, filename: str | None) -> bool:
        return looks_like_rfc822(head)

    def extract(self, data: bytes, ctx: ExtractContext) -> Extraction:
        with library_errors("e-mail"):
            message = parse_message(repair_header_block(data.lstrip(b"\r\n")))
            return mail_extraction(message, ctx, self.media_type)
