"""Splitting long sentences so a model never truncates them.

A sentence that is too long for the model is cut at clause boundaries (commas, semicolons,
colons, dashes), consecutive clauses are packed back together while they fit, and only a
clause that still does not fit is cut between words (and a word between characters).
Every character of the sentence ends up in exactly one piece, so nothing is lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Break after clause punctuation (Latin, Greek ano teleia, CJK/Arabic commas) or around a dash.
_CLAUSE = re.compile(r"(?<=[,;:·،、；：])\s+|\s+(?=[–—-]\s)")
_WORD = re.compile(r"\s+")

Fits = Callable[[str], bool]


def _cut(text: str, pattern: re.Pattern[str]) -> list[str]:
    """Cut ``text`` after each separator match; the separators stay with the left part."""
    parts, start = [], 0
    for match in pattern.finditer(text):
        if match.end() > start and match.start() > start:
            parts.append(text[start : match.end()])
            start = match.end()
    parts.append(text[start:])
    return [p for p in parts if p]


def _pack(parts: list[str], fits: Fits) -> list[str]:
    """Greedily join consecutive parts while the joined text still fits."""
    packed: list[str] = []
    for part in parts:
        if packed and fits(packed[-1] + part):
            packed[-1] += part
        else:
            packed.append(part)
    return packed


def _hard_split(word: str, fits: Fits) -> list[str]:
    pieces: list[str] = []
    current = ""
    for char in word:
        if current and not fits(current + char):
            pieces.append(current)
            current = ""
        current += char
    return [*pieces, current] if current else pieces


def split_to_fit(text: str, fits: Fits) -> list[str]:
    """Pieces of ``text`` that each fit, in order; ``"".join(pieces) == text``."""
    if fits(text):
        return [text]
    pieces: list[str] = []
    for clause in _pack(_cut(text, _CLAUSE), fits):
        if fits(clause):
            pieces.append(clause)
            continue
        for chunk in _pack(_cut(clause, _WORD), fits):
            pieces.extend([chunk] if fits(chunk) else _hard_split(chunk, fits))
    return pieces


def join_translations(pieces: list[str]) -> str:
    """Join the translations of a sentence's pieces with single spaces."""
    return " ".join(p.strip() for p in pieces if p.strip())
