"""OCR of images and scanned PDFs, with the OCR language following the item's language.

Scans are rendered here from invented text with a TrueType font of the machine; a few
lines of large text keep each Tesseract run well under a second.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from triage.config import Settings
from triage.errors import IngestError
from triage.ingest import ocr
from triage.ingest.base import ExtractContext
from triage.ingest.registry import extract_bytes
from triage.storage.blobs import BlobStore

pytestmark = pytest.mark.ocr

FONT_CANDIDATES = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
]
FONT = next((p for p in FONT_CANDIDATES if p.exists()), None)

if shutil.which("tesseract") is None or FONT is None:
    pytest.skip("needs the tesseract binary and the DejaVuSans font", allow_module_level=True)

TEXTS = {
    "en": ["The suspect was arrested yesterday evening.", "The prosecutor asks for the bank records."],
    "de": [
        "Der Beschuldigte wurde gestern verhaftet.",
        "Die Behörde bittet um Übermittlung der Kontoauszüge.",
    ],
    "ru": ["Подозреваемый был задержан вчера вечером.", "Прокурор просит предоставить банковские выписки."],
    "cs": ["Obviněný byl včera večer zadržen policií.", "Státní zástupce žádá o výpis z účtu."],
    "pl": ["Podejrzany został wczoraj zatrzymany przez policję.", "Prokurator prosi o wyciągi z rachunku."],
}
# Words that only come out right with the language's own pack (diacritics, script).
KEY_WORDS = {
    "en": ["arrested", "prosecutor"],
    "de": ["Übermittlung", "Kontoauszüge"],
    "ru": ["задержан", "выписки"],
    "cs": ["Obviněný", "večer", "účtu"],
    "pl": ["został", "policję", "wyciągi"],
}


def render(lines: list[str]) -> Image.Image:
    """A clean 'scan': 40 px text (about 12 pt at 240 dpi) on white."""
    font = ImageFont.truetype(str(FONT), 40)
    image = Image.new("L", (1500, 60 + 70 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((50, 30 + 70 * i), line, font=font, fill=0)
    return image


def encode(image: Image.Image, fmt: str, **params: object) -> bytes:
    buf = io.BytesIO()
    image.save(buf, fmt, **params)
    return buf.getvalue()


@pytest.fixture(autouse=True)
def _fresh_pack_cache() -> Iterator[None]:
    ocr.installed_packs.cache_clear()
    yield
    ocr.installed_packs.cache_clear()


def context(tmp_path: Path, hint: str | None = None) -> ExtractContext:
    return ExtractContext(
        settings=Settings(data_dir=tmp_path, ocr_dpi=150),
        blobs=BlobStore(tmp_path / "blobs"),
        language_hint=hint,
    )


@pytest.mark.parametrize("language", ["en", "de", "ru", "cs"])
def test_png_language_is_detected_and_used(tmp_path: Path, language: str) -> None:
    result = extract_bytes(encode(render(TEXTS[language]), "PNG"), context(tmp_path))
    assert result.media_type == "image/png"
    assert result.ocr is True and result.pages == 1
    assert result.metadata["ocr_language"] == language
    assert result.metadata["ocr_packs"] == ocr.ocr_languages().pack_for(language)[0]
    assert result.metadata["ocr_language_source"] == "detected"
    for word in KEY_WORDS[language]:
        assert word in result.text


def test_declared_language_skips_detection(tmp_path: Path) -> None:
    result = extract_bytes(encode(render(TEXTS["de"]), "JPEG", quality=95), context(tmp_path, hint="de"))
    assert result.media_type == "image/jpeg"
    assert result.metadata["ocr_language_source"] == "declared"
    assert result.metadata["ocr_packs"] == "deu"
    assert "Übermittlung" in result.text


def test_multipage_tiff(tmp_path: Path) -> None:
    first, second = render(TEXTS["en"][:1]), render(TEXTS["en"][1:])
    data = encode(first, "TIFF", save_all=True, append_images=[second], compression="tiff_lzw")
    result = extract_bytes(data, context(tmp_path, hint="en"))
    assert result.media_type == "image/tiff"
    assert result.pages == 2
    assert "arrested" in result.text and "prosecutor" in result.text
    assert result.text.index("arrested") < result.text.index("prosecutor")


def test_scanned_pdf_is_read_by_ocr(tmp_path: Path) -> None:
    data = encode(render(TEXTS["de"]).convert("RGB"), "PDF", resolution=150)
    result = extract_bytes(data, context(tmp_path))
    assert result.media_type == "application/pdf"
    assert result.ocr is True and result.pages == 1
    assert result.metadata["ocr_pages"] == [1]
    assert result.metadata["ocr_language"] == "de"
    assert "Kontoauszüge" in result.text


def test_mixed_pdf_only_scanned_page_goes_to_ocr(tmp_path: Path) -> None:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    pdf.drawString(72, 720, "This first page has a real text layer with enough characters.")
    pdf.showPage()
    pdf.drawImage(ImageReader(render(TEXTS["en"])), 36, 600, width=540, height=540 * 200 / 1500)
    pdf.showPage()
    pdf.save()
    result = extract_bytes(buf.getvalue(), context(tmp_path, hint="en"))
    assert result.pages == 2 and result.ocr is True
    assert result.metadata["ocr_pages"] == [2]
    assert result.text.startswith("This first page has a real text layer")
    assert "prosecutor" in result.text


def test_scanned_pdf_without_poppler_uses_the_embedded_image(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "pdftoppm" else real_which(name))
    data = encode(render(TEXTS["en"]).convert("RGB"), "PDF", resolution=150)
    result = extract_bytes(data, context(tmp_path, hint="en"))
    assert result.ocr is True
    assert "prosecutor" in result.text


def _without(monkeypatch: pytest.MonkeyPatch, *packs: str) -> None:
    """This machine as if ``packs`` were not installed (the set-up script installs them all)."""
    present = ocr.installed_packs() - set(packs)
    monkeypatch.setattr(ocr, "installed_packs", lambda: present)


def test_missing_language_pack_names_the_debian_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _without(monkeypatch, "swe")
    with pytest.raises(IngestError, match="tesseract-ocr-swe"):
        extract_bytes(encode(render(["Hej"]), "PNG"), context(tmp_path, hint="sv"))


def test_declared_language_without_pack_uses_a_related_pack_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _without(monkeypatch, "slk")
    result = extract_bytes(encode(render(TEXTS["cs"]), "PNG"), context(tmp_path, hint="sk"))
    assert result.metadata["ocr_packs"] == "ces"
    assert "tesseract-ocr-slk" in result.metadata["ocr_warning"]
    assert [w.code for w in result.warnings] == ["ocr_pack_stand_in"]
    assert "tesseract-ocr-slk" in result.warnings[0].message
    assert "zadržen" in result.text


def test_detected_language_without_pack_is_a_warning_on_the_item(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _without(monkeypatch, "pol")
    result = extract_bytes(encode(render(TEXTS["pl"]), "PNG"), context(tmp_path))
    assert result.metadata["ocr_language"] == "pl"
    assert [w.code for w in result.warnings] == ["ocr_pack_missing"]
    assert "tesseract-ocr-pol" in result.warnings[0].message


def test_missing_tesseract_binary_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "TESSERACT_COMMAND", str(tmp_path / "no-tesseract"))
    with pytest.raises(IngestError, match="install the Debian package tesseract-ocr"):
        extract_bytes(encode(render(TEXTS["en"]), "PNG"), context(tmp_path))


def test_transparent_png_reads_as_black_on_white(tmp_path: Path) -> None:
    mask = render(TEXTS["en"]).point(lambda v: 255 - v)  # text opaque, background transparent
    image = Image.new("RGBA", mask.size, (0, 0, 0, 0))
    image.putalpha(mask)
    result = extract_bytes(encode(image, "PNG"), context(tmp_path, hint="en"))
    assert "arrested" in result.text


def test_every_detected_language_has_its_pack_installed_by_the_set_up_script() -> None:
    from triage.language import CANDIDATES

    script = (Path(__file__).resolve().parents[2] / "scripts" / "system-deps.sh").read_text()
    listed = set(script.split('LANGS="', 1)[1].split('"', 1)[0].split())
    packs = ocr.ocr_languages().by_iso
    assert {packs[code] for code in CANDIDATES} <= listed


def test_words_tesseract_is_unsure_of_are_kept_and_shown_on_the_spans_that_hold_them() -> None:
    from triage.document import Evidence, PiiSpan
    from triage.pii.stage import mark_uncertain

    rows = [
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
        "5\t1\t1\t1\t1\t1\t0\t0\t9\t9\t96.1\tContact:",
        "5\t1\t1\t1\t1\t2\t0\t0\t9\t9\t41.5\tkevin.Imr38@laposte.net",
        "5\t1\t1\t1\t2\t1\t0\t0\t9\t9\t95.0\tsecond",
        "5\t1\t2\t1\t1\t1\t0\t0\t9\t9\t93.0\tNext",
    ]
    reading = ocr.from_tsv("\n".join(rows))
    assert reading.text == "Contact: kevin.Imr38@laposte.net second\n\nNext"  # lines reflowed
    assert reading.uncertain == {"kevin.Imr38@laposte.net": 41.5}
    span = PiiSpan(start=9, end=32, type="EMAIL", text="kevin.Imr38@laposte.net",
                   evidence=Evidence(source="rule:email"))  # fmt: skip
    sure = PiiSpan(start=0, end=7, type="PERSON", text="Contact", evidence=Evidence(source="rule:x"))
    mark_uncertain([span, sure], reading.uncertain)
    assert "OCR unsure of 'kevin.Imr38@laposte.net' 42%" in (span.evidence.detail or "")
    assert sure.evidence.detail is None


def test_a_tall_page_of_unknown_language_is_read_once_after_a_small_detection_band(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 11: a tenth of the page detects the language; the page itself is read once, with its pack."""
    page = Image.new("L", (1500, 2400), 255)
    lines = render(TEXTS["pl"] * 14)  # 28 lines fill the page from top to bottom
    page.paste(lines, (0, 200))
    runs: list[tuple[int, str]] = []
    real = ocr.run_tesseract

    def recording(image: Image.Image, packs: str, ctx: ExtractContext) -> ocr.OcrReading:
        runs.append((image.size[1], packs))
        return real(image, packs, ctx)

    monkeypatch.setattr(ocr, "run_tesseract", recording)
    result = extract_bytes(encode(page, "PNG"), context(tmp_path))
    assert result.metadata["ocr_language"] == "pl"
    band = max(ocr.SAMPLE_MIN_PX, 2400 // ocr.SAMPLE_SHARES[0])
    assert runs == [(band, "+".join(ocr.ocr_languages().first_pass)), (2400, "pol")]
    assert "wyciągi" in result.text


def test_a_cyrillic_page_reads_its_latin_user_names_and_addresses(tmp_path: Path) -> None:
    """A Cyrillic pack alone reads Latin letters as look-alikes (kraken_ops as КгаКеп_орз)."""
    lines = [
        "Подозреваемый написал с адреса petrov.ivan@mail.example",
        "Его ник в чате: volk_ops, сообщение отправлено вчера.",
    ]
    result = extract_bytes(encode(render(lines), "PNG"), context(tmp_path, hint="ru"))
    assert result.metadata["ocr_packs"] == "rus+eng"
    assert "petrov.ivan@mail.example" in result.text and "volk_ops" in result.text
    assert "Подозреваемый" in result.text
