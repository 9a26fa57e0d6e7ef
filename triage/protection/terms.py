"""Per-language term tables for special categories and protected persons, loaded and validated.

The tables are data (``triage/lang/<code>/protection.yaml``) so that adding a language never
touches the detector. ``xx`` is the language-neutral table (abbreviations such as DNA, AFIS,
PTSD that read the same everywhere); it is applied to every item.

Terms are written in the one syntax of every word list (``triage/lang/terms.py``); an
entry ``{term: ..., weight: 0.4}`` is a weak cue, plain strings weigh ``DEFAULT_WEIGHT``.
A code is reported when ``1 - prod(1 - weight)`` over its distinct terms reaches the
detector's threshold, so a weak cue needs company.
"""

from __future__ import annotations

import re
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError, field_validator

from triage.errors import ConfigError
from triage.lang import files
from triage.lang.derived import kept_file_lists, list_compiles
from triage.lang.files import NEUTRAL as NEUTRAL
from triage.lang.fold import fold
from triage.lang.lemmas import forms_for
from triage.lang.terms import Forms, TermError, open_start, term_source
from triage.protection.codes import PROTECTED_PERSONS, SPECIAL_CATEGORIES

STAGE = "protection"
DEFAULT_WEIGHT = 0.9


class WeightedTerm(BaseModel):
    term: str
    weight: float = Field(DEFAULT_WEIGHT, gt=0, le=1)


TermList = list[str | WeightedTerm]


class Negation(BaseModel):
    """Cues that cancel a term when they stand shortly before it in the same clause."""

    before: list[str] = Field(default_factory=list)
    window: int = Field(4, ge=1, le=10, description="how many words before the term are looked at")


class LanguageTable(BaseModel):
    """One language's file, as written by a linguist."""

    negation: Negation = Field(default_factory=Negation)
    special_categories: dict[str, TermList] = Field(default_factory=dict)
    protected_persons: dict[str, TermList] = Field(default_factory=dict)
    damp_proper_names: bool = Field(
        True,
        description="halve a term's weight inside a capitalised name ('Regional Hospital Group'); "
        "off for languages that capitalise every noun",
    )
    minor_age_patterns: list[str] = Field(
        default_factory=list, description="regexes with a named group 'age'; an age under 18 is a minor"
    )
    hearing_titles: TermList = Field(
        default_factory=list,
        description="the title of a record of a hearing ('procès-verbal d'audition', 'протокол допроса'): "
        "the person heard is a witness",
    )

    @field_validator("special_categories")
    @classmethod
    def _known_categories(cls, value: dict[str, TermList]) -> dict[str, TermList]:
        return _check_codes(value, SPECIAL_CATEGORIES, "special category")

    @field_validator("protected_persons")
    @classmethod
    def _known_persons(cls, value: dict[str, TermList]) -> dict[str, TermList]:
        return _check_codes(value, PROTECTED_PERSONS, "protected person kind")

    @field_validator("minor_age_patterns")
    @classmethod
    def _compiles(cls, value: list[str]) -> list[str]:
        for pattern in value:
            if "(?P<age>" not in pattern:
                raise ValueError(f"age pattern {pattern!r} lacks the named group (?P<age>...)")
            re.compile(pattern)
        return value


def _check_codes(value: dict[str, TermList], known: tuple[str, ...], what: str) -> dict[
    str, list[str | WeightedTerm]
]:
    unknown = sorted(set(value) - set(known))
    if unknown:
        raise ValueError(f"unknown {what}(s) {unknown}; known: {list(known)}")
    return value


class CompiledTerm(BaseModel):
    """A term ready to search folded text."""

    model_config = {"arbitrary_types_allowed": True}

    group: str  # "special_categories" or "protected_persons"
    code: str
    term: str
    weight: float
    pattern: re.Pattern[str]
    prefix_open: bool = False
    #: letters written in capitals ("DNA", "HIV-*"): they match only in capitals, not a folded
    #: word ("Dňa"); 0 for an ordinary term
    acronym: int = 0


class CompiledTable(BaseModel):
    model_config = {"arbitrary_types_allowed": True}

    language: str
    terms: list[CompiledTerm]
    negation: frozenset[str]
    negation_window: int
    age_patterns: list[re.Pattern[str]]
    damp_proper_names: bool = True
    #: titles of a record of a hearing, as witness cues (read in the item's title only)
    hearing: list[CompiledTerm] = Field(default_factory=list)


