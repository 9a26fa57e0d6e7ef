"""Finds the terms of the compiled tables in a text, dropping the negated ones.

Negation matters here: "no injuries", "sans témoin", "keine Zeugen" must not report
``health`` or ``witness``. A cue cancels a term when it is one of the last few words
before it in the same clause (clause punctuation and line breaks end the look-back).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from triage.protection.terms import CompiledTable

#: Punctuation and line breaks that end a clause for the negation look-back.
_CLAUSE_END = re.compile(r"[.;:!?\n\r,()\[\]«»\"]")
_WORD = re.compile(r"\w+")
#: How far back (characters) the negation look-back reads at most.
_LOOKBACK = 80


@dataclass(frozen=True)
class Hit:
    """One term found at ``start``-``end`` of the original text."""

    group: str
    code: str
    term: str
    weight: float
    language: str
    start: int
    end: int


def is_negated(folded: str, start: int, table: CompiledTable) -> bool:
    """Whether a negation cue of ``table`` stands within its window before ``start``."""
    if not table.negation:
        return False
    before = folded[max(0, start - _LOOKBACK) : start]
    clause = _CLAUSE_END.split(before)[-1]
    words = _WORD.findall(clause)[-table.negation_window :]
    return any(word in table.negation for word in words)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _word_start(text: str, pos: int, limit: int = 40) -> int:
    """Start of the word that contains ``pos`` (looking back at most ``limit`` characters)."""
    stop = max(0, pos - limit)
    while pos > stop and _is_word_char(text[pos - 1]):
        pos -= 1
    return pos


_PREV_TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]*[ \t]+$")


def in_proper_name(text: str, start: int) -> bool:
    """Whether the Titlecase word at ``start`` follows another Titlecase word on its line.

    "Regional Hospital Group" names an organisation, not anyone's health. All-caps words
    (headings such as "WITNESS STATEMENT") are not names and are left alone.
    """
    word = _WORD.match(text, start)
    if word is None or not text[start].isupper() or word.group().isupper():
        return False
    prev = _PREV_TITLE_WORD.search(text, max(0, start - 40), start)
    return prev is not None and prev.group()[0].isupper()


def find_terms(text: str, folded: str, table: CompiledTable, limit: int = 25) -> list[Hit]:
    """The non-negated occurrences of ``table``'s terms in ``folded`` (``fold(text)``).

    At most ``limit`` per term: a finding needs one, a reviewer a few, and pathological
    input (a megabyte of one repeated word) must not cost one Python object per repeat.
    """
    hits: list[Hit] = []
    for term in table.terms:
        found = 0
        for match in term.pattern.finditer(folded):
            if found >= limit:
                break
            start = match.start()
            if term.prefix_open:
                start = _word_start(folded, start)
            elif start and _is_word_char(folded[start - 1]):
                continue  # inside a word: "zeugen" in "fahrzeugen"
            if is_negated(folded, start, table):
                continue
            if term.acronym and not text[match.start() : match.start() + term.acronym].isupper():
                continue  # "DNA", not the Slovak "Dňa" (on the day)
            weight = term.weight
            if table.damp_proper_names and in_proper_name(text, start):
                weight /= 2
            hits.append(Hit(term.group, term.code, term.term, weight, table.language, start, match.end()))
            found += 1
    return hits


def find_minor_ages(folded: str, table: CompiledTable, adult_age: int = 18) -> list[Hit]:
    """Ages under ``adult_age`` stated in the folded text ("a 14-year-old", "6-letni")."""
    hits: list[Hit] = []
    for pattern in table.age_patterns:
        for match in pattern.finditer(folded):
            try:
                age = int(match.group("age"))
            except (TypeError, ValueError):
                continue
            if 0 < age < adult_age:
                cue = Hit("protected_persons", "minor", f"age {age}", 0.9, table.language, *match.span())
                hits.append(cue)
    return hits
