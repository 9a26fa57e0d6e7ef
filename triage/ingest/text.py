"""Plain text in any encoding: BOMs first, then strict UTF-8, then charset-normalizer."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from triage.errors import UnsupportedFormat
from triage.ingest.base import ExtractContext, Extraction
from triage.ingest.registry import register_ingestor

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes of unknown encoding; returns (text, encoding)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise UnsupportedFormat("binary data that is not text in any known encoding")
    return str(best), best.encoding


def looks_like_text(head: bytes) -> bool:
    if not head:
        return True
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return True
    if b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls / len(head) < 0.01


@register_ingestor(priority=1000)
class TextIngestor:
    name = "text"
    media_type = "text/plain"

    def sniff(self, head: bytes, filename: str | None) -> bool:
        return looks_like_text(head)

    def extract(self, data: bytes, ctx: ExtractContext) -> Extraction:
        text, encoding = decode_text(data)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return Extraction(media_type=self.media_type, text=text, metadata={"encoding": encoding})