def is_acronym(term: str) -> bool:
    """A term of capitals only, two to five of them ("DNA", "HIV", "LGBT"): an abbreviation."""
    letters = [c for c in term if c.isalpha()]
    return 2 <= len(letters) <= 5 and all(c.isupper() for c in letters) and not term.startswith("re:")


def term_regex(term: str, forms: Forms | None = None) -> re.Pattern[str]:
    """The regex for one term over folded text; the start of the word is checked by the
    matcher (``left=False``): a leading look-behind would stop the regex engine from scanning
    for the term's first literal, which keeps a table of ~150 terms cheap on megabytes of text."""
    return re.compile(term_source(term, left=False, forms=forms))


def available_languages() -> list[str]:
    """Languages that have a table (the neutral one excluded)."""
    return files.available_languages(STAGE)


def parse_table(raw: dict[str, object], path: Path, language: str) -> CompiledTable:
    """Validate and compile one parsed file; errors name the file and the bad entry."""
    return _table(language, _table_lists(raw, path, language))


def _table_lists(raw: dict[str, object], path: Path, language: str) -> dict[str, Any]:
    """The file validated, its terms written as regex sources, as plain data (what is kept)."""
    try:
        table = LanguageTable.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(f"{path}: invalid protection terms: {exc}") from exc
    forms = forms_for(language)
    terms = []
    groups = (
        ("special_categories", table.special_categories),
        ("protected_persons", table.protected_persons),
    )
    for group, mapping in groups:
        for code, entries in mapping.items():
            terms.extend(_sources(path, group, code, entries, forms))
    return {
        "terms": terms,
        "negation": sorted({fold(w) for w in table.negation.before}),
        "negation_window": table.negation.window,
        "age_patterns": table.minor_age_patterns,
        "damp_proper_names": table.damp_proper_names,
        "hearing": _sources(path, "protected_persons", "witness", table.hearing_titles, forms, HEARING_WEIGHT),
    }


def _table(language: str, lists: dict[str, Any]) -> CompiledTable:
    return CompiledTable(
        language=language,
        terms=[_term(*fields) for fields in lists["terms"]],
        negation=frozenset(lists["negation"]),
        negation_window=lists["negation_window"],
        age_patterns=[re.compile(p, re.IGNORECASE) for p in lists["age_patterns"]],
        damp_proper_names=lists["damp_proper_names"],
        hearing=[_term(*fields) for fields in lists["hearing"]],
    )


def _term(group: str, code: str, term: str, weight: float, source: str) -> CompiledTerm:
    return CompiledTerm(
        group=group,
        code=code,
        term=term,
        weight=weight,
        pattern=re.compile(source),
        prefix_open=open_start(term),
        acronym=len(term.rstrip("*")) if is_acronym(term) else 0,
    )


#: The title of a hearing's record is a witness cue of its own (the stage reports at 0.5), a
#: little weaker than the word "witness".
HEARING_WEIGHT = 0.6


def _sources(
    path: Path, group: str, code: str, entries: TermList, forms: Forms | None, default: float = DEFAULT_WEIGHT
) -> list[tuple[str, str, str, float, str]]:
    out = []
    for entry in entries:
        item = entry if isinstance(entry, WeightedTerm) else WeightedTerm(term=entry, weight=default)
        try:
            source = term_regex(item.term, forms).pattern
        except (TermError, re.error) as exc:
            raise ConfigError(f"{path}: bad term {item.term!r} under {code}: {exc}") from exc
        out.append((group, code, item.term, item.weight, source))
    return out


@lru_cache(maxsize=64)
def load_table(language: str) -> CompiledTable | None:
    """The compiled table of ``language`` (ISO 639-1, or ``xx``), or None when there is none.

    What the file compiles to is kept in the cache folder (``kept_file_lists``).
    """
    compile_file = partial(_table_lists, language=language)
    lists = kept_file_lists(STAGE, language, compile_file, [Path(__file__), Path(__file__).with_name("codes.py")])
    if lists is None:
        return None
    with list_compiles():  # ~150 term patterns, stored by ``triage prepare``: read back, not compiled
        return _table(language, lists)
