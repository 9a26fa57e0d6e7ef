"""From reasons, markers and the deadline to a level and the reasons shown for it.

- ``immediate``: a threat to life or a child at risk; or evidence about to be destroyed
  (an "imminent" cue in the same sentence, or the item marked for immediate action).
- ``urgent``: any other reason; ``limitation_period`` only when the limitation date is
  close (within LIMITATION_HORIZON of the document) or the item is marked urgent;
  ``hearing_date`` only with a coming date in the same sentence; ``asset_flight`` also from
  an auction or a sale with a date within SALE_HORIZON in its sentence;
  ``deadline`` when a time limit expires and no more specific reason covers it, or
  when the item asks for action by a date within DEADLINE_HORIZON (or by any date, when the
  item has no date of its own to measure from) and gives no other reason.
- ``urgent`` also (``immediate`` for a marking of immediate action), with no reason, when the
  item marks itself urgent or immediate in its own words and says nothing else: a missed
  emergency costs far more than a routine item read early, so the sender's own marking
  raises the level and is shown as its evidence.
  A marking counts on a short line of its own ("URGENT", "Eilsache") or in a sentence that
  asks for something ("we ask for immediate execution"), not in a story ("she called the
  police immediately", "taken to the emergency room").
- ``routine``: otherwise, and whenever the sender says nothing urgent is asked (unless
  lives are at stake). Reasons are only reported for immediate or urgent items.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from triage.document import Evidence
from triage.urgency.dates import DateMention
from triage.urgency.deadline import Deadline
from triage.urgency.reasons import Hits
from triage.urgency.text import Sentences
from triage.vocabulary import UrgencyLevel

IMMEDIATE_REASONS = ("threat_to_life", "child_at_risk")
LIMITATION_HORIZON = dt.timedelta(days=183)
HEARING_HORIZON = dt.timedelta(days=366)
#: An item that asks for action by a date within this is urgent whatever else it says: in the
#: labelled splits 90 of 92 urgent items give a time limit, and 4 of 142 routine ones do.
DEADLINE_HORIZON = dt.timedelta(days=366)
#: Evidence lost on a date this near the document's ("will be wiped on 8 May" in a note of
#: 7 May) is lost "tomorrow": an emergency, as with the words for it.
NEAR_HORIZON = dt.timedelta(days=1)
#: An auction or a sale further off than this leaves time for the ordinary course.
SALE_HORIZON = dt.timedelta(days=92)
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


@dataclass(frozen=True)
class Decision:
    level: UrgencyLevel
    reasons: dict[str, Evidence]  # empty for routine
    marked: Evidence | None = None  # the item's own urgency marking, when it alone set the level


#: A marking for immediate action ("immediate execution", "sofort", "sans délai") sets the
#: level to immediate by itself: a missed emergency costs more than an urgent item read first.
MARKED_IMMEDIATE = "rule:marked_immediate"
MARKED_URGENT = "rule:marked_urgent"
#: A line this short holding a marking is a marking of the whole item (a header, a stamp).
MARKING_LINE = 40
#: ...unless it opens with a section letter or number: "B. URGENCY", "Section B – Dringlichkeit",
#: "B IEDAĻA – STEIDZAMĪBA" is the EIO form's heading, there whether or not anything is urgent.
FORM_HEADING = re.compile(
    r"\s*(?:(?:\w+\s+)?(?:[A-Z]|[IVX]{1,4}|\d{1,2})(?:\.\d{1,2})*(?:\s+\w+)?\s*[.):–-]|\(?[A-Z]\))\s"
)


def _marking(hits: Hits, sents: Sentences) -> Evidence | None:
    requests = _starts(hits.get("request", []))
    text = sents.text

    def marks_the_item(a: int, b: int) -> bool:
        line_start = text.rfind("\n", 0, a) + 1
        line_end = text.find("\n", b)
        line = text[line_start : len(text) if line_end == -1 else line_end]
        if FORM_HEADING.match(line):
            return False
        return len(line.strip()) <= MARKING_LINE or sents.holds_any(a, requests)

    spans = [s for s in sorted(hits.get("immediate_marker", []) + hits.get("urgent_marker", [])) if marks_the_item(*s)]
    if not spans:
        return None
    immediate = set(hits.get("immediate_marker", []))
    source = MARKED_IMMEDIATE if any(s in immediate for s in spans) else MARKED_URGENT
    return Evidence(source=source, detail=sents.text[spans[0][0] : spans[0][1]], spans=spans[:5])


def decide(
    reasons: dict[str, Evidence],
    hits: Hits,
    sents: Sentences,
    mentions: list[DateMention],
    deadline: Deadline | None,
    doc_date: dt.date | None,
) -> Decision:
    """The level, the reasons that justify it and, when no reason does, the marking that did."""
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
    sales = [(a, b) for a, b in hits.get("sale", []) if coming.in_sentence(a, SALE_HORIZON)]
    if sales and "asset_flight" not in reasons:
        # "the auction is set for 29 October": once sold, the object and its price are gone
        detail = sents.text[sales[0][0] : sales[0][1]]
        reasons["asset_flight"] = Evidence(source="rule:sale_date", detail=detail, spans=sales)
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
    elif not reasons and deadline and (doc_date is None or deadline.date - doc_date <= DEADLINE_HORIZON):
        reasons["deadline"] = deadline.evidence  # the sender asks for action by a date

    immediate = any(code in reasons for code in IMMEDIATE_REASONS)
    if "evidence_loss" in reasons:
        imminent = _starts(hits.get("imminent", []))
        if hits.get("immediate_marker") or any(
            sents.holds_any(a, imminent) or (doc_date is not None and coming.in_sentence(a, NEAR_HORIZON))
            for a, _ in hits["evidence_loss"]
        ):
            immediate = True
    if immediate:
        return Decision(UrgencyLevel.IMMEDIATE, reasons)
    if hits.get("not_urgent"):
        return Decision(UrgencyLevel.ROUTINE, {})
    if not reasons:
        marked = _marking(hits, sents)
        if marked is None:
            return Decision(UrgencyLevel.ROUTINE, {})
        level = UrgencyLevel.IMMEDIATE if marked.source == MARKED_IMMEDIATE else UrgencyLevel.URGENT
        return Decision(level, {}, marked)
    return Decision(UrgencyLevel.URGENT, reasons)
