"""Victims described by the story: "X lost 9 000 euros", "X a déposé plainte", "stabbed X".

Many victims are never called a victim: the text says what happened to them. Each language
lists (``victim_cues`` in ``triage/lang/<code>/pii.yaml``) two kinds of cue:

* ``after`` – the named person is the one it happened to, so the cue follows the name
  ("X was threatened", "X hat Anzeige erstattet", "X został pobity"): passive forms,
  experiencer verbs (lost, suffered, died) and complaints. Active perpetrator verbs are never
  listed here: "X threatened Y" must not make X a victim.
* ``before`` – an act done *to* the person who follows ("stabbed X", "amenazó a X", "au
  préjudice de X", a passive written before its subject: "napadnut je X", "был убит X",
  "postrzelono kasjera X"), unless an ``agent`` word ("by", "par", "przez") stands between cue and
  name ("threatened by X" names the author), or a ``clause`` word (and, then, who) or a
  comma: "deceived pensioners and paid the money to X" is not about X.

Only verbs specific to victims are listed: paying or transferring money is what launderers
do too. Cue syntax: words separated by spaces; ``a|b`` alternatives for one word; a trailing
``*`` for any ending (inflection); ``~`` for up to five words in between ("wurde am Montag
schwer verletzt"). Cues count in the item's own language only (every language when it is
unknown), like role words.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from triage.lang.terms import longest_first
from triage.pii.lang import PiiLangData
from triage.pii.registry import RecognizerInput

#: How far a cue may start after the end of the name ("X, born …, residing at …, lost …").
AFTER_WINDOW = 100
#: How far a cue may end before the start of the name ("zadał ciosy nożem w brzuch … X").
BEFORE_WINDOW = 70
_GAP = r"(?:\s+[^\s!?;]+){0,5}?"
#: Sentence ends as in ``roles.SENTENCE_END``, but "8. prosince", "3. März" (an ordinal date) go on.
_STOP = regex.compile(r"(?<=\p{L}{4})[.!?](?=\s)|(?<=\d)[.!?](?=\s+[^\s\p{Ll}])|;|\n\s*\n")

_PATTERNS: dict[tuple[int, str | None, str], regex.Pattern[str]] = {}


def _word(word: str) -> str:
    alts = []
    for alt in word.split("|"):
        stem = alt.endswith("*")
        body = regex.escape(alt.rstrip("*"))
        alts.append(body + (r"\w*" if stem else r"(?!\w)"))
    return "(?:" + "|".join(alts) + ")"


def cue_regex(cues: list[str]) -> regex.Pattern[str]:
    """One case-insensitive alternation of ``cues`` in the syntax described above."""
    parts = []
    for cue in longest_first(cues):
        out = ""
        for word in cue.split():
            if word == "~":
                out += _GAP
            else:
                out += (r"\s+" if out else "") + _word(word)
        if out:
            parts.append(out)
    if not parts:
        return regex.compile(r"(?!x)x")
    return regex.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", regex.IGNORECASE)


def _pattern(data: PiiLangData, language: str | None, slot: str) -> regex.Pattern[str]:
    key = (id(data), language, slot)
    if key not in _PATTERNS:
        langs = [language] if language in data.victim_cues else list(data.victim_cues)
        words = [w for lang in langs for w in data.victim_cues.get(lang, {}).get(slot, [])]
        _PATTERNS[key] = cue_regex(words)
    return _PATTERNS[key]


@dataclass(frozen=True)
class Cues:
    """What the story says around one name (distances in characters, None when absent)."""

    after: int | None  # "X was threatened": X is the victim
    before: int | None  # "threatened X": X is the victim
    act: int | None  # "X threatened the victim": where the act on someone else starts


def _passive(inp: RecognizerInput, lo: int, hi: int) -> list[tuple[int, int]]:
    return [(p.start(), p.end()) for p in _pattern(inp.data, inp.language, "after").finditer(inp.text, lo, hi)]


def victim_cues(inp: RecognizerInput, start: int, end: int, lo: int, hi: int, lead: int | None = None) -> Cues:
    """The victim cues of the name ``start:end`` in its sentence.

    ``lo``/``hi`` bound the other persons and the sentence: an ``after`` cue must start
    before ``hi`` (it may run past it: "Y wurde von X betrogen" is about Y), a ``before`` cue
    must lie after ``lo``. ``lead`` is the start of the first of conjoined names ("stabbed
    Anna X and Piotr Y"): the gap checks end there. ``act`` is a ``before`` cue right after
    the name: a role word behind it names the object ("X threatened the victim").
    """
    text = inp.text
    after: int | None = None
    stop = _STOP.search(text, end, min(len(text), end + AFTER_WINDOW + 60))
    limit = stop.start() if stop else min(len(text), end + AFTER_WINDOW + 60)
    m = _pattern(inp.data, inp.language, "after").search(text, end, limit)
    if m and m.start() < min(hi, end + AFTER_WINDOW):
        after = m.start() - end
    act: int | None = None
    m = _pattern(inp.data, inp.language, "before").search(text, end, min(limit, hi))
    if m and not any(a <= m.start() and m.end() <= b for a, b in _passive(inp, end, m.end())):
        act = m.start() - end
    before: int | None = None
    agent = _pattern(inp.data, inp.language, "agent")
    clause = _pattern(inp.data, inp.language, "clause")
    lead = start if lead is None else lead
    window = max(lo, lead - BEFORE_WINDOW)
    # "Y was attacked, X …": a passive after another person of the sentence is that person's;
    # with no one before it in the sentence it is the name's own ("23 мая был убит X")
    passive = _passive(inp, window, lead)
    if passive and lo <= max((m.end() for m in _STOP.finditer(text, max(0, window - 60), lead)), default=0):
        passive = []
    for m in _pattern(inp.data, inp.language, "before").finditer(text, window, lead):
        gap = text[m.end() : lead]
        if _STOP.search(gap) or agent.search(gap) or clause.search(gap) or "," in gap.rstrip().rstrip(","):
            continue  # another sentence or clause, or "threatened by X" (X is the author)
        if any(a <= m.start() and m.end() <= b for a, b in passive):
            continue  # "Y was threatened, X …": the participle of a passive has no object
        before = start - m.end()  # the last one is the nearest
    return Cues(after, before, act)
