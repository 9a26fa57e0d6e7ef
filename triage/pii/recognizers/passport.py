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


@register_recognizer("passport", ("PASSPORT",))
def recognise_passport(inp: RecognizerInput) -> Iterator[Candidate]:
    text = inp.text
    for _, end in keyword_spans(inp, "passport"):
        stop = min(len(text), end + WINDOW)
        newline = text.find("\n", end, stop)
        m = NUMBER.search(text, end, newline if newline != -1 else stop)
        if m:
            yield Candidate(m.start(), m.end(), "PASSPORT", "rule:passport", detail="format after passport word")
