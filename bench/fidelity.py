#!/usr/bin/env python3
"""How faithfully each file format carries a document: the dev corpus rendered into every format.

    .venv/bin/python bench/fidelity.py [--corpus PATH] [--formats text pdf ...] [--workers 2] [-o OUT.json]

Every corpus text is written as each format (a text file as the baseline; a text PDF with
wrapped lines, one column and two; DOCX; HTML; the legacy code page of its language; an
e-mail; scans at 200 and 300 dpi, slightly turned and speckled, as PNG and as PDF), all are
processed by one real ``triage process`` run, and each format is compared with the text path:

- CER: character error rate of the extracted text against the corpus text, whitespace folded
  (edits counted by difflib's opcodes: an estimate, not a strict Levenshtein distance);
- personal data and identifiers: the share of the corpus's labelled values found by the
  pipeline in that format, against the same share on the text path (a value counts as found
  when a predicted span of the item holds it, spaces and case aside, or reads nearly the same:
  85% of its characters, as a scan's reading of it would, and would be masked);
- offences and urgency: agreement with what the text path predicted for the same item;
- missing: items of the format that did not come out of the run.

Goals (issue 10): no format loses more than 3 points of personal-data recall or any identifier
against the text path, except OCR, within 5 points at 300 dpi; no item missing.
"""

from __future__ import annotations

import argparse
import difflib
import html
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
IDENTIFIERS = {
    "IBAN", "BANK_ACCOUNT", "CARD_NUMBER", "EMAIL", "PHONE", "IP_ADDRESS", "CRYPTO_WALLET",
    "NATIONAL_ID", "PASSPORT", "VEHICLE_PLATE", "USERNAME",
}  # fmt: skip

Writer = Callable[[dict[str, Any], Path], Path | None]


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()] or [text]


def write_text(item: dict[str, Any], folder: Path) -> Path:
    path = folder / f"{item['id']}.txt"
    path.write_text(item["text"], encoding="utf-8")
    return path


def write_legacy(item: dict[str, Any], folder: Path) -> Path | None:
    from triage.ingest.text import CODE_PAGE_LANGUAGES  # the code page each language was written in

    language = item.get("language") or ""
    code_page = next((page for page, family in CODE_PAGE_LANGUAGES.items() if language in family), "cp1252")
    try:
        data = item["text"].encode(code_page)
    except UnicodeEncodeError:
        return None  # a letter the code page lacks: this item has no legacy form
    path = folder / f"{item['id']}.txt"
    path.write_bytes(data)
    return path


def write_html(item: dict[str, Any], folder: Path) -> Path:
    body = "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>\n" for p in _paragraphs(item["text"]))
    path = folder / f"{item['id']}.html"
    path.write_text(f"<!doctype html><html><head><meta charset='utf-8'><title>{item['id']}</title></head>"
                    f"<body>{body}</body></html>", encoding="utf-8")  # fmt: skip
    return path


def write_docx(item: dict[str, Any], folder: Path) -> Path:
    import docx

    document = docx.Document()
    for paragraph in _paragraphs(item["text"]):
        block = document.add_paragraph()
        for n, line in enumerate(paragraph.split("\n")):
            if n:
                block.add_run().add_break()
            block.add_run(line)
    path = folder / f"{item['id']}.docx"
    document.save(str(path))
    return path


def write_eml(item: dict[str, Any], folder: Path) -> Path:
    message = EmailMessage()
    message["From"], message["To"] = "sender@authority.example", "intake@central.example"
    message["Subject"], message["Date"] = f"Request {item['id']}", "Mon, 30 Nov 2026 09:00:00 +0100"
    message.set_content(item["text"])
    path = folder / f"{item['id']}.eml"
    path.write_bytes(message.as_bytes())
    return path


def _pdf(item: dict[str, Any], folder: Path, columns: int) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
    path = folder / f"{item['id']}.pdf"
    doc = BaseDocTemplate(str(path), pagesize=A4)
    width = (doc.width - 12 * (columns - 1)) / columns
    frames = [Frame(doc.leftMargin + n * (width + 12), doc.bottomMargin, width, doc.height) for n in range(columns)]
    doc.addPageTemplates([PageTemplate(frames=frames)])
    style = ParagraphStyle("body", fontName="DejaVu", fontSize=10, leading=13, spaceAfter=8)
    doc.build([Paragraph(html.escape(p).replace("\n", "<br/>"), style) for p in _paragraphs(item["text"])])
    return path


def write_pdf(item: dict[str, Any], folder: Path) -> Path:
    return _pdf(item, folder, 1)


def write_pdf_columns(item: dict[str, Any], folder: Path) -> Path:
    return _pdf(item, folder, 2)


