"""Archive containers (zip, tar, 7z, gzip) and their guards: bombs, traversal, links,
encryption, corruption, member counts, depth and time."""

from __future__ import annotations

import gzip
import io
import stat
import struct
import tarfile
import time
import zipfile
from pathlib import Path
from typing import Any

import py7zr
import pytest

from triage.config import Settings
from triage.errors import CorruptFile, EncryptedFile, GuardTripped
from triage.ingest.base import ExtractContext, Extraction
from triage.ingest.guards import unsafe_name_reason
from triage.ingest.registry import choose, extract_bytes
from triage.storage.blobs import BlobStore


def make_ctx(tmp_path: Path, depth: int = 0, filename: str | None = None, **limits: Any) -> ExtractContext:
    return ExtractContext(
        settings=Settings(data_dir=tmp_path, **limits),
        blobs=BlobStore(tmp_path / "blobs"),
        depth=depth,
        filename=filename,
    )


def zip_bytes(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buf.getvalue()


def tar_bytes(members: dict[str, bytes], extra: list[tarfile.TarInfo] | None = None) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for info in extra or []:
            archive.addfile(info)
    return buf.getvalue()


def sevenzip_bytes(
    members: dict[str, bytes], password: str | None = None, header_encryption: bool = False
) -> bytes:
    buf = io.BytesIO()
    with py7zr.SevenZipFile(buf, "w", password=password, header_encryption=header_encryption) as archive:
        for name, data in members.items():
            archive.writestr(data, name)
    return buf.getvalue()


def by_name(result: Extraction) -> dict[str, Any]:
    return {child.name: child for child in result.children}


def test_nested_zip_in_tar_in_7z_reaches_the_innermost_file(tmp_path: Path) -> None:
    inner_zip = zip_bytes({"deep/note.txt": b"innermost words\n"})
    tar = tar_bytes({"pack/inner.zip": inner_zip})
    outer = sevenzip_bytes({"outer.tar": tar, "top.txt": b"top level\n"})
    ctx = make_ctx(tmp_path)
    seen: dict[str, str] = {}

    def walk(data: bytes, depth: int, path: str) -> None:
        result = extract_bytes(data, make_ctx(tmp_path, depth=depth))
        seen[path] = result.media_type
        for child in result.children:
            assert child.error is None
            walk(ctx.blobs.read(child.sha256), depth + 1, f"{path}/{child.name}")

    walk(outer, 0, "")
    assert seen == {
        "": "application/x-7z-compressed",
        "/outer.tar": "application/x-tar",
        "/outer.tar/pack/inner.zip": "application/zip",
        "/outer.tar/pack/inner.zip/deep/note.txt": "text/plain",
        "/top.txt": "text/plain",
    }
    note = by_name(extract_bytes(inner_zip, make_ctx(tmp_path, depth=2)))["deep/note.txt"]
    assert ctx.blobs.read(note.sha256) == b"innermost words\n"


def test_depth_limit_refuses_to_open(tmp_path: Path) -> None:
    data = zip_bytes({"a.txt": b"a"})
    assert extract_bytes(data, make_ctx(tmp_path, depth=1, max_archive_depth=2)).children
    with pytest.raises(GuardTripped, match="depth 2"):
        extract_bytes(data, make_ctx(tmp_path, depth=2, max_archive_depth=2))


def test_zip_bomb_declared_size_is_refused_before_reading(tmp_path: Path) -> None:
    data = zip_bytes({"zeros.bin": b"\x00" * 5_000_000, "ok.txt": b"fine"})
    assert len(data) < 20_000
    result = extract_bytes(data, make_ctx(tmp_path, max_expanded_bytes=1_000_000))
    children = by_name(result)
    assert children["zeros.bin"].error and "max_expanded_bytes" in children["zeros.bin"].error
    assert children["zeros.bin"].size == 5_000_000
    assert children["ok.txt"].error is None


def test_zip_member_over_max_file_bytes_is_refused(tmp_path: Path) -> None:
    data = zip_bytes({"big.bin": b"\x00" * 300_000})
    result = extract_bytes(data, make_ctx(tmp_path, max_file_bytes=200_000))
    assert "max_file_bytes" in (result.children[0].error or "")


def _lie_about_sizes(data: bytes, size: int) -> bytes:
    """Rewrite the declared uncompressed size in local and central headers (a lying bomb)."""
    buf = bytearray(data)
    local = buf.index(b"PK\x03\x04")
    struct.pack_into("<I", buf, local + 22, size)
    central = buf.index(b"PK\x01\x02")
    struct.pack_into("<I", buf, central + 24, size)
    return bytes(buf)


def test_zip_lying_declared_size_never_stores_more_than_declared(tmp_path: Path) -> None:
    data = _lie_about_sizes(zip_bytes({"zeros.bin": b"\x00" * 2_000_000}), 100)
    ctx = make_ctx(tmp_path, max_expanded_bytes=1_000_000)
    result = extract_bytes(data, ctx)
    child = result.children[0]
    assert child.error is not None  # the CRC no longer matches what was read
    stored = [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()]
    assert all(p.stat().st_size <= 100 for p in stored)


def test_gzip_bomb_counts_real_bytes(tmp_path: Path) -> None:
    data = gzip.compress(b"\x00" * 3_000_000)
    result = extract_bytes(data, make_ctx(tmp_path, filename="dump.bin.gz", max_expanded_bytes=1_000_000))
    child = result.children[0]
    assert child.name == "dump.bin"
    assert child.error and "decompression stopped" in child.error
    assert all(p.stat().st_size < 1_100_000 for p in (tmp_path / "blobs").rglob("*") if p.is_file())


def test_tar_gz_unwraps_to_a_tar_child(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path, filename="case.tgz")
    result = extract_bytes(gzip.compress(tar_bytes({"a.txt": b"alpha"})), ctx)
    assert [c.name for c in result.children] == ["case.tar"]
    inner = extract_bytes(ctx.blobs.read(result.children[0].sha256), make_ctx(tmp_path, depth=1))
    assert ctx.blobs.read(inner.children[0].sha256) == b"alpha"


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/abs.txt", "C:\\windows\\x.txt", "a/../../up.txt"])
def test_unsafe_names_are_recognised(name: str) -> None:
    assert unsafe_name_reason(name) is not None


def test_zip_traversal_and_absolute_members_become_error_children(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    data = zip_bytes({"../evil.txt": b"evil", "/abs.txt": b"abs", "C:/drive.txt": b"d", "good.txt": b"good"})
    result = extract_bytes(data, make_ctx(work))
    children = by_name(result)
    assert "traversal" in (children["../evil.txt"].error or "")
    assert "absolute" in (children["/abs.txt"].error or "")
    assert "drive letter" in (children["C:/drive.txt"].error or "")
    assert children["good.txt"].error is None
    assert not (tmp_path / "evil.txt").exists() and not list(tmp_path.rglob("evil.txt"))


def test_zip_symlink_member_is_refused(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        info = zipfile.ZipInfo("link")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, "/etc/passwd")
    result = extract_bytes(buf.getvalue(), make_ctx(tmp_path))
    assert "symbolic link" in (result.children[0].error or "")


def test_tar_links_devices_and_traversal_are_refused(tmp_path: Path) -> None:
    link = tarfile.TarInfo("shortcut")
    link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
    hard = tarfile.TarInfo("hard")
    hard.type, hard.linkname = tarfile.LNKTYPE, "ok.txt"
    device = tarfile.TarInfo("dev/null0")
    device.type = tarfile.CHRTYPE
    data = tar_bytes({"ok.txt": b"fine", "../up.txt": b"up"}, [link, hard, device])
    children = by_name(extract_bytes(data, make_ctx(tmp_path)))
    assert children["ok.txt"].error is None
    assert "traversal" in (children["../up.txt"].error or "")
    assert "link" in (children["shortcut"].error or "")
    assert "link" in (children["hard"].error or "")
    assert "special" in (children["dev/null0"].error or "")


def _mark_encrypted(data: bytes) -> bytes:
    buf = bytearray(data)
    local = buf.index(b"PK\x03\x04")
    buf[local + 6] |= 0x1
    central = buf.index(b"PK\x01\x02")
    buf[central + 8] |= 0x1
    return bytes(buf)


def test_encrypted_zip_member_is_an_error_child(tmp_path: Path) -> None:
    data = _mark_encrypted(zip_bytes({"secret.txt": b"secret"}, zipfile.ZIP_STORED))
    result = extract_bytes(data, make_ctx(tmp_path))
    assert "encrypted" in (result.children[0].error or "")
    assert result.children[0].size == 6


def test_encrypted_7z_members_are_error_children(tmp_path: Path) -> None:
    data = sevenzip_bytes({"secret.txt": b"secret words"}, password="invented-pw")
    result = extract_bytes(data, make_ctx(tmp_path))
    assert [c.name for c in result.children] == ["secret.txt"]
    assert "encrypted" in (result.children[0].error or "")


def test_7z_with_encrypted_headers_is_encrypted_file(tmp_path: Path) -> None:
    data = sevenzip_bytes({"secret.txt": b"secret"}, password="invented-pw", header_encryption=True)
    with pytest.raises(EncryptedFile):
        extract_bytes(data, make_ctx(tmp_path))


def test_7z_bomb_is_stopped_by_real_bytes(tmp_path: Path) -> None:
    data = sevenzip_bytes({"a.bin": b"\x00" * 600_000, "b.bin": b"\x00" * 600_000})
    result = extract_bytes(data, make_ctx(tmp_path, max_expanded_bytes=1_000_000))
    children = by_name(result)
    assert children["a.bin"].error is None
    assert children["b.bin"].error and "max_expanded_bytes" in children["b.bin"].error


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (zip_bytes({"a.txt": b"a" * 1000})[:-30], "zip"),
        (sevenzip_bytes({"a.txt": b"a" * 1000})[:40], "7z"),
    ],
)
def test_truncated_archives_are_corrupt(tmp_path: Path, data: bytes, kind: str) -> None:
    assert choose(data).name == kind
    with pytest.raises(CorruptFile):
        extract_bytes(data, make_ctx(tmp_path))


