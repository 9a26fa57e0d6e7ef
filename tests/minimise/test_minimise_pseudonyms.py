"""Pseudonyms: one per person in an item and across a batch, keyed, never the name in clear."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

from triage.document import Document, Evidence, PiiSpan
from triage.minimise import PseudonymMap, normalise
from triage.minimise.stage import minimise_stage, span_key
from triage.pipeline import PipelineContext


def person(text: str, full: str, role: str = "suspect", person_id: str | None = None) -> PiiSpan:
    start = text.index(full)
    return PiiSpan(
        start=start, end=start + len(full), type="PERSON", text=full, role=role, person_id=person_id,
        evidence=Evidence(source="t"),
    )


def context(key: str | None = "k" * 32) -> PipelineContext:
    settings: Any = SimpleNamespace(pseudonym_key=key, minimisation_policy=None)
    return PipelineContext(settings)


def test_normalise_ignores_case_accents_punctuation_and_spacing() -> None:
    assert normalise("Ionuț-Cristian  BĂLAN") == normalise("ionut cristian balan") == "ionut cristian balan"


def test_same_name_same_pseudonym_other_name_or_key_other_pseudonym() -> None:
    batch = PseudonymMap(b"secret")
    label = batch.pseudonym("PERSON", "Jana NOVÁKOVÁ")
    assert label.startswith("P-")
    assert batch.pseudonym("PERSON", "jana novakova") == label
    assert batch.pseudonym("PERSON", "Jan Novák") != label
    assert PseudonymMap(b"other key").pseudonym("PERSON", "Jana NOVÁKOVÁ") != label
    assert PseudonymMap(b"secret").pseudonym("PERSON", "Jana Novakova") == label  # another worker


def test_map_holds_no_name_in_clear() -> None:
    batch = PseudonymMap(b"secret")
    batch.pseudonym("PERSON", "Ottokar Quellmann")
    assert "ottokar" not in repr(batch.by_digest).lower()
    assert "quellmann" not in repr(batch.by_digest).lower()


def test_one_pseudonym_per_person_id_within_an_item() -> None:
    text = "Ottokar QUELLMANN paid. Later Ottokar left with Zdenka."
    doc = Document(text=text)
    doc.findings.pii = [
        person(text, "Ottokar QUELLMANN", person_id="p1"),
        person(text, "Ottokar", person_id="p1"),
        person(text, "Zdenka", person_id="p2"),
    ]
    doc.findings.pii[1] = doc.findings.pii[1].model_copy(update={"start": 30, "end": 37})
    minimise_stage(doc, context())
    labels = doc.metadata["minimise"]["pseudonyms"]
    full, short, other = (labels[span_key(s)] for s in doc.findings.pii)
    assert full == short != other


def test_consistent_across_items_of_a_batch() -> None:
    ctx = context()
    labels = []
    for text in ("Report on Ottokar Quellmann.", "OTTOKAR QUELLMANN was seen again."):
        doc = Document(text=text)
        doc.findings.pii = [person(text, "Ottokar Quellmann" if "Quellmann" in text else "OTTOKAR QUELLMANN")]
        minimise_stage(doc, ctx)
        labels.append(doc.metadata["minimise"]["pseudonyms"][span_key(doc.findings.pii[0])])
    assert labels[0] == labels[1]


def test_without_a_key_every_worker_shares_the_installation_key(tmp_path: Path) -> None:
    from triage.config import Settings

    workers = [PipelineContext(Settings(data_dir=tmp_path)) for _ in range(2)]
    labels = []
    for ctx in workers:  # two workers of one batch, each with its own process state
        doc = Document(text="Zdenka Hrubá")
        doc.findings.pii = [person("Zdenka Hrubá", "Zdenka Hrubá")]
        minimise_stage(doc, ctx)
        labels.append(doc.metadata["minimise"]["pseudonyms"][span_key(doc.findings.pii[0])])
    assert labels[0] == labels[1]
    key_file = tmp_path / "pseudonym.key"
    assert len(key_file.read_bytes()) == 32
    assert key_file.stat().st_mode & 0o777 == 0o600
