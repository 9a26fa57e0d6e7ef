"""The stage: registration, idempotence, the visible NER state and bad input."""

from __future__ import annotations

import random
import time

import pytest

from tests.pii.conftest import Analyse, texts
from triage.config import Settings
from triage.document import Document
from triage.errors import ConfigError
from triage.pii.registry import PII_TYPES, get_recognizers
from triage.pii.stage import NER_RESOURCE, pii_stage
from triage.pipeline import PipelineContext, get_stages


class NoNer:
    """A test double: a language without a pipeline."""

    def status(self, language: str | None) -> str:
        return f"missing: no pipeline for {language!r}"

    def persons(
        self, text: str, language: str | None, ranges: list[tuple[int, int]] | None = None
    ) -> list[tuple[int, int]]:
        return []


def context() -> PipelineContext:
    ctx = PipelineContext(Settings())
    ctx.resources[NER_RESOURCE] = NoNer()
    return ctx


def test_stage_is_registered_at_60() -> None:
    stages = {s.name: s.order for s in get_stages()}
    assert stages["pii"] == 60


def test_recognisers_cover_the_schema_types() -> None:
    covered = {t for spec in get_recognizers() for t in spec.types} | {"PERSON"}
    assert covered == set(PII_TYPES)
    with pytest.raises(ConfigError):
        get_recognizers(names=["no_such_recogniser"])


def test_stage_replaces_its_output_and_records_ner_state() -> None:
    doc = Document(text="Der Beschuldigte Jonas WEIDEN, geb. 08.03.1995, ist flüchtig.", language="de")
    ctx = context()
    pii_stage(doc, ctx)
    first = [(s.start, s.end, s.type) for s in doc.findings.pii]
    pii_stage(doc, ctx)
    assert [(s.start, s.end, s.type) for s in doc.findings.pii] == first
    assert ("PERSON" in {t for _, _, t in first}) and ("DATE_OF_BIRTH" in {t for _, _, t in first})
    assert doc.metadata["pii"]["ner"].startswith("missing:")
    pred = doc.to_prediction("X1")["pii"]
    assert {"start", "end", "type"} <= set(pred[0]) and any(p.get("role") == "suspect" for p in pred)


def test_empty_and_whitespace_text(pii: Analyse) -> None:
    assert pii("") == [] and pii("   \n\n\t ") == []


def test_one_megabyte_of_digits_finishes_quickly(pii: Analyse) -> None:
    text = "7" * 1_000_000
    start = time.process_time()
    assert pii(text) == []
    assert time.process_time() - start < 10


def test_binary_junk_and_mixed_scripts(pii: Analyse) -> None:
    rnd = random.Random(7)
    junk = bytes(rnd.getrandbits(8) for _ in range(50_000)).decode("latin-1")
    start = time.process_time()
    pii(junk)
    assert time.process_time() - start < 10
    mixed = "Обвиняемый Иван ПЕТРОВ и Ηλίας ΚΑΡΑΣ, 李雷, تقرير — IBAN none; mobile +7 912 345-67-89"
    spans = pii(mixed, "ru")
    assert "Иван ПЕТРОВ" in texts(spans, "PERSON")


class EnglishOnlyNer:
    """A test double: an English pipeline that tags the capitalised pair 'Ondrask Velimeer'."""

    def status(self, language: str | None) -> str:
        return "model:spacy/fake_en" if language == "en" else "missing: none"

    def persons(
        self, text: str, language: str | None, ranges: list[tuple[int, int]] | None = None
    ) -> list[tuple[int, int]]:
        i = text.find("Ondrask Velimeer")
        return [(i, i + len("Ondrask Velimeer"))] if language == "en" and i >= 0 else []


def test_ner_on_the_translation_maps_back_to_the_original() -> None:
    from triage.document import Segment, Translation
    from triage.pii.stage import analyse

    text = "Az eljárás során Ondrask Velimeer vallomást tett."
    seg = Segment(index=0, start=0, end=len(text), paragraph=0, language="hu")
    tr = Translation(segment_index=0, source_language="hu", target_language="en",
                     text="During the proceedings Ondrask Velimeer testified.", model="fake")  # fmt: skip
    spans, info = analyse(text, "hu", EnglishOnlyNer(), [seg], [tr])
    found = [(s.text, s.evidence.source) for s in spans if s.type == "PERSON"]
    assert found == [("Ondrask Velimeer", info["ner"])]
    assert "on the translation" in info["ner"]
    without, _ = analyse(text, "hu", EnglishOnlyNer(), [seg], [])
    assert [s.text for s in without if s.type == "PERSON"] == []
