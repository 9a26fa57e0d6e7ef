"""E-mail containers: .eml, mbox, Outlook .msg and .pst (error paths and folder walk)."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from triage.config import Settings
from triage.errors import CorruptFile, UnsupportedFormat
from triage.ingest.base import ExtractContext
from triage.ingest.pst import PstIngestor
from triage.ingest.registry import choose, extract_bytes
from triage.storage.blobs import BlobStore


def make_ctx(tmp_path: Path, depth: int = 0, **limits: Any) -> ExtractContext:
    return ExtractContext(
        settings=Settings(data_dir=tmp_path, **limits), blobs=BlobStore(tmp_path / "blobs"), depth=depth
    )


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buf.getvalue()


def sample_eml(subject: str = "Request for assistance") -> bytes:
    msg = EmailMessage()
    msg["From"] = "Ana Invented <ana@example.invalid>"
    msg["To"] = "Desk <desk@example.invalid>"
    msg["Cc"] = "Clerk <clerk@example.invalid>"
    msg["Date"] = "Tue, 05 Mar 2024 09:30:00 +0100"
    msg["Subject"] = subject
    msg["Message-ID"] = "<abc123@example.invalid>"
    msg.set_content("Plain body of the request.\n")
    msg.add_alternative("<p>HTML <b>body</b></p>", subtype="html")
    msg.add_attachment(b"inventory list\n", maintype="text", subtype="plain", filename="list.txt")
    msg.add_attachment(zip_bytes({"inner/readme.txt": b"zipped words\n"}), maintype="application",
                       subtype="zip", filename="bundle.zip")
    return msg.as_bytes()


def test_eml_headers_body_and_attachments(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path)
    result = extract_bytes(sample_eml(), ctx)
    assert result.media_type == "message/rfc822"
    assert "From: Ana Invented <ana@example.invalid>" in result.text
    assert "Cc: Clerk <clerk@example.invalid>" in result.text
    assert "Subject: Request for assistance" in result.text
    assert "Plain body of the request." in result.text
    assert "<b>" not in result.text and "HTML" not in result.text  # plain text preferred
    assert result.metadata["date"].startswith("2024-03-05T09:30:00")
    assert result.metadata["message_id"] == "<abc123@example.invalid>"
    assert [c.name for c in result.children] == ["list.txt", "bundle.zip"]
    assert ctx.blobs.read(result.children[0].sha256) == b"inventory list\n"
    nested = extract_bytes(ctx.blobs.read(result.children[1].sha256), make_ctx(tmp_path, depth=1))
    assert nested.media_type == "application/zip"
    assert [c.name for c in nested.children] == ["inner/readme.txt"]


def test_eml_html_only_body_becomes_text(tmp_path: Path) -> None:
    msg = EmailMessage()
    msg["From"] = "x@example.invalid"
    msg["Subject"] = "Only HTML"
    html = "<html><style>p{}</style><body><p>Visible words</p><script>hidden()</script></body></html>"
    msg.set_content(html, subtype="html")
    result = extract_bytes(msg.as_bytes(), make_ctx(tmp_path))
    assert "Visible words" in result.text
    assert "hidden" not in result.text and "<p>" not in result.text


def test_eml_attached_message_is_a_child_eml(tmp_path: Path) -> None:
    outer = EmailMessage()
    outer["From"] = "a@example.invalid"
    outer["Date"] = "Wed, 06 Mar 2024 10:00:00 +0000"
    outer["Subject"] = "Forwarding"
    outer.set_content("see attached")
    inner = EmailMessage()
    inner["From"] = "b@example.invalid"
    inner["Subject"] = "Original note"
    inner.set_content("inner body")
    outer.add_attachment(inner)
    ctx = make_ctx(tmp_path)
    result = extract_bytes(outer.as_bytes(), ctx)
    assert len(result.children) == 1 and result.children[0].name.endswith(".eml")
    child = extract_bytes(ctx.blobs.read(result.children[0].sha256), make_ctx(tmp_path, depth=1))
    assert "Subject: Original note" in child.text and "inner body" in child.text


def test_eml_at_depth_limit_keeps_text_and_refuses_attachments(tmp_path: Path) -> None:
    result = extract_bytes(sample_eml(), make_ctx(tmp_path, depth=2, max_archive_depth=2))
    assert "Plain body of the request." in result.text
    assert len(result.children) == 2
    assert all(c.error and "depth" in c.error for c in result.children)
    assert len({c.sha256 for c in result.children}) == 2  # distinct items, not collapsed


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"Received: from a by b\nFrom: x@example.invalid\nSubject: s\n\nbody", "eml"),
        (b"Return-Path: <x@example.invalid>\nMessage-ID: <1@x>\n\nbody", "eml"),
        (b"Note: remember the milk\nAnd the bread\n", "text"),
        (b"X-Mozilla-Status: 0001\nFrom: x@example.invalid\nSubject: s\n\nbody", "eml"),
        (b"Name: Invented Person\nDate: 2024-01-01\n\nnotes", "text"),
        (b"From the desk of the prosecutor\nDear colleague,\n", "text"),
        (b"From x@example.invalid Mon Jan  1 10:00:00 2024\nSubject: s\n\nbody\n", "mbox"),
    ],
)
def test_mail_sniffing_by_bytes(head: bytes, expected: str) -> None:
    assert choose(head, "whatever.bin").name == expected


def test_mbox_three_messages_become_children(tmp_path: Path) -> None:
    parts = []
    for n in range(1, 4):
        parts.append(
            f"From sender{n}@example.invalid Mon Jan  {n} 10:00:00 2024\n"
            f"From: sender{n}@example.invalid\nSubject: Message number {n}\n\n"
            f"Body {n}\n>From the archive, quoted\n\n"
        )
    ctx = make_ctx(tmp_path)
    result = extract_bytes("".join(parts).encode(), ctx)
    assert result.media_type == "application/mbox"
    assert result.text == ""
    assert [c.name for c in result.children] == [f"message-0000{n}.eml" for n in (1, 2, 3)]
    for n, child in enumerate(result.children, 1):
        message = extract_bytes(ctx.blobs.read(child.sha256), make_ctx(tmp_path, depth=1))
        assert f"Subject: Message number {n}" in message.text
        assert "\nFrom the archive, quoted" in message.text  # mboxrd quoting undone


def test_single_saved_message_with_envelope_line_is_the_message(tmp_path: Path) -> None:
    data = b"From someone@example.invalid\r\n" + sample_eml()
    result = extract_bytes(data, make_ctx(tmp_path))
    assert result.media_type == "message/rfc822"
    assert "Subject: Request for assistance" in result.text
    assert [c.name for c in result.children] == ["list.txt", "bundle.zip"]


def test_message_that_is_only_a_file_gives_it_as_a_child(tmp_path: Path) -> None:
    msg = EmailMessage()
    msg["From"] = "a@example.invalid"
    msg["Subject"] = "just the file"
    msg.set_content(b"%PDF-1.4 invented", maintype="application", subtype="pdf",
                    disposition="attachment", filename="scan.pdf")
    ctx = make_ctx(tmp_path)
    result = extract_bytes(msg.as_bytes(), ctx)
    assert [c.name for c in result.children] == ["scan.pdf"]
    assert ctx.blobs.read(result.children[0].sha256) == b"%PDF-1.4 invented"


def test_damaged_header_line_in_a_long_block_is_tolerated(tmp_path: Path) -> None:
    data = (b"Received: from a by b\r\nReceived: from c by d\r\nbroken line without colon\r\n"
            b"From: x@example.invalid\r\nTo: y@example.invalid\r\nSubject: kept\r\n"
            b"Date: Tue, 05 Mar 2024 09:30:00 +0000\r\n\r\nbody text\r\n")
    result = extract_bytes(data, make_ctx(tmp_path))
    assert result.media_type == "message/rfc822"
    assert result.metadata["subject"] == "kept"
    assert "\n\nbody text\n\n[message headers]\nReceived: from a by b\n" in result.text


def test_the_headers_that_are_evidence_are_kept_and_marked(tmp_path: Path) -> None:
    data = (b"Received: from mx2.example.net (mx2.example.net [198.51.100.7]) by mx.example.org\r\n"
            b"Received: from [203.0.113.45] by mx2.example.net\r\n"
            b"X-Originating-IP: [203.0.113.45]\r\nMessage-ID: <a1b2@mail.example.net>\r\n"
            b"Reply-To: drop.box@example.net\r\nX-Spam-Score: 0.1\r\n"
            b"From: sender@example.net\r\nTo: desk@example.org\r\nSubject: transfer\r\n\r\nSee you at the port.\r\n")
    result = extract_bytes(data, make_ctx(tmp_path))
    body, _, block = result.text.partition("\n\n[message headers]\n")
    assert body.endswith("See you at the port.")
    assert block.splitlines() == [
        "Received: from mx2.example.net (mx2.example.net [198.51.100.7]) by mx.example.org",
        "Received: from [203.0.113.45] by mx2.example.net",
        "X-Originating-IP: [203.0.113.45]", "Message-ID: <a1b2@mail.example.net>", "Reply-To: drop.box@example.net",
    ]  # in the message's order; headers that are no evidence (X-Spam-Score) stay out
    assert ["X-Originating-IP", "[203.0.113.45]"] in result.metadata["headers"]


def test_mbox_over_member_limit_is_refused(tmp_path: Path) -> None:
    data = b"".join(
        b"From a@example.invalid Mon Jan  1 10:00:00 2024\nSubject: s\n\nb\n\n" for _ in range(4)
    )
    from triage.errors import GuardTripped

    with pytest.raises(GuardTripped, match="4 members"):
        extract_bytes(data, make_ctx(tmp_path, max_archive_members=3))


# --- Outlook .msg: built with extract-msg's OLE writer (test-only; the ingestor uses olefile) ---

def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def _props(header_size: int, entries: list[tuple[int, bytes]]) -> bytes:
    return b"\x00" * header_size + b"".join(struct.pack("<II", tag, 6) + value for tag, value in entries)


def build_msg() -> bytes:
    ole_writer = pytest.importorskip("extract_msg.ole_writer")
    sent = dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.UTC)
    ticks = int((sent - dt.datetime(1601, 1, 1, tzinfo=dt.UTC)).total_seconds()) * 10_000_000
    writer = ole_writer.OleWriter()
    submit_time = ((0x0039 << 16) | 0x40, struct.pack("<Q", ticks))
    writer.addEntry("__properties_version1.0", _props(32, [submit_time]))
    writer.addEntry("__substg1.0_0037001F", _utf16("Quarterly figures"))
    writer.addEntry("__substg1.0_1000001F", _utf16("Please find the notes attached."))
    writer.addEntry("__substg1.0_0C1A001F", _utf16("Ana Invented"))
    writer.addEntry("__substg1.0_5D01001F", _utf16("ana@example.invalid"))
    writer.addEntry("__recip_version1.0_#00000000", storage=True)
    writer.addEntry("__recip_version1.0_#00000000/__properties_version1.0",
                    _props(8, [((0x0C15 << 16) | 0x3, struct.pack("<i", 2) + b"\x00" * 4)]))
    writer.addEntry("__recip_version1.0_#00000000/__substg1.0_3001001F", _utf16("Clerk"))
    writer.addEntry("__recip_version1.0_#00000000/__substg1.0_39FE001F", _utf16("clerk@example.invalid"))
    writer.addEntry("__attach_version1.0_#00000000", storage=True)
    writer.addEntry("__attach_version1.0_#00000000/__properties_version1.0", _props(8, []))
    writer.addEntry("__attach_version1.0_#00000000/__substg1.0_3707001F", _utf16("notes.txt"))
    writer.addEntry("__attach_version1.0_#00000000/__substg1.0_37010102", b"attached notes")
    embedded = "__attach_version1.0_#00000001"
    writer.addEntry(embedded, storage=True)
    writer.addEntry(f"{embedded}/__properties_version1.0", _props(8, []))
    writer.addEntry(f"{embedded}/__substg1.0_3707001F", _utf16("Earlier note.msg"))
    writer.addEntry(f"{embedded}/__substg1.0_3701000D", storage=True)
    writer.addEntry(f"{embedded}/__substg1.0_3701000D/__properties_version1.0", _props(24, []))
    writer.addEntry(f"{embedded}/__substg1.0_3701000D/__substg1.0_0037001F", _utf16("Earlier note"))
    writer.addEntry(f"{embedded}/__substg1.0_3701000D/__substg1.0_1000001F", _utf16("inner words"))
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def test_msg_headers_body_attachment(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path)
    result = extract_bytes(build_msg(), ctx)
    assert result.media_type == "application/vnd.ms-outlook"
    assert "From: Ana Invented <ana@example.invalid>" in result.text
    assert "Cc: Clerk <clerk@example.invalid>" in result.text
    assert "Subject: Quarterly figures" in result.text
    assert "Please find the notes attached." in result.text
    assert result.metadata["date"] == "2024-03-05T09:30:00+00:00"
    assert [c.name for c in result.children] == ["notes.txt", "Earlier note.eml"]
    assert ctx.blobs.read(result.children[0].sha256) == b"attached notes"
    inner = extract_bytes(ctx.blobs.read(result.children[1].sha256), make_ctx(tmp_path, depth=1))
    assert "Subject: Earlier note" in inner.text and "inner words" in inner.text


def test_msg_with_only_a_compressed_rtf_body_is_read(tmp_path: Path) -> None:
    ole_writer = pytest.importorskip("extract_msg.ole_writer")
    import compressed_rtf

    rtf = rb"{\rtf1\ansi\ansicpg1252 Dear colleague,\par the invented parcel left on Monday.\par}"
    writer = ole_writer.OleWriter()
    writer.addEntry("__properties_version1.0", _props(32, []))
    writer.addEntry("__substg1.0_0037001F", _utf16("Rich text only"))
    writer.addEntry("__substg1.0_10090102", compressed_rtf.compress(rtf))
    buf = io.BytesIO()
    writer.write(buf)
    result = extract_bytes(buf.getvalue(), make_ctx(tmp_path))
    assert "Subject: Rich text only" in result.text
    assert "the invented parcel left on Monday." in result.text


def test_other_ole_file_is_unsupported_with_reason(tmp_path: Path) -> None:
    ole_writer = pytest.importorskip("extract_msg.ole_writer")
    writer = ole_writer.OleWriter()
    writer.addEntry("WordDocument", b"\x00" * 600)
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(UnsupportedFormat, match=r"legacy Word document \(\.doc\)"):
        extract_bytes(buf.getvalue(), make_ctx(tmp_path))


def test_truncated_ole_is_corrupt(tmp_path: Path) -> None:
    with pytest.raises(CorruptFile):
        extract_bytes(build_msg()[:1500], make_ctx(tmp_path))


# --- Outlook .pst: no real store can be generated here; error path and the folder walk ---

def test_corrupt_pst_is_corrupt_file(tmp_path: Path) -> None:
    pytest.importorskip("pypff")
    data = b"!BDN" + b"\x00" * 4000
    assert choose(data).name == "pst"
    with pytest.raises(CorruptFile):
        extract_bytes(data, make_ctx(tmp_path))


class _FakeAttachment:
    long_filename = "scan.txt"

    def get_size(self) -> int:
        return 5

    def read_buffer(self, size: int) -> bytes:
        return b"hello"[:size]


class _BrokenAttachment:
    def get_size(self) -> int:
        raise OSError("unable to read attachment")


class _FakeMessage:
    def __init__(self, subject: str, attachments: list[Any]) -> None:
        self.subject = subject
        self.sender_name = "Ana Invented"
        self.transport_headers = "From: ana@example.invalid\r\nTo: desk@example.invalid\r\n"
        self.plain_text_body = f"body of {subject}".encode()
        self.html_body = None
        self.client_submit_time = dt.datetime(2024, 3, 5, 9, 30)
        self._attachments = attachments
        self.number_of_attachments = len(attachments)

    def get_attachment(self, index: int) -> Any:
        return self._attachments[index]


class _FakeFolder:
    def __init__(self, name: str, messages: list[Any], folders: list[Any]) -> None:
        self.name, self._messages, self._folders = name, messages, folders
        self.number_of_sub_messages, self.number_of_sub_folders = len(messages), len(folders)

    def get_sub_message(self, index: int) -> Any:
        return self._messages[index]

    def get_sub_folder(self, index: int) -> Any:
        return self._folders[index]


def test_pst_folder_walk_makes_eml_children(tmp_path: Path) -> None:
    inbox = _FakeFolder("Inbox", [_FakeMessage("First", [_FakeAttachment()]),
                                  _FakeMessage("Second", [_BrokenAttachment()])], [])
    root = _FakeFolder("", [], [_FakeFolder("Top", [], [inbox])])
    ctx = make_ctx(tmp_path)
    result = PstIngestor()._extract_from(root, ctx)
    assert result.metadata["messages"] == 2
    names = [c.name for c in result.children]
    assert names == ["Top/Inbox/00001.eml", "Top/Inbox/00002.eml", "Top/Inbox/00002.eml/attachment-1"]
    assert result.children[2].error and "cannot be read" in result.children[2].error
    first = extract_bytes(ctx.blobs.read(result.children[0].sha256), make_ctx(tmp_path, depth=1))
    assert "Subject: First" in first.text and "To: desk@example.invalid" in first.text
    assert "body of First" in first.text
    assert first.metadata["date"].startswith("2024-03-05")
    assert [c.name for c in first.children] == ["scan.txt"]
