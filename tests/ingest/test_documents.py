"""Document ingestors (PDF text layer, DOCX, ODT, HTML, RTF): sniffing and extraction.

Every fixture is made here from invented text; OCR paths are in test_ocr.py.
"""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from odf import table as odf_table
from odf.opendocument import OpenDocumentText
from odf.text import H, LineBreak, List, ListItem, Note, NoteBody, NoteCitation, P, S
from PIL import Image
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen import canvas

from triage.config import Settings
from triage.errors import CorruptFile, EncryptedFile, GuardTripped, IngestError
from triage.ingest.base import ExtractContext
from triage.ingest.html import HtmlIngestor
from triage.ingest.registry import choose, extract_bytes, ingestors
from triage.ingest.zipparts import head_member_names
from triage.storage.blobs import BlobStore


@pytest.fixture
def ctx(tmp_path: Path) -> ExtractContext:
    return ExtractContext(settings=Settings(data_dir=tmp_path), blobs=BlobStore(tmp_path / "blobs"))


def make_pdf(pages: list[list[str]]) -> bytes:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    for lines in pages:
        for i, line in enumerate(lines):
            pdf.drawString(72, 720 - 18 * i, line)
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def encrypt(data: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


IMAGE_FORMATS = ("PNG", "JPEG", "TIFF", "BMP", "GIF", "WEBP")


def tiny_image(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (255, 255, 255)).save(buf, fmt)
    return buf.getvalue()


def make_docx() -> bytes:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Ministry of Examples - header"
    document.add_heading("Request for assistance", level=1)
    document.add_paragraph("The first paragraph mentions an invented bank account.")
    grid = document.add_table(rows=2, cols=2)
    for (row, col), value in {
        (0, 0): "Name",
        (0, 1): "Role",
        (1, 0): "Jane Example",
        (1, 1): "Witness",
    }.items():
        grid.cell(row, col).text = value
    document.add_paragraph("The closing paragraph follows the table.")
    document.sections[0].footer.paragraphs[0].text = "Page footer text"
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def make_odt() -> bytes:
    doc = OpenDocumentText()
    doc.text.addElement(H(outlinelevel=1, text="Demande d'entraide"))
    para = P(text="Premier paragraphe")
    note = Note(id="n1", noteclass="footnote")
    note.addElement(NoteCitation(text="1"))
    body = NoteBody()
    body.addElement(P(text="Une note de bas de page."))
    note.addElement(body)
    para.addElement(note)
    para.addText(" avec une note.")
    para.addElement(LineBreak())
    para.addText("Deuxième ligne")
    para.addElement(S(c=3))
    para.addText("espacée.")
    doc.text.addElement(para)
    items = List()
    item = ListItem()
    item.addElement(P(text="Un élément de liste"))
    items.addElement(item)
    doc.text.addElement(items)
    grid = odf_table.Table()
    row = odf_table.TableRow()
    for value in ("Nom", "Rôle"):
        cell = odf_table.TableCell()
        cell.addElement(P(text=value))
        row.addElement(cell)
    grid.addElement(row)
    doc.text.addElement(grid)
    buf = io.BytesIO()
    doc.write(buf)
    return buf.getvalue()


HTML = (
    b"<!DOCTYPE html>\r\n<html lang='de'><head><title>Ein  Titel</title><style>p {color: red}</style>"
    b"<script>var hidden = 'script text';</script></head><body><h1>Ersuchen</h1>"
    b"<p>Ein Absatz\r\n   mit   Umbruch.<br>Neue Zeile</p><!-- ein Kommentar -->"
    b"<table><tr><th>Name</th><td>Beispiel</td></tr></table><pre>a  b\r\nc</pre></body></html>"
)

RTF = (
    rb"{\rtf1\ansi\ansicpg1250{\fonttbl{\f0 Arial;}}"
    rb"\f0 Zadost o pr\'e1vn\'ed pomoc\par Druh\'fd odstavec \u269?\par}"
)


def test_pdf_text_layer(ctx: ExtractContext) -> None:
    data = make_pdf([["First page of an invented request.", "Another line."], ["Second page text here."]])
    result = extract_bytes(data, ctx)
    assert result.media_type == "application/pdf"
    assert result.pages == 2
    assert result.ocr is False
    # the first line is the page's longest: the layout's break, joined (see layout.reflow)
    assert result.text == "First page of an invented request. Another line.\n\nSecond page text here."
    assert result.metadata["text_layer_pages"] == 2


def test_pdf_vertical_gap_becomes_a_paragraph_break(ctx: ExtractContext) -> None:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    for y, line in [
        (720, "Heading of the letter"),
        (680, "First line of a paragraph"),
        (666, "its second line"),
    ]:
        pdf.drawString(72, y, line)
    for y, line in [(640, "Next paragraph starts"), (626, "and ends here.")]:
        pdf.drawString(72, y, line)
    pdf.showPage()
    pdf.save()
    result = extract_bytes(buf.getvalue(), ctx)
    assert result.text == (
        "Heading of the letter\n\nFirst line of a paragraph\nits second line\n\n"
        "Next paragraph starts\nand ends here."
    )


def test_pdf_with_empty_user_password_is_read(ctx: ExtractContext) -> None:
    data = encrypt(make_pdf([["Readable despite owner protection."]]), user_password="")
    result = extract_bytes(data, ctx)
    assert "Readable despite owner protection." in result.text
    assert result.metadata["encrypted"] == "empty-password"


def test_pdf_with_password_is_refused(ctx: ExtractContext) -> None:
    data = encrypt(make_pdf([["Secret text."]]), user_password="open-sesame")
    with pytest.raises(EncryptedFile, match="password"):
        extract_bytes(data, ctx)


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.95])
def test_truncated_pdf_is_corrupt(ctx: ExtractContext, cut: float) -> None:
    data = make_pdf([["Some text that will be cut."]])
    with pytest.raises(CorruptFile):
        extract_bytes(data[: int(len(data) * cut)], ctx)


