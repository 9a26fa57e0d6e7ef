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
  German capitalises every noun, so there a frequent word is common unless it is a pooled name;
- Faker (MIT) ships, for about 80 locales, the given names and surnames its authors took from
  public name statistics and reference lists (no records of people): pooled over every locale,
  they tell a given name ("Jonas", "Jasmijn") and a surname ("Ravn", "Hakala") from the other
  proper names (places, brands) that simplemma's lemmas mix them with. They serve every
  language, including those with an NER pipeline, whose small models miss many foreign names.

Loading the dictionaries takes up to 2.5 s and 400 MB each; the sets kept here are a
fraction of them, so they are extracted once and kept in the cache folder (``triage
prepare`` fills it; a missing file is built on first use).
"""

from __future__ import annotations

import bisect
import hashlib
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from types import ModuleType

from triage.lang.derived import cache_folder, dictionary, kept, simplemma_code, wordfreq_code

#: Languages that capitalise every noun: a capitalised lemma does not mark a proper name there.
NOUN_CAPITALISING = frozenset({"de", "lb"})
#: Languages whose dictionaries write proper names in lower case: there a frequent given name
#: ("Петро", "Олег") cannot be told from a word by its lemma, only by the name lists.
LOWER_CASE_DICTIONARIES = frozenset({"bg", "el", "mk", "ru", "uk"})
COMMON_WORDS = 30_000
#: Places and brands rank in a language's first few thousand words ("paris" 1,099th in Danish,
#: "roma" 4,844th in Dutch); given names mostly below (Danish "freja" 9,303rd, Dutch "rayan"
#: 25,596th), so a lone given name ranked above this is left alone.
FREQUENT_WORDS = 6_000
#: Nominative endings a place name may have lost to a case ending, and how many letters the
#: case ending may have.
PLACE_ENDINGS = ("", "а", "я", "о", "и", "α", "η", "ο")
PLACE_CUT = 2
POOL = "_pool"
GIVEN = "_given"


class WordSet:
    """A large set of words held as sorted 64-bit digests: 8 bytes a word instead of about 100
    (Polish alone has 690,000 inflected forms of proper names), looked up by bisection."""

    def __init__(self, words: Iterable[str]) -> None:
        self._digests = array("q", digests(words))

    @classmethod
    def from_digests(cls, sorted_digests: list[int]) -> WordSet:
        """A set from ``digests()`` kept in the cache: no word hashed again at start-up."""
        new = cls(())
        new._digests = array("q", sorted_digests)
        return new

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        d = _digest(word)
        i = bisect.bisect_left(self._digests, d)
        return i < len(self._digests) and self._digests[i] == d

    def __len__(self) -> int:
        return len(self._digests)


def digests(words: Iterable[str]) -> list[int]:
    return sorted({_digest(w) for w in words})


def _digest(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little", signed=True)


@dataclass(frozen=True)
class NameLexicon:
    language: str
    proper: WordSet  # lower-cased forms whose lemma is a proper noun
    common: frozenset[str]  # frequent words with a common lemma ("reino", also "Reino Unido")
    pool: WordSet = field(default_factory=lambda: WordSet(()))  # proper lemmas of every dictionary
    frequent: frozenset[str] = frozenset()  # the first FREQUENT_WORDS words, proper names among them
    given: WordSet = field(default_factory=lambda: WordSet(()))  # given names of every Faker locale
    surnames: WordSet = field(default_factory=lambda: WordSet(()))  # surnames of every Faker locale
    places: WordSet = field(default_factory=lambda: WordSet(()))  # cities, regions, countries of every Faker locale

    def is_proper(self, word: str) -> bool:
        return _in(self.proper, word) or _in(self.pool, word)

    def is_common(self, word: str) -> bool:
        return _in(self.common, word)

    def is_frequent(self, word: str) -> bool:
        return _in(self.frequent, word)

    def is_given(self, word: str) -> bool:
        return _in(self.given, word)

    def is_surname(self, word: str) -> bool:
        return _in(self.surnames, word)

    def is_place(self, word: str) -> bool:
        return _in(self.places, word)

    def is_place_form(self, word: str) -> bool:
        """A place, or a Cyrillic or Greek case form of one ("Польщі" of "Польща")."""
        stems = (word[: len(word) - cut] for cut in range(PLACE_CUT + 1))
        return any(_in(self.places, stem + ending) for stem in stems for ending in PLACE_ENDINGS)


#: Serbian and Macedonian Cyrillic to the Latin letters of the same standard, one to one: Faker
#: lists "Jelena Radovanović" in Latin letters only, and wordfreq's Serbian words are Latin too
#: ("нови" is as common as "novi"), while a document writes "Јелена Радовановић".
CYRILLIC_TO_LATIN = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "ѓ": "đ", "е": "e", "ж": "ž", "з": "z",
        "ѕ": "dz", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj",
        "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "ќ": "ć", "у": "u", "ф": "f",
        "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
    }
)  # fmt: skip


def _in(words: WordSet | frozenset[str], word: str) -> bool:
    """In the list as written, or (Cyrillic) in its Latin transliteration."""
    low = word.lower()
    if low in words:
        return True
    latin = low.translate(CYRILLIC_TO_LATIN)
    return latin != low and latin in words


def _version() -> str:
    return f"simplemma{metadata.version('simplemma')}-wordfreq{metadata.version('wordfreq')}"


def _faker_version() -> str:
    return f"faker{metadata.version('faker')}"


def _build_pool() -> list[list[int]]:
    from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

    pool: set[str] = set()
    for code in SUPPORTED_LANGUAGES:
        if code not in NOUN_CAPITALISING:
            pool |= {lemma.decode().lower() for lemma in set(dictionary(code).values()) if lemma[:1].isupper()}
    return [digests(w for w in pool if len(w) >= 3)]


def _build_given() -> list[list[int]]:
    """[given names, surnames, places], lower-cased, of every Faker locale (its person providers
    hold names as tuples or as name -> weight mappings, a few hold formats, which are skipped;
    its address providers hold cities, regions and countries)."""
    import faker.providers.address as address
    import faker.providers.person as person

    def names(attrs: tuple[str, ...]) -> set[str]:
        words = _faker_words(person, attrs, (tuple, list, dict), lambda w: w.replace("-", "").isalpha())
        return {w for w in words if len(w) >= 2}

    given = names(("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"))
    surnames = names(("last_names", "last_names_male", "last_names_female"))
    regions = ("cities", "countries", "states", "provinces", "regions", "city_names")
    places = _faker_words(address, regions, (tuple, list))
    return [digests(given), digests(surnames), digests(places)]


def _faker_words(
    package: ModuleType, attrs: tuple[str, ...], kinds: tuple[type, ...], keep: Callable[[str], bool] = bool
) -> set[str]:
    """The strings (that ``keep`` keeps), lower-cased, of the ``attrs`` of every locale's provider
    in ``package``, where the attribute is one of ``kinds`` (a name -> weight mapping gives its
    names; a mapping of address codes is not wanted)."""
    import importlib
    import pkgutil

    out: set[str] = set()
    for module in pkgutil.iter_modules(package.__path__):
        provider = importlib.import_module(f"{package.__name__}.{module.name}").Provider
        for attr in attrs:
            value: Iterable[object] = getattr(provider, attr, ())
            if isinstance(value, kinds):
                out |= {w.lower() for w in value if isinstance(w, str) and keep(w)}
    return out


def _build(language: str, folder: Path) -> tuple[list[int], list[str], list[str]]:
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
    return digests(proper), common, frequent[:FREQUENT_WORDS]


def cache_file(language: str, folder: Path) -> Path:
    if language == GIVEN:
        return folder / f"names-{GIVEN}-{_faker_version()}-3.json.gz"
    return folder / f"names-{language}-{_version()}-6.json.gz"


@lru_cache(maxsize=1)
def _pool(folder: Path) -> WordSet:
    return WordSet.from_digests(kept(cache_file(POOL, folder), _build_pool)[0])


@lru_cache(maxsize=1)
def _given(folder: Path) -> tuple[WordSet, WordSet, WordSet]:
    given, surnames, places = kept(cache_file(GIVEN, folder), _build_given)
    return WordSet.from_digests(given), WordSet.from_digests(surnames), WordSet.from_digests(places)


@lru_cache(maxsize=16)
def name_lexicon(language: str, folder: Path | None = None) -> NameLexicon | None:
    """The lexicon of ``language`` (None for a code that is no language); where simplemma and
    wordfreq know nothing of it (Maltese), only the given names and surnames serve."""
    if not language.isalpha():
        return None
    folder = folder or cache_folder()
    proper, common, frequent = kept(cache_file(language, folder), lambda: _build(language, folder))
    given, surnames, places = _given(folder)  # every language has these, Maltese too
    return NameLexicon(
        language,
        WordSet.from_digests(proper),
        frozenset(common),
        _pool(folder),
        frozenset(frequent),
        given,
        surnames,
        places,
    )
