"""Every inflected form of the words the term lists write, from simplemma's dictionaries.

Why: most languages a central authority meets inflect heavily (Slavic, Baltic, Finnish,
Hungarian, Greek); a term written once ("dziecko", "zbraň") must match its cases
("dzieci", "dzieckiem", "zbraní") without a linguist listing them, and a stem with ``*``
cannot follow irregular forms ("ludzie"/"ludźmi", "дети"/"ребёнок"). simplemma (MIT,
bundled data for 50 languages) maps each form to its lemma; the reverse map, restricted to
the words the lists use, is what the term compiler needs.

A plain word of a term (no ``*``, no alternatives) is expanded when the dictionary knows it
as a lemma and it has at least ``MIN_LETTERS`` letters; ``=word`` asks for the expansion
explicitly. A word that is only an inflected form ("broni") is not expanded: its lemma may
be another word's ("bronić", to defend). A full dictionary takes up to 2.5 s to load, so
the forms are worked out once per language and kept in the cache folder (``triage
prepare`` fills it; a missing file is built on first use).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from triage.lang import files
from triage.lang.derived import cache_folder, dictionary, kept, simplemma_code
from triage.lang.fold import fold
from triage.lang.terms import Forms

MIN_LETTERS = 4
#: Languages whose forms this module leaves alone: English inflects little and its short
#: words are too often another word's form ("shot" the drink, "will" the testament).
UNINFLECTED = frozenset({"en", "xx"})
#: A form list this long belongs to a word the lists should write as a stem instead.
MAX_FORMS = 60


def build_forms(language: str, words: Iterable[str]) -> dict[str, list[str]]:
    """For each word that is a lemma, its inflected forms (the word itself included).

    Words are compared folded (``fold``), so a list written without accents ("zbran") finds
    the lemma written with them ("zbraň"); the table is keyed by the folded word.
    """
    entries = dictionary(simplemma_code(language))
    if not entries:
        return {}
    wanted = {fold(w) for w in words if len(w) >= MIN_LETTERS}
    lemmas_of: dict[str, set[bytes]] = {}
    for lemma in set(entries.values()):
        key = fold(lemma.decode())
        if key in wanted:
            lemmas_of.setdefault(key, set()).add(lemma)
    found: dict[bytes, set[bytes]] = {lemma: {lemma} for group in lemmas_of.values() for lemma in group}
    for form, lemma in entries.items():
        if lemma in found and form[:1].islower() == lemma[:1].islower():
            found[lemma].add(form)
    table = {}
    for key, group in lemmas_of.items():
        forms = sorted({f.decode() for lemma in group for f in found[lemma]})
        if 1 < len(forms) <= MAX_FORMS:
            table[key] = forms
    return table


def _cache_file(language: str, words: frozenset[str], folder: Path) -> Path:
    digest = hashlib.sha256("\n".join(["folded", *sorted(words)]).encode()).hexdigest()[:16]
    return folder / f"lemmas-{language}-simplemma{metadata.version('simplemma')}-{digest}.json.gz"


@lru_cache(maxsize=64)
def forms_of(language: str, words: frozenset[str], folder: Path | None = None) -> dict[str, tuple[str, ...]]:
    """word -> its forms, for the ``words`` of ``language`` that the dictionary knows as lemmas."""
    if language in UNINFLECTED or not words:
        return {}
    path = _cache_file(language, words, folder or cache_folder())
    # the tables of earlier versions of the lists are removed when a new one is kept
    table = kept(path, lambda: build_forms(language, words), stale=f"lemmas-{language}-*.json.gz")
    return {word: tuple(forms) for word, forms in table.items()}


def words_of(data: object) -> set[str]:
    """The plain words (lower case, letters only) of every term in a parsed file."""
    if isinstance(data, dict):
        return set().union(*(words_of(v) for v in data.values())) if data else set()
    if isinstance(data, list):
        return set().union(*(words_of(v) for v in data)) if data else set()
    if not isinstance(data, str) or data.startswith("re:"):
        return set()
    out = set()
    for word in data.split():
        word = word.removeprefix("=").lower()
        if word.isalpha():
            out.add(word)
    return out


def forms_of_language(language: str, folder: Path | None = None) -> dict[str, tuple[str, ...]]:
    """word -> forms for every plain word of ``language``'s term lists."""
    if language in UNINFLECTED:
        return {}
    words = set().union(*(words_of(files.read(language, stage)) for stage in files.TERM_STAGES))
    return forms_of(language, frozenset(words), folder or cache_folder())


@lru_cache(maxsize=64)
def forms_for(language: str) -> Forms | None:
    """The forms lookup the term compiler uses for ``language``'s lists (None: no expansion)."""
    table = forms_of_language(language)
    if not table:
        return None

    def lookup(word: str) -> tuple[str, ...]:
        return table.get(fold(word), ())

    return lookup
