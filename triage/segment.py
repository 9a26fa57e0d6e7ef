"""The ``segment`` stage: paragraphs and sentences with offsets into the original text.

Letters, forms and e-mails are full of short lines (headers, addresses, form fields)
that are units of their own; wrapped prose continues on the next line in lower case.
So a line break ends a segment unless the next line continues the sentence.
Each segment gets its own language, so mixed-language items translate correctly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from triage.document import Document, Segment
from triage.language import MIN_LETTERS, OWN_LETTERS, fast_confidences, writes_letters
from triage.pipeline.context import PipelineContext
from triage.pipeline.registry import register_stage

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?…;]+[\"'»”)\]]*\s+(?=[\"'«“(\[]?[^\W\d_a-zß-ÿ])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Za-zÀ-ÿ]|Mr|Mrs|Ms|Dr|Prof|St|No|Nr|nr|art|Art|para|par|ul|al|str|Str|tel|Tel|"
    r"ref|Ref|vs|etc|e\.g|i\.e|cf|ca|Abs|Az|lit|pkt|ust|sig|sr|dott|avv|Mme|Mlle|M|Me|Dña|Sra|Sr|"
    r"Jr|Inc|Ltd|S\.A|Co|op|cit|vol|p|pp|n|no|nº|n°|ss|Ziff|bzw|ggf|z\.B|u\.a|d\.h|ie)\.)\s+$"
)
#: A sentence takes another language than its item's only on clear evidence from the fast
#: mode (trigrams, about 0.3 ms a sentence): the other language at this confidence...
SWITCH_CONFIDENCE = 0.9
#: ...the item's language below this one (a sentence in the item's language almost never
#: scores that low, one in another language about zero)...
ITEM_LANGUAGE_DOUBT = 0.001
#: ...and prose: this many words in lower case, making at least half of its words. Names,
#: codes and headings in capitals are not language evidence (a line naming a foreign person,
#: company or place must not switch).
MIN_LOWER_WORDS = 3
MIN_LOWER_SHARE = 0.5
#: Languages so close that trigrams cannot tell them apart on one sentence: a sentence never
#: switches within a group (a Croatian letter naming a Bosnian citizen stays Croatian).
CLOSE_LANGUAGES: tuple[frozenset[str], ...] = (
    frozenset({"hr", "bs", "sr"}),
    frozenset({"cs", "sk"}),
    frozenset({"da", "nb", "sv"}),
    frozenset({"bg", "mk"}),
    frozenset({"ru", "uk"}),
)
_WORD = re.compile(r"(?<!\w)[^\W\d_]{2,}(?!\w)")


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if match.start() > start:
            yield start, match.start()
        start = match.end()
    if start < len(text):
        yield start, len(text)


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Logical lines of a paragraph: a break is kept unless the next line continues a sentence."""
    pos = start
    seg_start = start
    while True:
        nl = text.find("\n", pos, end)
        if nl < 0:
            yield seg_start, end
            return
        nxt = text[nl + 1 : end].lstrip(" \t")
        prev = text[seg_start:nl].rstrip()
        continues = bool(nxt) and (nxt[0].islower() or prev.endswith((",", "-", "–"))) and len(prev) > 40
        if not continues:
            yield seg_start, nl
            seg_start = nl + 1
        pos = nl + 1


def sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]`` with surrounding white space trimmed."""
    for line_start, line_end in _lines(text, start, end):
        cut = line_start
        for match in _SENTENCE_END.finditer(text, line_start, line_end):
            if _ABBREVIATION.search(text, max(line_start, match.start() - 12), match.end()):
                continue
            if text[match.end() : match.end() + 2].lstrip("\"'«“([").islower():
                continue  # "po 186. členu", "т. е. он": a lower-case letter the pattern took for a capital
            yield from _trim(text, cut, match.end())
            cut = match.end()
        yield from _trim(text, cut, line_end)


def _trim(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


def segment_text(text: str) -> list[Segment]:
    segments: list[Segment] = []
    for number, (p_start, p_end) in enumerate(paragraphs(text)):
        for s_start, s_end in sentences(text, p_start, p_end):
            segments.append(Segment(index=len(segments), start=s_start, end=s_end, paragraph=number))
    return segments


def sentence_language(piece: str, item_language: str) -> tuple[str, float] | None:
    """The sentence's own language when it clearly is not the item's, else None.

    The full model (1- to 5-grams) used to confirm each such sentence cost 20 to 50 MiB and
    0.1 to 0.4 s of loading per language met, in every worker; on the dev corpus these rules
    switch the same sentences it did, less two of its mistakes.
    """
    words = _WORD.findall(piece)
    lower = sum(1 for word in words if word.islower())
    if lower < MIN_LOWER_WORDS or lower < MIN_LOWER_SHARE * len(words):
        return None
    own = OWN_LETTERS.get(item_language)
    if own is not None and own.search(piece):
        return None  # a language lingua lacks (Maltese), in its own letters
    fast = fast_confidences(piece)
    guess = max(fast, key=fast.__getitem__, default=None)
    if guess is None or guess == item_language or fast[guess] < SWITCH_CONFIDENCE:
        return None
    if not writes_letters(guess, piece):
        return None  # "sutra navečer ga skidamo" read as Spanish: Spanish writes no č
    if fast.get(item_language, 0.0) >= ITEM_LANGUAGE_DOUBT:
        return None
    if any(guess in group and item_language in group for group in CLOSE_LANGUAGES):
        return None
    return guess, round(fast[guess], 4)


@register_stage("segment", 30, queue="extract")
def segment_stage(doc: Document, ctx: PipelineContext) -> None:
    doc.segments = segment_text(doc.text)
    for seg in doc.segments:
        seg.language, seg.language_confidence = doc.language, doc.language_confidence
        piece = doc.text[seg.start : seg.end]
        if doc.language and sum(ch.isalpha() for ch in piece) >= MIN_LETTERS:
            own = sentence_language(piece, doc.language)
            if own is not None:
                seg.language, seg.language_confidence = own
