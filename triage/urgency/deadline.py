"""The deadline: the date by which the sender asks for action.

Three ways a text gives one, each a scored candidate (the best wins, an explicit date
before a computed one):
- an explicit date right after a trigger ("no later than", "au plus tard le", "do dnia"),
  in a sentence that asks for something, or in a list item under a line that does ("We
  request:"), or with a strong trigger that only a request uses; a custody end or a trial
  date after a weak "until" is not a request;
- a date referred back to ("by that date", "entro tale data") after a retention notice
  ("the logs will be deleted after 27 November");
- a relative time limit ("within 10 days of this letter", "binnen veertien dagen na
  dagtekening"), counted from the document's date; "today" and "tomorrow" after a trigger
  ("by 14:00 today", "até as 14h de hoje") are the document's date and the day after.
Dates before the document's date are facts, not deadlines; and a chat or message log is
evidence: the dates its people set (an ultimatum, a meeting) are not asked of us.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from triage.document import Evidence
from triage.urgency.dates import DateMention
from triage.urgency.lexicon import UrgencyLexicon
from triage.urgency.text import Sentences

#: How far (characters) a trigger may sit before its date ("au plus tard le 21 novembre",
#: "entro le ore 20:00 del 3 dicembre").
TRIGGER_REACH = 32
#: A date referred back to must stand this close before the words that refer to it.
ANAPHORA_REACH = 400
#: A line of a chat or message log: "[24.11.2026 17:02] name: ...", "14/11/26, 21:37 - ...".
_MESSAGE_LINE = re.compile(r"^\W{0,2}\d{1,2}[./-]\d{1,2}[./-]\d{2,4},?\s+\d{1,2}:\d{2}", re.MULTILINE)
#: A numbered or bulleted line: "1. a search of …", "b) …", "– …".
_LIST_ITEM = re.compile(r"[ \t]*(?:\d{1,2}[.)]|[a-z][.)]|[-–•*])[ \t]")
#: How many list items above a date its lead-in line ("We request:") may stand.
LIST_REACH = 12
#: Dates further ahead than this are not a time limit anyone asks for.
HORIZON = dt.timedelta(days=3 * 366)


@dataclass(frozen=True)
class Deadline:
    date: dt.date
    score: int
    evidence: Evidence


def _near_end(pattern: re.Pattern[str] | None, window: str) -> re.Match[str] | None:
    """The last match of ``pattern`` that ends within TRIGGER_REACH of the window's end."""
    if pattern is None:
        return None
    last = None
    for match in pattern.finditer(window, max(0, len(window) - TRIGGER_REACH - 40)):
        if len(window) - match.end() <= TRIGGER_REACH and not re.search(r"[;!?\n]", window[match.end() :]):
            last = match
    return last


#: Characters after a date where a trigger written after it may start ("4-ig", "30.9. mennessä").
AFTER_REACH = 6


def _trailing(pattern: re.Pattern[str] | None, folded: str, m: DateMention) -> re.Match[str] | None:
    """A trigger written after the date or as the ending of its last word: Hungarian "március
    4-ig", Finnish "30.9.2026 mennessä", Turkish "15 Mart'a kadar", Georgian "12 მარტამდე"."""
    if pattern is None:
        return None
    last_word = m.end - len(re.split(r"\W", folded[m.start : m.end])[-1])
    for match in pattern.finditer(folded, last_word, min(len(folded), m.end + AFTER_REACH + 40)):
        if match.start() <= m.end + AFTER_REACH and not re.search(r"[;!?\n]", folded[m.end : match.start()]):
            return match
    return None


def _has(pattern: re.Pattern[str] | None, text: str) -> bool:
    return bool(pattern and pattern.search(text))


def _plausible(date: dt.date, doc_date: dt.date | None) -> bool:
    return doc_date is None or doc_date <= date <= doc_date + HORIZON


