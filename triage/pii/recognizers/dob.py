"""Dates of birth: a date shortly after a birth word of any corpus language.

Numeric dates (14/03/1991, 17.05.1993, 11. 3. 1969, 2. 2. 1987.) and written ones with
month names from the language data ("3 avril 1953", "4 de marzo de 1966", "14. Februar
1972"). Only the date is the span; an Italian "nato a Napoli il 12/03/1980" is reached
because the window after the birth word is long enough to skip the place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from triage.pii.context import keyword_spans
from triage.pii.registry import Candidate, RecognizerInput, register_recognizer

WINDOW = 60
NUMERIC = r"(?:[0-3]?\d)\.?\s?[./-]\s?(?:[01]?\d)\s?[./-]\s?(?:19|20)\d{2}\.?(?!\d)|(?:19|20)\d{2}-[01]\d-[0-3]\d"
NUMERIC_SPACED = r"[0-3]?\d\.\s?[01]?\d\.\s?(?:19|20)\d{2}\.?"


@lru_cache(maxsize=8)
def date_pattern(months: tuple[str, ...]) -> re.Pattern[str]:
    names = "|".join(re.escape(m) for m in sorted(set(months), key=len, reverse=True))
    written = rf"[0-3]?\d(?:\.|º|er)?\s(?:de\s)?(?:{names})\.?,?\s(?:de\s)?(?:19|20)\d{{2}}" if names else ""
    alts = [NUMERIC_SPACED, NUMERIC] + ([written] if written else [])
    return re.compile(r"(?<![\w.])(?:" + "|".join(alts) + r")(?![\w])", re.IGNORECASE)


@register_recognizer("date_of_birth", ("DATE_OF_BIRTH",))
def recognise_dob(inp: RecognizerInput) -> Iterator[Candidate]:
    text = inp.text
    pattern = date_pattern(tuple(inp.data.months))
    last = -1
    for _, end in keyword_spans(inp, "date_of_birth"):
        if end < last:
            continue
        m = pattern.search(text, end, min(len(text), end + WINDOW))
        if m is None:
            continue
        value_end = m.end()
        if m.group().endswith(".") and not re.search(r"\d\.\s\d+\.\s\d{4}\.$", m.group()):
            value_end -= 1  # a sentence full stop, not the Croatian date's own dot
        last = value_end
        yield Candidate(m.start(), value_end, "DATE_OF_BIRTH", "rule:date_of_birth", detail="date after birth word")
