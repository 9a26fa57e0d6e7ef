"""Sentence spans for the urgency rules.

The rules need "the sentence around this date", and must not cut "15. Dezember" or
"14. 9. 1979" in two, nor glue a header line to the next; this splitter is tuned for
that only (a line break always ends a sentence; a full stop ends one before a capital
unless it follows a one- or two-digit number).
"""

from __future__ import annotations

import bisect
import re

from triage.lang.fold import fold

_BREAK = re.compile(r"\n|[.!?;]+(?=\s+[\"'«“(\[]?[^\W\d_a-zß-ÿа-яα-ω])")


def starts_between(sorted_starts: list[int], start: int, end: int) -> bool:
    """Whether a value of ``sorted_starts`` lies in [start, end): a lookup, not a scan, so that
    rules asking it for every cue and date stay linear on a text of thousands of them."""
    i = bisect.bisect_left(sorted_starts, start)
    return i < len(sorted_starts) and sorted_starts[i] < end


class Sentences:
    """Sentence boundaries of a text, with lookup by offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        #: the text as cue terms read it (``fold``: no case, no accents, the same offsets)
        self.folded = fold(text)
        starts = [0]
        for match in _BREAK.finditer(text):
            if match.group(0) == "." and re.search(r"(?<!\d)\d{1,2}$", text[max(0, match.start() - 3) : match.start()]):
                continue  # "15. Dezember": an ordinal, not the end of a sentence
            if not text[starts[-1] : match.end()].strip():
                starts[-1] = match.end()  # ".\n": one break, not an empty sentence between two
            else:
                starts.append(match.end())
        self.starts = starts

    def span(self, offset: int) -> tuple[int, int]:
        """The sentence holding ``offset``: (start, end)."""
        i = bisect.bisect_right(self.starts, offset) - 1
        start = self.starts[i]
        end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)
        return start, end

    def around(self, offset: int, reach: int = 0) -> tuple[int, int]:
        """The sentence holding ``offset`` and ``reach`` sentences on either side: (start, end)."""
        i = bisect.bisect_right(self.starts, offset) - 1
        first, last = max(0, i - reach), min(len(self.starts) - 1, i + reach)
        end = self.starts[last + 1] if last + 1 < len(self.starts) else len(self.text)
        return self.starts[first], end

    def holds_any(self, offset: int, sorted_starts: list[int]) -> bool:
        """Whether one of ``sorted_starts`` lies in the sentence holding ``offset``."""
        s, e = self.span(offset)
        return starts_between(sorted_starts, s, e)

    def all(self) -> list[tuple[int, int]]:
        ends = [*self.starts[1:], len(self.text)]
        return [(s, e) for s, e in zip(self.starts, ends, strict=True) if self.text[s:e].strip()]
