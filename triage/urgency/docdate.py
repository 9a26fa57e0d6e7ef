"""The document's own date: the anchor of relative deadlines and of "already past".

Found, in order of trust: a date already set by extraction (``doc.document_date``), the
e-mail ingestor's ISO date (``doc.metadata["date"]``), a ``Date:`` header in the text, a
dateline (a short line that is a place and a date, "Paris, le 3 novembre 2026",
"Wrocław, dnia 1 grudnia 2026 r.", or the date alone), a labelled date ("Datum:",
"Report date:"), and last the first time stamp of a chat or log at the top.
"""

from __future__ import annotations

import bisect
import datetime as dt
import email.utils
import re

from triage.urgency.dates import DateMention

_HEADER_DATE = re.compile(r"^Date:\s*(.+)$", re.MULTILINE)
_LABEL = re.compile(
    r"(?:date|datum|data|fecha|dátum|datum\w*|дата|ημερομηνία|dne|din|dnia|du|del|vom|"
    r"report date|erstellt am|received|reçu|ricevut\w*|predate la)\W{1,3}(?:\w{2,5},?\s*)?$",
    re.IGNORECASE,
)
_BIRTH = re.compile(
    r"(?:born|né|née|geb|nato|nata|nacid|nascid|ur\.|născut|narozen|nar\.|rođen|роден|род|γεννήθ)", re.I
)
# A dateline: at most a place, a comma and a particle before the date, at most a time after it.
_DATELINE_BEFORE = re.compile(r"^[\w .'()/,–-]{0,40}?(?:,\s*|\s)(?:le|den|dnia|a|am|dne|ngày)?\s*$|^\W*$", re.I)
_DATELINE_AFTER = re.compile(
    r"^\s*(?:r\.|г\.|г|\.)?\s*(?:,?\s*(?:à|um|ore|ώρα|at|godz\.|hodin|o)?\s*[\d:h ]*\w{0,6}\.?)?\s*$"
)


#: A dateline's text before and after its date is short ("Paris, le", ", à 10 h"); what is longer
#: is not a dateline, and only this much of a line is searched for a label.
_DATELINE_REACH = 80


class _Lines:
    """Line numbers and bounds by offset, from one pass over the text (a lookup per date, not a scan)."""

    def __init__(self, text: str) -> None:
        self.breaks = [m.start() for m in re.finditer("\n", text)]
        self.size = len(text)

    def bounds(self, start: int, end: int) -> tuple[int, int, int, int]:
        """(line start, line end, lines before, lines after) of the text span [start, end)."""
        before = bisect.bisect_left(self.breaks, start)
        after_at = bisect.bisect_left(self.breaks, end)
        line_start = self.breaks[before - 1] + 1 if before else 0
        line_end = self.breaks[after_at] if after_at < len(self.breaks) else self.size
        return line_start, line_end, before, len(self.breaks) - after_at


def _score(text: str, lines: _Lines, mention: DateMention, index: int) -> int:
    line_start, line_end, lines_before, lines_after = lines.bounds(mention.start, mention.end)
    before = text[max(line_start, mention.start - _DATELINE_REACH) : mention.start]
    if _BIRTH.search(before[-40:]):
        return 0
    score = 0
    whole_line = mention.start - line_start <= _DATELINE_REACH and line_end - mention.end <= _DATELINE_REACH
    if whole_line and _DATELINE_BEFORE.search(before) and _DATELINE_AFTER.match(text[mention.end : line_end]):
        score += 6
    elif _LABEL.search(before):
        score += 5
    if lines_before < 12 or lines_after < 6:
        score += 1
    if index == 0 and lines_before < 3:
        score += 1  # the first date at the very top: a time stamp of a message or log
    return score if mention.has_year else 0


def find_document_date(text: str, mentions: list[DateMention], metadata_date: object = None) -> dt.date | None:
    """The document's date, or ``None`` when nothing in the item says it."""
    if isinstance(metadata_date, dt.date):
        return metadata_date
    if isinstance(metadata_date, str):
        try:
            return dt.date.fromisoformat(metadata_date[:10])
        except ValueError:
            pass
    header = _HEADER_DATE.search(text[:3000])
    if header:
        try:
            return email.utils.parsedate_to_datetime(header.group(1).strip()).date()
        except (TypeError, ValueError):
            pass
    best: tuple[int, int] | None = None
    chosen: dt.date | None = None
    lines = _Lines(text)
    for i, mention in enumerate(mentions):
        score = _score(text, lines, mention, i)
        if score >= 2 and (best is None or (score, mention.start) > best):
            best, chosen = (score, mention.start), mention.date
    return chosen
