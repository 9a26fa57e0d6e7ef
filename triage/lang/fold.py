"""Length-preserving folding of text (lower case, no diacritics) so offsets stay valid.

``str.casefold`` and NFD normalisation change the length of some strings (``ß`` → ``ss``,
``İ`` → two code points), which would shift every offset after them. Folding one
character at a time, and keeping a character whose folded form is longer, keeps
``len(fold(s)) == len(s)``: a match in the folded text is a match at the same offsets in
the original.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    low = ch.lower()
    if len(low) != 1:
        low = ch
    base = unicodedata.normalize("NFD", low)[0]
    # Greek final sigma and the Polish/Croatian/Romanian letters NFD does not decompose.
    return _EXTRA.get(base, base)


_EXTRA: dict[str, str] = {"ς": "σ", "ł": "l", "đ": "d", "ø": "o", "ı": "i", "I": "i"}  # "I": Turkish "İ" less its dot


class _Table(dict[int, str]):
    """A ``str.translate`` table filled on demand: each code point is folded once per process."""

    def __missing__(self, key: int) -> str:
        value = _fold_char(chr(key))
        self[key] = value
        return value


_TABLE = _Table()


def fold(text: str) -> str:
    """``text`` in lower case without diacritics, with exactly the same length."""
    if text.isascii():
        return text.lower()
    return text.translate(_TABLE)


#: Arabic-Indic and Eastern Arabic-Indic digits ("١٦ آذار ٢٠٢٦") to the ASCII ones the date
#: and number rules read, one character for one.
_DIGITS = str.maketrans({**{0x0660 + i: str(i) for i in range(10)}, **{0x06F0 + i: str(i) for i in range(10)}})


def ascii_digits(text: str) -> str:
    """``text`` with every decimal digit written 0-9, with exactly the same length."""
    return text if text.isascii() else text.translate(_DIGITS)
