"""Per-language offence vocabulary (``triage/lang/<code>/offences.yaml``), compiled for matching.

Adding a language is one YAML file; nothing here names a language. The file holds:

``terms``          code -> legal terms and unambiguous everyday words (weight 1); a key
                   ``code1+code2`` gives a term that names both ("computer fraud")
``weak``           code -> colloquial or ambiguous words (weight ``WEAK_WEIGHT``)
``negation``       cues that, before a term in the same clause, deny it ("no evidence of")
``denial``         cues that deny every term after them in the sentence, across commas
                   ("no evidence was found, in the phone or elsewhere, of drug trafficking")
``negation_after`` cues that, after a term in the same clause, deny it ("... was ruled out")
``hypothetical``   cues that make a term conditional ("whether", "if"): the term counts less
``clause_breaks``  contrast words that end every cue's reach ("but", "however")
``relatives``      words that open a new clause ("that", "which"): they end a short
                   negation's reach, not a sentence-wide denial's
``ignore``         phrases that contain a term but name no offence ("Convention on Cybercrime",
                   the instrument a preservation request cites): they hide the term inside them
``headings``       line openers that name the offence ("Offence:", "Subject:"): terms there weigh more
``articles``       the national codes' articles and the offence each defines (``articles.py``)

Terms are written in the one syntax of every word list (``triage/lang/terms.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import Any

from triage.errors import ConfigError
from triage.lang import files
from triage.lang.derived import cache_folder, kept_file_lists, list_compiles
from triage.lang.files import NEUTRAL
from triage.lang.fold import fold as normalise
from triage.lang.lemmas import forms_for
from triage.lang.terms import Forms, TermError, anchor, compile_terms, openers, term_source
from triage.offences.articles import ArticleTable, parse_tables
from triage.offences.taxonomy import TAXONOMY_FILE, load_taxonomy
from triage.regex_cache import cache_for

__all__ = ["IGNORE", "NEUTRAL", "Lexicon", "Term", "available_languages", "load_lexicon", "normalise"]

STAGE = "offences"
WEAK_WEIGHT = 0.5
#: Code of the ``ignore`` phrases: they win the longest-match contest and then count for nothing.
IGNORE = ""


#: The cue lists of a file, each compiled into one pattern.
CUE_LISTS = ("negation", "denial", "negation_after", "hypothetical", "clause_breaks", "relatives", "headings")


def _cue_source(raw: list[str] | None, where: Path, forms: Forms | None) -> str | None:
    try:
        pattern = compile_terms([str(c) for c in raw or []], forms=forms)
    except TermError as exc:
        raise ConfigError(f"{where}: {exc}") from exc
    return None if pattern is None else pattern.pattern


@cache
def _compiled(source: str) -> re.Pattern[str]:
    """From the regex cache where ``triage prepare`` stored it: a worker meets a few
    thousand terms in its first items, half a millisecond each to compile."""
    return cache_for(cache_folder()).stored(source) or re.compile(source)


def store_compiled(lexicons: Iterable[Lexicon]) -> None:
    """Compile every term of ``lexicons`` into the regex cache, written once (``triage prepare``)."""
    with list_compiles():
        for lexicon in lexicons:
            for term in lexicon.terms:
                re.compile(term.source)


@dataclass(frozen=True)
class Term:
    """One term; its regex is compiled the first time its anchor occurs in a text.

    A language holds thousands of terms and a text meets a few dozen of them: compiling all
    at load took most of a worker's start-up (issue 11), compiling on first use costs little.
    """

    code: str
    term: str
    weight: float
    source: str
    anchor: str = ""  # a literal every match contains: a cheap test before the regex runs
    openers: tuple[str, ...] = ()  # words one of which every match holds, where the anchor says nothing

    @property
    def regex(self) -> re.Pattern[str]:
        return _compiled(self.source)

    def opens(self, norm: str) -> bool:
        """Whether one of the term's ``openers`` stands in ``norm`` (true without openers)."""
        return not self.openers or any(o in norm for o in self.openers)

    def finditer(self, norm: str) -> Iterator[re.Match[str]]:
        return self.regex.finditer(norm) if self.anchor in norm and self.opens(norm) else iter(())


