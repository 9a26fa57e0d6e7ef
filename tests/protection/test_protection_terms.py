"""The term tables and their syntax: every shipped language loads, folding keeps offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from triage.errors import ConfigError
from triage.lang.fold import fold
from triage.protection.codes import PROTECTED_PERSONS, SPECIAL_CATEGORIES
from triage.protection.matcher import find_terms
from triage.protection.terms import NEUTRAL, CompiledTable, available_languages, load_table, parse_table
from triage.yamlfiles import WordLoader, load_yaml

CORPUS_LANGUAGES = ["en", "fr", "de", "es", "it", "pl", "pt", "nl", "ro", "ru", "cs", "el", "bg", "hu", "hr"]


@pytest.mark.parametrize("text", ["İstanbul", "Straße", "ΣΟΦΊΑ Ος", "Łódź żółw", "ĂÎȘȚ", "ascii", "ﬁ ǅ"])
def test_fold_keeps_the_length(text: str) -> None:
    assert len(fold(text)) == len(text)


def test_fold_removes_case_and_diacritics() -> None:
    assert fold("Témoin BĂLAN Zeugin ŻÓŁW") == "temoin balan zeugin zolw"


def table_from(source: str) -> CompiledTable:
    return parse_table(load_yaml(source, WordLoader), Path("protection.yaml"), "zz")


@pytest.mark.parametrize(
    ("term", "hit", "miss"),
    [
        ("injur*", "she was injured", "uninjured"),
        ("*verletzung", "eine Schussverletzung", "verletzungen"),
        ("victim", "the victim said", "victims"),
        ("of * origin", "a man of Kurdish origin", "of origin"),
        ("sous couverture", "agent sous-   couverture", "sous sa couverture"),
    ],
)
def test_term_syntax(term: str, hit: str, miss: str) -> None:
    table = table_from(f"protected_persons:\n  witness: [{term!r}]\n")
    assert find_terms(hit, fold(hit), table)
    assert not find_terms(miss, fold(miss), table)


def test_every_corpus_language_has_a_table_with_every_code() -> None:
    assert set(CORPUS_LANGUAGES) <= set(available_languages())
    for language in CORPUS_LANGUAGES:
        table = load_table(language)
        assert table is not None
        assert table.negation, language
        assert {t.code for t in table.terms} == set(SPECIAL_CATEGORIES) | set(PROTECTED_PERSONS), language


def test_neutral_table_and_unknown_language() -> None:
    neutral = load_table(NEUTRAL)
    assert neutral is not None and any(t.code == "genetic" for t in neutral.terms)
    assert load_table("zz") is None
    assert load_table("../etc") is None


def test_unknown_code_is_a_readable_config_error() -> None:
    with pytest.raises(ConfigError, match="horoscope") as info:
        table_from("special_categories:\n  horoscope: [stars]\n")
    assert "racial_ethnic_origin" in str(info.value)


def test_age_pattern_without_age_group_is_refused() -> None:
    with pytest.raises(ConfigError, match="age"):
        table_from("minor_age_patterns: ['(\\\\d+) years']\n")
