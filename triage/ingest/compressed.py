"""Single compressed streams (gzip, bzip2, xz): one child, the decompressed file.

A ``.tar.gz`` thus becomes a ``.tar`` child whose members are children in turn; the
decompressed bytes are counted against the same expansion limits as archive members.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
from collections.abc import Callable
from pathlib import PurePath
from typing import BinaryIO

from triage.errors import CorruptFile
from triage.ingest.base import ExtractContext, Extraction
from triage.ingest.guards import MemberBudget, Readable, check_depth, library_errors
from triage.ingest.registry import register_ingestor

_FORMATS: dict[bytes, tuple[str, Callable[[BinaryIO], Readable]]] = {
    b"\x1f\x8b\x08": ("gzip", lambda f: gzip.GzipFile(fileobj=f)),
    b"BZh": ("bzip2", lambda f: bz2.BZ2File(f)),
    b"\xfd7zXZ\x00": ("xz", lambda f: lzma.LZMAFile(f)),  # noqa: SIM115 closed by the caller
}
_SUFFIXES = {".gz": "", ".bz2": "", ".xz": "", ".tgz": ".tar", ".tbz2": ".tar", ".tbz": ".tar",
             ".txz": ".tar"}
_BZ2_BLOCK = b"1AY&SY"


def _kind(head: bytes) -> str | None:
    for magic, (kind, _) in _FORMATS.items():
        if head.startswith(magic):
            if kind == "bzip2" and head[4:10] != _BZ2_BLOCK:
                return None
            return kind
    return None


def inner_name(filename: str | None) -> str:
    if not filename:
        return "decompressed"
    path = PurePath(filename.replace("\\", "/"))
    replacement = _SUFFIXES.get(path.suffix.lower())
    if replacement is None:
        return f"{path.name}.decompressed"
    return path.stem + replacement


@register_ingestor(priority=330)
class CompressedIngestor:
    name = "compressed"
    media_type = "application/gzip"

    def sniff(self, head: bytes, filename: str | None) -> bool:
        return _kind(head) is not None

    def extract(self, data: bytes, ctx: ExtractContext) -> Extraction:
        kind = _kind(data[:16])
        if kind is None:
            raise CorruptFile("compressed stream without a known magic number")
        check_depth(ctx, f"{kind} file")
        opener = next(o for k, o in _FORMATS.values() if k == kind)
        budget = MemberBudget(ctx)
        name = inner_name(ctx.filename)
        with library_errors(f"{kind} stream"):
            stream = opener(io.BytesIO(data))
            try:
                budget.store_stream(name, stream)
            finally:
                stream.close()  # type: ignore[attr-defined]
        media = {"gzip": "application/gzip", "bzip2": "application/x-bzip2", "xz": "application/x-xz"}[kind]
        return Extraction(media_type=media, metadata={"compression": kind}, children=budget.children)
