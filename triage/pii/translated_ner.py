"""Person names found by NER on a segment's machine translation, mapped back to the original.

Most languages have no spaCy pipeline, but their segments may have an English translation.
Names pass through translation unchanged, so a PER entity found in the translation is
looked for verbatim in the original segment it came from; only such exact occurrences are
returned, which is how the segment alignment maps a finding back to original offsets.
"""

from __future__ import annotations

import re

from triage.document import Segment, Translation
from triage.pii.ner import PersonNer


def translated_persons(
    text: str,
    segments: list[Segment],
    translations: list[Translation],
    ner: PersonNer,
    ranges: list[tuple[int, int]],
) -> list[tuple[int, int]]:
    """Spans of ``text`` (inside ``ranges``) whose words NER tagged PER in the translation."""
    by_index = {t.segment_index: t for t in translations if t.suspect is None}
    out: list[tuple[int, int]] = []
    for seg in segments:
        tr = by_index.get(seg.index)
        if tr is None or not any(s < seg.end and seg.start < e for s, e in ranges):
            continue
        names = {tr.text[s:e] for s, e in ner.persons(tr.text, tr.target_language)}
        for name in names:
            if len(name) < 2:
                continue
            for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text[seg.start : seg.end]):
                start, end = seg.start + m.start(), seg.start + m.end()
                if any(s <= start and end <= e for s, e in ranges):
                    out.append((start, end))
    return out
