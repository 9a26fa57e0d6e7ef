"""The registry of PII recognisers: one small function per identifier kind.

A recogniser is ``(RecognizerInput) -> Iterable[Candidate]``. It registers itself with
``@register_recognizer(name, types, languages=None)``; ``languages=None`` means it runs on
every language (most identifiers are language-neutral formats; context words come from all
languages because items quote foreign documents). The modules that hold recognisers are
listed once in ``RECOGNIZER_MODULES``: adding one is a file plus a line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import import_module
from typing import TypeVar

from triage.errors import ConfigError
from triage.pii.lang import PiiLangData
from triage.pii.name_lexicon import NameLexicon
from triage.vocabulary import PiiType

T = TypeVar("T")

PII_TYPES: tuple[str, ...] = tuple(PiiType)

#: A span a recogniser claims as *not* personal data (a company account, a switchboard):
#: it wins overlaps, so no other recogniser reads a piece of it, and the stage drops it.
NOT_PII = "NOT_PII"

RECOGNIZER_MODULES: list[str] = [
    "triage.pii.recognizers.email",
    "triage.pii.recognizers.iban",
    "triage.pii.recognizers.card",
    "triage.pii.recognizers.national_ids",
    "triage.pii.recognizers.phone",
    "triage.pii.recognizers.ip",
    "triage.pii.recognizers.crypto",
    "triage.pii.recognizers.passport",
    "triage.pii.recognizers.plate",
    "triage.pii.recognizers.username",
    "triage.pii.recognizers.dob",
    "triage.pii.recognizers.address",
    "triage.pii.recognizers.bank_account",
]


@dataclass(frozen=True)
class Candidate:
    """A span a recogniser proposes; ``source`` names the rule ('rule:iban')."""

    start: int
    end: int
    type: str
    source: str
    score: float = 1.0
    detail: str | None = None


@dataclass
class RecognizerInput:
    """What a recogniser sees: the original text, the item's language and the language data."""

    text: str
    language: str | None
    data: PiiLangData
    cache: dict[str, object] = field(default_factory=dict)  # per-item memo (keyword positions)
    ocr: bool = False  # read from a scan: identifiers may carry OCR's usual confusions
    #: the language's known proper names, given names, surnames and common words
    names: NameLexicon | None = None
    ner: bool = False  # an NER pipeline serves the language (it, not the proper-name pool, judges runs)

    def memo(self, key: str, kind: type[T], make: Callable[[], T]) -> T:
        """The item's value under ``key``, made once: several recognisers and the role pass
        ask for the same message bodies and keyword spans."""
        value = self.cache.get(key)
        if not isinstance(value, kind):
            value = make()
            self.cache[key] = value
        return value

    @property
    def stopwords(self) -> frozenset[str] | set[str]:
        """Words that are no names in this item (``PiiLangData.stopwords_for``)."""
        names = self.names
        if names is None or not self.language:
            return self.data.stopwords
        return self.data.stopwords_for(self.language, lambda w: names.is_given(w) or names.is_surname(w))


Recognizer = Callable[[RecognizerInput], Iterable[Candidate]]


@dataclass(frozen=True)
class RecognizerSpec:
    name: str
    types: tuple[str, ...]
    fn: Recognizer
    languages: frozenset[str] | None = None

    def applies_to(self, language: str | None) -> bool:
        return self.languages is None or (language is not None and language in self.languages)


_RECOGNIZERS: dict[str, RecognizerSpec] = {}
_loaded = False


def register_recognizer(
    name: str, types: tuple[str, ...], languages: Iterable[str] | None = None
) -> Callable[[Recognizer], Recognizer]:
    unknown = sorted(set(types) - set(PII_TYPES) - {NOT_PII})
    if unknown:
        raise ConfigError(f"recogniser {name!r}: unknown PII type(s) {unknown}; known: {list(PII_TYPES)}")

    def decorate(fn: Recognizer) -> Recognizer:
        langs = frozenset(languages) if languages is not None else None
        _RECOGNIZERS[name] = RecognizerSpec(name, types, fn, langs)
        return fn

    return decorate


def get_recognizers(language: str | None = None, names: list[str] | None = None) -> list[RecognizerSpec]:
    """Registered recognisers that apply to ``language`` (``names`` selects; unknown is an error)."""
    global _loaded
    if not _loaded:
        for module in RECOGNIZER_MODULES:
            import_module(module)
        _loaded = True
    if names is not None:
        unknown = sorted(set(names) - set(_RECOGNIZERS))
        if unknown:
            raise ConfigError(f"unknown recogniser(s) {unknown}; known: {sorted(_RECOGNIZERS)}")
    return [
        spec
        for name, spec in sorted(_RECOGNIZERS.items())
        if (names is None or name in names) and spec.applies_to(language)
    ]
