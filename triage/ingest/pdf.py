"""PDF: the text layer through pypdf; pages without one are rendered and read by OCR.

A page whose text layer has fewer than ``MIN_LAYER_CHARS`` visible characters is taken to
be a scan (a page stamp or a page number alone does not count as text). Such pages are
rendered with poppler's ``pdftoppm`` at ``settings.ocr_dpi``; without poppler, the largest
embedded image of the page is used instead. Encrypted PDFs are read when they open with
the empty user password (permissions-only protection) and refused otherwise.
"""

from __future__ import annotations

import io
import itertools
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from PIL import Image
from pypdf import PageObject, PasswordType, PdfReader

from triage.errors import CorruptFile, EncryptedFile, GuardTripped, IngestError
from triage.ingest.base import ExtractContext, Extraction
from triage.ingest.layout import join_blocks, reflow, tidy
from triage.ingest.ocr import OcrSession
from triage.ingest.registry import register_ingestor

MIN_LAYER_CHARS = 16
PARAGRAPH_GAP = 1.45
MIN_LINE_STEP = 2.0  # points
# Acrobat accepts a PDF whose %%EOF marker lies within the last 1024 bytes; allow more
# for mail gateways that append a trailer, but a truncated file has none at all.
_EOF_WINDOW = 4096


def open_pdf(data: bytes) -> PdfReader:
    """A reader with the empty password applied; CorruptFile / EncryptedFile otherwise."""
    if b"%%EOF" not in data[-_EOF_WINDOW:]:
        raise CorruptFile("PDF is truncated: no end-of-file marker")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception as exc:  # pypdf raises several types for unsupported crypto
                raise EncryptedFile(f"PDF is encrypted and cannot be opened: {exc}") from exc
            if opened == PasswordType.NOT_DECRYPTED:
                raise EncryptedFile("PDF is password-protected; ask the sender for an unprotected copy")
        len(reader.pages)  # forces the page tree to be read
    except IngestError:
        raise
    except Exception as exc:  # pypdf's error types vary by the kind of damage
        raise CorruptFile(f"PDF cannot be read: {type(exc).__name__}: {str(exc)[:200]}") from exc
    return reader


def layer_text(page: PageObject) -> str:
    """The page's text layer, with a blank line where the vertical gap marks a new paragraph."""
    fragments: list[tuple[str, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text:
            fragments.append((text, tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

    try:
        plain = page.extract_text(visitor_text=visit) or ""
    except Exception:  # a damaged content stream: treat the page as having no text layer
        return ""
    if "".join(text for text, _ in fragments) != plain:
        return reflow(tidy(plain))  # the visitor did not see the text as returned: its lines as they are
    return reflow(tidy(_paragraph_gaps(fragments)))


def _paragraph_gaps(fragments: list[tuple[str, float]]) -> str:
    """Joins fragments, doubling a line break where the drop to the next line is unusually large.

    pypdf separates lines but not paragraphs; the segmenter needs blank lines between
    paragraphs, headings and address blocks. A drop of more than ``PARAGRAPH_GAP`` times
    the page's usual line step is taken as a paragraph break.
    """
    drops = [
        prev_y - y
        for (prev, prev_y), (_, y) in itertools.pairwise(fragments)
        if prev.endswith("\n") and prev_y > y
    ]
    # Tiny drops are sub- and superscripts, not lines.
    steps = sorted(d for d in drops if d >= MIN_LINE_STEP)
    if not steps:
        return "".join(text for text, _ in fragments)
    usual = steps[len(steps) // 4]  # the lower quartile: most drops are plain line steps
    out: list[str] = [fragments[0][0]]
    for (prev, prev_y), (text, y) in itertools.pairwise(fragments):
        if prev.endswith("\n") and prev_y - y > PARAGRAPH_GAP * usual:
            out.append("\n")
        out.append(text)
    return "".join(out)


class PageRenderer:
    """Renders single pages to images with pdftoppm, or takes their largest embedded image."""

    def __init__(self, data: bytes, ctx: ExtractContext) -> None:
        self._data = data
        self._ctx = ctx
        self._pdftoppm = shutil.which("pdftoppm")
        self._tmp: tempfile.TemporaryDirectory[str] | None = None

    def __enter__(self) -> PageRenderer:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()

    def render(self, index: int, page: PageObject) -> Image.Image | None:
        if self._pdftoppm is None:
            return self._largest_image(page)
        if self._tmp is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="triage-pdf-")
            (Path(self._tmp.name) / "in.pdf").write_bytes(self._data)
        folder = Path(self._tmp.name)
        number = str(index + 1)
        left = self._ctx.settings.file_time_limit_s - (time.monotonic() - self._ctx.started)
        cmd = [self._pdftoppm, "-f", number, "-l", number, "-r", str(self._ctx.settings.ocr_dpi)]
        cmd += ["-gray", "-png", "-singlefile", str(folder / "in.pdf"), str(folder / "page")]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=max(1.0, left))
        except subprocess.TimeoutExpired as exc:
            raise GuardTripped("rendering a PDF page for OCR ran past the time limit") from exc
        except subprocess.CalledProcessError as exc:
            raise CorruptFile(f"pdftoppm cannot render page {number}: {exc.stderr[:200]!r}") from exc
        with Image.open(folder / "page.png") as image:
            image.load()
            return image

    @staticmethod
    def _largest_image(page: PageObject) -> Image.Image | None:
        try:
            images = [img.image for img in page.images if img.image is not None]
        except Exception as exc:
            raise IngestError(
                "a scanned PDF page needs poppler's pdftoppm: install the Debian package poppler-utils"
            ) from exc
        return max(images, key=lambda im: im.width * im.height) if images else None


@register_ingestor(priority=100)
class PdfIngestor:
    name = "pdf"
    media_type = "application/pdf"

    def sniff(self, head: bytes, filename: str | None) -> bool:
        return head.startswith(b"%PDF-")

    def extract(self, data: bytes, ctx: ExtractContext) -> Extraction:
        reader = open_pdf(data)
        session = OcrSession(ctx)
        texts: list[str] = []
        ocr_pages: list[int] = []
        with PageRenderer(data, ctx) as renderer:
            for index, page in enumerate(reader.pages):
                ctx.check_time()
                text = layer_text(page)
                if sum(not ch.isspace() for ch in text) < MIN_LAYER_CHARS:
                    image = renderer.render(index, page)
                    scanned = session.read(image) if image is not None else ""
                    if len(scanned.strip()) > len(text.strip()):
                        text = scanned
                        ocr_pages.append(index + 1)
                texts.append(text)
        metadata: dict[str, Any] = {"text_layer_pages": len(texts) - len(ocr_pages)}
        if reader.is_encrypted:
            metadata["encrypted"] = "empty-password"
        if ocr_pages:
            metadata["ocr_pages"] = ocr_pages
            metadata.update(session.metadata())
        return Extraction(
            media_type=self.media_type,
            text=join_blocks(texts),
            pages=len(texts),
            ocr=bool(ocr_pages),
            metadata=metadata,
            warnings=session.reading_warnings() if ocr_pages else [],
        )


@register_ingestor(priority=370)
class PdfAfterPreambleIngestor(PdfIngestor):
    """A PDF whose header follows a little junk (readers tolerate 1,024 bytes of it).

    Tried only after every container (ZIP, TAR, 7z, compressed streams, Outlook files), whose
    structure owns a file from its first bytes: a PDF header a few hundred bytes into a TAR or
    a stored ZIP is its first member's, not the file's.
    """

    def sniff(self, head: bytes, filename: str | None) -> bool:
        return b"%PDF-" in head[:1024]