def test_pdf_garbage_is_corrupt(ctx: ExtractContext) -> None:
    with pytest.raises(CorruptFile):
        extract_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n", ctx)


def test_pdf_time_limit_is_checked_per_page(tmp_path: Path) -> None:
    late = ExtractContext(
        settings=Settings(data_dir=tmp_path, file_time_limit_s=5),
        blobs=BlobStore(tmp_path / "blobs"),
        started=time.monotonic() - 60,
    )
    with pytest.raises(GuardTripped, match="time limit"):
        extract_bytes(make_pdf([["One page."]]), late)


def test_docx_in_document_order(ctx: ExtractContext) -> None:
    result = extract_bytes(make_docx(), ctx)
    assert result.media_type.endswith("wordprocessingml.document")
    assert result.text == (
        "Ministry of Examples - header\n\n"
        "Request for assistance\n\n"
        "The first paragraph mentions an invented bank account.\n\n"
        "Name\tRole\nJane Example\tWitness\n\n"
        "The closing paragraph follows the table.\n\n"
        "Page footer text"
    )
    assert result.metadata["tables"] == 1


def test_docx_text_boxes_and_content_controls_once(ctx: ExtractContext) -> None:
    document = docx.Document()
    document.add_paragraph("Before the box.")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    box = (
        f"<w:p {w} {mc}><w:r><w:t>Anchor text.</w:t></w:r><w:r><mc:AlternateContent><mc:Choice>"
        "<w:txbxContent><w:p><w:r><w:t>Inside the box.</w:t></w:r></w:p></w:txbxContent>"
        "</mc:Choice><mc:Fallback><w:txbxContent><w:p><w:r><w:t>Inside the box.</w:t></w:r></w:p>"
        "</w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    control = (
        f"<w:sdt {w}><w:sdtContent><w:p><w:r><w:t>In a content control</w:t></w:r>"
        "<w:del><w:r><w:delText>deleted words</w:delText></w:r></w:del></w:p></w:sdtContent></w:sdt>"
    )
    body = document.element.body
    for xml in (box, control):
        body.insert(len(body) - 1, parse_xml(xml))  # before the final sectPr
    buf = io.BytesIO()
    document.save(buf)
    result = extract_bytes(buf.getvalue(), ctx)
    assert result.text == "Before the box.\n\nAnchor text.\n\nInside the box.\n\nIn a content control"


def test_docx_member_names_visible_to_the_sniffer() -> None:
    names = head_member_names(make_docx()[:8192])
    assert "[Content_Types].xml" in names
    assert any(name.startswith("word/") for name in names)


