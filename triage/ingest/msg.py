"""Outlook .msg files (OLE compound files of MAPI properties), read with olefile (BSD).

We read the MAPI property streams directly rather than through extract-msg (GPL-3.0), so
the core install carries no GPL code. The message is rebuilt as MIME and handled like an
.eml: headers and body as text, attachments as children, an attached Outlook item as a
child .eml. Other OLE files (legacy .doc, .xls, .ppt) are refused with a clear reason.
"""

from __future__ import annotations

import datetime as dt
import io
import struct

import compressed_rtf
import olefile

from triage.errors import CorruptFile, UnsupportedFormat
from triage.ingest.base import ExtractContext, Extraction
from triage.ingest.guards import library_errors
from triage.ingest.mailbuild import Attachment, MailParts, build_eml, build_message
from triage.ingest.mailtext import mail_extraction
from triage.ingest.registry import register_ingestor
from triage.ingest.rtf import rtf_plain_text

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OTHER_OLE = {
    "WordDocument": "a legacy Word document (.doc)",
    "Workbook": "a legacy Excel workbook (.xls)",
    "Book": "a legacy Excel workbook (.xls)",
    "PowerPoint Document": "a legacy PowerPoint presentation (.ppt)",
}
_PT_LONG, _PT_SYSTIME = 0x0003, 0x0040
_FILETIME_EPOCH = dt.datetime(1601, 1, 1, tzinfo=dt.UTC)
_RECIPIENT_KIND = {1: "to", 2: "cc"}
_MAX_EMBEDDED = 10


