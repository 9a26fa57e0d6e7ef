#!/usr/bin/env python3
"""Scores of several splits side by side, overall, per language and per kind of document.

Why beside each other: a figure that holds on the dev corpus (tuned on) but not on the blind
split (never tuned on) is a figure of the tuning, not of the service. The scorer is the
shared one (``../shared/eval/score.py``), called on each slice, so every figure here means
what it means there. Two figures are added that issue 9 asks for: language accuracy with
Bosnian, Croatian, Montenegrin and Serbian counted as one language, and the share of
routine items raised to urgent or immediate (the price of never missing an emergency).

    python eval/report.py dev=../shared/eval/dev/corpus.jsonl:out/dev-predictions.jsonl \\
        blind=eval/blind/corpus.jsonl:out/blind-predictions.jsonl [--by language,kind]
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from bench.pii_vs_presidio import load_scorer  # noqa: E402  (one loader of the shared scorer)

SCORER = HERE.parent.parent / "shared" / "eval" / "score.py"
SERBO_CROATIAN = {"bs", "hr", "me", "sr"}
COLUMNS = (
    ("n", 4), ("lang", 5), ("off F1", 6), ("urg", 5), ("imm R", 5), ("raised", 6), ("dl", 5),
    ("pii F1", 6), ("mask", 5), ("ids", 5), ("pers R", 6), ("role", 5), ("spec", 5), ("prot", 5),
)  # fmt: skip


def _language(code: str | None) -> str:
    return "sh" if code in SERBO_CROATIAN else (code or "")


def _row(score: Any, gold: dict[str, Any], pred: dict[str, Any]) -> list[str]:
    res = score.score(gold, pred)
    items = [gold[i] for i in gold]
    same = sum(_language(g["language"]) == _language(pred.get(i, {}).get("language")) for i, g in gold.items())
    routine = [i for i, g in gold.items() if g["urgency"] == "routine"]
    raised = sum(score.urgency_of(pred.get(i, {})).get("level") not in (None, "", "routine") for i in routine)
    u, p = res["urgency"], res["pii"]
    person = res["pii_by_type"].get("PERSON")

    def fig(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f}"

    return [
        str(len(items)), fig(same / len(items)), fig(res["offences"]["f1"]), fig(u["accuracy"]),
        fig(u["immediate_recall"]), fig(raised / len(routine)) if routine else "-",
        f"{fig(u['deadline_exact'])}" + (f"/{u['deadline_false']}" if u["deadline_false"] else ""),
        fig(p["relaxed"]["f1"]), fig(p["masked_recall"]), fig(res["identifiers"]["recall"]),
        fig(person["recall"] if person else None), fig(res["roles"]["accuracy"]),
        fig(res["special_categories"]["f1"]), fig(res["protected_persons"]["f1"]),
    ]  # fmt: skip


def _print(title: str, rows: list[tuple[str, list[str]]]) -> None:
    width = max([len(title), *(len(label) for label, _ in rows)]) + 1
    print(title.ljust(width) + " ".join(name.rjust(w) for name, w in COLUMNS))
    for label, cells in rows:
        print(label.ljust(width) + " ".join(c.rjust(w) for c, (_, w) in zip(cells, COLUMNS, strict=True)))
    print()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("splits", nargs="+", help="NAME=CORPUS.jsonl:PREDICTIONS.jsonl")
    ap.add_argument("--by", default="language,kind", help="slices to print: language, kind, or both")
    a = ap.parse_args()
    score = load_scorer(SCORER)
    loaded = []
    for arg in a.splits:
        name, _, paths = arg.partition("=")
        corpus, _, predictions = paths.partition(":")
        if not name or not corpus or not predictions:
            sys.exit(f"bad split {arg!r}: expected NAME=CORPUS.jsonl:PREDICTIONS.jsonl")
        for path in (corpus, predictions):
            if not Path(path).is_file():
                sys.exit(f"{name}: no file {path} (make eval writes the predictions)")
        gold = score.load(corpus)
        if not gold:
            sys.exit(f"{name}: {corpus} holds no items")
        loaded.append((name, gold, score.load(predictions)))
    print("dl = deadline exact/false deadlines; raised = share of routine items rated urgent or immediate;")
    print("lang counts bs/hr/me/sr as one language\n")
    _print("split", [(name, _row(score, gold, pred)) for name, gold, pred in loaded])
    for key in [k for k in a.by.split(",") if k]:
        for name, gold, pred in loaded:
            slices: dict[str, dict[str, Any]] = defaultdict(dict)
            for i, g in gold.items():
                slices[str(g.get(key))][i] = g
            _print(f"{name} by {key}", [(v, _row(score, s, pred)) for v, s in sorted(slices.items())])
    return 0


if __name__ == "__main__":
    sys.exit(main())
