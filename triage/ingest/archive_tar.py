"""Uncompressed tar archives (compressed ones are unwrapped first by ``compressed``).

Follows the spirit of tarfile's 'data' extraction filter, stricter: absolute paths,
'..' traversal, links of any kind and device or fifo entries are refused (error
children); only regular files are read, into the blob store, never onto a path.
"""

from __future__ import annotations

import io
import tarfile
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

_USTAR_OFFSET = 257


def _member_reason(member: tarfile.TarInfo) -> str | None:
    reason = unsafe_name_reason(member.name)
    if reason is not None:
        return reason
    if member.issym() or member.islnk():
        return "link member refused (links are never followed)"
    if not member.isfile():
        return "device, fifo or other special member refused"
    return None


@register_ingestor(priority=310)
class TarIngestor:
    name = "tar"
    media_type = "application/x-tar"

    def sniff(self, head: bytes, filename: str | None) -> bool:
        return head[_USTAR_OFFSET : _USTAR_OFFSET + 5] == b"ustar"

    def extract(self, data: bytes, ctx: ExtractContext) -> Extraction:
        check_depth(ctx, "tar archive")
        with library_errors("tar archive"):
            archive = tarfile.open(fileobj=io.BytesIO(data), mode="r:")  # noqa: SIM115 closed below
            members = [m for m in archive.getmembers() if not m.isdir()]
        with archive:
            check_member_count(len(members), ctx, "tar archive")
            budget = MemberBudget(ctx)
            for member in members:
                budget.store_member(
                    member.name, member.size, _member_reason(member), partial(archive.extractfile, member)
                )
        metadata = {"members": len(members)}
        return Extraction(media_type=self.media_type, metadata=metadata, children=budget.children)
