"""ZIP archives: every file member becomes a child; guards refuse bombs, traversal, links.

Priority 300: DOCX, ODT, XLSX and EPUB are ZIP files too, and their own ingestors
(priority 100-200) look inside first; this one takes whatever ZIP they leave.
"""

from __future__ import annotations

import io
import stat
import zipfile
from functools import partial

from triage.ingest.base import ExtractContext, Extraction
from triage.ingest.guards import (
    MemberBudget,
    check_depth,
    check_member_count,
    library_errors,
    unsafe_name_reason,
)
from triage.ingest.registry import register_ingestor

_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_ENCRYPTED_FLAG = 0x1
_UNIX = 3  # create_system: only Unix zips carry a file type in the high attribute bits


def _member_reason(info: zipfile.ZipInfo) -> str | None:
    reason = unsafe_name_reason(info.filename)
    if reason is not None:
        return reason
    if info.flag_bits & _ENCRYPTED_FLAG:
        return "encrypted member: no password is available"
    file_type = stat.S_IFMT(info.external_attr >> 16) if info.create_system == _UNIX else 0
    if file_type == stat.S_IFLNK:
        return "symbolic link member refused"
    if file_type not in (0, stat.S_IFREG, stat.S_IFDIR):
        return "special file member (device, fifo or socket) refused"
    return None


@register_ingestor(priority=300)
class ZipIngestor:
    name = "zip"
    media_type = "application/zip"

    def sniff(self, head: bytes, filename: str | None) -> bool:
        return head.startswith(_MAGIC)

    def extract(self, data: bytes, ctx: ExtractContext) -> Extraction:
        check_depth(ctx, "ZIP archive")
        with library_errors("ZIP archive"):
            archive = zipfile.ZipFile(io.BytesIO(data))
        with archive:
            members = [info for info in archive.infolist() if not info.is_dir()]
            check_member_count(len(members), ctx, "ZIP archive")
            budget = MemberBudget(ctx)
            for info in members:
                budget.store_member(
                    info.filename, info.file_size, _member_reason(info), partial(archive.open, info)
                )
        metadata = {"members": len(members)}
        return Extraction(media_type=self.media_type, metadata=metadata, children=budget.children)