def _scan(item: dict[str, Any], dpi: int) -> list[Any]:
    """Pages of the text as a scanner gives them: 11 pt at ``dpi``, turned 0.4 degrees, speckled."""
    from PIL import Image, ImageDraw, ImageFont

    size = round(11 * dpi / 72)
    font = ImageFont.truetype(str(FONT), size)
    width, height, margin = round(8.27 * dpi), round(11.69 * dpi), round(0.8 * dpi)
    lines: list[str] = []
    for paragraph in _paragraphs(item["text"]):
        for raw in paragraph.split("\n"):
            words, line = raw.split(" "), ""
            for word in words:
                trial = f"{line} {word}".strip()
                if font.getlength(trial) > width - 2 * margin and line:
                    lines.append(line)
                    line = word
                else:
                    line = trial
            lines.append(line)
        lines.append("")
    step = round(size * 1.35)
    per_page = (height - 2 * margin) // step
    rng = random.Random(item["id"])
    pages = []
    for start in range(0, len(lines), per_page):
        page = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(page)
        for n, line in enumerate(lines[start : start + per_page]):
            draw.text((margin, margin + n * step), line, font=font, fill=0)
        for _ in range(width * height // 4000):  # speckle
            draw.point((rng.randrange(width), rng.randrange(height)), fill=rng.choice((0, 90, 160)))
        pages.append(page.rotate(0.4, fillcolor=255, resample=Image.Resampling.BICUBIC))
    return pages


def _write_png(dpi: int) -> Writer:
    def write(item: dict[str, Any], folder: Path) -> Path | None:
        pages = _scan(item, dpi)
        if len(pages) > 1:  # a PNG holds one page: longer items are scanned as PDF only
            return None
        path = folder / f"{item['id']}.png"
        pages[0].save(path, dpi=(dpi, dpi))
        return path

    return write


def _write_scanned_pdf(dpi: int) -> Writer:
    def write(item: dict[str, Any], folder: Path) -> Path:
        pages = _scan(item, dpi)
        path = folder / f"{item['id']}.pdf"
        pages[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
        return path

    return write


FORMATS: dict[str, Writer] = {
    "text": write_text, "legacy": write_legacy, "html": write_html, "docx": write_docx, "eml": write_eml,
    "pdf": write_pdf, "pdf-2col": write_pdf_columns,
    "png-200": _write_png(200), "png-300": _write_png(300),
    "scan-pdf-200": _write_scanned_pdf(200), "scan-pdf-300": _write_scanned_pdf(300),
}  # fmt: skip
OCR = {"png-200", "png-300", "scan-pdf-200", "scan-pdf-300"}


def _fold(text: str) -> str:
    return "".join(text.split()).casefold().replace("\u00ad", "")


def _found(value: str, spans: list[str]) -> bool:
    """Whether a predicted span holds the labelled value: its whole text, most of it, or (a scan's
    reading) nearly the same characters, so that it would be masked."""
    gold = _fold(value)
    return any(
        gold in s or (s in gold and len(s) >= 0.6 * len(gold))
        or difflib.SequenceMatcher(None, gold, s, autojunk=False).ratio() >= 0.85
        for s in map(_fold, spans) if s
    )  # fmt: skip


def _cer(reference: str, extracted: str) -> float:
    """Edits per reference character, whitespace folded: words aligned first, then characters
    inside each differing stretch (a full character alignment of long texts takes minutes)."""
    a, b = reference.split(), extracted.split()
    edits = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        x, y = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        edits += sum(
            max(k2 - k1, l2 - l1)
            for op, k1, k2, l1, l2 in difflib.SequenceMatcher(None, x, y, autojunk=False).get_opcodes()
            if op != "equal"
        )
    return edits / max(len(" ".join(a)), 1)


def _results(data_dir: Path) -> dict[str, dict[str, Any]]:
    """Each submitted file's item by its path relative to the dump: its text and findings."""
    import sqlalchemy as sa

    from triage.config import Settings
    from triage.storage.db import Database
    from triage.storage.tables import Item, Provenance

    db = Database(Settings(data_dir=data_dir), migrate=False)
    out: dict[str, dict[str, Any]] = {}
    with db.session() as s:
        rows = s.execute(sa.select(Item, Provenance.source).join(Provenance, Provenance.item_id == Item.id)
                         .where(Item.parent_id.is_(None))).all()  # fmt: skip
        for item, source in rows:
            out[source] = {"status": item.status, "error": item.error, **(item.document or {})}
    db.dispose()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared/eval/dev/corpus.jsonl")
    ap.add_argument("--formats", nargs="+", default=list(FORMATS), choices=list(FORMATS))
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("-o", "--output", type=Path)
    ap.add_argument("--keep", type=Path, help="Build and process here, and keep it.")
    ap.add_argument("--reuse", action="store_true", help="Score what an earlier --keep run left there.")
    args = ap.parse_args()
    corpus = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    formats = list(dict.fromkeys(["text", *args.formats]))
    root = args.keep or Path(tempfile.mkdtemp(prefix="fidelity-"))
    dump, data = root / "dump", root / "data"
    written: dict[str, dict[str, Path]] = {}
    for name in formats:
        (dump / name).mkdir(parents=True, exist_ok=True)
        written[name] = {}
        for item in corpus:
            kept = list((dump / name).glob(f"{item['id']}.*"))
            path = kept[0] if args.reuse and kept else None if args.reuse else FORMATS[name](item, dump / name)
            if path is not None:
                written[name][item["id"]] = path
    # Every rendering of one text is the same document, not the same file: no byte-for-byte twins
    # except the text and the legacy form of an ASCII-only letter, which the store keeps once.
    started = time.monotonic()
    env = {**os.environ, "TRIAGE_DATA_DIR": str(data), "TRIAGE_WORKERS": str(args.workers)}
    if not args.reuse:
        run = subprocess.run([sys.executable, "-m", "triage.cli", "process", str(dump)], env=env,
                             capture_output=True, text=True, check=False)  # fmt: skip
        if run.returncode != 0:
            print(run.stdout[-3000:], run.stderr[-3000:], file=sys.stderr)
            return 1
    seconds = time.monotonic() - started
    results = _results(data)
    by_id = {item["id"]: item for item in corpus}

    def outcome(name: str, item_id: str) -> dict[str, Any] | None:
        path = written[name].get(item_id)
        return None if path is None else results.get(str(path.absolute()))

    rows = []
    for name in formats:
        gold_pii = found_pii = gold_ids = found_ids = base_pii = base_ids = 0
        offences_same = urgency_same = compared = missing = 0
        cers = []
        for item_id in written[name]:
            got, base = outcome(name, item_id), outcome("text", item_id)
            if got is None or got.get("status") != "done":
                missing += 1
                continue
            item = by_id[item_id]
            cers.append(_cer(item["text"], got.get("text", "")))
            for findings, counts in ((got, "fmt"), (base or {}, "base")):
                spans = [p["text"] for p in (findings.get("findings") or {}).get("pii", [])]
                for gold in item.get("pii", []):
                    hit = _found(gold["text"], spans)
                    is_id = gold["type"] in IDENTIFIERS
                    if counts == "fmt":
                        gold_pii += 1
                        found_pii += hit
                        gold_ids += is_id
                        found_ids += hit and is_id
                    else:
                        base_pii += hit
                        base_ids += hit and is_id
            if base is not None:
                compared += 1
                codes = [{o["code"] for o in (f.get("findings") or {}).get("offences", [])} for f in (got, base)]
                offences_same += codes[0] == codes[1]
                levels = [((f.get("findings") or {}).get("urgency") or {}).get("level") for f in (got, base)]
                urgency_same += levels[0] == levels[1]
        row = {
            "format": name, "items": len(written[name]), "missing": missing,
            "cer": round(sum(cers) / len(cers), 4) if cers else None,
            "pii_recall": round(found_pii / gold_pii, 4) if gold_pii else None,
            "pii_recall_text_path": round(base_pii / gold_pii, 4) if gold_pii else None,
            "identifier_recall": round(found_ids / gold_ids, 4) if gold_ids else None,
            "identifier_recall_text_path": round(base_ids / gold_ids, 4) if gold_ids else None,
            "offences_agree": round(offences_same / compared, 4) if compared else None,
            "urgency_agree": round(urgency_same / compared, 4) if compared else None,
        }  # fmt: skip
        lost = None if row["pii_recall"] is None else round(100 * (row["pii_recall_text_path"] - row["pii_recall"]), 1)
        lost_ids = None if row["identifier_recall"] is None else (
            round(100 * (row["identifier_recall_text_path"] - row["identifier_recall"]), 1))  # fmt: skip
        row["pii_points_lost"], row["identifier_points_lost"] = lost, lost_ids
        # the goal: 3 points of personal data and no identifier; scans within 5 points at 300 dpi
        ocr = name in OCR
        allowed, allowed_ids = (5.0, 5.0) if ocr else (3.0, 0.0)
        row["meets_goal"] = None if ocr and not name.endswith("300") else bool(
            missing == 0 and lost is not None and lost <= allowed and (lost_ids or 0) <= allowed_ids
        )
        rows.append(row)
    print(f"{len(corpus)} corpus items, {sum(len(w) for w in written.values())} files, "
          f"one `triage process` run with {args.workers} workers: {seconds:.0f} s")  # fmt: skip
    print(f"{'format':14} {'items':>5} {'miss':>4} {'CER':>6} {'PII':>6} {'(text)':>6} {'lost':>5} "
          f"{'ids':>6} {'(text)':>6} {'lost':>5} {'off.':>5} {'urg.':>5}  goal")  # fmt: skip

    def show(value: Any, digits: int = 3) -> str:
        return "-" if value is None else f"{value:.{digits}f}" if isinstance(value, float) else str(value)

    for r in rows:
        goal = {True: "met", False: "MISSED", None: "-"}[r["meets_goal"]]
        print(f"{r['format']:14} {r['items']:>5} {r['missing']:>4} {show(r['cer']):>6} {show(r['pii_recall']):>6} "
              f"{show(r['pii_recall_text_path']):>6} {show(r['pii_points_lost'], 1):>5} "
              f"{show(r['identifier_recall']):>6} {show(r['identifier_recall_text_path']):>6} "
              f"{show(r['identifier_points_lost'], 1):>5} {show(r['offences_agree'], 2):>5} "
              f"{show(r['urgency_agree'], 2):>5}  {goal}")  # fmt: skip
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps({"seconds": round(seconds, 1), "rows": rows}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
