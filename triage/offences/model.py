"""The trainable part: character n-gram TF-IDF and one-vs-rest logistic regression.

Character n-grams read every language and survive inflection, spelling variants and OCR
noise without a tokenizer per language. Logistic regression gives probabilities, so its
output can be mixed with the term scores. scikit-learn is imported lazily: the service
runs on terms alone when it is not installed.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from triage.errors import ModelError

#: Changing these changes the model: they are recorded in every artefact's manifest.
PARAMS: dict[str, Any] = {
    "analyzer": "char_wb",
    "ngram_range": (2, 4),
    "min_df": 2,
    "max_features": 50_000,
    "C": 10.0,
    "class_weight": "balanced",
}


@dataclass
class OffenceModel:
    """A fitted multi-label classifier over the codes seen in training."""

    codes: list[str] = field(default_factory=list)
    vectorizer: Any = None
    classifiers: dict[str, Any] = field(default_factory=dict)
    constant: dict[str, float] = field(default_factory=dict)  # codes seen in every / no item
    params: dict[str, Any] = field(default_factory=lambda: dict(PARAMS))
    calibrator: Any = None  # Platt curve from a combined score to a probability (see training)

    def calibrate(self, score: float) -> float | None:
        """The calibrated probability of a combined score, or None without a calibrator."""
        if self.calibrator is None:
            return None
        return float(self.calibrator.predict([score])[0])

    def fit(self, texts: Sequence[str], labels: Sequence[Sequence[str]]) -> OffenceModel:
        """Fit one binary classifier per code that has both positive and negative items."""
        try:
            from sklearn.feature_extraction.text import TfidfVectorizer
            from sklearn.linear_model import LogisticRegression
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise ModelError("training offences needs scikit-learn (pip install scikit-learn)") from exc
        if not texts or len(texts) != len(labels):
            raise ModelError(f"need as many label sets as texts, got {len(texts)} texts, {len(labels)} labels")
        p = self.params
        self.vectorizer = TfidfVectorizer(
            analyzer=p["analyzer"], ngram_range=tuple(p["ngram_range"]), min_df=p["min_df"],
            max_features=p["max_features"], sublinear_tf=True, lowercase=True, strip_accents="unicode",
        )
        x = self.vectorizer.fit_transform(texts)
        self.codes = sorted({c for codes in labels for c in codes})
        self.classifiers, self.constant = {}, {}
        for code in self.codes:
            y = [1 if code in codes else 0 for codes in labels]
            if 0 < sum(y) < len(y):
                clf = LogisticRegression(C=p["C"], class_weight=p["class_weight"], solver="liblinear")
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", category=UserWarning)
                    clf.fit(x, y)
                self.classifiers[code] = clf
            else:
                self.constant[code] = float(sum(y) > 0)
        return self

    def predict_proba(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Per text, the probability of every code the model knows."""
        if self.vectorizer is None:
            raise ModelError("the offence model is not trained")
        x = self.vectorizer.transform(texts)
        out: list[dict[str, float]] = [dict(self.constant) for _ in texts]
        for code, clf in self.classifiers.items():
            for row, p in zip(out, clf.predict_proba(x)[:, 1], strict=True):
                row[code] = float(p)
        return out
