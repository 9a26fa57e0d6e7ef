#!/usr/bin/env python3
"""OCR speed at 300 dpi: pages per second per core, with the language declared and unknown.

    .venv/bin/python bench/ocr_pages.py [--corpus PATH] [--items N] [--json OUT]

The first page of ``--items`` dev-corpus items (the languages taken in turn) is rendered as a
scan at 300 dpi (``bench/fidelity.py``'s renderer: slight rotation and noise), then read by
the service's ``OcrSession`` with one Tesseract thread, one page at a time:
- declared: the item's language given, so its pack reads the page once (the baseline);
- unknown: the language detected from a band read with the first-pass packs, then the page
  read with the detected language's pack (what a file with no language hint costs);
- unknown, a third of the page as the band: the detection sample used before issue 11,
  run side by side for the ratio.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from fidelity import _scan  # noqa: E402
from pii_vs_presidio import positive  # noqa: E402

from triage.analyze import read_corpus  # noqa: E402
from triage.config import Settings  # noqa: E402
from triage.ingest import ocr  # noqa: E402
from triage.ingest.base import ExtractContext  # noqa: E402
from triage.storage.blobs import BlobStore  # noqa: E402


def read_all(pages: list[tuple[str, Any]], hint: bool, workdir: Path) -> tuple[float, int]:
    """Seconds to read every page in a session of its own, and how many were detected right."""
    settings = Settings(data_dir=workdir, ocr_threads=1)
    right = 0
    started = time.perf_counter()
    for language, image in pages:
        blobs = BlobStore(workdir / "blobs")
        ctx = ExtractContext(settings=settings, blobs=blobs, language_hint=language if hint else None)
        session = ocr.OcrSession(ctx)
        session.read(image)
        right += session.iso == language
        if session.iso != language:
            print(f"  {language} page read as {session.iso} with {session.packs}")
    return time.perf_counter() - started, right


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared/eval/dev/corpus.jsonl")
    ap.add_argument("--items", type=positive, default=15, help="pages, one item's first page each (default 15)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    items = read_corpus(args.corpus)
    by_language: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        by_language.setdefault(item["language"], []).append(item)
    groups = list(by_language.values())  # the languages taken in turn
    most = len(groups) * min(len(group) for group in groups)
    if args.items > most:
        ap.error(f"--items: at most {most} with this corpus (every language in turn)")
    chosen = [groups[n % len(groups)][n // len(groups)] for n in range(args.items)]
    pages = [(item["language"], _scan(item, 300)[0]) for item in chosen]
    workdir = REPO / "out" / "ocr-bench"
    workdir.mkdir(parents=True, exist_ok=True)
    declared, _ = read_all(pages, True, workdir)
    unknown, right = read_all(pages, False, workdir)
    shares = ocr.SAMPLE_SHARES
    ocr.SAMPLE_SHARES = (3,)
    try:
        third, right_third = read_all(pages, False, workdir)
    finally:
        ocr.SAMPLE_SHARES = shares
    n = len(pages)
    rows = {
        "declared language": (declared, n),
        "unknown language": (unknown, right),
        "unknown, band of a third (before)": (third, right_third),
    }
    print(f"{n} A4 pages at 300 dpi, one Tesseract thread (one core)")
    print(f"{'':36s}{'s/page':>8s}{'pages/s':>9s}{'x declared':>12s}{'detected right':>16s}")
    figures: dict[str, Any] = {"pages": n}
    for name, (seconds, ok) in rows.items():
        print(f"{name:36s}{seconds / n:8.2f}{n / seconds:9.2f}{seconds / declared:12.2f}{ok:>13d}/{n}")
        figures[name] = {"seconds_per_page": round(seconds / n, 2), "pages_per_second": round(n / seconds, 3),
                         "x_declared": round(seconds / declared, 2), "detected_right": ok}  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
