"""mbox mailboxes: each message becomes a child .eml item; the mailbox itself has no text."""

from __future__ import annotations

import re

from triage.ingest.base import ExtractContext, Extraction
from triage.ingest.email_eml import EmlIngestor
from triage.ingest.guards import MemberBudget, check_depth, check_member_count
from triage.ingest.registry import register_ingestor

# "From sender@example.org Mon Jan  1 10:00:00 2024": a separator inside the file needs an
# address-like word and a time, so a body line "From the desk of ..." does not split a message.
_SEPARATOR = re.compile(rb"^From \S+ +[^\r\n]*\d{1,2}:\d{2}[^\r\n]*\r?$", re.MULTILINE)
# The first line may be a bare envelope line ("From sender@example.org"), as many single
# saved messages have; a header field must follow it, so prose starting "From the ..." fails.
_FIRST_LINE = re.compile(rb"^From \S+[^\r\n]*\r?\n")
_FIELD = re.compile(rb"^[!-9;-~]+:")
_ESCAPED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)


def split_mbox(data: bytes) -> list[bytes]:
    """Messages without their separator lines, with mboxrd ">From " quoting undone."""
    first = _FIRST_LINE.match(data)
    if first is None:
        return []
    bounds = [(0, first.end())] + [
        (m.start(), m.end()) for m in _SEPARATOR.finditer(data, first.end()) if data[m.start() - 1] == 0x0A
    ]
    messages = []
    for i, (_, header_end) in enumerate(bounds):
        end = bounds[i + 1][0] if i + 1 < len(bounds) else len(data)
        body = data[header_end:end].lstrip(b"\r\n")
        if body.endswith(b"\r\n"):
            body = body[:-2]
        elif body.endswith(b"\n"):
            body = body[:-1]  # the blank line that separates messages belongs to the format
        messages.append(_ESCAPED_FROM.sub(rb"\1", body))
    return messages


@register_ingestor(priority=89)
class MboxIngestor:
    name = "mbox"
    media_type = "application/mbox"

    def sniff(self, head: bytes, filename: str | None) -> bool:
        match = _FIRST_LINE.match(head)
        if match is None:
            return False
        rest = head[match.end() :]
        return _FIELD.match(rest) is not None

    def extract(self, data: bytes, ctx: ExtractContext) -> Extraction:
        messages = split_mbox(data)
        if len(messages) == 1:
            # A single message saved with its envelope line (common for .eml files): the
            # message itself, not a mailbox of one.
            return EmlIngestor().extract(messages[0], ctx)
        check_depth(ctx, "mailbox")
        check_member_count(len(messages), ctx, "mailbox")
        budget = MemberBudget(ctx)
        for number, message in enumerate(messages, 1):
            budget.store_bytes(f"message-{number:05d}.eml", message)
        metadata = {"messages": len(messages)}
        return Extraction(media_type=self.media_type, metadata=metadata, children=budget.children)
