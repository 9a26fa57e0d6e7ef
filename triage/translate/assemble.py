"""The translated text of an item, with its paragraph structure kept.

Segments in the working language (or without a translation) keep their original text, so
the result reads as one document; paragraphs are separated by a blank line.
"""

from __future__ import annotations

from itertools import groupby

from triage.document import Document


def translated_text(doc: Document) -> str:
    """The item's text in the working language, paragraph by paragraph."""
    by_index = {t.segment_index: t.text for t in doc.translations}
    paragraphs = []
    for _, segs in groupby(sorted(doc.segments, key=lambda s: s.index), key=lambda s: s.paragraph):
        sentences = [by_index.get(s.index, doc.text[s.start : s.end].strip()) for s in segs]
        paragraphs.append(" ".join(s for s in sentences if s))
    return "\n\n".join(paragraphs)
