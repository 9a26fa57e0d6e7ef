"""Raster images (PNG, JPEG, TIFF incl. multi-page, BMP, GIF, WebP) read by OCR.

Every frame of a TIFF is a page; for GIF and WebP only the first frame is read, since
their extra frames are animation, not pages. Pillow's decompression-bomb check is a
guard: an image that would expand beyond its pixel limit is refused, not decoded.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageSequence, UnidentifiedImageError

from triage.errors import CorruptFile, GuardTripped
from triage.ingest.base import ExtractContext, Extraction
from triage.ingest.layout import join_blocks
from triage.ingest.ocr import OcrSession
from triage.ingest.registry import register_ingestor

_BMP_HEADER_SIZES = {12, 40, 52, 56, 64, 108, 124}


def image_kind(head: bytes) -> str | None:
    """The image format from magic numbers, or None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    # "BM" alone could start a text file: also require zero reserved bytes and a known
    # DIB header size.
    if (
        head[:2] == b"BM"
        and len(head) >= 18
        and head[6:10] == b"\x00\x00\x00\x00"
        and int.from_bytes(head[14:18], "little") in _BMP_HEADER_SIZES
    ):
        return "bmp"
    return None


_MEDIA_TYPES = {
    "png": "image/png",
    "jpeg": "image/jpeg",
    "tiff": "image/tiff",
    "gif": "image/gif",
    "webp": "image/webp",
    "bmp": "image/bmp",
}


@register_ingestor(priority=110)
class ImageIngestor:
    name = "image"
    media_type = "image/*"

    def sniff(self, head: bytes, filename: str | None) -> bool:
        return image_kind(head) is not None

    def extract(self, data: bytes, ctx: ExtractContext) -> Extraction:
        kind = image_kind(data[:32]) or "unknown"
        session = OcrSession(ctx)
        pages: list[str] = []
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                with Image.open(io.BytesIO(data)) as image:
                    size = image.size
                    frames = ImageSequence.Iterator(image) if kind == "tiff" else [image]
                    for frame in frames:
                        ctx.check_time()
                        frame.load()
                        pages.append(session.read(frame))
            except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
                raise GuardTripped(f"image too large to decode safely: {exc}") from exc
            except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
                raise CorruptFile(f"{kind} image cannot be decoded: {exc}") from exc
        return Extraction(
            media_type=_MEDIA_TYPES.get(kind, "application/octet-stream"),
            text=join_blocks(pages),
            pages=len(pages),
            ocr=True,
            metadata={"image_format": kind, "width": size[0], "height": size[1], **session.metadata()},
            warnings=session.reading_warnings(),
        )
