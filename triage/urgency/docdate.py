"""The document's own date: the anchor of relative deadlines and of "already past".

Found, in order of trust: a date already set by extraction (``doc.document_date``), the
e-mail ingestor's ISO date (``doc.metadata["date"]``), a ``Date:`` header in the text, a
dateline (a short line that is a place and a date, "Paris, le 3 novembre 2026",
"Wrocław, dnia 1 grudnia 2026 r.", or the date alone), a labelled date ("Datum:",
"Report date:"), and last the first time stamp of a chat or log at the top.
"""

from __future__ import annotations

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


def _line(text: str, mention: DateMention) -> tuple[str, str, int]:
    start = text.rfind("\n", 0, mention.start) + 1
    end = text.find("\n", mention.end)
    end = len(text) if end < 0 else end
    return text[start : mention.start], text[mention.end : end], start


def _score(text: str, mention: DateMention, index: int, count: int) -> int:
    before, after, line_start = _line(text, mention)
    if _BIRTH.search(before[-40:]):
        return 0
    score = 0
    if _DATELINE_BEFORE.search(before) and _DATELINE_AFTER.match(after):
        score += 6
    elif _LABEL.search(before):
        score += 5
    lines_before = text.count("\n", 0, line_start)
    lines_after = text.count("\n", mention.end)
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
    for i, mention in enumerate(mentions):
        score = _score(text, mention, i, len(mentions))
        if score >= 2 and (best is None or (score, mention.start) > best):
            best, chosen = (score, mention.start), mention.date
    return chosen
