"""Dates of birth: a date shortly after a birth word of any corpus language.

Numeric dates (14/03/1991, 17.05.1993, 11. 3. 1969, 2. 2. 1987.) and written ones with
month names from the language data ("3 avril 1953", "4 de marzo de 1966", "14. Februar
1972"). Only the date is the span; an Italian "nato a Napoli il 12/03/1980" is reached
because the window after the birth word is long enough to skip the place. Without a birth
word, a date right after a name and a comma or bracket is a date of birth when it is at
least five years old (a letter's own date follows a place, one capitalised word).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from functools import lru_cache

import regex

from triage.lang.terms import longest_first
from triage.pii.context import keyword_spans
from triage.pii.name_lexicon import NameLexicon
from triage.pii.registry import Candidate, RecognizerInput, register_recognizer

WINDOW = 60
NUMERIC = r"(?:[0-3]?\d)\.?\s?[./-]\s?(?:[01]?\d)\s?[./-]\s?(?:19|20)\d{2}\.?(?!\d)|(?:19|20)\d{2}-[01]\d-[0-3]\d"
NUMERIC_SPACED = r"[0-3]?\d\.\s?[01]?\d\.\s?(?:19|20)\d{2}\.?"
YEAR_FIRST = r"(?:19|20)\d{2}\.\s?[01]?\d\.\s?[0-3]?\d\."  # Hungarian, Lithuanian: 1981. 11. 06.
#: Two to four capitalised words, then a comma or an opening bracket: where a name stands
#: before its date of birth in any language ("Бондаренко Сергій Вікторович, 14.07.1985 р.н.",
#: "Hatice ÖZTÜRK (03.02.1941)", "İsmail ÇELİK, 12.08.1979 doğumlu").
NAME_BEFORE = r"(?<![\w.])(?:\p{Lu}[\p{L}'’-]+[ \t]+){1,3}\p{Lu}[\p{L}'’-]+[ \t]*(?:,|\()[ \t]*"
#: A birth date after a name is older than this; a letter's own date or a recent event is not.
MIN_AGE_YEARS = 5


@lru_cache(maxsize=8)
def date_pattern(months: tuple[str, ...]) -> re.Pattern[str]:
    names = "|".join(re.escape(m) for m in longest_first(months))
    written = rf"[0-3]?\d(?:\.|º|er)?\s(?:de\s)?(?:{names})\.?,?\s(?:de\s)?(?:19|20)\d{{2}}" if names else ""
    # "1998. április 17." (Hungarian), "1981 m. kovo 2 d." (Lithuanian): the year first
    year_first = rf"(?:19|20)\d{{2}}(?:\.|\s?m\.)\s(?:{names})\s[0-3]?\d\.?" if names else ""
    alts = [YEAR_FIRST, NUMERIC_SPACED, NUMERIC] + [a for a in (written, year_first) if a]
    return re.compile(r"(?<![\w.])(?:" + "|".join(alts) + r")(?![\w])", re.IGNORECASE)


@lru_cache(maxsize=8)
def name_then_date(months: tuple[str, ...]) -> regex.Pattern[str]:
    return regex.compile(NAME_BEFORE + "((?i:" + date_pattern(months).pattern + "))")


def _name_like(names: NameLexicon, word: str) -> bool:
    return names.is_given(word) or names.is_surname(word) or not names.is_common(word)


def _trimmed_end(value: str, end: int) -> int:
    if value.endswith(".") and not re.search(r"\d\.\s\d+\.\s\d{4}\.$|^\d{4}\.", value):
        return end - 1  # a sentence full stop, not the Croatian or Hungarian date's own dot
    return end


@register_recognizer("date_of_birth", ("DATE_OF_BIRTH",))
def recognise_dob(inp: RecognizerInput) -> Iterator[Candidate]:
    text = inp.text
    pattern = date_pattern(tuple(inp.data.months))
    last = -1
    found: set[int] = set()
    for _, end in keyword_spans(inp, "date_of_birth"):
        if end < last:
            continue
        m = pattern.search(text, end, min(len(text), end + WINDOW))
        if m is None:
            continue
        value_end = _trimmed_end(m.group(), m.end())
        last = value_end
        found.add(m.start())
        yield Candidate(m.start(), value_end, "DATE_OF_BIRTH", "rule:date_of_birth", detail="date after birth word")
    oldest = datetime.date.today().year - MIN_AGE_YEARS
    for m in name_then_date(tuple(inp.data.months)).finditer(text):
        year = re.search(r"(?:19|20)\d{2}", m.group(1))
        if m.start(1) in found or "\n" in m.group() or year is None or int(year.group()) > oldest:
            continue
        words = regex.findall(r"\p{Lu}[\p{L}'’-]+", m.group()[: m.start(1) - m.start()])
        if inp.names is not None and sum(_name_like(inp.names, w) for w in words) < 2:
            continue  # "Landgericht Berlin, 12.03.2019": an authority's place and date
        yield Candidate(
            m.start(1),
            _trimmed_end(m.group(1), m.end(1)),
            "DATE_OF_BIRTH",
            "rule:date_of_birth",
            detail="date right after a name",
            score=0.6,
        )
