"""ZIP-based office formats (OOXML, ODF): member names from the first bytes, and a
guarded open.

Sniffers only see the first bytes, so member names are read from the local file
headers found there; that is enough to tell a DOCX or an ODT from a generic ZIP.
"""

from __future__ import annotations

import io
import struct
import zipfile

from triage.errors import CorruptFile, GuardTripped
from triage.ingest.base import ExtractContext

ZIP_MAGIC = b"PK\x03\x04"
_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")


def head_member_names(head: bytes, limit: int = 64) -> list[str]:
    """Names of the members whose local headers lie in ``head``, in file order."""
    names: list[str] = []
    offset = 0
    while len(names) < limit and head[offset : offset + 4] == ZIP_MAGIC:
        if offset + _LOCAL_HEADER.size > len(head):
            break
        fields = _LOCAL_HEADER.unpack_from(head, offset)
        flags, compressed, name_len, extra_len = fields[2], fields[7], fields[9], fields[10]
        start = offset + _LOCAL_HEADER.size
        name = head[start : start + name_len]
        if len(name) < name_len:
            break
        names.append(name.decode("utf-8", "replace"))
        if flags & 0x08:  # sizes follow the data: the next header cannot be found cheaply
            break
        offset = start + name_len + extra_len + compressed
    return names


def open_zip(data: bytes, ctx: ExtractContext, kind: str) -> zipfile.ZipFile:
    """The archive, refused when its declared expanded size is over the guard."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CorruptFile(f"{kind} file is not a readable ZIP container: {exc}") from exc
    expanded = sum(info.file_size for info in archive.infolist())
    if expanded > ctx.settings.max_expanded_bytes:
        raise GuardTripped(
            f"{kind} file expands to {expanded} bytes, over the limit of {ctx.settings.max_expanded_bytes}"
        )
    # An XML part becomes a tree in memory about ten times its size: a 2 MB file whose
    # document.xml expands to 600 MB would take gigabytes. (A ZIP member yields no more than
    # its declared size: reading past it is a CRC error, so the declared size bounds it.)
    limit = ctx.settings.max_xml_part_bytes
    for info in archive.infolist():
        if info.filename.lower().endswith((".xml", ".rels")) and info.file_size > limit:
            archive.close()
            raise GuardTripped(
                f"{kind} part {info.filename!r} expands to {info.file_size} bytes, over the limit of {limit} "
                "(max_xml_part_bytes)"
            )
    return archive
