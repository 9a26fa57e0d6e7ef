"""Loads the per-language PII data (``triage/lang/<code>/pii.yaml``) and merges it.

Items quote foreign documents (a German order names a Polish PESEL, a French letter a
Georgian passport), so context words are matched from *all* languages at once; only the
phone regions, the person-name spaCy pipeline and inflection depend on the item's language.
``xx`` holds language-neutral data (company suffixes, car makes, acronyms).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import regex

from triage.errors import ConfigError
from triage.lang import files
from triage.lang.files import NEUTRAL
from triage.lang.terms import longest_first
from triage.vocabulary import Role

STAGE = "pii"
ROLES: tuple[str, ...] = tuple(Role)
VICTIM_CUE_SLOTS: tuple[str, ...] = ("after", "before", "agent", "clause")
CONTEXT_KINDS: tuple[str, ...] = (
    "date_of_birth", "passport", "vehicle_plate", "username", "address", "bank_account",
    "switchboard", "greeting", "alias", "person_before", "home_after", "org_words", "legal_form",
    "phone", "mobile", "company", "heard",
)  # fmt: skip


#: Role and naming words are common words elsewhere (Dutch 'man' is a husband, English 'man'
#: is not), so they count only in the item's own language (all languages when it is unknown).
OWN_LANGUAGE_KINDS: frozenset[str] = frozenset({*ROLES, "person_before", "alias", "greeting", "heard"})


@dataclass
class PiiLangData:
    """Context words of every language, merged, plus per-language settings."""

    context: dict[str, list[str]] = field(default_factory=dict)
    roles: dict[str, list[str]] = field(default_factory=dict)
    titles: list[str] = field(default_factory=list)
    street_words: list[str] = field(default_factory=list)
    street_suffixes: list[str] = field(default_factory=list)
    months: list[str] = field(default_factory=list)
    stopwords: set[str] = field(default_factory=set)
    neutral_stopwords: set[str] = field(default_factory=set)  # xx only: acronyms, brands
    #: language -> the words its own file lists as no names (stopwords, context and role words)
    own_stopwords: dict[str, frozenset[str]] = field(default_factory=dict)
    prepositions: set[str] = field(default_factory=set)  # locative: 'in Málaga', 'we Wrocławiu'
    #: language -> its own locative prepositions, which are other words elsewhere: Swedish "i"
    #: (in) is Croatian "and", Czech "z" (from) is Polish "with" ("z Kubą")
    prepositions_of: dict[str, frozenset[str]] = field(default_factory=dict)
    generic_mailbox: set[str] = field(default_factory=set)
    #: providers of personal mailboxes (``gmail``, ``gmx``): a scan's "@" read as a letter or a
    #: digit is taken back only before one of these, or before a domain the item spells with "@"
    webmail: set[str] = field(default_factory=set)
    #: "personal", "private" in every language: between a company word and an account they
    #: make it someone's own ("not to the company's account but to my personal one: TR90 …")
    personal_words: list[str] = field(default_factory=list)
    phone_regions: dict[str, list[str]] = field(default_factory=dict)
    inflected: set[str] = field(default_factory=set)
    #: languages that write the family name first ("Kovács János"), not only in forms
    surname_first: set[str] = field(default_factory=set)
    #: language -> kind -> words, for the kinds that only count in the item's own language
    by_lang: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    #: language -> slot ('after', 'before', 'agent', 'clause') -> victim cues (``victim_cues.py``)
    victim_cues: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    _named_stopwords: frozenset[str] | None = field(default=None, repr=False)
    _stopwords_of: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _prepositions_for: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def stopwords_for(self, language: str, is_name: Callable[[str], bool]) -> frozenset[str]:
        """Every language's stopwords less the names (``is_name``) that only other languages
        list as stopwords ("Ante", a Spanish preposition, is a Croatian first name; "Stan", a
        Polish noun, a Romanian surname). Worked out once per language."""
        if language not in self._stopwords_of:
            if self._named_stopwords is None:
                self._named_stopwords = frozenset(w for w in self.stopwords if is_name(w))
            own = self.own_words(language)
            self._stopwords_of[language] = frozenset(self.stopwords - (self._named_stopwords - own))
        return self._stopwords_of[language]

    def own_words(self, language: str) -> frozenset[str]:
        """The words the language's own file and the neutral one list as no names."""
        return self.own_stopwords.get(language, frozenset()) | self.own_stopwords.get(NEUTRAL, frozenset())

    def prepositions_for(self, language: str | None) -> frozenset[str]:
        """The neutral list's prepositions and the item language's own (worked out once)."""
        key = language or ""
        if key not in self._prepositions_for:
            self._prepositions_for[key] = frozenset(self.prepositions) | self.prepositions_of.get(key, frozenset())
        return self._prepositions_for[key]


