from __future__ import annotations

import pytest

from triage.config import Settings
from triage.document import Document
from triage.language import detect_language, language_stage, maltese_confidence
from triage.pipeline import PipelineContext


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Le suspect a été placé en garde à vue hier soir après la perquisition de son domicile.", "fr"),
        ("Podejrzany został zatrzymany wczoraj wieczorem po przeszukaniu jego mieszkania.", "pl"),
        ("Il sospettato è stato arrestato ieri sera dopo la perquisizione della sua abitazione.", "it"),
        ("Подозреваемый был задержан вчера вечером после обыска в его квартире.", "ru"),
        ("Ο ύποπτος συνελήφθη χθες το βράδυ μετά την έρευνα στο σπίτι του.", "el"),
        ("De verdachte werd gisteravond aangehouden na de doorzoeking van zijn woning.", "nl"),
        ("ეჭვმიტანილი გუშინ საღამოს დააკავეს მისი ბინის ჩხრეკის შემდეგ.", "ka"),
        ("Il-persuna suspettata ġiet arrestata lbieraħ filgħaxija wara t-tfittxija fid-dar tagħha.", "mt"),
    ],
)
def test_detects_the_language_with_confidence(text: str, code: str) -> None:
    detected, confidence = detect_language(text)
    assert detected == code
    assert 0.5 < confidence <= 1.0


def test_too_short_text_has_no_language() -> None:
    assert detect_language("OK 12") == (None, 0.0)


def test_declared_language_wins() -> None:
    doc = Document(text="Ceci est manifestement un texte rédigé en français.", declared_language="fr")
    language_stage(doc, PipelineContext(Settings()))
    assert (doc.language, doc.language_confidence) == ("fr", 1.0)


def test_short_texts_use_the_full_model_only_when_the_fast_mode_is_unsure() -> None:
    from triage import language

    before = set(language._shortlists.loaded_languages())
    assert detect_language("Merci pour votre aide.") == detect_language("Merci pour votre aide.", fast=True)
    assert language._shortlists.loaded_languages() == before  # the fast mode was sure: nothing loaded
    code, _ = detect_language("Danke schön, bis morgen")  # unsure (0.92): the full model decides
    assert code == "de" and "de" in language._shortlists.loaded_languages()


def test_full_models_held_at_once_are_bounded() -> None:
    from triage.language import _Shortlists

    shortlists = _Shortlists(limit=3)
    for pair in [("de", "en"), ("fr", "it"), ("es", "pt")]:
        shortlists.get(pair).compute_language_confidence_values("Danke schön, bis morgen")
    assert shortlists.loaded_languages() == {"es", "pt"}  # the older pairs' models were unloaded
    values = shortlists.get(("de", "en")).compute_language_confidence_values("Danke schön, bis morgen")
    assert values[0].language.iso_code_639_1.name == "DE"  # an unloaded model loads again when needed


def test_maltese_needs_its_own_letters_not_just_a_polish_z() -> None:
    assert maltese_confidence("Żaneta Żak z Łodzi zeznała, że zażalenie złożono w Żyrardowie.") == 0.0
    assert maltese_confidence("Il-Qorti tal-Maġistrati ħarġet mandat għall-arrest tiegħu.") > 0.5


def test_an_items_opening_decides_unless_the_fast_mode_is_unsure_of_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from triage import language

    looked: list[int] = []

    def spy(text: str, *, fast: bool = False) -> tuple[str | None, float]:
        looked.append(len(text))
        return ("en", 0.6) if len(text) == language.SAMPLE_CHARS else ("de", 1.0)

    monkeypatch.setattr(language, "detect_language", spy)
    text = "x" * (language.LONG_SAMPLE_CHARS + 100)
    assert language.item_language(text) == ("de", 1.0)  # the opening was unsure: the longer one decides
    assert looked == [language.SAMPLE_CHARS, language.LONG_SAMPLE_CHARS]
    looked.clear()
    assert language.item_language("x" * 300) == ("de", 1.0)
    assert looked == [300]  # a short item is read once, whole
    monkeypatch.undo()
    german = "Der Beschuldigte hat die Wohnung am Abend verlassen und ist seitdem nicht zurückgekehrt. " * 40
    assert language.item_language(german)[0] == "de"
