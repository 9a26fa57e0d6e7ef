"""Long sentences are split at clause boundaries; nothing is lost."""

from __future__ import annotations

import pytest

from triage.translate.split import join_translations, split_to_fit


def words_fit(limit: int):  # type: ignore[no-untyped-def]
    return lambda text: len(text.split()) <= limit


def test_short_sentence_is_one_piece() -> None:
    assert split_to_fit("a short sentence.", words_fit(10)) == ["a short sentence."]


def test_splits_at_clause_boundaries_first() -> None:
    text = "one two three, four five six; seven eight nine: ten eleven twelve."
    pieces = split_to_fit(text, words_fit(4))
    assert "".join(pieces) == text
    assert pieces == ["one two three, ", "four five six; ", "seven eight nine: ", "ten eleven twelve."]


def test_packs_short_clauses_together() -> None:
    text = "a, b, c, d, e, f"
    pieces = split_to_fit(text, words_fit(3))
    assert "".join(pieces) == text
    assert pieces == ["a, b, c, ", "d, e, f"]


@pytest.mark.parametrize("limit", [1, 2, 5])
def test_clause_too_long_is_cut_between_words(limit: int) -> None:
    text = " ".join(f"w{i}" for i in range(23)) + ", tail"
    pieces = split_to_fit(text, words_fit(limit))
    assert "".join(pieces) == text
    assert all(len(p.split()) <= limit for p in pieces)


def test_word_longer_than_limit_is_cut_between_characters() -> None:
    pieces = split_to_fit("x" * 25, lambda t: len(t) <= 10)
    assert pieces == ["x" * 10, "x" * 10, "x" * 5]


def test_dash_is_a_clause_boundary() -> None:
    text = "first part here — second part there"
    assert split_to_fit(text, words_fit(4)) == ["first part here ", "— second part there"]


def test_join_translations_normalises_spaces() -> None:
    assert join_translations([" One, ", "two. ", "  "]) == "One, two."
