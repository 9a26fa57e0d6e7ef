"""The one term syntax of every word list, and the one loader of the language files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from triage.errors import ConfigError
from triage.lang import files
from triage.lang.fold import fold
from triage.lang.lemmas import build_forms, forms_for, words_of
from triage.lang.terms import TermError, anchor, longest_first, openers, term_source, trie_alternation


def matches(term: str, text: str, forms: dict[str, tuple[str, ...]] | None = None) -> list[str]:
    lookup = (lambda w: forms.get(w, ())) if forms is not None else None
    pattern = re.compile(term_source(term, forms=lookup))
    return [text[m.start() : m.end()] for m in pattern.finditer(fold(text))]


@pytest.mark.parametrize(
    ("term", "text", "found"),
    [
        ("money laundering", "suspected of money-laundering", ["money-laundering"]),
        ("launder*", "he laundered it", ["laundered"]),
        ("*betrug", "wegen Anlagebetrug", ["Anlagebetrug"]),
        ("of * origin", "a man of Kurdish origin", ["of Kurdish origin"]),
        ("kill|shoot* ~ tonight", "we will shoot the two of them tonight", ["shoot the two of them tonight"]),
        ("paid ~ each", "paid 3,000 euros each", ["paid 3,000 euros each"]),  # a number with its separator is one word
        ("zagrożeni* życia", "ZAGROZENIE ZYCIA", ["ZAGROZENIE ZYCIA"]),
        ("re:\\d{1,2}[- ]year[- ]old", "a 14-year-old girl", ["14-year-old"]),
        ("victim", "the victims said", []),
        ("tonight", "tonights", []),
        ("kan|kanama*", "kanun kanaması", ["kanaması"]),  # the plain alternative stays a whole word
        ("held|holding him ~~ until ~ pay*", "holding him, police say, until the family pays",
         ["holding him, police say, until the family pays"]),  # "~~": commas and all, one sentence
        ("held|holding him ~~ until ~ pay*", "holding him. Until the family pays", []),  # not past its end
        ("held|holding him ~~ until ~ pay*", "held himself until paid", []),  # whole words on either side
        ("held him ~~ *pay", "held him until the repay", ["held him until the repay"]),  # "*" opens the word
    ],
)
def test_term_syntax(term: str, text: str, found: list[str]) -> None:
    assert matches(term, text) == found


def test_a_word_of_a_term_matches_its_inflected_forms() -> None:
    forms = {"dziecko": ("dziecko", "dzieci", "dzieckiem")}
    assert matches("dziecko w niebezpieczeństwie", "dzieci w niebezpieczeństwie", forms) == [
        "dzieci w niebezpieczeństwie"
    ]
    assert matches("dziecko*", "dzieci", forms) == []  # a stem is a stem: no forms
    assert anchor("=dziecko", lambda w: forms.get(w, ())) == "dziec"  # the start all forms share


@pytest.mark.parametrize("term", ["", "~ kill", "kill ~", "~~ kill", "kill ~~", "kill ~ ~~ him", "re:(unclosed"])
def test_a_bad_term_is_refused_with_its_text(term: str) -> None:
    with pytest.raises(TermError):
        term_source(term)


def test_lemma_forms_come_from_the_dictionary_and_leave_non_lemmas_alone() -> None:
    table = build_forms("pl", {"dziecko", "broni", "xyzzy"})
    assert {"dzieci", "dziecka", "dzieckiem"} <= set(table["dziecko"])
    assert "broni" not in table and "xyzzy" not in table  # a form of another lemma; unknown


def test_every_language_reads_its_own_forms() -> None:
    lookup = forms_for("cs")
    assert lookup is not None and "zbraní" in lookup("zbraň")
    assert forms_for("en") is None


def test_words_of_skips_stems_alternatives_and_regexes() -> None:
    data = {"terms": {"x": ["dziecko w niebezpieczeństwie", "launder*", "a|b", "re:foo\\w+"]}, "n": {"one": "1"}}
    assert words_of(data) == {"dziecko", "w", "niebezpieczeństwie"}


def test_bosnian_and_montenegrin_read_the_croatian_and_serbian_files() -> None:
    assert files.languages_for("bs") == ("hr", "sr")
    assert files.languages_for("me") == ("sr", "hr")
    assert files.languages_for("pl") == ("pl",)
    assert files.languages_for(None) == ()


def test_a_broken_file_is_a_config_error_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "zz").mkdir()
    (tmp_path / "zz" / "offences.yaml").write_text("terms: [unclosed\n", encoding="utf-8")
    monkeypatch.setattr(files, "LANG_DIR", tmp_path)
    files.read.cache_clear()
    try:
        with pytest.raises(ConfigError, match=r"zz/offences\.yaml"):
            files.read("zz", "offences")
        assert files.read("../etc", "offences") == {}
        with pytest.raises(ValueError, match="unknown stage"):
            files.read("zz", "grammar")
    finally:
        files.read.cache_clear()


@pytest.mark.parametrize(
    ("term", "starts"),
    [
        (r"re:(?<!\w)(?:forced(?!\w)|pushed\w*)(?:[^.]){0,60}?into", ("forced", "pushed")),
        (r"re:(?<!\w)(?:kidnapp?ed|held\s+him)", ("kidnap", "held")),  # an optional letter is no literal
        (r"re:(?:the )?word", ()),  # an optional group opens nothing
        (r"re:(?:a|\d+)", ()),  # an alternative without a literal start
        ("plain words", ()),  # the anchor ("plain") tells already
        ("kill*|shoot ~ him|her", ("kill", "shoot")),  # alternatives only: those of the longest words
        ("*betrug|fraud", ("betrug", "fraud")),  # "*": the word may start earlier, it still stands
    ],
)
def test_a_raw_regex_opening_with_literal_alternatives_is_skipped_where_none_stands(
    term: str, starts: tuple[str, ...]
) -> None:
    assert openers(term) == starts


def test_a_trie_matches_what_the_alternation_longest_first_matches() -> None:
    words = ["rue", "ruelle", "route", "r", "Rue", "a b", "ab", "st.", "str.", "straße", "str"]
    trie = re.compile(trie_alternation(words))
    alternation = re.compile("|".join(map(re.escape, longest_first(words))))
    text = "ruelle route rue r Rue ruel a b ab str. st. straße strasse"
    for pos in range(len(text)):
        a, b = trie.match(text, pos), alternation.match(text, pos)
        assert (a and a.group()) == (b and b.group()), text[pos:]
    assert trie_alternation(["rue", "ruelle", "route"]) == "r(?:oute|ue(?:lle)?)"  # one branch a letter