def test_truncated_tar_is_corrupt(tmp_path: Path) -> None:
    data = tar_bytes({"a.txt": b"a" * 5000})[:1500]
    with pytest.raises(CorruptFile, match="tar archive"):
        extract_bytes(data, make_ctx(tmp_path))


def test_too_many_members_refuses_the_container(tmp_path: Path) -> None:
    data = zip_bytes({f"f{i}.txt": b"x" for i in range(6)})
    with pytest.raises(GuardTripped, match="6 members, over the limit of 5"):
        extract_bytes(data, make_ctx(tmp_path, max_archive_members=5))


def test_time_limit_is_checked_in_member_loops(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path, file_time_limit_s=1.0)
    ctx.started = time.monotonic() - 10
    with pytest.raises(GuardTripped, match="time limit"):
        extract_bytes(tar_bytes({"a.txt": b"a"}), ctx)


def test_archives_are_sniffed_by_bytes_not_name(tmp_path: Path) -> None:
    assert choose(zip_bytes({"a": b"a"}), "letter.txt").name == "zip"
    assert choose(tar_bytes({"a": b"a"}), "letter.pdf").name == "tar"
    assert choose(b"PK not really", "archive.zip").name != "zip"


def _pdf(text: str) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    pdf.drawString(72, 720, text)
    pdf.save()
    return buf.getvalue()


