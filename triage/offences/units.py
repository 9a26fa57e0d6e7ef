"""The pieces of text the offence classifier reads: original sentences and their translations.

A unit always carries the ORIGINAL segment's offsets, so a term found in an English
translation still points the reviewer at the sentence of the original it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from triage.document import Document

_FALLBACK_SPLIT = re.compile(r"[^\n.!?]+(?:[.!?]+|\n|$)")


@dataclass(frozen=True)
class Unit:
    """One sentence to read: its text, the original span it stands for, its language."""

    index: int  # segment index (or running number without segments)
    text: str
    start: int
    end: int
    language: str | None
    translation_model: str | None = None  # set when ``text`` is a machine translation

    @property
    def translated(self) -> bool:
        return self.translation_model is not None


def _fallback_segments(text: str) -> list[tuple[int, int]]:
    """Rough sentences for a document that did not go through the segment stage."""
    spans = []
    for m in _FALLBACK_SPLIT.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def original_units(doc: Document) -> list[Unit]:
    """The document's sentences in its own language(s)."""
    if doc.segments:
        return [
            Unit(s.index, doc.text[s.start : s.end], s.start, s.end, s.language or doc.language)
            for s in doc.segments
        ]
    language = doc.language or doc.declared_language
    return [Unit(i, doc.text[a:b], a, b, language) for i, (a, b) in enumerate(_fallback_segments(doc.text))]


def translation_units(doc: Document) -> list[Unit]:
    """Translated sentences (suspect ones left out), each mapped to the span of the segment it translates."""
    by_index = {s.index: s for s in doc.segments}
    units = []
    for t in doc.trusted_translations():
        seg = by_index.get(t.segment_index)
        if seg is None or not t.text.strip():
            continue
        units.append(Unit(seg.index, t.text, seg.start, seg.end, t.target_language, t.model))
    return units
