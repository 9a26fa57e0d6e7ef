"""Build a MIME message from the parts of an Outlook item (.msg, .pst), so every e-mail
is handled by the same code downstream (``mailtext``) and stored as a standard .eml child.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import HeaderParser
from email.utils import format_datetime

# Headers that describe the MIME structure we rebuild; copying them would contradict it.
_STRUCTURAL = frozenset({"content-type", "content-transfer-encoding", "mime-version", "content-disposition"})


@dataclass
class Attachment:
    name: str
    data: bytes
    content_type: str | None = None


@dataclass
class MailParts:
    """What an Outlook item gives us; every field optional, as real stores are untidy."""

    sender: str = ""
    to: str = ""
    cc: str = ""
    subject: str = ""
    message_id: str = ""
    date: dt.datetime | None = None
    transport_headers: str = ""
    body: str = ""
    html: str = ""
    attachments: list[Attachment] = field(default_factory=list)


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _set(msg: EmailMessage, name: str, value: str) -> None:
    value = _one_line(value)
    if not value or name in msg:
        return
    try:
        msg[name] = value
    except (ValueError, TypeError, IndexError):
        del msg[name]
        msg[name] = value.encode("ascii", "replace").decode("ascii")


def _copy_transport_headers(msg: EmailMessage, raw: str) -> None:
    parsed = HeaderParser(policy=policy.compat32).parsestr(raw.lstrip())
    for name, value in parsed.items():
        if name.lower() in _STRUCTURAL or not isinstance(value, str):
            continue
        try:
            msg[name] = _one_line(value)
        except (ValueError, TypeError, IndexError):
            continue  # one unparseable transport header must not lose the message


def build_message(parts: MailParts) -> EmailMessage:
    msg = EmailMessage(policy=policy.default)
    if parts.transport_headers:
        _copy_transport_headers(msg, parts.transport_headers)
    _set(msg, "From", parts.sender)
    _set(msg, "To", parts.to)
    _set(msg, "Cc", parts.cc)
    _set(msg, "Subject", parts.subject)
    _set(msg, "Message-ID", parts.message_id)
    if parts.date is not None and "Date" not in msg:
        date = parts.date if parts.date.tzinfo else parts.date.replace(tzinfo=dt.UTC)
        msg["Date"] = format_datetime(date)
    msg.set_content(parts.body or ("" if parts.html else "\n"))
    if parts.html:
        if parts.body:
            msg.add_alternative(parts.html, subtype="html")
        else:
            msg.set_content(parts.html, subtype="html")
    for att in parts.attachments:
        ctype = att.content_type or mimetypes.guess_type(att.name)[0] or "application/octet-stream"
        maintype, _, subtype = ctype.partition("/")
        if maintype == "message" or maintype == "multipart" or not subtype:
            maintype, subtype = "application", "octet-stream"  # bytes travel untouched
        msg.add_attachment(att.data, maintype=maintype, subtype=subtype, filename=att.name)
    return msg


def build_eml(parts: MailParts) -> bytes:
    return build_message(parts).as_bytes()
