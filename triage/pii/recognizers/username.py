"""Online handles and account names.

``@handle`` anywhere (not inside an e-mail); a bare handle after an account word (``context.
username``: account, profile, Instagram, compte, Konto, contul …) when it looks like one
(has a digit, '_' or '.'); chat speakers written as handles at the start
of a line ("[date] name_01: …", "name_01 15:02: …"); a word joined by underscores
("baltasis_vilkas", "mikkel_19_aar"), which in running text is a handle and nothing else.
A handle found once is found wherever it recurs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from triage.lang.terms import longest_first
from triage.pii.chat_names import MESSAGE_PREFIX, speaker_first
from triage.pii.context import keyword_spans
from triage.pii.registry import Candidate, RecognizerInput, register_recognizer

AT_HANDLE = re.compile(r"(?<![\w.@/])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,30}[A-Za-z0-9_])?(?![\w@])")
BARE = re.compile(r"(?<![\w.@-])([A-Za-z0-9][A-Za-z0-9_.-]{1,30}[A-Za-z0-9_])(?![\w@-]|\.\w)")
#: "[12.05 21:03] speaker:", "24/06/2026 20:14 – speaker:", "21:02 speaker:" (``MESSAGE_PREFIX``).
SPEAKER = re.compile(MESSAGE_PREFIX + r"[ \t]*([\w.@-]{2,32})[ \t]?[:|]")
#: "zaki.2200 15:02: …": the speaker, then the time.
SPEAKER_BEFORE_TIME = re.compile(r"(?m)^([\w.@-]{2,32})[ \t]+\d{1,2}[:.]\d{2}(?::\d{2})?[ \t]*:")
#: "name_01 (15:02): …", "name_01, [12.03.26 15:02]".
SPEAKER_FIRST = re.compile(speaker_first(r"[\w.@-]{2,32}"))
#: A speaker in lower case and this long is a handle, not a first name typed in haste.
LOWER_HANDLE = 6
#: Letters or digits joined by underscores, not a file name ("report_2024.pdf") or a constant.
UNDERSCORED = re.compile(r"(?<![\w@./\\-])([a-z0-9]+(?:_[a-z0-9]+)+)(?![\w@/\\-]|\.\w)")
WINDOW = 25
LIST_NEXT = re.compile(
    r"\s*(?:,|and|und|et|e|y|i|și|en|и|és|a|ou|oder|or)\s+([A-Za-z0-9][A-Za-z0-9_.-]{1,30}[A-Za-z0-9_])"
)


def handle_like(value: str) -> bool:
    """Looks like a handle: a digit, '_' or '.' inside and some lower case (not 'GB51'), or
    CamelCase of three or more humps ('NapoliMoneyOfficial')."""
    if "@" in value or value.count(".") > 2 or not any(c.isalpha() for c in value):
        return False
    if any(c.isdigit() or c in "_." for c in value):
        return any(c.islower() or c == "_" for c in value)
    return value[0].isupper() and sum(c.isupper() for c in value) >= 3 and any(c.islower() for c in value)


def _bare_after_keywords(inp: RecognizerInput) -> Iterator[tuple[int, int]]:
    text = inp.text
    for _, end in keyword_spans(inp, "username"):
        for m in BARE.finditer(text, end, min(len(text), end + WINDOW)):
            if m.start(1) > end and text[m.start(1) - 1].isalnum():
                continue
            if handle_like(m.group(1)) and not m.group(1).endswith("."):
                yield m.start(1), m.end(1)
                yield from _enumeration(text, m.end(1))
                break


def _enumeration(text: str, pos: int) -> Iterator[tuple[int, int]]:
    """Handles listed after a first one: "… verita_su_giulia e giulia.privata"."""
    while True:
        m = LIST_NEXT.match(text, pos)
        if m is None or not handle_like(m.group(1)):
            return
        yield m.start(1), m.end(1)
        pos = m.end(1)


@register_recognizer("username", ("USERNAME",))
def recognise_username(inp: RecognizerInput) -> Iterator[Candidate]:
    text = inp.text
    found: dict[str, str] = {}
    for m in AT_HANDLE.finditer(text):
        found[m.group()] = "rule:username/at"
    for s, e in _bare_after_keywords(inp):
        found.setdefault(text[s:e], "rule:username/context")
    for m in [*SPEAKER.finditer(text), *SPEAKER_BEFORE_TIME.finditer(text), *SPEAKER_FIRST.finditer(text)]:
        value = m.group(1)
        lower_handle = value.isalpha() and value.islower() and len(value) >= LOWER_HANDLE
        if (handle_like(value) or lower_handle) and any(c.isalpha() for c in value):
            found.setdefault(value, "rule:username/chat")
    for m in UNDERSCORED.finditer(text):
        if any(c.isalpha() for c in m.group(1)):
            found.setdefault(m.group(1), "rule:username/underscored")
    if not found:
        return
    # every recurrence of every handle, in one scan (longest first so 'a_1' never eats 'a_12')
    values = longest_first(found)
    pattern = re.compile(r"(?<![\w@.])(?:" + "|".join(re.escape(v) for v in values) + r")(?![\w@]|\.\w)")
    for m in pattern.finditer(text):
        yield Candidate(m.start(), m.end(), "USERNAME", found[m.group()])
