"""Training and cross-validation of the offence model from labelled items.

Where labelled items come from is a separate concern: ``items_from_corpus`` reads the
evaluation corpus format; reviewers' corrections in the database will arrive through
another function returning the same ``LabelledItem`` list (see ``LabelledSource``), so
the training code never changes when the source does.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from triage.config import Settings
from triage.document import Document
from triage.errors import InvalidInput
from triage.offences.classify import combine
from triage.offences.model import OffenceModel
from triage.offences.taxonomy import load_taxonomy
from triage.offences.terms import THRESHOLD, score_of, score_terms
from triage.offences.units import original_units
from triage.pipeline import PipelineContext, get_stages


@dataclass(frozen=True)
class LabelledItem:
    """One item with the offence codes a person confirmed."""

    text: str
    codes: tuple[str, ...]
    language: str | None = None
    item_id: str | None = None


#: Anything that yields labelled items: the corpus reader below, later the review store.
LabelledSource = Callable[[], list[LabelledItem]]


def items_from_corpus(path: Path) -> list[LabelledItem]:
    """Labelled items from a corpus JSONL file (shared/eval/SCHEMA.md); unknown codes are refused."""
    taxonomy = load_taxonomy()
    items = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InvalidInput(f"cannot read corpus {path}: {exc}") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            text, codes = str(raw["text"]), list(raw["offences"])
        except (ValueError, KeyError, TypeError) as exc:
            raise InvalidInput(f"{path.name} line {number}: not a labelled item ({exc})") from exc
        items.append(LabelledItem(text, tuple(taxonomy.validate(codes)), raw.get("language"), raw.get("id")))
    if not items:
        raise InvalidInput(f"{path.name} holds no labelled items")
    return items


def data_hash(items: Sequence[LabelledItem]) -> str:
    digest = hashlib.sha256()
    for item in items:
        digest.update(json.dumps([item.text, sorted(item.codes)], ensure_ascii=False).encode())
    return digest.hexdigest()


def term_scores(item: LabelledItem, ctx: PipelineContext | None = None) -> dict[str, float]:
    """Term scores of an item in its stated language, cut into sentences by the segment stage
    (as in ``triage analyze``) when a pipeline context is given."""
    doc = Document(text=item.text, language=item.language)
    if ctx is not None:
        for stage in get_stages(["segment"]):
            stage.fn(doc, ctx)
    result = score_terms(original_units(doc))
    return {code: score_of(raw) for code, raw in result.raw.items()}


def _decide(scores: dict[str, float]) -> set[str]:
    chosen = {c for c, s in scores.items() if c != "other" and s >= THRESHOLD}
    if not chosen and scores.get("other", 0.0) >= THRESHOLD:
        chosen = {"other"}
    return chosen


def _prf(pairs: list[tuple[set[str], set[str]]]) -> dict[str, float]:
    tp = sum(len(g & p) for g, p in pairs)
    fp = sum(len(p - g) for g, p in pairs)
    fn = sum(len(g - p) for g, p in pairs)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def cross_validate(items: Sequence[LabelledItem], folds: int = 5, seed: int = 0) -> dict[str, Any]:
    """Micro P/R/F1 over k folds for the model alone, the terms alone and the combination.

    Each item is scored by a model that never saw it; the terms need no training, so their
    figure is the same with or without folds. ``figures["calibration_pairs"]`` holds the
    out-of-fold (combined score, gold) pairs that ``train`` calibrates the scores on.
    """
    if folds < 2 or folds > len(items):
        raise InvalidInput(f"folds must be between 2 and the number of items ({len(items)}), got {folds}")
    order = list(range(len(items)))
    random.Random(seed).shuffle(order)
    ctx = PipelineContext(Settings())
    terms = [term_scores(item, ctx) for item in items]
    probs: list[dict[str, float]] = [{} for _ in items]
    for k in range(folds):
        test = set(order[k::folds])
        train = [i for i in order if i not in test]
        model = OffenceModel().fit([items[i].text for i in train], [items[i].codes for i in train])
        for i, p in zip(sorted(test), model.predict_proba([items[i].text for i in sorted(test)]), strict=True):
            probs[i] = p
    gold = [set(item.codes) for item in items]
    combined = [
        {c: combine(t.get(c, 0.0), p.get(c, 0.0)) for c in set(t) | set(p)}
        for t, p in zip(terms, probs, strict=True)
    ]
    codes = load_taxonomy().codes
    pairs = [(c.get(code, 0.0), int(code in g)) for c, g in zip(combined, gold, strict=True) for code in codes]
    return {
        "folds": folds,
        "items": len(items),
        "model": _prf([(g, _decide(p)) for g, p in zip(gold, probs, strict=True)]),
        "terms": _prf([(g, _decide(t)) for g, t in zip(gold, terms, strict=True)]),
        "combined": _prf([(g, _decide(c)) for g, c in zip(gold, combined, strict=True)]),
        "calibration": calibration_figures(pairs),
        "calibration_pairs": pairs,
    }


def calibration_figures(pairs: Sequence[tuple[float, int]], folds: int = 5) -> dict[str, Any]:
    """Brier score of the raw scores and of Platt-calibrated ones, the calibrator itself
    cross-validated over the pairs (so the calibrated figure is not its own training fit)."""
    order = list(range(len(pairs)))
    calibrated = [0.0] * len(pairs)
    for k in range(folds):
        test = order[k::folds]
        held = set(test)
        fitted = fit_calibrator([pairs[i] for i in order if i not in held])
        for i, p in zip(test, fitted.predict([pairs[i][0] for i in test]), strict=True):
            calibrated[i] = float(p)
    raw = sum((s - y) ** 2 for s, y in pairs) / max(1, len(pairs))
    cal = sum((p - y) ** 2 for p, (_, y) in zip(calibrated, pairs, strict=True)) / max(1, len(pairs))
    return {"pairs": len(pairs), "brier_raw": round(raw, 4), "brier_calibrated": round(cal, 4)}


class PlattCalibrator:
    """Platt scaling: a logistic curve from a combined score to the probability that the
    label is right. Smooth and monotone, so a few dozen items cannot make it jump to 0 or 1
    the way a step function (isotonic regression) does on so little data."""

    def __init__(self, pairs: Sequence[tuple[float, int]]) -> None:
        from sklearn.linear_model import LogisticRegression

        ys = [y for _, y in pairs]
        self.constant: float | None = None
        if len(set(ys)) < 2:  # every pair right, or every pair wrong: nothing to fit
            self.constant = float(ys[0]) if ys else 0.5
            return
        self._model = LogisticRegression(C=1.0).fit([[s] for s, _ in pairs], ys)

    def predict(self, scores: Sequence[float]) -> list[float]:
        if self.constant is not None:
            return [self.constant for _ in scores]
        return [float(p) for p in self._model.predict_proba([[s] for s in scores])[:, 1]]


def fit_calibrator(pairs: Sequence[tuple[float, int]]) -> PlattCalibrator:
    return PlattCalibrator(pairs)


def train(
    items: Sequence[LabelledItem], calibration_pairs: Sequence[tuple[float, int]] | None = None
) -> OffenceModel:
    """The model fitted on every item (what is saved after cross-validation), with its
    score calibration when out-of-fold pairs are given."""
    model = OffenceModel().fit([i.text for i in items], [i.codes for i in items])
    if calibration_pairs:
        model.calibrator = fit_calibrator(calibration_pairs)
    return model
