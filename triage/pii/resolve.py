"""Overlap resolution: one type per character, the most specific recogniser wins.

Checksummed identifiers beat loose formats (an IBAN beats the phone number a part of it
looks like), and among equals the longer span wins. A national number beats a card number:
it is found only in its own format or right after its name ("JMBG 2309981414983"), while
one run of 13 to 19 digits in ten passes the card's Luhn check.
"""

from __future__ import annotations

from triage.pii.registry import Candidate
from triage.pii.spans import DisjointSpans

PRIORITY: dict[str, int] = {
    "NOT_PII": -1, "EMAIL": 0, "IBAN": 1, "CRYPTO_WALLET": 2, "NATIONAL_ID": 3, "CARD_NUMBER": 4, "IP_ADDRESS": 5,
    "PASSPORT": 6, "BANK_ACCOUNT": 7, "PHONE": 8, "DATE_OF_BIRTH": 9, "VEHICLE_PLATE": 10,
    "USERNAME": 11, "ADDRESS": 12, "PERSON": 13,
}  # fmt: skip


def resolve(candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates, chosen greedily by type priority, then length, then score."""
    order = sorted(candidates, key=lambda c: (PRIORITY.get(c.type, 99), -(c.end - c.start), -c.score, c.start))
    taken: list[Candidate] = []
    occupied = DisjointSpans()
    for c in order:
        if c.end <= c.start or occupied.overlaps(c.start, c.end):
            continue
        occupied.add(c.start, c.end)
        taken.append(c)
    return sorted(taken, key=lambda c: c.start)
