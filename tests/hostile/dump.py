"""The regression folder of hostile and tricky files, built by this script (no committed binaries).

``python -m tests.hostile.dump FOLDER`` writes it for a manual run; the tests build it in a
temporary folder and check every case's expected outcome after one ``triage process``.
Each case names what it attacks and what must come out: an item with a clear error, or a
bounded, faithful result.
"""

from __future__ import annotations

import io
import os
import sys
import tarfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

LETTER = "Die Staatsanwaltschaft ermittelt wegen Betruges gegen einen Beschuldigten aus der Stadt.\n"


@dataclass(frozen=True)
class Expect:
    """An item the run must leave: found by its file name (and member name), with its outcome."""

    filename: str
    status: str
    reason: str = ""  # a piece of the error text, for error items
    member: str | None = None


CASES: dict[str, Callable[[Path], list[Expect]]] = {}


def case(fn: Callable[[Path], list[Expect]]) -> Callable[[Path], list[Expect]]:
    CASES[fn.__name__] = fn
    return fn


def _tar(entries: list[tuple[tarfile.TarInfo, bytes | None]], mode: str = "w") -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode, format=tarfile.GNU_FORMAT) as tar:  # type: ignore[call-overload]
        for info, data in entries:
            if data is not None:
                info.size = len(data)
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return buf.getvalue()


def _member(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, link
    return info


@case
def link_out_of_the_tree(root: Path) -> list[Expect]:
    (root / "host-file.txt").symlink_to("/etc/hostname")
    return [Expect("host-file.txt", "error", "outside the submitted folder")]


@case
def link_to_a_folder(root: Path) -> list[Expect]:
    (root / "system").symlink_to("/etc", target_is_directory=True)
    return [Expect("system", "error", "link to a folder")]


@case
def link_inside_the_tree(root: Path) -> list[Expect]:
    (root / "inside").mkdir()
    (root / "inside" / "original.txt").write_text(LETTER + "Original.\n")
    (root / "inside" / "alias.txt").symlink_to(root / "inside" / "original.txt")
    # the same bytes by two names: one item (named by its first arrival, the alias), two provenance records
    return [Expect("alias.txt", "done")]


@case
def fifo(root: Path) -> list[Expect]:
    os.mkfifo(root / "pipe")
    return [Expect("pipe", "error", "FIFO")]


@case
def name_not_utf8(root: Path) -> list[Expect]:
    with open(os.fsencode(root) + b"/caf\xe9-latin1.txt", "wb") as fh:
        fh.write((LETTER + "Latin-1 name.\n").encode())
    return [Expect("caf\\xe9-latin1.txt", "done")]


@case
def name_with_terminal_escape(root: Path) -> list[Expect]:
    (root / "x\x1b[2J\x1b[31mred.txt").write_text(LETTER + "Escape name.\n")
    return [Expect("x\\x1b[2J\\x1b[31mred.txt", "done")]


@case
def name_that_is_a_formula(root: Path) -> list[Expect]:
    (root / "=HYPERLINK(1).txt").write_text(LETTER + "Formula name.\n")
    return [Expect("=HYPERLINK(1).txt", "done")]


@case
def tar_with_traversal_links_and_devices(root: Path) -> list[Expect]:
    data = _tar([
        (_member("ok.txt"), (LETTER + "In a tar.\n").encode()),
        (_member("../../escape.txt"), b"evil"),
        (_member("/etc/cron.d/evil"), b"evil"),
        (_member("passwd", tarfile.SYMTYPE, "/etc/passwd"), None),
        (_member("hard", tarfile.LNKTYPE, "/etc/shadow"), None),
        (_member("null", tarfile.CHRTYPE), None),
        (_member("queue", tarfile.FIFOTYPE), None),
    ])  # fmt: skip
    (root / "hostile.tar").write_bytes(data)
    return [
        Expect("hostile.tar", "done"),
        Expect("ok.txt", "done", member="ok.txt"),
        Expect("escape.txt", "error", "traversal", member="../../escape.txt"),
        Expect("evil", "error", "absolute", member="/etc/cron.d/evil"),
        Expect("passwd", "error", "link member refused", member="passwd"),
        Expect("hard", "error", "link member refused", member="hard"),
        Expect("null", "error", "special member refused", member="null"),
        Expect("queue", "error", "special member refused", member="queue"),
    ]


@case
def overlong_member_name(root: Path) -> list[Expect]:
    long = "d" * 1500 + ".txt"
    (root / "long-names.tar").write_bytes(_tar([(_member(long), (LETTER + "Long name.\n").encode())]))
    return [Expect("long-names.tar", "done"), Expect("", "done", member="ddd…")]


@case
def tar_gz_whose_first_member_is_a_pdf(root: Path) -> list[Expect]:
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    data = _tar([(_member("first.pdf"), pdf), (_member("second.txt"), (LETTER + "Second.\n").encode())], "w:gz")
    (root / "bundle.tar.gz").write_bytes(data)
    return [Expect("bundle.tar.gz", "done"), Expect("second.txt", "done", member="second.txt")]


@case
def nested_and_encrypted_zip(root: Path) -> list[Expect]:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("deep.txt", LETTER + "Nested.\n")
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w") as z:
        z.writestr("inner.zip", inner.getvalue())
        z.writestr("locked.txt", "secret")
    raw = bytearray(outer.getvalue())
    # set the "encrypted" flag of locked.txt in its local and central headers
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):
        at = raw.rfind(sig)
        flag = at + (6 if sig == b"PK\x03\x04" else 8)
        raw[flag] |= 1
    (root / "nested.zip").write_bytes(bytes(raw))
    return [
        Expect("nested.zip", "done"), Expect("inner.zip", "done", member="inner.zip"),
        Expect("deep.txt", "done", member="deep.txt"), Expect("locked.txt", "error", "encrypted", member="locked.txt"),
    ]  # fmt: skip