@pytest.mark.parametrize("form", ["tar", "tar.gz", "stored zip"])
def test_a_container_whose_first_member_is_a_pdf_is_the_container(tmp_path: Path, form: str) -> None:
    """The structure that owns the file decides (a TAR header, a ZIP's signature), not a PDF header
    a few hundred bytes in; every member is accounted for."""
    members = {"01-request.pdf": _pdf("Request for assistance"), "02-annex.txt": b"Annex: bank statements",
               "03-letter.txt": b"Covering letter", "04-list.txt": b"List of accounts"}  # fmt: skip
    if form == "stored zip":
        data = zip_bytes(members, zipfile.ZIP_STORED)
    else:
        data = tar_bytes(members)
        if form == "tar.gz":
            data = gzip.compress(data)
    assert b"%PDF-" in data[:1024] or form == "tar.gz"
    result = extract_bytes(data, make_ctx(tmp_path))
    if form == "tar.gz":  # the stream holds one TAR, which holds the four
        (inner,) = result.children
        assert choose(BlobStore(tmp_path / "blobs").read(inner.sha256)).name == "tar"
        result = extract_bytes(BlobStore(tmp_path / "blobs").read(inner.sha256), make_ctx(tmp_path, depth=1))
    assert sorted(c.name for c in result.children) == sorted(members)
    assert all(c.error is None for c in result.children)


def test_a_pdf_after_a_short_preamble_is_still_a_pdf(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbfjunk a mail gateway left\r\n" + _pdf("Request for assistance")
    assert choose(data).name == "pdf"
    assert "Request for assistance" in extract_bytes(data, make_ctx(tmp_path)).text
