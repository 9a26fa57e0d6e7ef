"""Which capitalised words of a language are known proper names, and which are common words.

Why: most languages have no NER pipeline here, and a run of capitalised words ("Jana
Dvořáková", "Okresní soud") is a person or an institution depending on what the words
are. Two bundled, openly licensed sources answer that without any list of people:

- simplemma (MIT; lexica derived from Wiktionary and similar dictionaries) gives each
  inflected form its lemma and writes a proper noun's lemma with a capital ("Dvořákové" →
  "Dvořáková", "Vilniaus" → "Vilnius") and a common word's in lower case. Proper names
  travel: "Holger" or "Karim" is in some languages' dictionaries and not in others', so the
  proper lemmas of every dictionary are pooled (``pool``), and each language adds its own
  inflected forms of them;
- wordfreq (Apache-2.0 code, CC-BY-SA data from public corpora) gives the most frequent
  words of the language; those that simplemma knows as common words (frequent surnames are
  frequent words too, but simplemma has no lower-case lemma for them) are the common words.
  German capitalises every noun, so there a frequent word is common unless it is a pooled name.

Loading the dictionaries takes up to 2.5 s and 400 MB each; the sets kept here are a
fraction of them, so they are extracted once and kept in the cache folder (``triage
prepare`` fills it; a missing file is built on first use).
"""

from __future__ import annotations

import bisect
import hashlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from triage.lang.derived import cache_folder, dictionary, kept, simplemma_code, wordfreq_code

#: Languages that capitalise every noun: a capitalised lemma does not mark a proper name there.
NOUN_CAPITALISING = frozenset({"de", "lb"})
COMMON_WORDS = 30_000
POOL = "_pool"


class WordSet:
    """A large set of words held as sorted 64-bit digests: 8 bytes a word instead of about 100
    (Polish alone has 690,000 inflected forms of proper names), looked up by bisection."""

    def __init__(self, words: Iterable[str]) -> None:
        self._digests = array("q", sorted({_digest(w) for w in words}))

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        d = _digest(word)
        i = bisect.bisect_left(self._digests, d)
        return i < len(self._digests) and self._digests[i] == d

    def __len__(self) -> int:
        return len(self._digests)


def _digest(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little", signed=True)


@dataclass(frozen=True)
class NameLexicon:
    language: str
    proper: WordSet  # lower-cased forms whose lemma is a proper noun
    common: frozenset[str]  # frequent words with a common lemma ("reino", also "Reino Unido")
    pool: WordSet = field(default_factory=lambda: WordSet(()))  # proper lemmas of every dictionary

    def is_proper(self, word: str) -> bool:
        low = word.lower()
        return low in self.proper or low in self.pool

    def is_common(self, word: str) -> bool:
        return word.lower() in self.common


def _version() -> str:
    return f"simplemma{metadata.version('simplemma')}-wordfreq{metadata.version('wordfreq')}"


def _build_pool() -> list[list[str]]:
    from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

    pool: set[str] = set()
    for code in SUPPORTED_LANGUAGES:
        if code not in NOUN_CAPITALISING:
            pool |= {lemma.decode().lower() for lemma in set(dictionary(code).values()) if lemma[:1].isupper()}
    return [sorted(w for w in pool if len(w) >= 3)]


def _build(language: str, folder: Path) -> list[list[str]]:
    from wordfreq import available_languages, top_n_list

    freq_code = wordfreq_code(language)
    entries = dictionary(simplemma_code(language)) if language not in NOUN_CAPITALISING else {}
    proper = {
        form.decode().lower()
        for form, lemma in entries.items()
        if lemma[:1].isupper() and form[:1].isupper() and len(form) >= 3
    }
    frequent = top_n_list(freq_code, COMMON_WORDS) if freq_code in available_languages() else []
    if language in NOUN_CAPITALISING:
        pool = _pool(folder)
        common = [w for w in frequent if w not in pool]
    elif entries:
        common = [w for w in frequent if (lemma := entries.get(w.encode())) and not lemma[:1].isupper()]
    else:
        common = frequent
    return [sorted(proper), common]


def cache_file(language: str, folder: Path) -> Path:
    return folder / f"names-{language}-{_version()}-3.json.gz"


@lru_cache(maxsize=1)
def _pool(folder: Path) -> WordSet:
    return WordSet(kept(cache_file(POOL, folder), _build_pool)[0])


@lru_cache(maxsize=16)
def name_lexicon(language: str, folder: Path | None = None) -> NameLexicon | None:
    """The lexicon of ``language``; None for a language with no data at all."""
    if not language.isalpha():
        return None
    folder = folder or cache_folder()
    proper, common = kept(cache_file(language, folder), lambda: _build(language, folder))
    if not proper and not common:
        return None
    return NameLexicon(language, WordSet(proper), frozenset(common), _pool(folder))
