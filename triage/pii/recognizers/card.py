"""Payment card numbers: 13-19 digits, Luhn-valid, in a known issuer range (ISO/IEC 7812).

Partial numbers ("ending 4471") never match: the whole PAN must be present and valid.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum import luhn

from triage.pii.registry import Candidate, RecognizerInput, register_recognizer

# One digit at a time with an optional separator: no ambiguous grouping, so no backtracking blow-up.
PAN = re.compile(r"(?<![\w.,/+-])\d(?:[ -]?\d){12,22}(?![\w/-]|[.,]\d)")
GROUP_END = re.compile(r"\d(?=[ -]|$)")

# Issuer identification ranges: Visa, Mastercard, Amex, Discover, JCB, Diners, Mir, UnionPay, Maestro.
ISSUER = re.compile(
    r"^(?:4|5[1-5]|2(?:2[2-9]|[3-6]\d|7[01]|720)|3[47]|6011|65|64[4-9]|35(?:2[89]|[3-8])|3(?:0[0-5]|[689])"
    r"|220[0-4]|62|5[06-9]|6\d)"
)


def is_card_number(raw: str) -> bool:
    digits = "".join(ch for ch in raw if ch.isdigit())
    return 13 <= len(digits) <= 19 and bool(ISSUER.match(digits)) and luhn.is_valid(digits)


@register_recognizer("card", ("CARD_NUMBER",))
def recognise_card(inp: RecognizerInput) -> Iterator[Candidate]:
    for m in PAN.finditer(inp.text):
        raw = m.group()
        # The longest prefix that ends at a group boundary and validates (a year may follow).
        for end in sorted((g.end() for g in GROUP_END.finditer(raw)), reverse=True):
            if is_card_number(raw[:end]):
                yield Candidate(m.start(), m.start() + end, "CARD_NUMBER", "rule:card", detail="Luhn, issuer range")
                break
