"""The minimised export as PDF: the text as approved, its lines kept, any script the font covers."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from triage.errors import Unavailable
from triage.minimise import pdf

TEXT = "Zahtjev [REDACTED]\n    uvučeni redak\n\nΑίτηση · Запрос · მოთხოვნა"


def pages_text(body: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)


@pytest.mark.skipif(not any(p.is_file() for p in pdf.SYSTEM_FONTS), reason="needs fonts-dejavu-core")
def test_every_line_and_script_reaches_the_pdf() -> None:
    body = pdf.render(TEXT, title="Minimised item X", header=["exported by user:r"])
    text = pages_text(body)
    for words in ("Zahtjev [REDACTED]", "uvučeni redak", "Αίτηση", "Запрос", "მოთხოვნა", "Minimised item X"):
        assert words in text
    long = pdf.render("\n".join(f"line {i}" for i in range(200)), title="t", header=[])
    assert len(PdfReader(io.BytesIO(long)).pages) > 1


def test_without_a_unicode_font_latin_text_still_exports_and_other_scripts_say_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pdf, "SYSTEM_FONTS", ())
    pdf._font.cache_clear()
    try:
        assert "Déclaration" in pages_text(pdf.render("Déclaration du témoin", title="t", header=[]))
        with pytest.raises(Unavailable, match="fonts-dejavu-core"):
            pdf.render("Запрос", title="t", header=[])
        with pytest.raises(Unavailable, match="does not exist"):
            pdf.render("x", title="t", header=[], font=Path("/nowhere/font.ttf"))
    finally:
        pdf._font.cache_clear()