@dataclass(frozen=True)
class Lexicon:
    """One language's compiled vocabulary."""

    language: str
    terms: tuple[Term, ...]
    negation: re.Pattern[str] | None = None
    denial: re.Pattern[str] | None = None
    negation_after: re.Pattern[str] | None = None
    hypothetical: re.Pattern[str] | None = None
    clause_breaks: re.Pattern[str] | None = None
    relatives: re.Pattern[str] | None = None
    headings: re.Pattern[str] | None = None
    articles: tuple[ArticleTable, ...] = ()
    codes: frozenset[str] = field(default_factory=frozenset)


def _terms(
    section: dict[str, list[str]] | None, weight: float, known: set[str], where: Path, forms: Forms | None
) -> list[Term]:
    out: list[Term] = []
    seen: set[tuple[str, str]] = set()
    for key, words in (section or {}).items():
        codes = str(key).split("+")  # "cybercrime+fraud": a term that names both ("computer fraud")
        for code in codes:
            if code not in known and code != IGNORE:
                raise ConfigError(f"{where}: unknown offence code {code!r}; known: {sorted(known)}")
        for word in words or []:
            try:
                source = term_source(str(word), forms=forms)
            except TermError as exc:
                raise ConfigError(f"{where}: {exc}") from exc
            for code in codes:
                if (code, source) not in seen:  # "łapówk*" and "lapowk*" are one term once normalised
                    seen.add((code, source))
                    out.append(
                        Term(code, str(word), weight, source, anchor(str(word), forms), openers(str(word), forms))
                    )
    return out


def parse_lexicon(language: str, raw: dict[str, Any], where: Path) -> Lexicon:
    """Compile a parsed YAML mapping; unknown codes are a configuration error."""
    return _lexicon(language, _compiled_lists(language, raw, where), where)


def _compiled_lists(language: str, raw: dict[str, Any], where: Path) -> dict[str, Any]:
    """The file's terms and cue lists written as regex sources, as plain data (what is kept)."""
    known = set(load_taxonomy().codes)
    forms = forms_for(language)
    terms = (
        _terms(raw.get("terms"), 1.0, known, where, forms)
        + _terms(raw.get("weak"), WEAK_WEIGHT, known, where, forms)
        + _terms({IGNORE: raw.get("ignore") or []}, 0.0, known, where, forms)
    )
    return {
        "terms": [[t.code, t.term, t.weight, t.source, t.anchor, list(t.openers)] for t in terms],
        "cues": {name: _cue_source(raw.get(name), where, forms) for name in CUE_LISTS},
        "articles": raw.get("articles"),
    }


def _lexicon(language: str, lists: dict[str, Any], where: Path) -> Lexicon:
    terms = tuple(
        Term(code, term, weight, source, anchor, tuple(openers))
        for code, term, weight, source, anchor, openers in lists["terms"]
    )
    cues = {name: re.compile(source) for name, source in lists["cues"].items() if source is not None}
    return Lexicon(
        language=language,
        terms=terms,
        **cues,
        articles=parse_tables(lists["articles"], set(load_taxonomy().codes), str(where)),
        codes=frozenset(t.code for t in terms if t.code != IGNORE),
    )


@lru_cache(maxsize=64)
def load_lexicon(language: str) -> Lexicon | None:
    """The compiled lexicon of ``language``, or None when the language has no offence file.

    What the file compiles to is kept in the cache folder (``kept_file_lists``): a process reads
    it instead of the YAML and the term compiler.
    """
    compile_file = partial(_compiled_lists, language)
    lists = kept_file_lists(STAGE, language, compile_file, [TAXONOMY_FILE, Path(__file__)])
    if lists is None:
        return None
    where = files.path_of(language, STAGE)
    with list_compiles():  # the cue lists, stored by ``triage prepare``: read back, not compiled
        return _lexicon(language, lists, where)


def available_languages() -> list[str]:
    return files.available_languages(STAGE)
