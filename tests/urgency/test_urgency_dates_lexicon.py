"""Date finding in several scripts and orders, and the per-language cue files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from triage.errors import ConfigError
from triage.lang import files
from triage.lang.fold import fold
from triage.urgency import lexicon
from triage.urgency.dates import find_dates
from triage.urgency.lexicon import available_languages, load_lexicon

CORPUS_LANGUAGES = {"en", "fr", "de", "es", "it", "pl", "pt", "nl", "ro", "ru", "cs", "el", "bg", "hu", "hr"}


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("de", "am 7. Juni 2027 und am 08.07.2027", ["2027-06-07", "2027-07-08"]),
        ("pt", "até 1º de julho de 2027", ["2027-07-01"]),
        ("hr", "do 3. veljače 2027. godine", ["2027-02-03"]),
        ("el", "έως τις 9 Μαρτίου 2027", ["2027-03-09"]),
        ("bg", "до 11 април 2027 г.", ["2027-04-11"]),
        ("ru", "не позднее 5 мая 2027 года", ["2027-05-05"]),
        ("cs", "nejpozději do 2. června 2027", ["2027-06-02"]),
        ("hu", "2027. március 4-ig", ["2027-03-04"]),
        ("en", "by May 6, 2027; ref 06/188214/26", ["2027-05-06"]),
        # month names with case endings the locale lists lack: dative, translative
        ("lv", "līdz 2027. gada 15. decembrim", ["2027-12-15"]),
        ("et", "hiljemalt 13. oktoobriks 2027, sest", ["2027-10-13"]),
        # Maghrebi and Levantine month names, listed by number: they share no letter with "سبتمبر"
        ("ar", "قبل 15 شتنبر 2027 و 3 تشرين الأول 2027", ["2027-09-15", "2027-10-03"]),
        # Bosnian names in a text read as Croatian, lenited Irish, capitals, no diacritics
        ("hr", "do 15. maja 2027. i 3. avgusta 2027.", ["2027-05-15", "2027-08-03"]),
        ("ga", "roimh 3 Mheán Fómhair 2027", ["2027-09-03"]),
        ("el", "έως τις 9 ΜΑΪΟΥ 2027", ["2027-05-09"]),
        ("sq", "deri më 5 nentor 2027", ["2027-11-05"]),
        ("mt", "sat-3 ta’ Ottubru 2027", ["2027-10-03"]),
        # Georgian: the year first, a month stem that loses its vowel before an ending
        ("ka", "2027 წლის 28 თებერვლამდე და 2027 წლის 1 იანვრიდან", ["2027-02-28", "2027-01-01"]),
    ],
)
def test_find_dates(language: str, text: str, expected: list[str]) -> None:
    assert [m.date.isoformat() for m in find_dates(text, language)] == expected


def test_yearless_date_needs_a_base_year() -> None:
    assert find_dates("by 4 December", "en") == []
    (mention,) = find_dates("by 4 December", "en", base_year=2027)
    assert mention.date == dt.date(2027, 12, 4) and not mention.has_year


def test_every_corpus_language_has_cues() -> None:
    assert set(available_languages()) >= CORPUS_LANGUAGES
    for code in CORPUS_LANGUAGES:
        lex = load_lexicon((code,))
        for name in ("threat_to_life", "custody", "request", "triggers"):
            assert lex.get(name) is not None, (code, name)
        assert lex.get("within") or lex.get("within_after"), code
        assert lex.units, code


@pytest.mark.parametrize(
    ("language", "name", "common", "cue"),
    [("pt", "child_words", "vai beber um copo", "o bebé chorava"),  # to drink, a baby
     ("es", "child_words", "se puso a beber", "el bebé lloraba"),
     ("tr", "violent_act", "ne olursa olsun", "ölsün o adam"),  # "be it so", "may he die"
     ("en", "violent_act", "the patient is stable", "he was stabbed twice"),
     ("fi", "violent_act", "se käy helpommin", "auton alla oli pommi"),  # more easily, a bomb
     ("lv", "violent_act", "uzņēmuma nosaukums", "viņu nošāva"),  # the company's name, shot him
     ("da", "child_words", "ferien på Bornholm", "børnene er alene"),
     ("sk", "violent_act", "pamiatka UNESCO", "dieťa bolo unesené"),
     ("sv", "violent_act", "han sprang därifrån", "de ska spränga bilen")],  # ran; blow up
)  # fmt: skip
def test_a_common_word_is_no_cue(language: str, name: str, common: str, cue: str) -> None:
    pattern = load_lexicon((language,)).get(name)
    assert pattern is not None
    assert pattern.search(fold(common)) is None
    assert (language, name) == ("tr", "violent_act") or pattern.search(fold(cue)) is not None


@pytest.fixture
def zz_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An urgency file for a made-up language ``zz`` in a folder of its own."""
    (tmp_path / "zz").mkdir()
    monkeypatch.setattr(files, "LANG_DIR", tmp_path)
    files.read.cache_clear()
    yield tmp_path / "zz" / "urgency.yaml"
    files.read.cache_clear()


def test_a_month_number_that_is_no_month_is_refused(zz_file: Path) -> None:
    (zz_file.parent / "pii.yaml").write_text("months:\n  13: [smarch]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="13"):
        files.month_words("zz")


def test_unknown_key_in_a_cue_file_is_refused(zz_file: Path) -> None:
    zz_file.write_text("custodie: ['x']\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="custodie"):
        lexicon.load_lexicon.__wrapped__(("zz",))


def test_bad_pattern_is_refused_with_its_place(zz_file: Path) -> None:
    zz_file.write_text("custody: ['re:(unclosed']\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="custody"):
        lexicon.load_lexicon.__wrapped__(("zz",))


def test_a_broken_file_is_refused_with_its_name(zz_file: Path) -> None:
    zz_file.write_text("custody: ['a\\w+']\n  bad: indent\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"zz/urgency\.yaml"):
        lexicon.load_lexicon.__wrapped__(("zz",))
