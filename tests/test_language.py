from __future__ import annotations

import pytest

from triage.config import Settings
from triage.document import Document
from triage.language import detect_language, language_stage
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