class _SentenceCues:
    """Whether a sentence holds a cue list's words; each sentence is searched once per list.

    A one-line text (a chat export of 300 KB) is one sentence: searching it again for every
    date in it made the stage quadratic.
    """

    def __init__(self, text: str, sents: Sentences, lex: UrgencyLexicon) -> None:
        self.text, self.sents, self.lex = text, sents, lex
        self.known: dict[tuple[str, int], bool] = {}

    def has(self, name: str, offset: int) -> bool:
        s, e = self.sents.span(offset)
        if (name, s) not in self.known:
            self.known[name, s] = _has(self.lex.get(name), self.sents.folded[s:e])
        return self.known[name, s]


def _lead_in_request(text: str, pos: int, cues: _SentenceCues) -> bool:
    """The date stands in a list item whose lead-in line asks for something ("Solicităm:\n1.
    indisponibilizarea … până la data de 16 octombrie 2026;"): the request covers each item."""
    start = text.rfind("\n", 0, pos) + 1
    if not _LIST_ITEM.match(text, start):
        return False
    for _ in range(LIST_REACH):
        if start == 0:
            return False
        above = text.rfind("\n", 0, start - 1) + 1
        line = text[above : start - 1]
        if not _LIST_ITEM.match(line):
            return line.rstrip().endswith(":") and cues.has("request", above)
        start = above
    return False


def _explicit(
    text: str, mentions: list[DateMention], sents: Sentences, cues: _SentenceCues, doc_date: dt.date | None
) -> list[Deadline]:
    lex = cues.lex
    found = []
    for m in mentions:
        if not _plausible(m.date, doc_date):
            continue
        s, _ = sents.span(m.start)
        # only the end of the sentence before the date can hold its trigger
        s = max(s, m.start - TRIGGER_REACH - 80)
        window = sents.folded[s : m.start]
        strong = _near_end(lex.get("strong_triggers"), window)
        before = _near_end(lex.get("triggers"), window)
        after = None if before else _trailing(lex.get("triggers_after"), sents.folded, m)
        weak = before or after
        deletion = _near_end(lex.get("deletion"), window)
        lead = strong or before or deletion
        if lead is None and after is None:
            continue
        start = s + lead.start() if lead else m.start
        end = after.end() if after and not lead else m.end
        request = cues.has("request", m.start) or _lead_in_request(text, m.start, cues)
        if not (strong or request or deletion):
            continue
        score = 3 * bool(strong) + 2 * request + bool(weak) + 2 * bool(deletion) + m.has_year
        rule = "strong_trigger" if strong else "deletion" if deletion and not request else "request"
        found.append(
            Deadline(
                m.date,
                score,
                Evidence(source=f"rule:deadline.{rule}", detail=text[start:end], spans=[(start, end)]),
            )
        )
    return found


#: Words that name a day by its distance from the document's date ("by 14:00 today", "até as
#: 14h de hoje", "bis morgen 12 Uhr"): with a trigger before them they are a date like any other.
DAY_WORDS = (("today", 0), ("tomorrow", 1))


def _day_words(sents: Sentences, lex: UrgencyLexicon, doc_date: dt.date | None) -> list[DateMention]:
    if doc_date is None:
        return []
    found = []
    for key, days in DAY_WORDS:
        pattern = lex.get(key)
        if pattern is not None:
            found += [
                DateMention(m.start(), m.end(), doc_date + dt.timedelta(days=days), has_year=False)
                for m in pattern.finditer(sents.folded)
            ]
    return found


def _anaphoric(
    sents: Sentences, mentions: list[DateMention], lex: UrgencyLexicon, doc_date: dt.date | None
) -> list[Deadline]:
    text = sents.text
    pattern = lex.get("anaphora")
    if pattern is None:
        return []
    ends = [m.end for m in mentions]  # mentions never overlap, so their ends are sorted too
    found = []
    for match in pattern.finditer(sents.folded):
        last = bisect.bisect_right(ends, match.start()) - 1
        if last >= 0 and match.start() - ends[last] <= ANAPHORA_REACH and _plausible(mentions[last].date, doc_date):
            m = mentions[last]
            found.append(
                Deadline(
                    m.date,
                    6,
                    Evidence(
                        source="rule:deadline.anaphora",
                        detail=text[match.start() : match.end()],
                        spans=[(m.start, m.end), (match.start(), match.end())],
                    ),
                )
            )
    return found


