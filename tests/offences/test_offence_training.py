"""Training, cross-validation, versioned artefacts, the stage and ``triage train``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from triage.config import Settings
from triage.document import Document
from triage.errors import InvalidInput, ModelError
from triage.offences.artefact import classifier_dir, latest_manifest, load_latest, load_model, save_model
from triage.offences.classify import TERMS_ONLY_SOURCE
from triage.offences.stage import RESOURCE_KEY, offences_stage
from triage.offences.training import (
    LabelledItem,
    cross_validate,
    data_hash,
    items_from_corpus,
    train,
)
from triage.pipeline import PipelineContext

# Invented items: three codes, four wordings each.
ITEMS = [
    LabelledItem("The courier carried cocaine and heroin in the spare tyre.", ("drug_trafficking",), "en"),
    LabelledItem("Two kilos of cannabis resin were found in the van.", ("drug_trafficking",), "en"),
    LabelledItem("He sold cocaine on the corner every night.", ("drug_trafficking",), "en"),
    LabelledItem("Narcotics were shipped in banana boxes to the port.", ("drug_trafficking",), "en"),
    LabelledItem("Victims paid an advance fee to a fake lender, a scam.", ("fraud",), "en"),
    LabelledItem("The fraudster posed as a bank adviser and took savings.", ("fraud",), "en"),
    LabelledItem("A fake invoice fraud cost the company its payment.", ("fraud",), "en"),
    LabelledItem("The scam promised returns from a fake crypto fund.", ("fraud",), "en"),
    LabelledItem("A petrol bomb set the shop on fire at night.", ("arson",), "en"),
    LabelledItem("Arson destroyed the barn; an accelerant was found.", ("arson",), "en"),
    LabelledItem("Somebody set fire to the cars parked outside.", ("arson",), "en"),
    LabelledItem("The warehouse fire was arson, the expert says.", ("arson",), "en"),
]


@pytest.fixture(scope="module")
def trained() -> object:
    return train(ITEMS)


def test_cross_validation_reports_model_terms_and_combined() -> None:
    figures = cross_validate(ITEMS, folds=3)
    assert figures["folds"] == 3 and figures["items"] == len(ITEMS)
    for reader in ("model", "terms", "combined"):
        assert set(figures[reader]) == {"precision", "recall", "f1"}
        assert 0.0 <= figures[reader]["f1"] <= 1.0
    assert figures["terms"]["f1"] > 0.8  # the invented texts use plain vocabulary


def test_bad_fold_count_is_refused() -> None:
    with pytest.raises(InvalidInput, match="folds"):
        cross_validate(ITEMS, folds=1)


def test_model_learns_the_invented_set(trained: object) -> None:
    probs = trained.predict_proba(["cocaine and heroin in a tyre", "a fake lender scam"])  # type: ignore[attr-defined]
    assert probs[0]["drug_trafficking"] > probs[0]["fraud"]
    assert probs[1]["fraud"] > probs[1]["arson"]


def test_artefact_round_trip_and_tamper_refusal(trained: object, tmp_path: Path) -> None:
    manifest_path = save_model(trained, tmp_path, data_hash=data_hash(ITEMS),  # type: ignore[arg-type]
                               figures={"terms": {"f1": 1.0}}, n_items=len(ITEMS))
    manifest = json.loads(manifest_path.read_text())
    assert manifest["training_data_sha256"] == data_hash(ITEMS)
    assert manifest["version"] in manifest_path.name and manifest["created"]
    loaded = load_model(manifest_path)
    text = ["petrol bomb and arson at the barn"]
    assert loaded.model.predict_proba(text) == trained.predict_proba(text)  # type: ignore[attr-defined]
    assert loaded.source == f"model:offences-{manifest['version']}"
    artefact = tmp_path / manifest["artefact"]
    artefact.write_bytes(artefact.read_bytes() + b"tampered")
    with pytest.raises(ModelError, match="does not match"):
        load_model(manifest_path)


def test_newest_artefact_is_chosen(trained: object, tmp_path: Path) -> None:
    import datetime as dt

    old = save_model(trained, tmp_path, data_hash="a" * 64, figures={}, n_items=1,  # type: ignore[arg-type]
                     now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    new = save_model(trained, tmp_path, data_hash="b" * 64, figures={}, n_items=1,  # type: ignore[arg-type]
                     now=dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    assert latest_manifest(tmp_path) == new != old


def test_stage_uses_terms_only_without_a_model(settings: Settings) -> None:
    doc = Document(text="Offence: arson. He set fire to the depot.", language="en")
    offences_stage(doc, PipelineContext(settings))
    assert [f.code for f in doc.findings.offences] == ["arson"]
    assert doc.findings.offences[0].evidence[-1].source == TERMS_ONLY_SOURCE
    offences_stage(doc, PipelineContext(settings))  # idempotent: replaces, never appends
    assert len(doc.findings.offences) == 1


def test_stage_names_the_trained_model(trained: object, settings: Settings) -> None:
    save_model(trained, classifier_dir(settings), data_hash=data_hash(ITEMS),  # type: ignore[arg-type]
               figures={}, n_items=len(ITEMS))
    ctx = PipelineContext(settings)
    doc = Document(text="Offence: arson. He set fire to the depot.", language="en")
    offences_stage(doc, ctx)
    loaded = load_latest(settings)
    assert loaded is not None and ctx.resources[RESOURCE_KEY] is not None
    arson = doc.findings.offences[0]
    assert arson.code == "arson"
    assert arson.evidence[-1].source == loaded.source


def _write_corpus(path: Path, items: list[LabelledItem], extra_code: str | None = None) -> None:
    lines = [json.dumps({"id": f"T{i}", "language": it.language, "text": it.text,
                         "offences": [*it.codes, *([extra_code] if extra_code and i == 0 else [])]})
             for i, it in enumerate(items)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_corpus_with_an_unknown_code_is_refused(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    _write_corpus(corpus, ITEMS, extra_code="jaywalking")
    with pytest.raises(InvalidInput, match="jaywalking"):
        items_from_corpus(corpus)


def test_train_command_prints_figures_and_saves(tmp_path: Path) -> None:
    from triage.cli import app

    corpus = tmp_path / "c.jsonl"
    _write_corpus(corpus, ITEMS)
    out = tmp_path / "models"
    result = CliRunner().invoke(app, ["train", str(corpus), "--folds", "3", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "terms" in result.output and "combined" in result.output and "F1" in result.output
    manifest = latest_manifest(out)
    assert manifest is not None
    assert json.loads(manifest.read_text())["figures"]["folds"] == 3


def test_scores_are_calibrated_on_out_of_fold_pairs() -> None:
    from triage.offences.classify import decide
    from triage.offences.taxonomy import load_taxonomy
    from triage.offences.terms import score_terms
    from triage.offences.training import fit_calibrator
    from triage.offences.units import original_units

    figures = cross_validate(ITEMS, folds=3)
    pairs = figures["calibration_pairs"]
    assert len(pairs) == len(ITEMS) * len(load_taxonomy().codes)  # every item against every code
    assert {"pairs", "brier_raw", "brier_calibrated"} <= set(figures["calibration"])
    model = train(ITEMS, pairs)
    low, mid, high = model.calibrate(0.0), model.calibrate(0.5), model.calibrate(1.0)
    assert low is not None and mid is not None and high is not None
    assert 0.0 <= low < mid < high <= 1.0  # monotone and never certain
    doc = Document(text="The courier carried cocaine in the spare tyre.", language="en")
    result = score_terms(original_units(doc))
    [finding] = decide(result, {"drug_trafficking": 0.9}, "model:offences-test", model.calibrate)
    assert finding.score == pytest.approx(model.calibrate(result_score(result, 0.9)), abs=1e-4)
    assert "calibrated probability" in (finding.evidence[-1].detail or "")
    assert fit_calibrator([(0.7, 1), (0.9, 1)]).predict([0.1]) == [1.0]  # nothing to fit: a constant


def result_score(result: object, model_probability: float) -> float:
    from triage.offences.classify import combine
    from triage.offences.terms import TermResult, score_of

    assert isinstance(result, TermResult)
    return combine(score_of(result.raw["drug_trafficking"]), model_probability)
