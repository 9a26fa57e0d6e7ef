"""The minimised text as a PDF: what a reviewer approved, page by page, lines kept as they were.

reportlab lays the text out; a TrueType font with wide coverage (DejaVu Sans, from the
system's fonts or ``TRIAGE_PDF_FONT``) carries Latin, Greek, Cyrillic and Georgian letters.
Without one, the PDF core font serves text it can encode and anything else is refused with
a message saying what to install, never printed as empty boxes. Right-to-left scripts are
drawn in logical order (no bidirectional reordering): the text export is the reference.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from triage.errors import Unavailable

SYSTEM_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
    Path("/usr/local/share/fonts/DejaVuSans.ttf"),
)
CORE_FONT = "Helvetica"


@lru_cache(maxsize=4)
def _font(configured: Path | None) -> str:
    """The registered name of the first usable font: the configured one, then the system's."""
    for path in ([configured] if configured else []) + list(SYSTEM_FONTS):
        if path.is_file():
            name = f"triage-{path.stem}"
            pdfmetrics.registerFont(TTFont(name, str(path)))
            return name
    if configured:
        raise Unavailable(f"the PDF font {configured} does not exist (TRIAGE_PDF_FONT)")
    return CORE_FONT


def render(text: str, *, title: str, header: list[str], font: Path | None = None) -> bytes:
    """A4 pages: the title, the header lines (who, when, which item), then the text line by line."""
    name = _font(font)
    if name == CORE_FONT:
        try:
            text.encode("cp1252")
        except UnicodeEncodeError:
            raise Unavailable(
                "this text needs a Unicode font for the PDF export: install fonts-dejavu-core or set "
                "TRIAGE_PDF_FONT (the text export works without one)"
            ) from None
    body = ParagraphStyle("body", fontName=name, fontSize=10, leading=13.5)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10.5, textColor="#444444")
    heading = ParagraphStyle("heading", parent=body, fontSize=13, leading=17, spaceAfter=4)
    story: list[Paragraph | Spacer] = [Paragraph(escape(title), heading)]
    story += [Paragraph(escape(line), small) for line in header]
    story.append(Spacer(1, 5 * mm))
    for line in text.splitlines():
        # Leading spaces would be collapsed: keep indentation as non-breaking spaces.
        stripped = line.lstrip(" ")
        indent = "\u00a0" * (len(line) - len(stripped))
        story.append(Paragraph(indent + escape(stripped), body) if stripped else Spacer(1, body.leading))
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm, bottomMargin=18 * mm,
        title=title, author="MLA intake triage", subject="Minimised text",
    )  # fmt: skip
    doc.build(story)
    return out.getvalue()
