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
from triage.language import MIN_LETTERS, choose_language, detect_language
from triage.pipeline.context import PipelineContext
from triage.pipeline.registry import register_stage

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?…;]+[\"'»”)\]]*\s+(?=[\"'«“(\[]?[^\W\d_a-zß-ÿ])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Za-zÀ-ÿ]|Mr|Mrs|Ms|Dr|Prof|St|No|Nr|nr|art|Art|para|par|ul|al|str|Str|tel|Tel|"
    r"ref|Ref|vs|etc|e\.g|i\.e|cf|ca|Abs|Az|lit|pkt|ust|sig|sr|dott|avv|Mme|Mlle|M|Me|Dña|Sra|Sr|"
    r"Jr|Inc|Ltd|S\.A|Co|op|cit|vol|p|pp|n|no|nº|n°|ss|Ziff|bzw|ggf|z\.B|u\.a|d\.h|ie)\.)\s+$"
)
#: A sentence whose fast guess differs from the item's language with this confidence is
#: looked at again by the full model, choosing between the two languages only...
SEGMENT_LANGUAGE_CONFIDENCE = 0.6
#: ...and it takes its own language when the full model is this sure (names and
#: institutions of another country alone must not switch a sentence).
SWITCH_CONFIDENCE = 0.9


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


@register_stage("segment", 30, queue="extract")
def segment_stage(doc: Document, ctx: PipelineContext) -> None:
    doc.segments = segment_text(doc.text)
    for seg in doc.segments:
        piece = doc.text[seg.start : seg.end]
        code, confidence = (None, 0.0)
        letters = sum(ch.isalpha() for ch in piece)
        if letters >= MIN_LETTERS:
            code, confidence = detect_language(piece, fast=True)
            if code and doc.language and code != doc.language and confidence >= SEGMENT_LANGUAGE_CONFIDENCE:
                # confirm a switch with the full model, deciding between just the two languages
                code, confidence = choose_language(piece, (code, doc.language))
        if code and code != doc.language and confidence >= SWITCH_CONFIDENCE:
            seg.language, seg.language_confidence = code, confidence
        else:
            seg.language, seg.language_confidence = doc.language, doc.language_confidence
