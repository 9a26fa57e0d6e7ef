"""Ingestion benchmark: items per second and peak memory of `triage process`, 1 worker vs 2.

Generates a dump of mixed files (plain text in several encodings, HTML, e-mails with
attachments, DOCX, PDFs with a text layer, ZIP archives, broken files), then runs the real
command on it once per worker count, each in a fresh data folder, and prints a table with the
ratio to the 1-worker run. Peak memory is the largest total resident set of the command and
its worker processes, sampled from /proc.

    python bench/ingest.py [--files 2000] [--workers 1 2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from email.message import EmailMessage
from pathlib import Path

SENTENCES = {
    "en": "the request concerns a fraud investigation against a suspect who moved money abroad",
    "fr": "la demande concerne une enquête pour escroquerie contre un suspect qui a viré des fonds",
    "de": "das ersuchen betrifft ein verfahren wegen betruges gegen einen beschuldigten mit konten",
    "es": "la solicitud se refiere a una investigación por estafa contra un investigado con fondos",
    "pl": "wniosek dotyczy śledztwa w sprawie oszustwa przeciwko podejrzanemu który przelał pieniądze",
}
WORDS = {lang: text.split() for lang, text in SENTENCES.items()}


def sentence(rng: random.Random, lang: str) -> str:
    words = rng.choices(WORDS[lang], k=rng.randint(8, 18))
    return " ".join(words).capitalize() + "."


def body(rng: random.Random, lang: str, sentences: int = 12) -> str:
    paragraphs = [" ".join(sentence(rng, lang) for _ in range(4)) for _ in range(max(1, sentences // 4))]
    return "\n\n".join(paragraphs)


def make_docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for para in text.split("\n\n"):
        document.add_paragraph(para)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_pdf(text: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    y = 800
    for line in text.replace("\n\n", "\n").split("\n"):
        for start in range(0, len(line), 90):
            pdf.drawString(40, y, line[start : start + 90])
            y -= 14
            if y < 60:
                pdf.showPage()
                y = 800
    pdf.save()
    return out.getvalue()


def make_eml(rng: random.Random, lang: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = "sender@example.org"
    msg["To"] = "intake@example.net"
    msg["Subject"] = "Request " + str(rng.randint(1000, 9999))
    msg["Date"] = "Mon, 16 Nov 2026 09:30:00 +0100"
    msg.set_content(body(rng, lang, 6))
    msg.add_attachment(body(rng, lang, 4).encode(), maintype="text", subtype="plain", filename="annex.txt")
    return bytes(msg)


def make_zip(rng: random.Random) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for n in range(3):
            zf.writestr(f"member_{n}.txt", body(rng, rng.choice(list(WORDS)), 4))
    return out.getvalue()


def generate(folder: Path, count: int, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    kinds: dict[str, int] = {}
    encodings = ["utf-8", "utf-16", "cp1252", "cp1250"]
    for n in range(count):
        lang = rng.choice(list(WORDS))
        kind = rng.choices(["txt", "html", "eml", "docx", "pdf", "zip", "broken"], [40, 10, 15, 10, 10, 10, 5])[0]
        kinds[kind] = kinds.get(kind, 0) + 1
        path = folder / f"{n // 200:02}" / f"item_{n:05}.{kind if kind != 'broken' else 'pdf'}"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = body(rng, lang) + f"\n\nRef. {n}"
        if kind == "txt":
            enc = rng.choice(encodings) if lang in ("en", "fr", "de", "es") else rng.choice(["utf-8", "utf-16"])
            data = text.encode(enc, errors="replace")
        elif kind == "html":
            data = f"<!DOCTYPE html><html><body><p>{text.replace(chr(10) * 2, '</p><p>')}</p></body></html>".encode()
        elif kind == "eml":
            data = make_eml(rng, lang)
        elif kind == "docx":
            data = make_docx(text)
        elif kind == "pdf":
            data = make_pdf(text)
        elif kind == "zip":
            data = make_zip(rng)
        else:
            data = b"%PDF-1.7\n" + os.urandom(2000)
        path.write_bytes(data)
    return kinds


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0)
        stack.extend(children.get(p, []))
    return total


def run(dump: Path, workers: int, data: Path) -> dict[str, float]:
    env = {**os.environ, "TRIAGE_DATA_DIR": str(data), "TRIAGE_WORKERS": str(workers)}
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "triage.cli", "process", str(dump)], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    stop.set()
    sampler.join()
    seconds = time.monotonic() - started
    if proc.returncode != 0:
        raise SystemExit(f"triage process failed ({proc.returncode}): {err.decode()[-2000:]}")
    report = next((data / "reports").glob("*.jsonl"))
    rows = [json.loads(line) for line in report.read_text().splitlines()]
    return {
        "workers": workers, "items": len(rows), "errors": sum(r["status"] == "error" for r in rows),
        "seconds": round(seconds, 1), "items_per_s": round(len(rows) / seconds, 2),
        "peak_rss_mib": round(peak / 2**20, 1),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--keep", type=Path, help="Generate the dump here and keep it.")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="triage-bench-"))
    dump = root / "dump"
    if not dump.exists():
        kinds = generate(dump, args.files)
        print(f"generated {args.files} files in {dump}: {kinds}")
    results = []
    for workers in args.workers:
        data = root / f"data-{workers}"
        shutil.rmtree(data, ignore_errors=True)
        results.append(run(dump, workers, data))
        print(json.dumps(results[-1]))
    base = results[0]["items_per_s"]
    print(f"\n{'workers':>7} {'items':>6} {'errors':>6} {'seconds':>8} {'items/s':>8} {'ratio':>6} {'peak MiB':>9}")
    for r in results:
        print(
            f"{r['workers']:>7} {r['items']:>6} {r['errors']:>6} {r['seconds']:>8} {r['items_per_s']:>8} "
            f"{r['items_per_s'] / base:>6.2f} {r['peak_rss_mib']:>9}"
        )
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
