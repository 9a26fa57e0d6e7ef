"""Shared text layout rules for document ingestors.

The segmenter splits paragraphs on blank lines, so every ingestor gives one block per
paragraph (or table, heading, list item), blocks separated by exactly one blank line,
``\\n`` newlines only and no trailing spaces.
"""

from __future__ import annotations

import itertools
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


#: A line at least this share of the page's longest line reached the right margin: the layout
#: (a PDF's text layer, a scan) broke it there, not the author.
_FULL_LINE = 0.6
#: Pages whose longest line is shorter than this are lists, addresses or forms: kept as lines.
_MIN_MEASURE = 30
_LIST_ITEM = re.compile(r"^\s*(?:[-•*–·]|\(?(?P<n>\d{1,3})[.)]|\(?[a-z][.)])\s")
_FIELD = re.compile(r"^[^\W\d_][\w .()/'’-]{0,40}:(?:\s|$)")
#: A line that opens with a date or a time starts a record of a log or a chat ("[27.09.2026 14:10]").
_RECORD = re.compile(r"^\s*\[?\d{1,4}[./:-]\d{1,2}")


def _soft(line: str, following: str, measure: int, numbered: int) -> bool:
    """Whether the break after ``line`` is the layout's (the phrase goes on) or the author's.

    ``numbered``: the number of the block's last numbered item so far; a line that starts
    with the next number is a new item, one that starts with another ("362) li sposto", the
    end of a wrapped account number) is not.
    """
    stripped = line.rstrip()
    if not stripped or not following.strip() or measure < _MIN_MEASURE:
        return False
    if len(stripped) < _FULL_LINE * measure or stripped.endswith(":"):
        return False
    item = _LIST_ITEM.match(following)
    if item is not None and (item.group("n") is None or int(item.group("n")) in (1, numbered + 1)):
        return False
    return not (_FIELD.match(following) or _RECORD.match(following))


def _number(line: str, numbered: int) -> int:
    item = _LIST_ITEM.match(line)
    return int(item.group("n")) if item is not None and item.group("n") else numbered


def reflow(text: str) -> str:
    """Lines a layout wrapped, joined back: a phrase, a name or an IBAN broken at the right
    margin of a PDF or a scan is one line again, and a word hyphenated there is one word.

    For text an extractor lays out (PDF text layers, OCR), not for a text file, whose lines
    are the author's and whose offsets must stay those of the file. Paragraphs (blank lines),
    short lines (addresses, headings, against the page's longest line), list items and
    "Label:" fields keep their breaks. Call it on one page's text.
    """
    blocks = []
    measure = max(len(line.rstrip()) for line in text.split("\n"))  # the page's text width
    for block in text.split("\n\n"):
        lines = block.split("\n")
        out, numbered = lines[0], _number(lines[0], 0)
        for line, following in itertools.pairwise(lines):
            if not _soft(line, following, measure, numbered):
                out += "\n" + following
                numbered = _number(following, numbered)
            elif out.endswith("-") and out[-2:-1].isalpha() and following.lstrip()[:1].islower():
                out = out[:-1] + following.lstrip()  # "Staats-" + "anwaltschaft"
            elif out.endswith("-") and out[-2:-1].isalnum():
                out += following.lstrip()  # "Jean-" + "Pierre", "DE89-" + "3704": the hyphen is the text's
            else:
                out = out.rstrip() + " " + following.lstrip()
        blocks.append(out)
    return "\n\n".join(blocks)