@case
def extension_that_lies(root: Path) -> list[Expect]:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hidden.txt", LETTER + "Behind a wrong extension.\n")
    (root / "photo.jpg").write_bytes(buf.getvalue())
    return [Expect("photo.jpg", "done"), Expect("hidden.txt", "done", member="hidden.txt")]


_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_with_body(path: Path, megabytes: int, paragraph: str = "<w:p><w:r><w:t>x</w:t></w:r></w:p>") -> None:
    """A DOCX whose document.xml holds ``megabytes`` MB of paragraphs, written as a stream (a
    file of a few MB whose XML part expands to hundreds)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _DOCX_TYPES)
        z.writestr("_rels/.rels", _DOCX_RELS)
        chunk = (paragraph * (1_000_000 // len(paragraph))).encode()
        with z.open("word/document.xml", "w", force_zip64=True) as out:
            out.write(f'<?xml version="1.0"?><w:document xmlns:w="{_W}"><w:body>'.encode())
            for _ in range(megabytes):
                out.write(chunk)
            out.write(b"</w:body></w:document>")


@case
def office_xml_bomb(root: Path) -> list[Expect]:
    docx_with_body(root / "bomb.docx", 300)
    return [Expect("bomb.docx", "error", "max_xml_part_bytes")]


#: The worker memory limit the regression run is made under (``TRIAGE_WORKER_MEMORY_MB``).
WORKER_MEMORY_MB = 1024


@case
def office_xml_under_the_cap_over_the_memory_limit(root: Path) -> list[Expect]:
    # 63 MB of empty paragraphs: under max_xml_part_bytes, but its tree takes 1.5 GB
    docx_with_body(root / "heavy.docx", 63, "<w:p/>")
    return [Expect("heavy.docx", "error", "worker_memory_mb")]


@case
def xml_entity_expansion(root: Path) -> list[Expect]:
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    (root / "laughs.html").write_text(
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY l0 "lol">{laughs}]><html><body><p>'
        + LETTER + "&l9;</p></body></html>"
    )
    return [Expect("laughs.html", "done")]


def _zeros_member(z: zipfile.ZipFile, name: str, megabytes: int) -> None:
    with z.open(name, "w", force_zip64=True) as out:
        block = bytes(1024 * 1024)
        for _ in range(megabytes):
            out.write(block)


@case
def compression_bombs(root: Path) -> list[Expect]:
    import gzip

    # 300 MB of zeros: over max_file_bytes (200 MB) once expanded, a few hundred KB packed
    with zipfile.ZipFile(root / "ratio.zip", "w", zipfile.ZIP_DEFLATED) as z:
        _zeros_member(z, "zeros.bin", 300)
        z.writestr("../../traversal.txt", "evil")
        z.writestr("/abs.txt", "evil")
    with gzip.open(root / "zeros.txt.gz", "wb", compresslevel=1) as gz:
        block = bytes(1024 * 1024)
        for _ in range(300):
            gz.write(block)
    return [
        Expect("ratio.zip", "done"), Expect("zeros.bin", "error", "limit", member="zeros.bin"),
        Expect("traversal.txt", "error", "traversal", member="../../traversal.txt"),
        Expect("abs.txt", "error", "absolute", member="/abs.txt"),
        Expect("zeros.txt.gz", "done"), Expect("zeros.txt", "error", "limit", member="zeros.txt"),
    ]  # fmt: skip


@case
def gigapixel_image(root: Path) -> list[Expect]:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0)  # 10 gigapixels, greyscale
    rows = zlib.compress(b"\0" * 100_001 * 4)
    (root / "huge.png").write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )
    return [Expect("huge.png", "error", "pixels")]


@case
def malformed_documents(root: Path) -> list[Expect]:
    (root / "truncated.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R")
    with zipfile.ZipFile(root / "broken.docx", "w") as z:
        z.writestr("[Content_Types].xml", _DOCX_TYPES)
        z.writestr("_rels/.rels", _DOCX_RELS)
        z.writestr("word/document.xml", "<w:document><w:body><w:p>never closed")
    (root / "broken.rtf").write_bytes(b"{\\rtf1\\ansi {\\b unclosed " + LETTER.encode() + b"{{{")
    (root / "broken.html").write_text("<html><body><p>" + LETTER + "<div><table><tr><td>unclosed")
    return [
        Expect("truncated.pdf", "error", "PDF"), Expect("broken.docx", "error", "DOCX"),
        Expect("broken.rtf", "done"), Expect("broken.html", "done"),
    ]  # fmt: skip


@case
def encrypted_pdf(root: Path) -> list[Expect]:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("a password nobody gave us", algorithm="AES-256")
    with open(root / "locked.pdf", "wb") as fh:
        writer.write(fh)
    return [Expect("locked.pdf", "error", "password-protected")]


#: Members one container may have in the regression run (``TRIAGE_MAX_ARCHIVE_MEMBERS``).
MAX_MEMBERS = 500


@case
def mail_with_thousands_of_parts(root: Path) -> list[Expect]:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.org", "b@example.org", "parts"
    message.set_content(LETTER)
    for n in range(2000):
        message.add_attachment(f"part {n}".encode(), maintype="application", subtype="octet-stream",
                               filename=f"p{n}.bin")  # fmt: skip
    (root / "parts.eml").write_bytes(message.as_bytes())
    return [Expect("parts.eml", "error", "max_archive_members")]


@case
def huge_text_and_single_line(root: Path) -> list[Expect]:
    block = (LETTER * (1024 * 1024 // len(LETTER))).encode()
    with open(root / "100mb.txt", "wb") as fh:
        for _ in range(100):
            fh.write(block)
    (root / "one-line.txt").write_text(LETTER.strip() * (10 * 1024 * 1024 // len(LETTER)))
    return [Expect("100mb.txt", "error", "max_text_chars"), Expect("one-line.txt", "error", "max_text_chars")]


def build(folder: Path) -> list[Expect]:
    """Write every case under ``folder`` (one sub-folder each); returns what the run must leave."""
    expected: list[Expect] = []
    for name, make in CASES.items():
        (folder / name).mkdir(parents=True)
        expected += make(folder / name)
    return expected


if __name__ == "__main__":
    for expect in build(Path(sys.argv[1])):
        print(expect)
