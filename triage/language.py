"""The ``language`` stage: the item's main language and each segment's, with a confidence.

lingua is used because it is built for short and mixed-language text and ships its
models in the wheel (no download). The candidate set is limited to the languages an
EU central authority meets, which makes detection both faster and more accurate than
asking about all 75 languages.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import OrderedDict
from functools import lru_cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from triage.document import Document
from triage.pipeline.context import PipelineContext
from triage.pipeline.registry import register_stage

CANDIDATES: tuple[str, ...] = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt",
    "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",  # the 24 official EU languages
    "sq", "bs", "ca", "is", "mk", "nb", "ru", "sr", "tr", "uk", "ka", "ar", "zh",
)  # fmt: skip

#: How much of an item decides its main language: its opening this long, and where the
#: fast mode is less sure than ``SAMPLE_SURE`` of it, the longer opening. Detection time grows
#: with length; on 390 labelled items the short look changes no item's language group and
#: takes about half the time of the long one alone.
SAMPLE_CHARS = 800
LONG_SAMPLE_CHARS = 2500
SAMPLE_SURE = 0.9
#: From this many letters on, the fast mode is used for a whole item.
FAST_MODE_LETTERS = 200
#: How many of the fast mode's best guesses the full model chooses between...
SHORTLIST = 4
#: ...when the fast mode gives its best guess less than this confidence.
SURE = 0.95
#: Below this many letters a text says too little; its language is taken from context.
MIN_LETTERS = 12


#: Maltese, which lingua lacks, is told by its letters ħ, ġ, ċ and the digraph għ, which no
#: other candidate writes (ż is Polish too): enough words holding them make a text Maltese.
MALTESE = re.compile(r"\w*(?:[ħĦġĠċĊ]|[gG][ħĦ])\w*")
MALTESE_SHARE = 0.04
MALTESE_WORDS = 3
_WORD = re.compile(r"\w+")


#: Languages lingua lacks, by the letters only they write among the candidates: a sentence
#: written in them stays in its item's language (asked about it, lingua names another and is
#: sure of it).
OWN_LETTERS: dict[str, re.Pattern[str]] = {"mt": MALTESE}


#: The letters beyond a-z that each language of the Latin script writes. A short sentence that
#: lingua's fast mode gives to a language which writes none of its accented letters ("sutra
#: navečer ga skidamo, ponesi nož" as Spanish) is not in that language.
EXTRA_LETTERS: dict[str, str] = {
    "en": "éèïëç", "de": "äöüßé", "fr": "àâæçéèêëîïôœùûüÿ", "es": "áéíóúüñ", "it": "àèéìíîòóùú",
    "pt": "áâãàçéêíóôõú", "nl": "éëïóöüèáà", "da": "æøåé", "sv": "åäöé", "fi": "äöåšž", "et": "äöõüšž",
    "lv": "āčēģīķļņšūž", "lt": "ąčęėįšųūž", "pl": "ąćęłńóśźż", "cs": "áčďéěíňóřšťúůýž", "sk": "áäčďéíĺľňóôŕšťúýž",
    "sl": "čšžćđ", "hr": "čćđšž", "bs": "čćđšž", "sr": "čćđšž", "ro": "ăâîșşțţ", "hu": "áéíóöőúüű",
    "ga": "áéíóú", "sq": "çë", "tr": "çğıöşüâîû", "ca": "àçèéíïòóúü", "is": "áðéíóúýþæö", "nb": "æøåé",
}  # fmt: skip
_LATIN_EXTRA = re.compile(r"[^\W\da-z_]")


def writes_letters(language: str, text: str) -> bool:
    """Whether ``language`` writes every accented Latin letter of ``text`` (True for a language
    of another script or one not listed: only a listed alphabet can rule a language out)."""
    extra = EXTRA_LETTERS.get(language)
    if extra is None:
        return True
    latin = {ch for ch in _LATIN_EXTRA.findall(text.lower()) if ch.isalpha() and "LATIN" in unicodedata.name(ch, "")}
    return latin <= set(extra)


def maltese_confidence(text: str) -> float:
    """The share of words written with Maltese letters, when it marks the text as Maltese, else 0."""
    marked = len(MALTESE.findall(text))
    if marked < MALTESE_WORDS:
        return 0.0
    share = marked / max(1, len(_WORD.findall(text)))
    return min(1.0, 0.5 + share * 2) if share >= MALTESE_SHARE else 0.0


def _language(code: str) -> Language | None:
    iso = getattr(IsoCode639_1, code.upper(), None)
    return None if iso is None else Language.from_iso_code_639_1(iso)


@lru_cache(maxsize=2)
def detector(low_accuracy: bool = False) -> LanguageDetector:
    """lingua over ``CANDIDATES``; the low-accuracy mode (trigrams only) is ~10x faster."""
    languages = [lang for code in CANDIDATES if (lang := _language(code)) is not None]
    builder = LanguageDetectorBuilder.from_languages(*languages)
    return (builder.with_low_accuracy_mode() if low_accuracy else builder).build()


#: Languages whose full models (1- to 5-grams, 20 to 45 MiB each) stay loaded at once. Past
#: this the least recently used shortlist's models are unloaded (lingua reloads them when
#: needed, 0.1 to 0.2 s), so a batch in many languages keeps a worker's memory bounded.
FULL_MODEL_LANGUAGES = 8


class _Shortlists:
    """Full-model detectors for a few languages each, holding at most ``limit`` languages' models."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._detectors: OrderedDict[tuple[str, ...], LanguageDetector] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, codes: tuple[str, ...]) -> LanguageDetector:
        with self._lock:
            found = self._detectors.pop(codes, None)
            if found is None:
                languages = [lang for code in codes if (lang := _language(code)) is not None]
                found = LanguageDetectorBuilder.from_languages(*languages).build()
            self._detectors[codes] = found
            while len(self._detectors) > 1 and len({c for k in self._detectors for c in k}) > self.limit:
                _codes, oldest = self._detectors.popitem(last=False)
                oldest.unload_language_models()  # type: ignore[no-untyped-call]
            return found

    def loaded_languages(self) -> set[str]:
        return {code for codes in self._detectors for code in codes}


