"""OCR's usual confusions, undone only where a check says the reading is right.

A scan turns "0" into "O", "1" into "l", "5" into "S". An identifier with a checksum (an IBAN,
a wallet) can be read again with those undone at a few places: a reading that passes the
check is the identifier, one that does not is nothing. The span keeps what the scan says;
the evidence names the repaired value.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping

#: At most this many places are tried (2 to 4 readings a place, so at most 64 readings).
MAX_PLACES = 3


def readings(value: str, fixes: Mapping[str, str], *, start: int = 0, keep: bool) -> Iterator[str]:
    """``value`` with ``fixes`` (character -> what it may stand for) applied from ``start`` on.

    ``keep``: a place may also stay as read (a letter that may be a letter); otherwise every
    place must change (a character the identifier's alphabet lacks). Nothing when there are
    more than ``MAX_PLACES`` places.
    """
    places = [i for i, ch in enumerate(value) if i >= start and ch in fixes]
    if len(places) > MAX_PLACES:
        return
    options = [(value[i] if keep else "") + fixes[value[i]] for i in places]
    for choice in itertools.product(*options):
        chars = list(value)
        for i, ch in zip(places, choice, strict=True):
            chars[i] = ch
        yield "".join(chars)
