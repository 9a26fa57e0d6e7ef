#!/usr/bin/env python3
"""Special categories and protected persons on the dev corpus, scored by score.py.

    .venv/bin/python bench/protection_dev_scores.py [--corpus PATH] [--scorer PATH] [--gold-roles] [-v]

Runs every registered stage (``run_pipeline(Document(text=...), from_file=False)``).
``--gold-roles`` instead gives the protection stage the corpus's own PII spans and roles
(language and segment stages only): what the stage does with a perfect ``pii`` stage.
``-v`` lists the items where codes differ, with the evidence of the false positives.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from triage.config import Settings  # noqa: E402
from triage.document import Document, Evidence, PiiSpan  # noqa: E402
from triage.pipeline import PipelineContext, get_stages, run_pipeline  # noqa: E402


def gold_spans(item: dict[str, Any]) -> list[PiiSpan]:
    return [
        PiiSpan(start=s["start"], end=s["end"], type=s["type"], text=s["text"], role=s.get("role"),
                evidence=Evidence(source="gold"))
        for s in item["pii"]
    ]  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared/eval/dev/corpus.jsonl")
    ap.add_argument("--scorer", type=Path, default=REPO.parent / "shared/eval/score.py")
    ap.add_argument("--gold-roles", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    spec = importlib.util.spec_from_file_location("score", args.scorer)
    if spec is None or spec.loader is None:
        sys.exit(f"cannot import the scorer at {args.scorer}")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    gold = scorer.load(str(args.corpus))
    ctx = PipelineContext(Settings())
    stages = get_stages(["language", "segment", "protection"]) if args.gold_roles else None
    preds: dict[str, dict[str, Any]] = {}
    for item_id, item in gold.items():
        doc = Document(text=item["text"])
        if args.gold_roles:
            doc.findings.pii = gold_spans(item)
        doc = run_pipeline(doc, ctx, stages, from_file=False)
        preds[item_id] = doc.to_prediction(item_id)
        if args.verbose:
            report_item(item, doc, preds[item_id])
    result = scorer.score(gold, preds)
    for key in ("special_categories", "protected_persons"):
        s = result[key]
        print(f"{key:20s} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  "
              f"(tp {s['tp']} fp {s['fp']} fn {s['fn']})")  # fmt: skip


def report_item(item: dict[str, Any], doc: Document, pred: dict[str, Any]) -> None:
    for key in ("special_categories", "protected_persons"):
        gold, got = set(item[key]), set(pred[key])
        if gold == got:
            continue
        print(f"{item['id']} {item['language']} {key}: false {sorted(got - gold)} missed {sorted(gold - got)}")
        for finding in getattr(doc.findings, key):
            if finding.code in got - gold:
                cues = [(e.source, e.detail) for e in finding.evidence][:4]
                print(f"    {finding.code} {finding.score}: {cues}")


if __name__ == "__main__":
    main()
