"""`triage process` on a folder holding every supported format and a set of broken and hostile files:
every file is accounted for, as an item with text or an item in an error state with a reason."""

from __future__ import annotations

import io
import mailbox
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image, ImageDraw, ImageFont

from tests.ingest.test_containers import sevenzip_bytes, tar_bytes, zip_bytes
from tests.ingest.test_documents import HTML, RTF, make_docx, make_odt, make_pdf
from tests.ingest.test_mail import build_msg, sample_eml
from triage.batch.runner import process_paths
from triage.config import Settings
from triage.storage.db import Database
from triage.storage.tables import Item

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def scan_png(text: str) -> bytes:
    font = ImageFont.truetype(str(FONT), 36) if FONT.exists() else ImageFont.load_default()
    image = Image.new("L", (1400, 200), 255)
    ImageDraw.Draw(image).text((40, 70), text, fill=0, font=font)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def build_dump(folder: Path) -> dict[str, str]:
    """Writes the dump; returns file name -> expected outcome ('text:<word>' or 'error:<reason part>')."""
    folder.mkdir()
    mbox_path = folder / "seized.mbox"
    box = mailbox.mbox(str(mbox_path))
    for n in range(3):
        box.add(mailbox.mboxMessage(sample_eml(f"Message {n}")))
    box.close()
    nested = sevenzip_bytes({"inner.tar": tar_bytes({"deep/doc.zip": zip_bytes({"note.txt": b"innermost note"})})})
    files: dict[str, tuple[bytes, str]] = {
        "letter.txt": ("Ein Schreiben der Staatsanwaltschaft.".encode("cp1252"), "text:Staatsanwaltschaft"),
        "request.pdf": (make_pdf([["An invented request with a text layer."]]), "text:invented request"),
        "scan.png": (scan_png("Evidence seized at the warehouse"), "text:warehouse"),
        "form.docx": (make_docx(), "text:Jane Example"),
        "form.odt": (make_odt(), "text:Premier paragraphe"),
        "page.html": (HTML, "text:Ersuchen"),
        "memo.rtf": (RTF, "text:odstavec"),
        "mail.eml": (sample_eml(), "text:Plain body"),
        "outlook.msg": (build_msg(), "text:Please find the notes"),
        "nested.7z": (nested, "text:"),
        "traversal.zip": (zip_bytes({"../../etc/evil.txt": b"x", "ok.txt": b"fine"}), "text:"),
        "bomb.zip": (zip_bytes({"zeros.bin": b"\0" * 3_000_000}), "text:"),
        "locked.7z": (sevenzip_bytes({"a.txt": b"secret"}, password="pw", header_encryption=True), "error:encrypt"),
        "truncated.pdf": (make_pdf([["cut short"]])[:300], "error:"),
        "junk.bin": (bytes(range(256)) * 16, "error:unrecognised"),
        "huge.txt": (b"A" * 250_000, "error:over the limit"),
    }
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    expected = {name: outcome for name, (_, outcome) in files.items()}
    expected["seized.mbox"] = "text:"
    return expected


@pytest.mark.ocr
def test_every_format_and_every_hostile_file_is_accounted_for(tmp_path: Path) -> None:
    expected = build_dump(tmp_path / "dump")
    settings = Settings(
        data_dir=tmp_path / "data", workers=2, max_file_bytes=200_000, max_expanded_bytes=1_000_000
    )
    result = process_paths([tmp_path / "dump"], settings)
    db = Database(settings, migrate=False)
    with db.session() as s:
        items = list(s.scalars(sa.select(Item)))
    db.dispose()
    top = {i.filename: i for i in items if i.parent_id is None}
    assert set(top) == set(expected), "every file in the dump is an item"
    for name, outcome in expected.items():
        item = top[name]
        kind, _, needle = outcome.partition(":")
        if kind == "text":
            assert item.status == "done", (name, item.error)
            assert needle.lower() in ((item.document or {}).get("text") or "").lower(), name
        else:
            assert item.status == "error", name
            assert item.error and needle in item.error.lower(), (name, item.error)
    children = [i for i in items if i.parent_id is not None]
    assert all(i.status in ("done", "error") for i in items), "nothing left unprocessed"
    assert all(i.error for i in items if i.status == "error"), "every error has a reason"
    by_member = {i.member_name: i for i in children}
    assert by_member["note.txt"].status == "done" and by_member["note.txt"].depth == 3  # 7z (0) > tar > zip > txt
    assert by_member["../../etc/evil.txt"].status == "error"
    assert by_member["zeros.bin"].status == "error"
    assert sum(1 for i in children if i.parent_id == top["seized.mbox"].id) == 3
    assert len(result.processed) == len(items)
