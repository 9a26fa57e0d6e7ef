"""Dates written in the text: where they are and which day they mean.

Why not ``dateparser.search.search_dates`` (or a ``DateDataParser`` per candidate): the
first is slow and finds "dates" in ordinary words, the second costs about a millisecond
a string, and an item holds dozens of dates. We find candidates ourselves (numeric dates,
"day month year", "month day, year", Hungarian "year. month day.") with the month names
of dateparser's locale tables for the language (plus English), and read them directly:
same tables, deterministic, a few microseconds a date.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from triage.lang import files
from triage.lang.derived import list_compiles
from triage.lang.fold import fold
from triage.lang.terms import longest_first

_NUMERIC = re.compile(
    r"(?<![\d/.:-])(?P<d>\d{1,2})\s?(?P<sep>[./-])\s?(?P<m>\d{1,2})\s?(?P=sep)\s?(?P<y>\d{4}|\d{2})(?![\d/-]|\.\d)"
)
_ISO = re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)")
#: dateparser's locales of the Latin spelling of languages written in two scripts.
LATIN_LOCALES = {"sr": "sr-Latn", "bs": "bs-Latn"}
_ORDINAL = r"(?:\.|º|°|ª|er|st|nd|rd|th|-?го|-?ого|η|-?ти|-?ри)?"
MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip


@dataclass(frozen=True)
class DateMention:
    """A date in the text: ``text[start:end]``, the day it means, whether a year was written."""

    start: int
    end: int
    date: dt.date
    has_year: bool = True


@lru_cache(maxsize=32)
def month_names(language: str) -> dict[str, int]:
    """Month words of dateparser's locales and of the languages' own ``months`` lists
    (``pii.yaml``) -> month number.

    A listed word takes the month of the locale word it shares the longest start with
    ("siječnja" → "siječanj", "märtsil" → "märts"), at least three letters; lists are
    written by linguists in any order of case forms, so their position is not trusted.
    ``language`` is a code or several joined by "+" (an item with parts in other
    languages); English is always added (dates in English headers are common)."""
    from dateparser.languages.loader import default_loader

    names: dict[str, int] = {}
    codes = [c for code in language.split("+") for c in files.languages_for(code)]
    for code in dict.fromkeys((*codes, *(LATIN_LOCALES.get(c, "") for c in codes), "en")):
        if not code:
            continue
        try:
            info = default_loader.get_locale(code).info
        except (KeyError, ValueError):
            continue
        for number, key in enumerate(MONTH_KEYS, start=1):
            for word in info.get(key, []):
                word = str(word).lower()
                # roman numerals and 2-letter stubs are too ambiguous next to a number
                if len(word) >= 3 and not re.fullmatch(r"[ivxl]+", word):
                    names.setdefault(word, number)
    known = [(fold(k), n) for k, n in sorted(names.items())]  # folded: "ΜΑΪΟΥ" is "μαΐου", "nentor" "nëntor"
    for code in codes:
        for written, given in files.month_words(code):
            word = written.lower().rstrip(".")
            if word in names or len(word) < 3:
                continue
            if given:
                names[word] = given
                continue
            folded = fold(word)
            shared, month = max((_shared_start(folded, k), n) for k, n in known) if known else (0, 0)
            if shared >= 3:
                names[word] = month
    return names


def _shared_start(a: str, b: str) -> int:
    size = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        size += 1
    return size


#: A month name inflects ("decembrim", "oktoobriks", "listopadu"): its stem, the name less
#: its last two letters but at least this long, may take up to ENDING more letters.
STEM = 4
ENDING = 4


def _stem(word: str) -> str:
    return word[: max(STEM, len(word) - 2)]


@lru_cache(maxsize=32)
def month_stems(language: str) -> dict[str, int]:
    """Stem -> month, for the month names of ``language`` long enough to have one; a stem two
    months share (none in the languages here, but a list may hold one) is left out."""
    stems: dict[str, int] = {}
    clashes: set[str] = set()
    for word, number in month_names(language).items():
        if len(word) > STEM:
            stem = _stem(word)
            if stems.setdefault(stem, number) != number:
                clashes.add(stem)
    return {s: n for s, n in stems.items() if s not in clashes}


def _month_of(word: str, language: str) -> int | None:
    word = word.lower()
    exact = month_names(language).get(word)
    if exact is not None:
        return exact
    stems = month_stems(language)
    return next((stems[word[:n]] for n in range(len(word), STEM - 1, -1) if word[:n] in stems), None)


@lru_cache(maxsize=32)
def _textual_patterns(language: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    with list_compiles():  # every month name and stem: 5 to 20 ms
        return _compile_textual(language)


def _compile_textual(language: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    words = longest_first({*month_names(language), *month_stems(language)})
    month = "|".join(re.escape(w) for w in words) + rf")(?:[^\W\d_]{{0,{ENDING}}}"
    dmy = re.compile(
        rf"(?<![\d.])(?P<d>[0-3]?\d){_ORDINAL}\s*(?:de\s+|of\s+|d['’]|ta['’]\s*)?(?P<m>{month})(?![^\W\d_])\.?"
        rf"(?:,?\s*(?:de\s+|del\s+|of\s+)?(?P<y>(?:19|20)\d\d)(?!\d))?",
        re.IGNORECASE,
    )
    # "March 15, 2027": an English month, capitalised, first; the year required. Case-sensitive
    # on purpose: scanning every position case-insensitively costs more than all the rest.
    english = longest_first({f(w) for w in month_names("en") for f in (str.title, str.upper)})
    mdy = re.compile(
        rf"(?<![^\W\d_])(?=[A-Z])(?P<m>{'|'.join(map(re.escape, english))})\.?\s+(?P<d>[0-3]?\d)"
        rf"(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)(?!\d)"
    )
    # "2026. október 22." (Hungarian), "2027 m. kovo 2 d." (Lithuanian)
    ymd = re.compile(
        rf"(?<!\d)(?P<y>(?:19|20)\d\d)(?:\.|\s*m\.)\s*(?P<m>{month})(?![^\W\d_])\s+(?P<d>[0-3]?\d)\.?(?!\d)",
        re.IGNORECASE,
    )
    # "2027. gada 2. martā" (Latvian), "2027 წლის 2 მარტამდე" (Georgian): the year, then the
    # day and the month
    ydm = re.compile(
        rf"(?<!\d)(?P<y>(?:19|20)\d\d)(?:\.\s*gad[aā]|\s*წლის)\s+(?P<d>[0-3]?\d)\.?\s*(?P<m>{month})(?![^\W\d_])",
        re.IGNORECASE,
    )
    return dmy, mdy, ymd, ydm


def _make(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def find_dates(text: str, language: str, base_year: int | None = None) -> list[DateMention]:
    """All dates in ``text``, in order. A date with no year takes ``base_year`` (or is skipped).

    ``language``: a code, or several joined by "+" ("de+fr")."""
    found: list[DateMention] = []
    starts: list[int] = []  # of the spans taken so far, which never overlap: sorted, so one
    ends: list[int] = []  # neighbour tells whether a new span overlaps (a text of 10,000 dates)

    def add(start: int, end: int, date: dt.date | None, has_year: bool = True) -> None:
        at = bisect.bisect_left(starts, end)
        if date is None or (at and ends[at - 1] > start):
            return
        starts.insert(at, start)
        ends.insert(at, end)
        found.append(DateMention(start, end, date, has_year))

    dmy, mdy, ymd, ydm = _textual_patterns(language)
    for match in [*ydm.finditer(text), *ymd.finditer(text), *mdy.finditer(text), *dmy.finditer(text)]:
        year_text = match.group("y")
        if year_text is None and base_year is None:
            continue
        year = int(year_text) if year_text else base_year
        assert year is not None
        month = _month_of(match.group("m"), language)
        date = _make(year, month, int(match.group("d"))) if month else None
        add(match.start(), match.end(), date, year_text is not None)
    for match in _ISO.finditer(text):
        add(match.start(), match.end(), _make(int(match["y"]), int(match["m"]), int(match["d"])))
    for match in _NUMERIC.finditer(text):
        year = int(match["y"])
        if year < 100:
            year += 2000
        add(match.start(), match.end(), _make(year, int(match["m"]), int(match["d"])))
    return sorted(found, key=lambda m: m.start)