#: Context kinds whose words take case endings in running text ("v Passatu", "cu Loganul",
#: "Opellel"): how many letters may follow them.
INFLECTED_KINDS = {"vehicle_plate": 4}


def keyword_pattern(words: list[str], endings: int = 0) -> regex.Pattern[str]:
    """Whole-word alternation, longest first; a word that ends in '.' needs no boundary after it;
    ``endings`` letters may follow a word (its case endings)."""
    parts = []
    for w in longest_first({w for w in words if w}):
        esc = regex.escape(w).replace(r"\ ", r"\s+")
        tail = "" if not w[-1].isalnum() else (rf"\w{{0,{endings}}}" if endings else "") + r"(?!\w)"
        parts.append(esc + tail)
    if not parts:
        return regex.compile(r"(?!x)x")
    return regex.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", regex.IGNORECASE)


def _read(code: str) -> dict[str, Any]:
    return files.read(code, STAGE)


def available_languages() -> list[str]:
    return files.available_languages(STAGE)


@lru_cache(maxsize=1)
def load_lang_data() -> PiiLangData:
    """All languages' data merged (cached per process)."""
    out = PiiLangData()
    for code in ["xx", *available_languages()]:
        raw = _read(code)
        mine = out.by_lang.setdefault(code, {})
        for kind, words in (raw.get("context") or {}).items():
            if kind in OWN_LANGUAGE_KINDS:
                mine.setdefault(kind, []).extend(str(w) for w in words or [])
            if kind not in CONTEXT_KINDS:
                raise ConfigError(f"{code}/pii.yaml: unknown context kind {kind!r}; known: {CONTEXT_KINDS}")
            out.context.setdefault(kind, []).extend(str(w) for w in words or [])
        for role, words in (raw.get("roles") or {}).items():
            if role not in ROLES:
                raise ConfigError(f"{code}/pii.yaml: unknown role {role!r}; known: {ROLES}")
            out.roles.setdefault(role, []).extend(str(w) for w in words or [])
            mine.setdefault(role, []).extend(str(w) for w in words or [])
        for slot, words in (raw.get("victim_cues") or {}).items():
            if slot not in VICTIM_CUE_SLOTS:
                raise ConfigError(f"{code}/pii.yaml: unknown victim_cues slot {slot!r}; known: {VICTIM_CUE_SLOTS}")
            out.victim_cues.setdefault(code, {}).setdefault(slot, []).extend(str(w) for w in words or [])
        out.titles.extend(str(w) for w in raw.get("titles") or [])
        out.street_words.extend(str(w) for w in raw.get("street_words") or [])
        out.street_suffixes.extend(str(w) for w in raw.get("street_suffixes") or [])
        out.months.extend(word for word, _ in files.month_words(code))
        out.stopwords.update(str(w).lower() for w in raw.get("stopwords") or [])
        own = [*(raw.get("stopwords") or []), *(raw.get("titles") or []), *(raw.get("street_words") or [])]
        own += [w for words in (raw.get("context") or {}).values() for w in words or []]
        own += [w for words in (raw.get("roles") or {}).values() for w in words or []]
        out.own_stopwords[code] = frozenset(t.lower().strip(".:") for w in own for t in str(w).split())
        if code == "xx":
            out.neutral_stopwords.update(str(w).lower() for w in raw.get("stopwords") or [])
        out.generic_mailbox.update(str(w).lower() for w in raw.get("generic_mailbox") or [])
        out.webmail.update(str(w).lower() for w in raw.get("webmail") or [])
        out.personal_words.extend(str(w) for w in raw.get("personal_words") or [])
        words = {str(w).lower() for w in raw.get("prepositions") or []}
        if code == NEUTRAL:
            out.prepositions.update(words)
        elif words:
            out.prepositions_of[code] = frozenset(words)
        if raw.get("phone_regions"):
            out.phone_regions[code] = [str(r).upper() for r in raw["phone_regions"]]
        if str(raw.get("inflected", "")).lower() in ("true", "yes"):
            out.inflected.add(code)
        if str(raw.get("surname_first", "")).lower() in ("true", "yes"):
            out.surname_first.add(code)
    for role in ROLES:
        out.roles.setdefault(role, [])
    # Every context, role and title word is also a word that is not a name. Month names are
    # not: one language's month is another's first name (Latvian "marta", "maija").
    for words in [*out.context.values(), *out.roles.values(), out.titles, out.street_words]:
        for w in words:
            out.stopwords.update(t.lower().strip(".:") for t in w.split())
    return out
