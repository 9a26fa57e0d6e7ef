"""Non-IBAN bank account numbers, after an account word (Czech 'předčíslí-číslo/kód banky',
Russian 20-digit 'счёт', Argentine CBU validated by python-stdnum ``ar.cbu``)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum.ar import cbu

from triage.pii.context import keyword_spans
from triage.pii.registry import Candidate, RecognizerInput, register_recognizer

WINDOW = 25
ACCOUNT = re.compile(r"(?<![\w/.-])(?:\d{1,6}-)?\d{6,22}(?:/\d{4})?(?![\w/-]|[.,]\d)")


@register_recognizer("bank_account", ("BANK_ACCOUNT",))
def recognise_bank_account(inp: RecognizerInput) -> Iterator[Candidate]:
    text = inp.text
    for _, end in keyword_spans(inp, "bank_account"):
        m = ACCOUNT.search(text, end, min(len(text), end + WINDOW))
        if m is None:
            continue
        value = m.group()
        digits = sum(c.isdigit() for c in value)
        if len(value) == 22 and value.isdigit() and not cbu.is_valid(value):
            continue
        if "/" in value or digits >= 10:
            yield Candidate(m.start(), m.end(), "BANK_ACCOUNT", "rule:bank_account", score=0.8)
