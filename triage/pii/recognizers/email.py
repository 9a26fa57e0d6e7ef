"""E-mail addresses (RFC 5322 simplified), minus generic mailboxes and message ids.

Generic mailboxes of authorities and companies are not personal data (a named official's
own mailbox is); the generic words are language data (``generic_mailbox`` in pii.yaml). At a
webmail provider (``webmail``) a generic word names no unit: "admin77@proton.me" and
"restore.team@onionmail.org" are someone's accounts.
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


#: What OCR reads for "@" in a scan: "G", "Q", "(", "©", "&" (and a space after it), or a letter or
#: digit of the address's own alphabet ("e", "6": see ``OCR_AT_PLAIN``). An address is kept only
#: when the rest is an address: a local part, and a domain with a dot and a top-level domain. An
#: underscore read as "_ " is joined back.
_LOCAL = r"(?<![\w.+-])[a-z0-9](?:[A-Za-z0-9.%+-]|_ ?){0,63}?[a-z0-9_]"
_HOST = r"[a-z0-9](?:[a-z0-9-]{0,62}\.){1,8}[a-z]{2,24}"
_DOMAIN = "(" + _HOST + r")(?![\w-])"
OCR_AT = re.compile(_LOCAL + r"([GQ(©&]|Ee|ee) ?" + _DOMAIN)
#: A word that may be an address whose "@" was read as one of ``AT_AS_PLAIN``.
OCR_AT_PLAIN = re.compile(r"(?<![\w.+@-])[a-z0-9][a-z0-9._%+-]{0,80}\.[a-z]{2,24}(?![\w@-])")
AT_AS_PLAIN = "e6"
_DOMAIN_ONLY = re.compile(_HOST + "$")
OCR_UNDERSCORE = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9.%+-]{0,63}_ [A-Za-z0-9._%+-]{0,63}@" + _DOMAIN)


#: Second-level labels under which a country's domain names its provider ("yahoo.co.uk").
SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu"})


def provider(domain: str) -> str:
    """The name a domain is registered under: "proton" of "proton.me", "yahoo" of "yahoo.co.uk",
    "company" of "mail.company.com"."""
    labels = domain.lower().split(".")[:-1]
    while len(labels) > 1 and labels[-1] in SECOND_LEVEL:
        labels.pop()
    return labels[-1] if labels else ""


@register_recognizer("email", ("EMAIL",))
def recognise_email(inp: RecognizerInput) -> Iterator[Candidate]:
    text = inp.text
    spelled: set[str] = set()  # domains the item spells with "@"
    for m in EMAIL.finditer(text):
        local, domain = m.group().split("@", 1)
        spelled.add(domain.lower())
        line_start = text.rfind("\n", 0, m.start()) + 1
        if HEADER_IDS.match(text, line_start, m.start()):
            continue
        if is_generic(local, inp.data.generic_mailbox) and provider(domain) not in inp.data.webmail:
            continue  # a unit's "info@" is no one's; "admin77@proton.me" is someone's account
        yield Candidate(m.start(), m.end(), "EMAIL", "rule:email")
    if inp.ocr:
        yield from _scan_readings(inp, spelled)


def _scan_readings(inp: RecognizerInput, spelled: set[str]) -> Iterator[Candidate]:
    """Addresses as a scan misreads them: "@" read as another character, "_" read as "_ "."""
    text = inp.text
    for m in OCR_AT.finditer(text):
        local = m.group()[: m.start(1) - m.start()]
        if not is_generic(local.replace("_ ", "_"), inp.data.generic_mailbox):
            yield Candidate(m.start(), m.end(), "EMAIL", "rule:email", score=0.8,
                            detail=f"read from a scan with {m.group(1)!r} for '@'")  # fmt: skip
    for m in OCR_AT_PLAIN.finditer(text):
        word = m.group()
        # An "e" or a "6" is an "@" only before a mail provider's domain (or one the item spells
        # with "@"): "raulmc876hotmail.es" is raulmc87@hotmail.es, "file6name.txt" is a file.
        for i in range(len(word) - 4, 0, -1):
            domain = word[i + 1 :]
            if word[i] not in AT_AS_PLAIN or not _DOMAIN_ONLY.match(domain):
                continue
            if (domain in spelled or domain.split(".")[0] in inp.data.webmail) and not is_generic(
                word[:i], inp.data.generic_mailbox
            ):
                yield Candidate(m.start(), m.end(), "EMAIL", "rule:email", score=0.8,
                                detail=f"read from a scan with {word[i]!r} for '@'")  # fmt: skip
                break
    for m in OCR_UNDERSCORE.finditer(text):
        yield Candidate(
            m.start(), m.end(), "EMAIL", "rule:email", score=0.8, detail="read from a scan with '_ ' for '_'"
        )
