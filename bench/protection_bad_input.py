#!/usr/bin/env python3
"""Time per MB of bad input through the protection (85) and minimise (90) stages.

    .venv/bin/python bench/protection_bad_input.py [--mb 5]

Inputs: empty text, digits, binary junk (random bytes read as Latin-1), mixed scripts
(Cyrillic, CJK, Arabic, Greek, emoji and Latin with protection terms in it), each with the
language unknown (every term table applies where there are letters) and with it known.
The minimise stage and ``minimised_text`` run on one synthetic PII span per 50 characters,
to load them as a very dense item would. Prints seconds and seconds per MB; exits non-zero
if any case raises.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from triage.document import Document, Evidence, PiiSpan
from triage.minimise import minimised_text
from triage.minimise.stage import minimise_stage
from triage.pipeline import PipelineContext
from triage.protection.stage import protection_stage

MIXED = "Жертва 受害者 ضحية θύμα 😀 the witness was injured; témoin blessé. "


def inputs(chars: int) -> dict[str, str]:
    rng = random.Random(7)
    junk = bytes(rng.getrandbits(8) for _ in range(chars)).decode("latin-1")
    return {
        "empty": "",
        "digits": "".join(rng.choice("0123456789") for _ in range(chars)),
        "binary junk": junk,
        "mixed scripts": (MIXED * (chars // len(MIXED) + 1))[:chars],
    }


def dense_pii(text: str, every: int = 50) -> list[PiiSpan]:
    evidence = Evidence(source="bench")
    spans = []
    for start in range(0, max(0, len(text) - 12), every):
        kind, role = ("PERSON", "suspect") if start % 100 == 0 else ("DATE_OF_BIRTH", None)
        spans.append(PiiSpan(start=start, end=start + 10, type=kind, text=text[start : start + 10],
                             role=role, evidence=evidence))  # fmt: skip
    return spans


def per(seconds: float, mb: float) -> str:
    return f"{seconds / mb:7.2f}" if mb else "      -"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--mb", type=float, default=5.0)
    args = ap.parse_args()
    chars = int(args.mb * 1_000_000)
    settings: Any = SimpleNamespace(pseudonym_key="bench-key", minimisation_policy=None)
    ctx = PipelineContext(settings)
    protection_stage(Document(text="warm-up", language="en"), ctx)  # load the tables first
    print(f"{'input':14s} {'language':9s} {'MB':>6s} {'protection s':>13s} {'s/MB':>7s} "
          f"{'minimise+export s':>18s} {'s/MB':>7s}  findings")  # fmt: skip
    for name, text in inputs(chars).items():
        mb = len(text.encode("utf-8")) / 1_000_000
        for language in (None, "en"):
            doc = Document(text=text, language=language)
            start = time.perf_counter()
            protection_stage(doc, ctx)
            t_prot = time.perf_counter() - start
            doc.findings.pii = dense_pii(text)
            start = time.perf_counter()
            minimise_stage(doc, ctx)
            out = minimised_text(doc)
            t_min = time.perf_counter() - start
            assert len(out) == len(text)
            found = [f.code for f in doc.findings.special_categories + doc.findings.protected_persons]
            print(f"{name:14s} {language or '?':9s} {mb:6.2f} {t_prot:13.3f} {per(t_prot, mb)} "
                  f"{t_min:18.3f} {per(t_min, mb)}  {','.join(found) or '-'}")  # fmt: skip


if __name__ == "__main__":
    main()
