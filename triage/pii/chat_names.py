"""First names in chat logs written in lower case.

Why: chat exports ("[dd.mm.yyyy hh:mm] @user: ...", "dd/mm/yyyy, hh:mm - Name: ...")
are full of people called by their first name alone, with no title or role word. When the
writers of a log do not capitalise (messages and sentences start in lower case, German
nouns are written small), a word they *do* capitalise is almost always a name: "bei X",
"X holt es ab", "sunt cu X", a vocative at the start, a name signed at the end.
Places are the usual exception, so a word after a locative preposition ("in", "nach",
"w", "в") is left alone, as are stopwords, brands and acronyms of the language data,
street names ("…straße 40", a word followed by a number) and single-message items.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter

import regex

from triage.pii.registry import RecognizerInput
from triage.pii.spans import DisjointSpans

#: A chat message: a bracketed timestamp, a WhatsApp-style "date, time -" prefix (or a
#: forensic report's table, "date time | speaker | message"), a date and
#: time or a bare time before a speaker ("2026.05.11. 21:03 Dani:", "21:04 Keijo:"), an optional
#: speaker ("@user:", "Name:"), then the message body (group 1).
_BEFORE_SPEAKER = r"(?=[ \t]+[^\s:]{1,32}(?:[ \t][^\s:]{1,32}){0,2}[ \t]?:)"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?"
_PREFIX = (
    r"^[ \t]*(?:\[[^\]\n]{4,30}\]"
    rf"|\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{2,4}}\.?,?[ \t]+{_TIME}(?:[ \t]*[-–|]|{_BEFORE_SPEAKER})"
    rf"|{_TIME}{_BEFORE_SPEAKER})"
)
MESSAGE_PREFIX = "(?m)" + _PREFIX
_DATE = r"\d{1,4}[./-]\d{1,2}(?:[./-]\d{2,4})?\.?,?[ \t]+"
_WHEN = rf"[(\[]?(?:{_DATE})?{_TIME}[)\]]?"
#: After a speaker written first: "Olga (21:04): …", "Olga [21:04]: …", "Olga 21:04: …", or
#: "Olga, [12.03.26 21:04]" and "Olga 12.03.2026 21:04" on a line of their own, the message on
#: the next line (Telegram and Viber exports copied as text; "Olga — 12.03.2026 21:04", Discord).
_AFTER_SPEAKER = rf"(?:[ \t]*{_WHEN}[ \t]*:|,?[ \t]+{_WHEN}[ \t]*$|[ \t]+[—–-][ \t]+{_WHEN}[ \t]*$)"
_ANY_SPEAKER = r"[@\p{L}][\w.@-]{0,30}(?:[ \t][\p{L}][\w.-]{0,20})?"
#: A capitalised word of a speaker's name: "Olga", "Jean-Luc", a nickname "Ali-K".
NAME_WORD = r"\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}*)?"
#: The emoji a chat's display name may carry before the colon ("Taras 🇺🇦:", "Mette 🌸:").
DISPLAY_EMOJI = r"(?:[ \t]*[\p{So}\p{Sk}\ufe0f\u200d]+)?"
#: What ends a speaker's name: a colon, or a table's column bar.
SPEAKER_END = r"[ \t]?[:|]"


def speaker_first(name: str) -> str:
    """A pattern of a speaker (``name``, group 1) written before the time of the message."""
    return rf"(?m)^[ \t]*({name}){_AFTER_SPEAKER}"


MESSAGE = regex.compile(
    rf"(?m)(?|{_PREFIX}[ \t]*(?:{_ANY_SPEAKER}{DISPLAY_EMOJI}{SPEAKER_END}[ \t]+)?(\S.*)$"
    rf"|^[ \t]*{_ANY_SPEAKER}{_AFTER_SPEAKER}[ \t]*\n?[ \t]*(\S.*)$)"
)
#: A line opened by a capitalised label and a colon: "Petro: …", "Ivan Horvat: …", also with
#: the emoji of a chat's display name before the colon ("Taras 🇺🇦: …"), after a dash ("– Petro:
#: …") or with the words on the next line ("Petro:\nпривіт").
LABEL = regex.compile(
    rf"(?m)^[ \t]*(?:[-–—•][ \t]+)?({NAME_WORD}(?:[ \t]{NAME_WORD}){{0,2}}){DISPLAY_EMOJI}[ \t]?:"
    r"(?:[ \t]+|[ \t]*\n[ \t]*)(\S.*)$"
)
#: Symbols a display name carries and a form's field label never does.
EMOJI = regex.compile(r"[\p{So}\p{Sk}]")
#: Times each speaker of a transcript speaks, at least; a form repeats its field labels too
#: ("Name:", "Adresse:"), which the caller tells apart by the words themselves.
MIN_TURNS = 2
WORD = regex.compile(r"\p{L}[\p{L}\p{M}'’-]*")
SENTENCE_START = regex.compile(r"[.!?]\s+(\p{L})")
MIN_MESSAGES = 3
#: Share of message and sentence starts that must be lower case for a log to count as
#: written in lower case.
MIN_LOWER_STARTS = 0.6


def transcript_turns(text: str) -> list[regex.Match[str]]:
    """The turns of a transcript written without times ("Petro: привіт" … "Ihor: ок"): lines
    opened by labels of which at least two recur, each ``MIN_TURNS`` times or more."""
    turns = list(LABEL.finditer(text))
    counts = Counter(m.group(1) for m in turns)
    speakers = {label for label, n in counts.items() if n >= MIN_TURNS}
    return [m for m in turns if m.group(1) in speakers] if len(speakers) >= 2 else []


def lower_case_messages(inp: RecognizerInput) -> list[tuple[int, int]]:
    """Spans of the message bodies of a chat log whose writers do not capitalise (cached)."""
    key = "persons:lower_chat"
    cached = inp.cache.get(key)
    if isinstance(cached, list):
        return cached
    bodies = _message_spans(inp) or [(m.start(2), m.end(2)) for m in transcript_turns(inp.text)]
    starts: list[str] = []
    for s, e in bodies:
        body = inp.text[s:e]
        first = WORD.search(body)
        if first:
            starts.append(first.group()[0])
        starts.extend(m.group(1) for m in SENTENCE_START.finditer(body))
    lower = sum(1 for c in starts if c.islower())
    ok = len(bodies) >= MIN_MESSAGES and bool(starts) and lower / len(starts) >= MIN_LOWER_STARTS
    result = bodies if ok else []
    inp.cache[key] = result
    return result


def chat_first_name(inp: RecognizerInput, start: int, end: int) -> bool:
    """The single capitalised word ``text[start:end]`` is a name in a lower-case chat log.

    The caller has already checked that the word is no stopword, acronym or company.
    """
    text = inp.text
    bodies = lower_case_messages(inp)
    i = bisect_right(bodies, (start, len(text) + 1)) - 1
    if i < 0 or end > bodies[i][1]:
        return False
    body = bodies[i]
    word = text[start:end].lower()
    if regex.split(r"['’]", word)[0] in inp.stopwords:
        return False  # "I'll", "l'Albania"
    if len(word) < 2 or any(word.endswith(suf.lower()) for suf in inp.data.street_suffixes if len(suf) >= 4):
        return False
    prev = regex.search(r"(\p{L}+)[ \t]+$", text[max(body[0], start - 25) : start])
    if prev and prev.group(1).lower() in inp.data.prepositions_for(inp.language):
        return False  # "in Dortmund", "в Дубае": a place
    after = text[end : end + 4]
    return not regex.match(r"[ \t]?\d", after) and not regex.match(r"[_@.\-]\w", after)


def message_starts(inp: RecognizerInput) -> frozenset[int]:
    """Offsets where chat message bodies begin (any chat log, cached).

    A kinship word there ("bruder, ...", "frate ...") addresses the reader; it says nothing
    about the people named later in the message.
    """
    return inp.memo("persons:message_starts", frozenset, lambda: frozenset(s for s, _ in _message_spans(inp)))


def message_bodies(inp: RecognizerInput) -> DisjointSpans:
    """The message bodies of a chat log of at least ``MIN_MESSAGES`` messages (none otherwise;
    cached): what the people of the case write to each other."""
    def make() -> DisjointSpans:
        bodies = _message_spans(inp)
        return DisjointSpans(bodies if len(bodies) >= MIN_MESSAGES else [])

    return inp.memo("persons:message_bodies", DisjointSpans, make)


def _message_spans(inp: RecognizerInput) -> list[tuple[int, int]]:
    """The spans of every chat message body (``MESSAGE`` group 1), found once per item."""
    return inp.memo("persons:message_spans", list, lambda: [(m.start(1), m.end(1)) for m in MESSAGE.finditer(inp.text)])
