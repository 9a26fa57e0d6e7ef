"""Seconds per MB of the text stages from 0.1 MB to 1 MB: flat means no stage is quadratic.

Each shape of text that once made a stage quadratic (digit runs with separators, thousands
of repeated dates, a chat export on one line, ordinary letters run together) is generated
at two sizes and run through the text stages in this process; the ratio of seconds per MB
(large / small) is printed and must stay within ``--max-ratio`` (2 by default): the script
exits with 1 otherwise, so CI fails on a regression.

    python bench/text_scaling.py [--small-kb 100] [--large-kb 1000] [-o out/text-scaling.json]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from triage.config import Settings
from triage.document import Document
from triage.pipeline import run_pipeline
from triage.service import worker


def _fill(make: Callable[[random.Random], str], size: int, seed: int = 7) -> str:
    rng, parts, total = random.Random(seed), [], 0
    while total < size:
        part = make(rng)
        parts.append(part)
        total += len(part)
    return "".join(parts)[:size]


def digits(rng: random.Random) -> str:
    run = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 14)))
    return run + rng.choice([" ", "-", "/", ".", ", ", "\n", ":", " +"])


def dates(rng: random.Random) -> str:
    return f"{rng.randint(1, 28)}.{rng.randint(1, 12)}.20{rng.randint(10, 30)} "


def chat_line(rng: random.Random) -> str:
    who = rng.choice(["Marek", "Ola", "Jan", "Piotr", "Kasia"])
    text = rng.choice(["spotkamy sie jutro o {n} przy dworcu", "kasa {n} zl do piatku", "nie dzwon, pisz", "ok {n}"])
    when = f"2026-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}T{rng.randint(0, 23):02}:{rng.randint(0, 59):02}"
    return json.dumps({"from": who, "date": when, "text": text.format(n=rng.randint(1, 9999))}) + ","


def letters(rng: random.Random) -> str:
    day, month = rng.randint(1, 28), rng.choice(["March", "April", "May", "June"])
    return (
        f"Brussels, {day} {month} 2027\nRef. {rng.randint(1000, 9999)}/{rng.randint(10, 99)}\n"
        f"The public prosecutor requests, no later than {day + 1} {month} 2027, the bank records of "
        f"account DE89 3704 0044 0532 0130 00 held by Mr Jan NOWAK, born 4 May 1980, phone +48 601 234 567. "
        f"The suspect is in custody until {day} {month} 2027. Please reply within 10 days.\n\n"
    )


SHAPES: dict[str, Callable[[random.Random], str]] = {
    "digit runs": digits, "repeated dates": dates, "one-line chat export": chat_line, "letters": letters,
}  # fmt: skip


def seconds(text: str) -> float:
    ctx = worker.context()
    started = time.perf_counter()
    doc = run_pipeline(Document(text=text), ctx, from_file=False)
    if doc.error:
        raise SystemExit(f"the pipeline failed: {doc.error_stage}: {doc.error}")
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small-kb", type=int, default=100)
    parser.add_argument("--large-kb", type=int, default=1000)
    parser.add_argument("--max-ratio", type=float, default=2.0)
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        worker.init_worker(Settings(data_dir=Path(data)), warm_up=False)
        seconds("Warm-up: the models and term lists load here, not in the first timing.")
        rows = []
        for name, make in SHAPES.items():
            small, large = (_fill(make, kb * 1000) for kb in (args.small_kb, args.large_kb))
            per_mb = [seconds(text) / (len(text) / 1e6) for text in (small, large)]
            rows.append({"shape": name, "small_s_per_mb": round(per_mb[0], 2), "large_s_per_mb": round(per_mb[1], 2),
                         "ratio": round(per_mb[1] / per_mb[0], 2)})  # fmt: skip
            print(f"{name:22} {per_mb[0]:7.2f} s/MB at {args.small_kb} KB  {per_mb[1]:7.2f} s/MB at "
                  f"{args.large_kb} KB  ratio {per_mb[1] / per_mb[0]:.2f}", flush=True)  # fmt: skip
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(rows, indent=2))
    worst = max(rows, key=lambda r: r["ratio"])
    if worst["ratio"] > args.max_ratio:
        print(f"FAIL: {worst['shape']} costs {worst['ratio']}x more per MB at the larger size", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
