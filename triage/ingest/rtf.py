"""RTF documents through striprtf: each paragraph (``\\par``) becomes a block.

The ANSI code page declared in the header (``\\ansicpgNNNN``) decodes ``\\'xx`` escapes;
Unicode escapes (``\\uNNNN``) need no code page. Legacy binary Word (.doc) is not read.
"""

from __future__ import annotations

import codecs
import re

from striprtf.striprtf import rtf_to_text

from triage.errors import CorruptFile
from triage.ingest.base import ExtractContext, Extraction
from triage.ingest.layout import join_blocks
from triage.ingest.registry import register_ingestor

_CODEPAGE = re.compile(rb"\\ansicpg(\d{3,5})")


def rtf_encoding(head: bytes) -> str:
    """The declared ANSI code page if Python knows it, else Windows-1252 (RTF's default)."""
    match = _CODEPAGE.search(head[:4096])
    if match:
        name = f"cp{match.group(1).decode()}"
        try:
            codecs.lookup(name)
            return name
        except LookupError:
            pass
    return "cp1252"


def rtf_plain_text(data: bytes) -> tuple[str, str]:
    """The text of an RTF document and the code page it was read with."""
    encoding = rtf_encoding(data)
    try:
        text = rtf_to_text(  # type: ignore[no-untyped-call]
            data.decode(encoding, "replace"), encoding=encoding, errors="replace"
        )
    except Exception as exc:  # striprtf raises plain errors on malformed groups
        raise CorruptFile(f"RTF cannot be read: {type(exc).__name__}: {str(exc)[:200]}") from exc
    return join_blocks(text.replace("\r\n", "\n").split("\n")), encoding


@register_ingestor(priority=170)
class RtfIngestor:
    name = "rtf"
    media_type = "application/rtf"

    def sniff(self, head: bytes, filename: str | None) -> bool:
        return head.lstrip().startswith(b"{\\rtf")

    def extract(self, data: bytes, ctx: ExtractContext) -> Extraction:
        text, encoding = rtf_plain_text(data)
        ctx.check_time()
        return Extraction(media_type=self.media_type, text=text, metadata={"encoding": encoding})
