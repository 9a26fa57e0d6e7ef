"""E-mail addresses (RFC 5322 simplified), minus generic mailboxes and message ids.

Generic mailboxes of authorities and companies are not personal data (a named official's
own mailbox is); the generic words are language data (``generic_mailbox`` in pii.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from triage.pii.registry import Candidate, RecognizerInput, register_recognizer

# Bounded quantifiers keep the scan linear on hostile input.
EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.){1,8}[A-Za-z]{2,24}(?![\w-])"
)
HEADER_IDS = re.compile(r"(?:message-id|in-reply-to|references|x-[\w-]+)\s*:", re.IGNORECASE)
TOKEN = re.compile(r"[a-z]+")
DUTY = re.compile(r"(?<!\d)24-?(?:7|x7|h)(?!\d)", re.IGNORECASE)  # 24/7 contact points (Budapest Convention art. 35)


def is_generic(local: str, generic_words: set[str]) -> bool:
    """A role mailbox: a generic word in the local part, or a bare short acronym (``sgp@``)."""
    tokens = TOKEN.findall(local.lower())
    if any(t in generic_words for t in tokens) or DUTY.search(local):
        return True
    return len(tokens) == 1 and local.isalpha() and len(local) <= 6


#: What OCR reads for "@" in a scan: "G", "Q", "(", "©", "&". An address is kept only when the
#: rest is an address: a local part, and a domain with a dot and a top-level domain.
OCR_AT = re.compile(
    r"(?<![\w.+-])[a-z0-9][A-Za-z0-9._%+-]{0,63}?[a-z0-9_]([GQ(©&])[a-z0-9](?:[a-z0-9-]{0,62}\.){1,8}[a-z]{2,24}(?![\w-])"
)


@register_recognizer("email", ("EMAIL",))
def recognise_email(inp: RecognizerInput) -> Iterator[Candidate]:
    text = inp.text
    for m in EMAIL.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if HEADER_IDS.match(text, line_start, m.start()):
            continue
        local = m.group().split("@", 1)[0]
        if is_generic(local, inp.data.generic_mailbox):
            continue
        yield Candidate(m.start(), m.end(), "EMAIL", "rule:email")
    if inp.ocr:
        for m in OCR_AT.finditer(text):
            local = m.group()[: m.start(1) - m.start()]
            if not is_generic(local, inp.data.generic_mailbox):
                yield Candidate(m.start(), m.end(), "EMAIL", "rule:email", score=0.8,
                                detail=f"read from a scan with {m.group(1)!r} for '@'")  # fmt: skip