_shortlists = _Shortlists(FULL_MODEL_LANGUAGES)


def fast_confidences(text: str) -> dict[str, float]:
    """The fast mode's confidence per candidate language (trigrams only, about 0.5 ms a sentence)."""
    return {
        v.language.iso_code_639_1.name.lower(): float(v.value)
        for v in detector(True).compute_language_confidence_values(text)
    }


def detect_language(text: str, *, fast: bool = False) -> tuple[str | None, float]:
    """ISO 639-1 code and confidence of ``text``; ``(None, 0.0)`` when it says too little.

    ``fast`` uses the low-accuracy mode only. Otherwise the full model decides between the
    fast mode's front runners, and only when the fast mode is unsure: the full model costs
    20 to 50 MiB and 0.1 to 0.4 s of loading per language.
    """
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return None, 0.0
    if maltese := maltese_confidence(text):
        return "mt", round(maltese, 4)
    values = detector(True).compute_language_confidence_values(text)
    if not fast and len(values) > 1 and values[0].value < SURE:  # one candidate left: nothing to decide
        shortlist = tuple(sorted(v.language.iso_code_639_1.name.lower() for v in values[:SHORTLIST]))
        values = _shortlists.get(shortlist).compute_language_confidence_values(text)
    if not values:
        return None, 0.0
    best = values[0]
    return best.language.iso_code_639_1.name.lower(), round(float(best.value), 4)


@register_stage("language", 20, queue="extract")
def language_stage(doc: Document, ctx: PipelineContext) -> None:
    """Sets the item's language (a declared language wins over detection).

    Long texts go through lingua's fast mode (trigrams): on whole documents it is as
    accurate as the full model (60/60 on the dev corpus) and saves seconds of model loading
    per worker; short texts need the full model. The opening decides (``SAMPLE_CHARS``):
    sentences in another language are found one by one by the segment stage.
    """
    if doc.declared_language:
        doc.language, doc.language_confidence = doc.declared_language, 1.0
        return
    doc.language, doc.language_confidence = item_language(doc.text)


def item_language(text: str) -> tuple[str | None, float]:
    """The language of the text's opening: the short one, or the long one where that is unsure."""
    for size in (SAMPLE_CHARS, LONG_SAMPLE_CHARS):
        sample = text[:size]
        found = detect_language(sample, fast=sum(ch.isalpha() for ch in sample) >= FAST_MODE_LETTERS)
        if found[1] >= SAMPLE_SURE or len(text) <= size:
            break
    return found
