"""Shared text layout rules for document ingestors.

The segmenter splits paragraphs on blank lines, so every ingestor gives one block per
paragraph (or table, heading, list item), blocks separated by exactly one blank line,
``\\n`` newlines only and no trailing spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_MANY_NEWLINES = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+\n")


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")


def tidy(text: str) -> str:
    """Newlines as ``\\n``, no trailing spaces, at most one blank line in a row."""
    text = _TRAILING_SPACE.sub("\n", normalise_newlines(text) + "\n")
    return _MANY_NEWLINES.sub("\n\n", text).strip("\n")


def join_blocks(blocks: Iterable[str]) -> str:
    """Non-empty blocks, each tidied, separated by one blank line."""
    return "\n\n".join(t for t in (tidy(b) for b in blocks) if t.strip())
