"""IBANs (ISO 13616), validated with python-stdnum (country length and mod-97 check digits).

The regex is loose (groups of up to four characters); the longest prefix that validates
wins, so trailing words ("EUR", a reference) never end up inside the span. An account that
a company name or company word introduces is a company's, not personal data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

import regex
from stdnum import iban

from triage.pii.context import keyword_before
from triage.pii.lang import keyword_pattern
from triage.pii.ocr_repair import readings
from triage.pii.registry import NOT_PII, Candidate, RecognizerInput, register_recognizer

ROUGH = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4}){2,9}")
GROUP = re.compile(r" ?[A-Z0-9]{1,4}")
COMPANY_WINDOW = 45


def _longest(
    text: str, start: int, end: int, group: re.Pattern[str], accept: Callable[[str], str | None]
) -> tuple[int, str] | None:
    """(end, accepted value) of the longest run of ``group``s at ``start`` that ``accept`` takes."""
    ends = [m.end() for m in group.finditer(text, start + 4, end)]
    for stop in reversed(ends):
        if stop < len(text) and text[stop].isalnum():
            continue  # would cut a token in half
        value = accept(text[start:stop])
        if value is not None:
            return stop, value
    return None


def longest_valid(text: str, start: int, end: int) -> int | None:
    """End offset of the longest IBAN that starts at ``start`` within ``text[start:end]``."""
    found = _longest(text, start, end, GROUP, lambda value: value if iban.is_valid(value) else None)
    return None if found is None else found[0]


def company_account(inp: RecognizerInput, start: int) -> bool:
    """An account introduced by a company (its legal form or a company word just before it):
    company accounts are not personal data, even though their check digits are valid. Not a
    company word closed in brackets before it ("CZ65 … (Česká spořitelna, a.s.) a CZ71 …": the
    bank of the account before), nor one that a "personal" or "private" after it overrules."""
    line_start = inp.text.rfind("\n", 0, start) + 1
    window = min(COMPANY_WINDOW, start - line_start)
    for kind in ("legal_form", "company"):
        found = keyword_before(inp, kind, start, window)
        if found is None:
            continue
        between = inp.text[found[1] : start]
        if between.count(")") > between.count("(") or _personal(inp).search(between):
            continue
        return True
    return False


def _personal(inp: RecognizerInput) -> regex.Pattern[str]:
    return _personal_pattern(tuple(inp.data.personal_words))


@lru_cache(maxsize=2)
def _personal_pattern(words: tuple[str, ...]) -> regex.Pattern[str]:
    return keyword_pattern(list(words), endings=4)


#: OCR's letter-for-digit confusions; in a scan, an IBAN that fails its check is read again
#: with them undone and kept when a reading passes mod-97.
OCR_DIGITS = {"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1", "S": "5", "B": "8", "Z": "2", "G": "6"}
OCR_ROUGH = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}[\dOolISZBG]{2}(?: ?[A-Za-z0-9|]{1,4}){2,9}")
OCR_GROUP = re.compile(r" ?[A-Za-z0-9|]{1,4}")


def repaired(text: str, start: int, end: int) -> tuple[int, str] | None:
    """(end, repaired value) of the longest IBAN at ``start`` once OCR's confusions are undone."""
    return _longest(
        text, start, end, OCR_GROUP,
        lambda value: next((r for r in readings(value, OCR_DIGITS, start=2, keep=True) if iban.is_valid(r)), None),
    )  # fmt: skip


@register_recognizer("iban", ("IBAN",))
def recognise_iban(inp: RecognizerInput) -> Iterator[Candidate]:
    if inp.ocr:
        for m in OCR_ROUGH.finditer(inp.text):
            if longest_valid(inp.text, m.start(), m.end()) is None and (fix := repaired(inp.text, m.start(), m.end())):
                yield Candidate(m.start(), fix[0], "IBAN", "rule:iban", score=0.8,
                                detail=f"mod-97 valid as {fix[1]} (read from a scan)")  # fmt: skip
    for m in ROUGH.finditer(inp.text):
        stop = longest_valid(inp.text, m.start(), m.end())
        if stop is None:
            continue
        if company_account(inp, m.start()):
            # claimed so that no other recogniser reads a piece of it as a phone number
            yield Candidate(m.start(), stop, NOT_PII, "rule:iban", detail="company account")
        else:
            yield Candidate(m.start(), stop, "IBAN", "rule:iban", detail="ISO 13616 mod-97 valid")
