"""Passport numbers: no checksum exists across states, so the format needs a passport word.

The first token after a passport word (in any corpus language, ``context.passport``) that
looks like a document number (6-10 upper-case letters and digits, at least two digits) is
taken, within a short window that may hold "no.", "n°", a nationality or a colon.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from triage.pii.context import keyword_spans
from triage.pii.registry import Candidate, RecognizerInput, register_recognizer

WINDOW = 45
NUMBER = re.compile(r"(?<![\w.-])(?=(?:[A-Z]*\d){2})[A-Z0-9]{6,10}(?![\w-])")
#: A series before the number, apart: the Russian and Ukrainian "40 19 553812" or "4019 №
#: 553812", the Greek identity card "ΑΚ 123456".
SERIES_NUMBER = re.compile(r"(?<![\w.-])(?:\d{2} ?\d{2}|[A-ZΑ-ΩА-ЯІЇЄҐ]{1,2})[ \t]?(?:№[ \t]?)?\d{6}(?![\w-])")


@register_recognizer("passport", ("PASSPORT",))
def recognise_passport(inp: RecognizerInput) -> Iterator[Candidate]:
    text = inp.text
    for _, end in keyword_spans(inp, "passport"):
        stop = min(len(text), end + WINDOW)
        newline = text.find("\n", end, stop)
        limit = newline if newline != -1 else stop
        found = [m for m in (SERIES_NUMBER.search(text, end, limit), NUMBER.search(text, end, limit)) if m]
        if found:
            m = min(found, key=lambda m: (m.start(), -m.end()))
            yield Candidate(m.start(), m.end(), "PASSPORT", "rule:passport", detail="format after passport word")
