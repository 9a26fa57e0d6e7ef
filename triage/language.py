"""The ``language`` stage: the item's main language and each segment's, with a confidence.

lingua is used because it is built for short and mixed-language text and ships its
models in the wheel (no download). The candidate set is limited to the languages an
EU central authority meets, which makes detection both faster and more accurate than
asking about all 75 languages.
"""

from __future__ import annotations

from functools import lru_cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from triage.document import Document
from triage.pipeline.context import PipelineContext
from triage.pipeline.registry import register_stage

CANDIDATES: tuple[str, ...] = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt",
    "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",  # the 24 official EU languages
    "sq", "bs", "ca", "is", "mk", "nb", "ru", "sr", "tr", "uk", "ar", "zh",
)  # fmt: skip

#: How much of an item decides its main language.
SAMPLE_CHARS = 2500
#: From this many letters on, the fast mode is used for a whole item.
FAST_MODE_LETTERS = 200
#: How many of the fast mode's best guesses the full model chooses between.
SHORTLIST = 4
#: Below this many letters a text says too little; its language is taken from context.
MIN_LETTERS = 12


def _language(code: str) -> Language | None:
    iso = getattr(IsoCode639_1, code.upper(), None)
    return None if iso is None else Language.from_iso_code_639_1(iso)


@lru_cache(maxsize=2)
def detector(low_accuracy: bool = False) -> LanguageDetector:
    """lingua over ``CANDIDATES``; the low-accuracy mode (trigrams only) is ~10x faster."""
    languages = [lang for code in CANDIDATES if (lang := _language(code)) is not None]
    builder = LanguageDetectorBuilder.from_languages(*languages)
    return (builder.with_low_accuracy_mode() if low_accuracy else builder).build()


@lru_cache(maxsize=256)
def _shortlist_detector(codes: tuple[str, ...]) -> LanguageDetector:
    languages = [lang for code in codes if (lang := _language(code)) is not None]
    if len(languages) < 2:
        languages = [lang for code in CANDIDATES if (lang := _language(code)) is not None]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def choose_language(text: str, codes: tuple[str, ...]) -> tuple[str | None, float]:
    """The full model's choice between a few languages (e.g. the item's and a sentence's guess)."""
    values = _shortlist_detector(tuple(sorted(set(codes)))).compute_language_confidence_values(text)
    if not values:
        return None, 0.0
    return values[0].language.iso_code_639_1.name.lower(), round(float(values[0].value), 4)


def detect_language(text: str, *, fast: bool = False) -> tuple[str | None, float]:
    """ISO 639-1 code and confidence of ``text``; ``(None, 0.0)`` when it says too little.

    ``fast`` uses the low-accuracy mode: good enough to confirm that a sentence is in the
    item's language, which is what most sentences need.
    """
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return None, 0.0
    values = detector(True).compute_language_confidence_values(text)
    if not fast and values:
        # The full model only decides between the fast mode's front runners: loading it
        # for every candidate language costs seconds per process, for a few it costs little.
        shortlist = tuple(sorted(v.language.iso_code_639_1.name.lower() for v in values[:SHORTLIST]))
        values = _shortlist_detector(shortlist).compute_language_confidence_values(text)
    if not values:
        return None, 0.0
    best = values[0]
    return best.language.iso_code_639_1.name.lower(), round(float(best.value), 4)


@register_stage("language", 20, queue="extract")
def language_stage(doc: Document, ctx: PipelineContext) -> None:
    """Sets the item's language (a declared language wins over detection).

    Long texts go through lingua's fast mode (trigrams): on whole documents it is as
    accurate as the full model (60/60 on the dev corpus) and saves seconds of model loading
    per worker; short texts need the full model. The first ``SAMPLE_CHARS`` characters
    decide: detection time grows with length, and sentences in another language are found
    one by one by the segment stage.
    """
    if doc.declared_language:
        doc.language, doc.language_confidence = doc.declared_language, 1.0
        return
    sample = doc.text[:SAMPLE_CHARS]
    letters = sum(ch.isalpha() for ch in sample)
    doc.language, doc.language_confidence = detect_language(sample, fast=letters >= FAST_MODE_LETTERS)
