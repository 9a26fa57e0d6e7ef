"""Which capitalised words of a language are known proper names, and which are common words.

Why: most languages have no NER pipeline here, and a run of capitalised words ("Jana
Dvořáková", "Okresní soud") is a person or an institution depending on what the words
are. Two bundled, openly licensed sources answer that without any list of people:

- simplemma (MIT; lexica derived from Wiktionary and similar dictionaries) gives each
  inflected form its lemma and writes a proper noun's lemma with a capital ("Dvořákové" →
  "Dvořáková", "Vilniaus" → "Vilnius") and a common word's in lower case;
- wordfreq (Apache-2.0 code, CC-BY-SA data from public corpora) gives the most frequent
  words of the language; those that simplemma knows as common words (frequent surnames are
  frequent words too, but simplemma has no lower-case lemma for them) are the common words.

A full simplemma dictionary takes up to 2.5 s and 400 MB to load; the two sets kept here
are a fraction of it, so they are extracted once per language and kept in the cache folder
(``triage prepare`` fills it; a missing file is built on first use).
"""

from __future__ import annotations

import gzip
import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from triage.regex_cache import default_dir

log = logging.getLogger(__name__)

#: simplemma and wordfreq file Bosnian, Croatian, Montenegrin and Serbian under one code.
SOURCE_CODES = {"hr": ("hbs", "sh"), "bs": ("hbs", "sh"), "sr": ("hbs", "sh"), "me": ("hbs", "sh")}
#: Languages that capitalise every noun: a capitalised lemma does not mark a proper name there.
NOUN_CAPITALISING = frozenset({"de", "lb"})
COMMON_WORDS = 30_000


@dataclass(frozen=True)
class NameLexicon:
    language: str
    proper: frozenset[str]  # lower-cased forms whose lemma is a proper noun
    common: frozenset[str]  # frequent words with a common lemma ("reino", also "Reino Unido")

    def is_proper(self, word: str) -> bool:
        return word.lower() in self.proper

    def is_common(self, word: str) -> bool:
        return word.lower() in self.common


def _codes(language: str) -> tuple[str, str]:
    return SOURCE_CODES.get(language, (language, language))


def _version() -> str:
    return f"simplemma{metadata.version('simplemma')}-wordfreq{metadata.version('wordfreq')}"


def _build(language: str) -> tuple[list[str], list[str]]:
    from simplemma.strategies.dictionaries.dictionary_factory import _load_dictionary_from_disk
    from wordfreq import available_languages, top_n_list

    lemma_code, freq_code = _codes(language)
    try:
        entries = _load_dictionary_from_disk(lemma_code)
    except ValueError:  # simplemma has no dictionary for the language
        entries = {}
    proper = {
        form.decode().lower()
        for form, lemma in entries.items()
        if lemma[:1].isupper() and form[:1].isupper() and len(form) >= 3
    }
    frequent = top_n_list(freq_code, COMMON_WORDS) if freq_code in available_languages() else []
    if entries:
        common = [w for w in frequent if (lemma := entries.get(w.encode())) and not lemma[:1].isupper()]
    else:
        common = frequent
    return sorted(proper), common


def cache_file(language: str, folder: Path) -> Path:
    return folder / f"names-{language}-{_version()}-2.json.gz"


@lru_cache(maxsize=16)
def name_lexicon(language: str, folder: Path | None = None) -> NameLexicon | None:
    """The lexicon of ``language``; None for a language that capitalises nouns or has no data."""
    if language in NOUN_CAPITALISING or not language.isalpha():
        return None
    path = cache_file(language, folder or default_dir())
    try:
        proper, common = json.loads(gzip.decompress(path.read_bytes()))
    except (OSError, ValueError):
        proper, common = _build(language)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(gzip.compress(json.dumps([proper, common]).encode(), compresslevel=1))
        except OSError as exc:  # read-only home: built again by the next process
            log.warning("name lexicon of %s not kept in %s: %s", language, path.parent, exc)
    if not proper and not common:
        return None
    return NameLexicon(language, frozenset(proper), frozenset(common))
