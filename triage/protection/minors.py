"""Minors from dates of birth: a person under 18 on the document's own date is a minor.

Only numeric dates are read here (``dd.mm.yyyy``, ``dd/mm/yyyy``, ``yyyy-mm-dd``): the
date-of-birth recognisers of the pii stage already found the span, and numeric forms are
what forms and registers use; a written-out date simply gives no evidence.
"""

from __future__ import annotations

import datetime as dt
import re

from triage.document import Document
from triage.protection.matcher import Hit

_DMY = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_numeric_date(text: str) -> dt.date | None:
    """The date written in ``text`` (day first, or ISO), or None."""
    try:
        if m := _YMD.search(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DMY.search(text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None
    return None


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def minors_from_birth_dates(doc: Document, adult_age: int = 18) -> list[Hit]:
    """A ``minor`` cue for each DATE_OF_BIRTH span that makes its person under ``adult_age``."""
    if doc.document_date is None:
        return []
    hits: list[Hit] = []
    for span in doc.findings.pii:
        if span.type != "DATE_OF_BIRTH":
            continue
        born = parse_numeric_date(span.text)
        if born is not None and born <= doc.document_date and age_on(born, doc.document_date) < adult_age:
            hits.append(Hit("protected_persons", "minor", "date of birth", 0.9, "pii", span.start, span.end))
    return hits
