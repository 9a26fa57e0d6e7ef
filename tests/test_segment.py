from __future__ import annotations

import pytest

from triage.config import Settings
from triage.document import Document
from triage.language import fast_confidences, writes_letters
from triage.pipeline import PipelineContext, get_stages, run_pipeline
from triage.segment import segment_text, sentence_language

LETTER = (
    "MINISTÈRE DE LA JUSTICE\n"
    "Paris, le 3 mars 2026\n\n"
    "Objet : demande d'entraide. Nous vous prions de bien vouloir entendre le témoin. "
    "Le Dr. Martin a confirmé les faits.\n"
    "Il a ajouté que la victime, une commerçante de la ville, avait été menacée à plusieurs\n"
    "reprises par téléphone.\n\n"
    "Veuillez agréer l'expression de ma considération."
)


def test_segments_keep_offsets_into_the_original() -> None:
    segments = segment_text(LETTER)
    pieces = [LETTER[s.start : s.end] for s in segments]
    assert pieces[0] == "MINISTÈRE DE LA JUSTICE"
    assert pieces[1] == "Paris, le 3 mars 2026"
    assert "Objet : demande d'entraide." in pieces
    assert "Le Dr. Martin a confirmé les faits." in pieces  # no break after an abbreviation
    wrapped = next(p for p in pieces if p.startswith("Il a ajouté"))
    assert wrapped.endswith("par téléphone.")  # a wrapped line continues its sentence
    assert [s.paragraph for s in segments] == sorted(s.paragraph for s in segments)
    assert segments[-1].paragraph == 2
    for seg in segments:
        assert LETTER[seg.start : seg.end] == LETTER[seg.start : seg.end].strip()


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("Osumljen je po 186. členu KZ-1. Zaslišan je bil včeraj.", 2),  # an ordinal before a word in č
        ("Он пришёл домой, т. е. к себе. Потом ушёл.", 2),
        ("Der Zeuge kam. Čeští policisté ihn befragten.", 2),  # a capital outside Latin-1 still starts one
    ],
)
def test_a_lower_case_letter_of_any_alphabet_does_not_start_a_sentence(text: str, pieces: int) -> None:
    assert len(segment_text(text)) == pieces


@pytest.mark.parametrize("text", ["", "   \n\n  ", "x"])
def test_degenerate_texts(text: str) -> None:
    assert [text[s.start : s.end] for s in segment_text(text)] == ([text.strip()] if text.strip() else [])


def test_mixed_language_item_gets_per_segment_languages() -> None:
    text = (
        "Sehr geehrte Damen und Herren, wir bitten Sie um die Vernehmung des Zeugen in dieser Sache.\n\n"
        "The witness stated that he had seen the vehicle leave the car park shortly after midnight.\n\n"
        "Der Beschuldigte befindet sich seit dem letzten Monat in Untersuchungshaft in der Stadt.\n\n"
        "Merci pour votre aide."
    )
    stages = get_stages(["language", "segment"])
    doc = run_pipeline(Document(text=text), PipelineContext(Settings()), stages, from_file=False)
    assert doc.language == "de"
    assert [s.language for s in doc.segments] == ["de", "en", "de", "fr"]  # a short sentence too
    assert doc.segments[1].language_confidence is not None and doc.segments[1].language_confidence > 0.9


@pytest.mark.parametrize(
    ("line", "item_language"),
    [
        ("Mr Giovanni ESPOSITO, Via Roma 12, Napoli, Italia.", "en"),  # names and places: trigrams say it
        ("Osumnjičenik je državljanin Bosne i Hercegovine i živi u Sarajevu.", "hr"),  # trigrams say bs
        ("Podozrivý sa narodil v Brne a býva tam od minulého roka.", "cs"),  # trigrams say sk
    ],
)
def test_names_and_close_languages_do_not_switch_a_sentence(line: str, item_language: str) -> None:
    fast = fast_confidences(line)
    assert max(fast.values()) >= 0.9 and fast.get(item_language, 0) < 0.001  # what the rules guard against
    assert sentence_language(line, item_language) is None


def test_prose_in_another_language_switches() -> None:
    own = sentence_language("Nous vous prions de bien vouloir entendre le témoin.", "en")
    assert own is not None and own[0] == "fr" and own[1] >= 0.9


def test_a_maltese_sentence_stays_maltese() -> None:
    """lingua lacks Maltese: asked about a Maltese sentence it names another language, sure of it."""
    sentence = "Il-pulizija arrestat lir-raġel wara li nstab bid-droga fil-karozza tiegħu ħdejn il-port."
    assert sentence_language(sentence, "mt") is None
    assert sentence_language("The suspect was arrested at the port with the drugs in his car.", "mt")[0] == "en"


def test_a_sentence_with_letters_the_guessed_language_never_writes_stays_in_the_items() -> None:
    """lingua's fast mode reads a short Croatian chat line as Spanish, sure of it; Spanish
    writes no "č" or "ž", so the line keeps its item's language (and its term lists)."""
    line = "[21:02] Kreša: sutra navečer ga skidamo, ponesi nož"
    fast = fast_confidences(line)
    assert max(fast, key=fast.__getitem__) == "es" and fast["es"] >= 0.9  # what the rule guards against
    assert sentence_language(line, "hr") is None
    assert writes_letters("es", "mañana vamos a la playa") and not writes_letters("es", line)
    assert writes_letters("ru", line)  # a language of another script, or one not listed, is never ruled out