def _add(base: dt.date, amount: int, unit: str) -> dt.date:
    if unit == "hour":
        return base + dt.timedelta(days=amount // 24)
    if unit == "week":
        return base + dt.timedelta(weeks=amount)
    if unit == "month":
        month = base.month - 1 + amount
        year, month = base.year + month // 12, month % 12 + 1
        for day in (base.day, 30, 29, 28):
            try:
                return dt.date(year, month, day)
            except ValueError:
                continue
    return base + dt.timedelta(days=amount)


def _periods(text: str, lex: UrgencyLexicon) -> list[tuple[int, int, int, str]]:
    """(start, end, amount, unit) of each "within N units" ("binnen 14 dagen", "10 napon belül")."""
    amount = rf"(?P<n>{lex.number_pattern})\s*(?:de\s+)?(?P<u>{lex.unit_pattern})(?!\w)"
    found = []
    # up to two short words between the cue and the amount: "în termen de cel mult trei
    # săptămâni", "within the next 10 days", "binnen uiterlijk 14 dagen"
    within = r"(?:{cue})\s*(?:\w{{1,8}}\s+){{0,2}}?{amount}"
    for key, shape in (("within", within), ("within_after", r"{amount}\w*\s+(?:{cue})")):
        cue = lex.get(key)
        if cue is None:
            continue
        pattern = re.compile(shape.format(cue=cue.pattern, amount=amount))
        for match in pattern.finditer(text):
            raw = match.group("n").lower()
            n = int(raw) if raw.isdigit() else lex.numbers.get(raw)
            unit = lex.units.get(match.group("u").lower())
            if n is not None and unit is not None:
                found.append((match.start(), match.end(), n, unit))
    return found


def _relative(text: str, cues: _SentenceCues, doc_date: dt.date | None) -> list[Deadline]:
    if doc_date is None or not cues.lex.units:
        return []
    found = []
    for start, end, n, unit in _periods(cues.sents.folded, cues.lex):
        anchored = cues.has("anchors", start)
        request = cues.has("request", start)
        if not (anchored or request):
            continue
        evidence = Evidence(source="rule:deadline.relative", detail=text[start:end], spans=[(start, end)])
        found.append(Deadline(_add(doc_date, n, unit), 2 * anchored + 2 * request, evidence))
    return found


#: How far after the end of "the term ... expires" its date may stand ("expires on 13 May").
EXPIRY_REACH = 25


def _expiring(
    mentions: list[DateMention], sents: Sentences, expiring: list[tuple[int, int]], doc_date: dt.date | None
) -> list[Deadline]:
    """The date a running term ends on: "the custody period expires on 13.02.2026",
    "Gözaltı süresi 13.02.2026 saat 10:00'da dolmaktadır". Nobody asks for it, but it is the
    date by which action is due. ``expiring``: the ``term_expiry`` cues the reasons found."""
    found = []
    for a, b in expiring:
        _, sentence_end = sents.span(a)
        for m in mentions:
            if a <= m.start and m.end <= min(b + EXPIRY_REACH, sentence_end) and _plausible(m.date, doc_date):
                end = max(b, m.end)
                evidence = Evidence(source="rule:deadline.term_expiry", detail=sents.text[a:end], spans=[(a, end)])
                found.append(Deadline(m.date, 3 + m.has_year, evidence))
    return found


def find_deadline(
    text: str,
    mentions: list[DateMention],
    sents: Sentences,
    lex: UrgencyLexicon,
    doc_date: dt.date | None,
    expiring: list[tuple[int, int]],
) -> Deadline | None:
    """The best-supported deadline, or ``None``. Ties go to the sooner date."""
    if len(_MESSAGE_LINE.findall(text)) >= 2:
        return None  # a message log: evidence, not a request
    cues = _SentenceCues(text, sents, lex)
    candidates = [
        *_explicit(text, [*mentions, *_day_words(sents, lex, doc_date)], sents, cues, doc_date),
        *_anaphoric(sents, mentions, lex, doc_date),
        *_relative(text, cues, doc_date),
        *_expiring(mentions, sents, expiring, doc_date),
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda d: (-d.score, d.date))