class _Props:
    """The MAPI properties of one storage (message, attachment or recipient)."""

    def __init__(self, ole: olefile.OleFileIO, prefix: list[str], header_size: int) -> None:
        self.ole = ole
        self.prefix = prefix
        self.fixed = self._fixed(header_size)

    def _stream(self, name: str) -> bytes | None:
        path = [*self.prefix, name]
        if self.ole.exists("/".join(path)) and self.ole.get_type("/".join(path)) == olefile.STGTY_STREAM:
            return bytes(self.ole.openstream(path).read())
        return None

    def _fixed(self, header_size: int) -> dict[int, bytes]:
        raw = self._stream("__properties_version1.0") or b""
        values: dict[int, bytes] = {}
        for offset in range(header_size, len(raw) - 15, 16):
            tag, _flags = struct.unpack_from("<II", raw, offset)
            values[tag] = raw[offset + 8 : offset + 16]
        return values

    def text(self, prop: int) -> str:
        unicode = self._stream(f"__substg1.0_{prop:04X}001F")
        if unicode is not None:
            return unicode.decode("utf-16-le", errors="replace").rstrip("\x00")
        ansi = self._stream(f"__substg1.0_{prop:04X}001E")
        if ansi is not None:
            return ansi.decode("cp1252", errors="replace").rstrip("\x00")
        return ""

    def binary(self, prop: int) -> bytes | None:
        return self._stream(f"__substg1.0_{prop:04X}0102")

    def long(self, prop: int) -> int | None:
        raw = self.fixed.get((prop << 16) | _PT_LONG)
        return struct.unpack("<i", raw[:4])[0] if raw else None

    def time(self, prop: int) -> dt.datetime | None:
        raw = self.fixed.get((prop << 16) | _PT_SYSTIME)
        if not raw:
            return None
        ticks = struct.unpack("<Q", raw)[0]
        try:
            return _FILETIME_EPOCH + dt.timedelta(microseconds=ticks // 10)
        except OverflowError:
            return None

    def storages(self, kind: str) -> list[list[str]]:
        depth = len(self.prefix) + 1
        found = {
            tuple(entry[:depth])
            for entry in self.ole.listdir(streams=True, storages=True)
            if len(entry) >= depth and entry[: depth - 1] == self.prefix and entry[depth - 1].startswith(kind)
        }
        return [list(path) for path in sorted(found)]


def _recipients(props: _Props) -> dict[str, str]:
    lists: dict[str, list[str]] = {"to": [], "cc": []}
    for path in props.storages("__recip_version1.0_"):
        recip = _Props(props.ole, path, 8)
        kind = _RECIPIENT_KIND.get(recip.long(0x0C15) or 1)
        if kind is None:
            continue  # blind copies are not shown
        name, address = recip.text(0x3001), recip.text(0x39FE) or recip.text(0x3003)
        lists[kind].append(f"{name} <{address}>" if name and address and name != address else name or address)
    return {kind: ", ".join(v for v in values if v) for kind, values in lists.items()}


def _attachments(props: _Props, level: int) -> list[Attachment]:
    found = []
    for number, path in enumerate(props.storages("__attach_version1.0_"), 1):
        att = _Props(props.ole, path, 8)
        name = att.text(0x3707) or att.text(0x3704) or att.text(0x3001) or f"attachment-{number}"
        embedded = [*path, "__substg1.0_3701000D"]
        if props.ole.exists("/".join(embedded)) and level < _MAX_EMBEDDED:
            inner = read_parts(props.ole, embedded, 24, level + 1)
            stem = name.rsplit(".", 1)[0] if name.lower().endswith(".msg") else name
            found.append(Attachment(f"{stem}.eml", build_eml(inner), "message/rfc822"))
            continue
        data = att.binary(0x3701)
        if data is not None:
            found.append(Attachment(name, data, att.text(0x370E) or None))
    return found


def read_parts(ole: olefile.OleFileIO, prefix: list[str], header_size: int, level: int = 0) -> MailParts:
    """One message storage as MailParts (recursing into attached Outlook items)."""
    props = _Props(ole, prefix, header_size)
    recipients = _recipients(props)
    name, address = props.text(0x0C1A), props.text(0x5D01) or props.text(0x0C1F)
    html = props.binary(0x1013)
    body = props.text(0x1000)
    if not body.strip() and not html:
        body = _rtf_body(props.binary(0x1009)) or body
    return MailParts(
        sender=f"{name} <{address}>" if name and "@" in address else name or address,
        to=recipients["to"] or props.text(0x0E04),
        cc=recipients["cc"] or props.text(0x0E03),
        subject=props.text(0x0037),
        message_id=props.text(0x1035),
        date=props.time(0x0039) or props.time(0x0E06),
        transport_headers=props.text(0x007D),
        body=body,
        html=html.decode("utf-8", errors="replace") if html else props.text(0x1013),
        attachments=_attachments(props, level),
    )


def _rtf_body(compressed: bytes | None) -> str:
    """The text of PR_RTF_COMPRESSED: many Outlook messages keep their only body there."""
    if not compressed:
        return ""
    try:
        return rtf_plain_text(compressed_rtf.decompress(compressed))[0]
    except (CorruptFile, ValueError, IndexError, TypeError):  # a damaged body: headers still count
        return ""


def _is_outlook_item(ole: olefile.OleFileIO) -> bool:
    return ole.exists("__properties_version1.0") and any(
        entry[0].startswith("__substg1.0_") for entry in ole.listdir()
    )


def open_ole(data: bytes) -> olefile.OleFileIO:
    """Open strictly; a file with structural defects is accepted only if it still reads as
    an Outlook item (real mail stores are often slightly damaged), else it is corrupt."""
    try:
        return olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)
    except Exception as strict_error:  # olefile raises many types on damaged files
        with library_errors("OLE compound file"):
            lenient = olefile.OleFileIO(io.BytesIO(data))
            if _is_outlook_item(lenient):
                return lenient
        lenient.close()
        raise CorruptFile(f"OLE compound file cannot be read: {strict_error}") from strict_error


@register_ingestor(priority=350)
class MsgIngestor:
    name = "msg"
    media_type = "application/vnd.ms-outlook"

    def sniff(self, head: bytes, filename: str | None) -> bool:
        return head.startswith(OLE_MAGIC)

    def extract(self, data: bytes, ctx: ExtractContext) -> Extraction:
        ole = open_ole(data)
        try:
            if not _is_outlook_item(ole):
                kind = next((desc for stream, desc in _OTHER_OLE.items() if ole.exists(stream)), None)
                raise UnsupportedFormat(
                    f"OLE compound file that is not an Outlook message: {kind or 'unknown content'}; "
                    "legacy Office formats are not supported, convert it to DOCX, XLSX or PDF"
                )
            with library_errors("Outlook message"):
                parts = read_parts(ole, [], 32)
        finally:
            ole.close()
        with library_errors("Outlook message"):
            return mail_extraction(build_message(parts), ctx, self.media_type)
