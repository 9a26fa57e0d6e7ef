"""Disjoint character spans with logarithmic overlap queries (the stage's hot path on big items)."""

from __future__ import annotations

from bisect import bisect_left, insort


class DisjointSpans:
    """A growing set of non-overlapping ``(start, end)`` spans."""

    def __init__(self, spans: list[tuple[int, int]] | None = None) -> None:
        self._spans: list[tuple[int, int]] = sorted(spans or [])

    def overlaps(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` shares a character with a span of the set."""
        i = bisect_left(self._spans, (end, end)) - 1
        return i >= 0 and self._spans[i][1] > start

    def starts_at(self, pos: int) -> bool:
        i = bisect_left(self._spans, (pos, pos))
        return i < len(self._spans) and self._spans[i][0] == pos

    def add(self, start: int, end: int) -> None:
        insort(self._spans, (start, end))
