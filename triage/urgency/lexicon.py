"""Urgency cue words as data: one ``triage/lang/<code>/urgency.yaml`` per language.

Why data: adding a language or a colloquial phrase must never touch the rules. Each file
lists terms in the one syntax of every word list (``triage/lang/terms.py``), matched on
folded text (``Sentences.folded``: no case, no accents, same offsets).
``triage/lang/xx/urgency.yaml`` holds language-neutral cues applied to every item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from triage.errors import ConfigError
from triage.lang import files
from triage.lang.derived import kept_lists, list_compiles
from triage.lang.files import NEUTRAL
from triage.lang.fold import fold
from triage.lang.lemmas import forms_for
from triage.lang.terms import TermError, longest_first, open_start, term_source

STAGE = "urgency"

#: The reasons of shared/eval/SCHEMA.md that cue words detect directly (``deadline`` is derived).
CUE_REASONS = (
    "threat_to_life",
    "child_at_risk",
    "custody",
    "evidence_loss",
    "data_preservation",
    "asset_flight",
    "hearing_date",
    "limitation_period",
)
#: Cue lists that are not reasons themselves but move the level (markers, reversals).
LEVEL_CUES = (
    "child_words",
    "violent_act",
    "planned",
    "imminent",
    "immediate_marker",
    "urgent_marker",
    "not_urgent",
    "released",
    "rescued",
    "expired",
    "term_expiry",
    "sale",
)
#: Other cue lists a file may hold (all optional).
CUE_LISTS = (
    *LEVEL_CUES,
    "negation",
    "triggers",
    "triggers_after",
    "strong_triggers",
    "request",
    "anaphora",
    "deletion",
    "within",
    "within_after",
    "anchors",
    "today",
    "tomorrow",
)
UNITS = ("hour", "day", "week", "month")
#: The terms of a cue list whose own words hold a negation ("you won't see tomorrow", "jutra
#: nie dożyjesz"), kept again under the list's name and this suffix: the negation inside such
#: a match is the term's, no reversal of it.
OWN_NEGATION = "+own_negation"


def _source(terms: list[tuple[str, str]], where: str) -> str | None:
    """One pattern for (term, language) pairs: each word inflected as its own language does."""
    if not terms:
        return None
    try:
        closed = [term_source(t, left=False, forms=forms_for(code)) for t, code in terms if not open_start(t)]
        opened = [term_source(t, forms=forms_for(code)) for t, code in terms if open_start(t)]
    except TermError as exc:
        raise ConfigError(f"bad urgency term in {where}: {exc}") from exc
    # one look-behind for the whole alternation: six times faster than one per term
    parts = ([r"(?<!\w)(?:" + "|".join(closed) + ")"] if closed else []) + opened
    return "|".join(parts)


@dataclass(frozen=True)
class UrgencyLexicon:
    """Compiled cues of one language (or of several merged)."""

    languages: tuple[str, ...]
    cues: dict[str, re.Pattern[str]] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)  # unit word (lower case) -> unit

    def get(self, name: str) -> re.Pattern[str] | None:
        return self.cues.get(name)

    @property
    def unit_pattern(self) -> str:
        words = longest_first(self.units)
        return "|".join(re.escape(w) for w in words) or r"(?!x)x"

    @property
    def number_pattern(self) -> str:
        words = longest_first(self.numbers)
        return "|".join([r"\d{1,3}", *(re.escape(w) for w in words)])


def _read(code: str) -> dict[str, Any]:
    raw = files.read(code, STAGE)
    unknown = set(raw) - {*CUE_REASONS, *CUE_LISTS, "numbers", "units"}
    if unknown:
        raise ConfigError(
            f"{files.path_of(code, STAGE)}: unknown keys {sorted(unknown)}; known: {[*CUE_REASONS, *CUE_LISTS]}"
        )
    return raw


def available_languages() -> list[str]:
    """Languages with an urgency file (the neutral one excluded)."""
    return files.available_languages(STAGE)


@lru_cache(maxsize=64)
def load_lexicon(codes: tuple[str, ...]) -> UrgencyLexicon:
    """Merge the neutral cues with those of ``codes`` (unknown languages add nothing; Bosnian
    reads the Croatian and Serbian files).

    The merged lists, written as regex sources, are kept in the cache folder (``kept_lists``).
    """
    read = tuple(dict.fromkeys((NEUTRAL, *(c for language in codes for c in files.languages_for(language)))))
    name = f"{STAGE}-{'+'.join(read)}"
    lists = kept_lists(name, [*(files.path_of(c, STAGE) for c in read), Path(__file__)], lambda: _merged(read))
    with list_compiles():  # stored by ``triage prepare``: each pattern is read back, not compiled
        cues = {key: re.compile(source) for key, source in lists["cues"].items()}
    return UrgencyLexicon(languages=codes, cues=cues, numbers=lists["numbers"], units=lists["units"])


def _merged(read: tuple[str, ...]) -> dict[str, Any]:
    """The cue lists of the files ``read``, merged and written as regex sources (what is kept)."""
    merged: dict[str, list[tuple[str, str]]] = {}
    numbers: dict[str, int] = {}
    units: dict[str, str] = {}
    for code in read:
        raw = _read(code)
        for key, value in raw.items():
            if key == "numbers":
                numbers.update({fold(str(k)): int(v) for k, v in (value or {}).items()})
            elif key == "units":
                for unit, words in (value or {}).items():
                    if unit not in UNITS:
                        raise ConfigError(f"urgency.yaml ({code}): unit {unit!r}; known: {list(UNITS)}")
                    units.update({fold(str(w)): unit for w in words})
            else:
                merged.setdefault(key, []).extend((str(p), code) for p in (value or []))
    cues = {k: source for k, v in merged.items() if (source := _source(v, f"{read}:{k}")) is not None}
    negation = re.compile(cues["negation"]) if "negation" in cues else None
    for key in (*CUE_REASONS, *LEVEL_CUES):
        own = [t for t in merged.get(key, []) if negation is not None and negation.search(fold(t[0]))]
        if own and (source := _source(own, f"{read}:{key}")) is not None:
            cues[key + OWN_NEGATION] = source
    return {"cues": cues, "numbers": numbers, "units": units}
