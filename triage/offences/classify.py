"""Turns term scores (and, when a trained model exists, its probabilities) into labels.

The output is ``LabelFinding`` objects whose evidence names each supporting term and the
sentence spans in the original text, plus one entry naming what decided the score
(``model:offences-<version>`` or ``rule:offence-terms``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping

from triage.document import Document, Evidence, LabelFinding
from triage.offences.taxonomy import OTHER
from triage.offences.terms import THRESHOLD, Hit, TermResult, score_of, score_terms
from triage.offences.units import original_units, translation_units

#: How much a confident model can add on its own: with few reviewed items the model is
#: weak, so it may confirm or add a label (a sure model alone reaches the threshold) but
#: never removes what the terms found.
MODEL_WEIGHT = 0.5
TERMS_ONLY_SOURCE = "rule:offence-terms"
#: "other" is the fallback for an item whose offence is outside the list: it is only
#: given when no listed category reaches the threshold.
OTHER_FLOOR = 0.5
#: Term evidence too weak for a label, strong enough for a hint (a colloquial word alone).
HINT_SCORE = 0.25
#: What decided a label taken from the best hint of an item that has no other label.
BEST_HINT_SOURCE = "rule:offence-best-hint"


def hints(result: TermResult, labelled: list[LabelFinding]) -> list[str]:
    """Codes with some term evidence (at least ``HINT_SCORE``) that are not labels: "víctimas
    de trata" alone does not make a trafficking label, but a minor beside "tomorrow" in such
    an item is at risk."""
    codes = {f.code for f in labelled}
    return sorted(c for c, raw in result.raw.items() if c not in codes and c != OTHER and score_of(raw) >= HINT_SCORE)


def term_result(doc: Document) -> TermResult:
    return score_terms(original_units(doc), translation_units(doc))


def combine(term: float, model: float | None) -> float:
    """Noisy-OR of the term score and the weighted model probability (terms alone without a model)."""
    if model is None:
        return term
    return 1.0 - (1.0 - term) * (1.0 - MODEL_WEIGHT * model)


def _term_evidence(hits: list[Hit]) -> list[Evidence]:
    grouped: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for hit in hits:
        if hit.unit.translated:
            key = (f"term:{hit.language}", f"{hit.term} (in machine translation, {hit.unit.translation_model})")
        else:
            key = (f"term:{hit.language}", hit.term)
        if hit.span not in grouped[key]:
            grouped[key].append(hit.span)
    return [Evidence(source=src, detail=detail, spans=spans) for (src, detail), spans in grouped.items()]


def decide(
    result: TermResult,
    model_probs: Mapping[str, float] | None = None,
    model_source: str | None = None,
    calibrate: Callable[[float], float | None] | None = None,
) -> list[LabelFinding]:
    """Labels at or above the threshold, best first, each with its evidence.

    The threshold applies to the combined score; with a calibrator (fitted by ``triage
    train`` on out-of-fold scores) the score shown is the calibrated probability.
    """
    codes = set(result.raw) | set(model_probs or {})
    findings: list[LabelFinding] = []
    for code in codes:
        term = score_of(result.raw.get(code, 0.0))
        model = None if model_probs is None else float(model_probs.get(code, 0.0))
        score = combine(term, model)
        if code == OTHER or score < THRESHOLD:
            continue
        findings.append(_finding(code, score, term, model, result, model_source, calibrate))
    if not findings:
        term = score_of(result.raw.get(OTHER, 0.0))
        model = None if model_probs is None else float(model_probs.get(OTHER, 0.0))
        score = combine(term, model)
        if score >= OTHER_FLOOR:
            findings.append(_finding(OTHER, score, term, model, result, model_source, calibrate))
    if not findings:
        findings = _best_hint(result)
    findings.sort(key=lambda f: (-f.score, f.code))
    return findings


def _best_hint(result: TermResult) -> list[LabelFinding]:
    """An item with no label at all takes its strongest hint, a colloquial word alone ("pay
    up" in a chat): an item sent to a central authority is about some
    offence, and a likely one shown with its evidence beats none. Of the unlabelled items
    with a hint, about half name that offence (dev, train, valid, valid2), more than the
    labels' F1 needs to gain; valid2 offences F1 0.674 -> 0.684."""
    scored = [(score_of(raw), code) for code, raw in result.raw.items() if code != OTHER]
    if not scored:
        return []
    score, code = max(scored)
    if score < HINT_SCORE:
        return []
    evidence = _term_evidence(result.hits.get(code, []))
    detail = f"the item's only term evidence, below the label threshold; score {score:.2f}"
    evidence.append(Evidence(source=BEST_HINT_SOURCE, detail=detail))
    return [LabelFinding(code=code, score=round(score, 4), evidence=evidence)]


def _finding(
    code: str,
    score: float,
    term: float,
    model: float | None,
    result: TermResult,
    model_source: str | None,
    calibrate: Callable[[float], float | None] | None = None,
) -> LabelFinding:
    evidence = _term_evidence(result.hits.get(code, []))
    calibrated = calibrate(score) if calibrate is not None else None
    if model is None:
        evidence.append(Evidence(source=TERMS_ONLY_SOURCE, detail=f"terms only (no trained model); score {term:.2f}"))
    else:
        evidence.append(
            Evidence(
                source=model_source or "model:offences",
                detail=f"model {model:.2f}, terms {term:.2f}, combined {score:.2f}"
                + (f", calibrated probability {calibrated:.2f}" if calibrated is not None else ""),
            )
        )
    shown = score if calibrated is None else calibrated
    return LabelFinding(code=code, score=round(min(1.0, max(0.0, shown)), 4), evidence=evidence)
