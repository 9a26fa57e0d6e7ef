"""Suspect machine translations: loops, truncation, copies, invented numbers and names."""

from __future__ import annotations

import pytest

from triage.translate.guard import suspicion

SOURCE = "Prokuratura Okręgowa w Krakowie prowadzi śledztwo przeciwko Janowi Kowalskiemu w sprawie oszustwa."
GOOD = "The Regional Prosecutor's Office in Krakow is conducting an investigation against Jan Kowalski for fraud."


def test_a_faithful_translation_is_not_suspect() -> None:
    assert suspicion(SOURCE, GOOD) is None


@pytest.mark.parametrize(
    ("translation", "reason"),
    [
        ("The prosecutor the prosecutor the prosecutor the prosecutor investigates.", "repetition loop"),
        ("The prosecutor.", "length"),
        (SOURCE, "untranslated"),
        (GOOD.replace("for fraud", "for fraud of 5000 euros"), "number not in the source: 5000"),
        (GOOD.replace("Jan Kowalski", "Jan Kowalski, Peter Brandywine and Olga Trevisan"), "names not in the source"),
    ],
)
def test_broken_output_is_suspect_and_says_why(translation: str, reason: str) -> None:
    found = suspicion(SOURCE, translation)
    assert found is not None and reason in found
