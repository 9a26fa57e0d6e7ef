"""From reasons, markers and the deadline to a level and the reasons shown for it.

- ``immediate``: a threat to life or a child at risk; or evidence about to be destroyed
  (an "imminent" cue in the same sentence, or the item marked for immediate action).
- ``urgent``: any other reason; ``limitation_period`` only when the limitation date is
  close (within LIMITATION_HORIZON of the document) or the item is marked urgent;
  ``hearing_date`` only with a coming date in the same sentence;
  ``deadline`` when a time limit expires and no more specific reason covers it, or
  when an item marked urgent gives a near deadline and no other reason.
- ``routine``: otherwise, and whenever the sender says nothing urgent is asked (unless
  lives are at stake). Reasons are only reported for immediate or urgent items.
"""

from __future__ import annotations

import bisect
import datetime as dt

from triage.document import Evidence
from triage.urgency.dates import DateMention
from triage.urgency.deadline import Deadline
from triage.urgency.reasons import Hits
from triage.urgency.text import Sentences
from triage.vocabulary import UrgencyLevel

IMMEDIATE_REASONS = ("threat_to_life", "child_at_risk")
LIMITATION_HORIZON = dt.timedelta(days=183)
HEARING_HORIZON = dt.timedelta(days=366)
NEAR_DEADLINE = dt.timedelta(days=45)
#: Reasons that make a time limit in the same sentence theirs rather than a plain deadline.
SPECIFIC = ("custody", "limitation_period", "data_preservation", "hearing_date", "evidence_loss")


def _starts(spans: list[tuple[int, int]]) -> list[int]:
    return sorted(a for a, _ in spans)


class _FutureDates:
    """Whether a sentence holds a coming date; each sentence is looked at once per horizon."""

    def __init__(self, sents: Sentences, mentions: list[DateMention], doc_date: dt.date | None) -> None:
        self.sents, self.mentions, self.doc_date = sents, mentions, doc_date
        self.starts = [m.start for m in mentions]  # mentions come sorted by start
        self.known: dict[tuple[int, dt.timedelta | None], bool] = {}

    def in_sentence(self, offset: int, horizon: dt.timedelta | None = None) -> bool:
        s, e = self.sents.span(offset)
        key = (s, horizon)
        if key not in self.known:
            first, last = bisect.bisect_left(self.starts, s), bisect.bisect_left(self.starts, e)
            doc_date = self.doc_date
            self.known[key] = any(
                doc_date is None or (m.date >= doc_date and (horizon is None or m.date - doc_date <= horizon))
                for m in self.mentions[first:last]
            )
        return self.known[key]


def decide(
    reasons: dict[str, Evidence],
    hits: Hits,
    sents: Sentences,
    mentions: list[DateMention],
    deadline: Deadline | None,
    doc_date: dt.date | None,
) -> tuple[UrgencyLevel, dict[str, Evidence]]:
    """The level and the reasons that justify it (empty for routine)."""
    reasons = dict(reasons)
    coming = _FutureDates(sents, mentions, doc_date)
    urgent_marked = bool(hits.get("urgent_marker") or hits.get("immediate_marker"))
    if (
        "limitation_period" in reasons
        and not urgent_marked
        and not any(coming.in_sentence(a, LIMITATION_HORIZON) for a, _ in hits["limitation_period"])
    ):
        del reasons["limitation_period"]
    if "hearing_date" in reasons and not any(coming.in_sentence(a, HEARING_HORIZON) for a, _ in hits["hearing_date"]):
        del reasons["hearing_date"]  # a hearing already held, or one with no date yet
    specific = _starts([span for code in SPECIFIC for span in hits.get(code, [])])
    expiring = [
        (a, b)
        for a, b in hits.get("term_expiry", [])
        if not sents.holds_any(a, specific) and coming.in_sentence(a)
    ]
    if expiring:
        reasons["deadline"] = Evidence(
            source="rule:term_expiry", detail=sents.text[expiring[0][0] : expiring[0][1]], spans=expiring
        )
    elif not reasons and deadline and urgent_marked and doc_date and deadline.date - doc_date <= NEAR_DEADLINE:
        reasons["deadline"] = deadline.evidence

    immediate = any(code in reasons for code in IMMEDIATE_REASONS)
    if "evidence_loss" in reasons:
        imminent = _starts(hits.get("imminent", []))
        if hits.get("immediate_marker") or any(sents.holds_any(a, imminent) for a, _ in hits["evidence_loss"]):
            immediate = True
    if immediate:
        return UrgencyLevel.IMMEDIATE, reasons
    if hits.get("not_urgent") or not reasons:
        return UrgencyLevel.ROUTINE, {}
    return UrgencyLevel.URGENT, reasons
