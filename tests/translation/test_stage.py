"""The translate stage with a test double: alignment, skipping, memory, missing models, splitting."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.translation.helpers import DictProvider, UpperTranslator, make_doc
from triage.config import Settings
from triage.errors import ModelError
from triage.pipeline import PipelineContext, get_stages
from triage.translate import translated_text
from triage.translate.stage import PROVIDER_RESOURCE, translate_stage


def context(tmp_path: Path, provider: object, working: str = "en") -> PipelineContext:
    ctx = PipelineContext(Settings(data_dir=tmp_path, working_language=working))
    ctx.resources[PROVIDER_RESOURCE] = provider
    return ctx


def test_registered_at_order_40() -> None:
    stage = next(s for s in get_stages() if s.name == "translate")
    assert stage.order == 40 and stage.fn is translate_stage


def test_aligned_per_segment_language_and_skips_working_language(tmp_path: Path) -> None:
    fr, de = UpperTranslator("fr-model"), UpperTranslator("de-model")
    doc = make_doc(
        [
            ("bonjour le monde.", "fr", 0),
            ("hello there.", "en", 0),
            ("guten tag.", "de", 1),
            ("au revoir.", None, 1),
        ],
        language="fr",
    )
    translate_stage(doc, context(tmp_path, DictProvider({"fr": fr, "de": de})))
    assert [t.segment_index for t in doc.translations] == [0, 2, 3]
    by_index = {t.segment_index: t for t in doc.translations}
    assert by_index[0].text == "[fr>en] BONJOUR LE MONDE." and by_index[0].model == "fr-model@0"
    assert by_index[2].text == "[de>en] GUTEN TAG." and by_index[2].source_language == "de"
    assert by_index[3].source_language == "fr"  # falls back to the item's language
    assert all(t.label == "Uncertified machine translation" and t.target_language == "en" for t in doc.translations)
    assert not doc.needs_human_translation
    assert translated_text(doc) == "[fr>en] BONJOUR LE MONDE. hello there.\n\n[de>en] GUTEN TAG. [fr>en] AU REVOIR."


def test_item_in_working_language_is_not_translated(tmp_path: Path) -> None:
    fake = UpperTranslator()
    doc = make_doc([("all english here.", "en", 0)], language="en")
    translate_stage(doc, context(tmp_path, DictProvider({"en": fake})))
    assert doc.translations == [] and fake.calls == []


def test_memory_hits_on_repeated_segment(tmp_path: Path) -> None:
    fake = UpperTranslator()
    ctx = context(tmp_path, DictProvider({"fr": fake}))
    doc = make_doc(
        [
            ("avis de confidentialité.", "fr", 0),
            ("autre phrase.", "fr", 0),
            ("avis de confidentialité.", "fr", 1),
        ]
    )
    translate_stage(doc, ctx)
    assert sum(len(c) for c in fake.calls) == 2  # the repeated sentence is translated once
    assert ctx.notes == {"translation_memory_hits": 0, "translation_memory_misses": 3}
    translate_stage(make_doc([("avis de confidentialité.", "fr", 0), ("neuf.", "fr", 0)]), ctx)
    assert ctx.notes["translation_memory_hits"] == 1 and ctx.notes["translation_memory_misses"] == 4
    again = make_doc([("avis de confidentialité.", "fr", 0)])
    translate_stage(again, ctx)
    assert again.translations[0].from_memory and again.translations[0].text == "[fr>en] AVIS DE CONFIDENTIALITÉ."


def test_missing_model_marks_needs_human_translation(tmp_path: Path) -> None:
    fr = UpperTranslator()
    doc = make_doc([("bonjour.", "fr", 0), ("dzień dobry.", "pl", 0), ("jó napot.", "hu", 1)])
    translate_stage(doc, context(tmp_path, DictProvider({"fr": fr})))
    assert doc.needs_human_translation
    assert doc.metadata["needs_human_translation"] == ["hu", "pl"]
    assert [t.segment_index for t in doc.translations] == [0]


def test_no_model_at_all_creates_no_memory_file(tmp_path: Path) -> None:
    doc = make_doc([("dzień dobry.", "pl", 0)])
    translate_stage(doc, context(tmp_path, DictProvider({})))
    assert doc.needs_human_translation and not (tmp_path / "translation_memory.sqlite3").exists()


class BrokenProvider:
    def translator_for(self, source_lang: str, target_lang: str) -> None:
        raise ModelError("model 'x' failed verification: checksum mismatch model.bin")


def test_unusable_model_is_visible_and_stage_succeeds(tmp_path: Path) -> None:
    doc = make_doc([("bonjour.", "fr", 0)])
    translate_stage(doc, context(tmp_path, BrokenProvider()))
    assert doc.needs_human_translation and doc.translations == []
    assert "checksum mismatch" in doc.metadata["translation_problems"]["fr"]


def test_rerun_replaces_outputs(tmp_path: Path) -> None:
    ctx = context(tmp_path, DictProvider({}))
    doc = make_doc([("bonjour.", "fr", 0)])
    translate_stage(doc, ctx)
    assert doc.needs_human_translation
    ctx.resources[PROVIDER_RESOURCE] = DictProvider({"fr": UpperTranslator()})
    translate_stage(doc, ctx)
    assert not doc.needs_human_translation and "needs_human_translation" not in doc.metadata
    assert len(doc.translations) == 1


def test_long_sentence_split_every_part_translated_in_length_order(tmp_path: Path) -> None:
    fake = UpperTranslator(max_tokens=6)
    long = "le premier morceau est ici, le second morceau suit ensuite; et le troisième morceau termine la phrase"
    doc = make_doc([(long, "fr", 0), ("court.", "fr", 0)])
    translate_stage(doc, context(tmp_path, DictProvider({"fr": fake})))
    sent = [t for call in fake.calls for t in call]
    assert all(fake.count_tokens([t], "fr")[0] <= 6 for t in sent)
    assert sorted(sent, key=len) == sent  # batched sorted by length
    words = " ".join(sent).split()
    assert sorted(words) == sorted((long + " court.").split())  # every part, nothing lost
    assert doc.translations[0].text.count("[fr>en]") == len(sent) - 1
    assert doc.translations[0].text.replace("[fr>en] ", "") == long.upper()


@pytest.mark.parametrize("working", ["fr", "de"])
def test_working_language_setting(tmp_path: Path, working: str) -> None:
    fake = UpperTranslator()
    doc = make_doc([("bonjour.", "fr", 0), ("hello.", "en", 0)])
    translate_stage(doc, context(tmp_path, DictProvider({"fr": fake, "en": fake}), working=working))
    translated = {t.segment_index for t in doc.translations}
    assert translated == ({1} if working == "fr" else {0, 1})
    assert all(t.target_language == working for t in doc.translations)


def test_undetermined_language_needs_a_person_and_digits_are_skipped(tmp_path: Path) -> None:
    fake = UpperTranslator()
    doc = make_doc([("bonjour.", "fr", 0), ("zzxq vlorp.", None, 0), ("12.03.2024", None, 1)])
    translate_stage(doc, context(tmp_path, DictProvider({"fr": fake})))
    assert [t.segment_index for t in doc.translations] == [0]
    assert doc.needs_human_translation and doc.metadata["needs_human_translation"] == ["und"]
