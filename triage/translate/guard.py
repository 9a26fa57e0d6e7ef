"""Signs that a machine translation went wrong, so that nothing downstream trusts it.

Neural models fail in recognisable ways: they loop ("the the the police police"), stop
early or run on (a length far from the source's), hand the source back untranslated, or
invent content: a number or a name that the source does not hold. A translation showing
one of these is kept for the reader but marked suspect on the item (``Translation.suspect``,
shown by ``triage show``), and the stages that take a second opinion from the translation
(offence and urgency terms, names) leave it out: a wrong second opinion is worse than none.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter

from triage.lang.derived import cache_folder
from triage.pii.name_lexicon import name_lexicon

#: Translation length / source length outside this range: truncated or run-on output.
LENGTH_RATIO = (0.35, 3.0)
#: Shorter sources say too little for the length and copy tests.
MIN_CHARS = 25
#: An n-gram of this many words repeated this many times in a row is a decoding loop.
LOOP_NGRAM, LOOP_REPEATS = (1, 4), 3
#: Share of words the translation has in common with the source beyond which it is a copy.
COPY_SHARE = 0.8
#: Names a translation may not invent: one can be a title the source wrote in lower case.
INVENTED_NAMES = 2
CALENDAR = frozenset(n.lower() for n in (*calendar.month_name, *calendar.day_name) if n)

_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d+")
_CAPITALISED = re.compile(r"\b[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]{2,}\b")
#: What stands before a word that opens a sentence or a quotation (capitalised anyway).
_OPENERS = ".!?:;\"'“«(\n"


def _loop(words: list[str]) -> str | None:
    for size in range(LOOP_NGRAM[0], LOOP_NGRAM[1] + 1):
        for start in range(0, max(0, len(words) - size * LOOP_REPEATS) + 1):
            gram = words[start : start + size]
            if all(words[start + k * size : start + (k + 1) * size] == gram for k in range(1, LOOP_REPEATS + 1)):
                return " ".join(gram)
    return None


def suspicion(source: str, translation: str, target: str = "en") -> str | None:
    """Why ``translation`` of ``source`` is not to be trusted, or None when nothing shows."""
    words = [w.lower() for w in _WORD.findall(translation)]
    looped = _loop(words)
    if looped is not None:
        return f"repetition loop ({looped!r} repeated)"
    if len(source) >= MIN_CHARS:
        ratio = len(translation) / len(source)
        if not LENGTH_RATIO[0] <= ratio <= LENGTH_RATIO[1]:
            return f"length {ratio:.2f} times the source's"
        source_words = Counter(w.lower() for w in _WORD.findall(source))
        shared = sum(min(n, source_words[w]) for w, n in Counter(words).items())
        if words and shared / len(words) >= COPY_SHARE:
            return "the source handed back untranslated"
    invented = sorted(set(_NUMBER.findall(translation)) - set(_NUMBER.findall(source)))
    if invented:
        return f"number not in the source: {', '.join(invented[:3])}"
    invented_names = _invented_names(source, translation, target)
    if len(invented_names) >= INVENTED_NAMES:
        return f"names not in the source: {', '.join(invented_names[:3])}"
    return None


def _invented_names(source: str, translation: str, target: str) -> list[str]:
    """Capitalised words inside the translation's sentences that the source does not hold and
    that are no common word, month or weekday of the target language ("Court", "Monday")."""
    lexicon = name_lexicon(target, cache_folder())
    folded_source = source.lower()
    out = []
    inside = {
        m.group() for m in _CAPITALISED.finditer(translation) if translation[: m.start()].rstrip()[-1:] not in _OPENERS
    }
    for word in sorted(inside):
        low = word.lower()
        if low in folded_source or low in CALENDAR or (lexicon is not None and lexicon.is_common(low)):
            continue
        out.append(word)
    return out
