"""Victims described by the story: "X lost 9 000 euros", "X a déposé plainte", "stabbed X".

Many victims are never called a victim: the text says what happened to them. Each language
lists (``victim_cues`` in ``triage/lang/<code>/pii.yaml``) two kinds of cue:

* ``after`` – the named person is the one it happened to, so the cue follows the name
  ("X was threatened", "X hat Anzeige erstattet", "X został pobity"): passive forms,
  experiencer verbs (lost, suffered, died) and complaints. Active perpetrator verbs are never
  listed here: "X threatened Y" must not make X a victim.
* ``before`` – an act done *to* the person who follows ("stabbed X", "amenazó a X", "au
  préjudice de X"), unless an ``agent`` word ("by", "par", "przez") stands between cue and
  name: "threatened by X" names the author.

Only verbs specific to victims are listed: paying or transferring money is what launderers
do too. Cue syntax: words separated by spaces; ``a|b`` alternatives for one word; a trailing
``*`` for any ending (inflection); ``~`` for up to five words in between ("wurde am Montag
schwer verletzt"). Cues count in the item's own language only (every language when it is
unknown), like role words.
"""

from __future__ import annotations

import regex

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
    for cue in sorted(set(cues), key=len, reverse=True):
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


def victim_cue(inp: RecognizerInput, start: int, end: int, lo: int, hi: int) -> int | None:
    """Distance from the name ``start:end`` to the nearest victim cue of its sentence, if any.

    ``lo``/``hi`` bound the other persons and the sentence: an ``after`` cue must start
    before ``hi`` (it may run past it: "Y wurde von X betrogen" is about Y), a ``before`` cue
    must lie within ``lo``.
    """
    text = inp.text
    best: int | None = None
    stop = _STOP.search(text, end, min(len(text), end + AFTER_WINDOW + 60))
    limit = stop.start() if stop else min(len(text), end + AFTER_WINDOW + 60)
    m = _pattern(inp.data, inp.language, "after").search(text, end, limit)
    if m and m.start() < min(hi, end + AFTER_WINDOW):
        best = m.start() - end
    agent = _pattern(inp.data, inp.language, "agent")
    window_lo = max(lo, start - BEFORE_WINDOW)
    for m in _pattern(inp.data, inp.language, "before").finditer(text, window_lo, start):
        gap = text[m.end() : start]
        if _STOP.search(gap) or agent.search(gap):
            continue
        dist = start - m.end()
        if best is None or dist < best:
            best = dist
    return best