def test_odt_structure_and_notes(ctx: ExtractContext) -> None:
    result = extract_bytes(make_odt(), ctx)
    assert result.media_type == "application/vnd.oasis.opendocument.text"
    assert result.text == (
        "Demande d'entraide\n\n"
        "Premier paragraphe avec une note.\nDeuxième ligne   espacée.\n\n"
        "Un élément de liste\n\n"
        "Nom\tRôle\n\n"
        "Une note de bas de page."
    )


def test_html_visible_text_with_blocks(ctx: ExtractContext) -> None:
    result = extract_bytes(HTML, ctx)
    assert result.media_type == "text/html"
    assert result.text == "Ersuchen\n\nEin Absatz mit Umbruch.\nNeue Zeile\n\nName\tBeispiel\n\na  b\nc"
    assert "script text" not in result.text and "Kommentar" not in result.text
    assert result.metadata["title"] == "Ein Titel"
    assert result.metadata["declared_language"] == "de"


def test_deeply_nested_html_does_not_overflow(ctx: ExtractContext) -> None:
    page = b"<html><body>" + b"<div>" * 5000 + b"deep text" + b"</div>" * 5000 + b"</body></html>"
    assert extract_bytes(page, ctx).text == "deep text"


def test_deeply_nested_odt_is_an_ingest_error_not_a_crash(ctx: ExtractContext) -> None:
    source = zipfile.ZipFile(io.BytesIO(make_odt()))
    content = source.read("content.xml").decode()
    deep = "<text:span>" * 5000 + "deep" + "</text:span>" * 5000
    content = content.replace("Premier paragraphe", deep, 1)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in source.infolist():
            data = content.encode() if info.filename == "content.xml" else source.read(info.filename)
            out.writestr(info, data)
    with pytest.raises(IngestError):
        extract_bytes(buf.getvalue(), ctx)


def test_html_charset_from_meta(ctx: ExtractContext) -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>Café à Genève</p></body></html>'
    result = extract_bytes(page.encode("cp1252"), ctx)
    assert result.text == "Café à Genève"


def test_rtf_code_page_and_paragraphs(ctx: ExtractContext) -> None:
    result = extract_bytes(RTF, ctx)
    assert result.media_type == "application/rtf"
    assert result.text == "Zadost o právní pomoc\n\nDruhý odstavec č"


def _plain_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("notes/word/readme.txt", "not a word document")
        archive.writestr("[Content_Types].xml", "<Types/>")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("maker", "filename", "expected"),
    [
        (lambda: make_pdf([["x"]]), None, "pdf"),
        (lambda: b"\n\n" + make_pdf([["x"]]), None, "pdf"),
        (make_docx, None, "docx"),
        (make_odt, None, "odt"),
        (lambda: HTML, None, "html"),
        (lambda: b"\xef\xbb\xbf  <div><p>fragment</p></div>", None, "html"),
        (lambda: "<html><body>x</body></html>".encode("utf-16"), None, "html"),
        (lambda: RTF, None, "rtf"),
        (lambda: b"if a < b then return\n", None, "text"),
        *[(lambda fmt=fmt: tiny_image(fmt), None, "image") for fmt in IMAGE_FORMATS],
        (lambda: b"BMW and other cars\n", None, "text"),
    ],
)
def test_sniffing_picks_the_right_ingestor(
    maker: Callable[[], bytes], filename: str | None, expected: str
) -> None:
    assert choose(maker(), filename).name == expected


@pytest.mark.parametrize(
    "head",
    [
        b"From: someone@example.org\nSubject: hi\nContent-Type: text/html\n\n<html><body>mail</body></html>",
        b"Received: from mx.example.org\n\n<!DOCTYPE html><html></html>",
        b'<?xml version="1.0"?><invoice><total>3</total></invoice>',
    ],
)
def test_html_sniffer_leaves_mail_and_xml_alone(head: bytes) -> None:
    assert not HtmlIngestor().sniff(head, None)


def test_office_sniffers_leave_generic_zip_alone() -> None:
    data = _plain_zip()
    claimed = [i.name for i in ingestors() if i.sniff(data[:8192], "archive.zip")]
    assert "docx" not in claimed and "odt" not in claimed
    docx_ingestor = next(i for i in ingestors() if i.name == "docx")
    assert docx_ingestor.sniff(data[:8192], "report.docx")  # the name breaks the tie for OOXML


def test_corrupt_docx(ctx: ExtractContext) -> None:
    data = make_docx()
    broken = data[:8192] + b"\x00" * 100
    with pytest.raises(CorruptFile):
        extract_bytes(broken, ctx)
