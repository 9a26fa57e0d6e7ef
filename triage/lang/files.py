"""The one loader of the per-language data files: ``triage/lang/<code>/<stage>.yaml``.

Every stage (offences, urgency, protection, pii) reads its files here, so a file is found,
parsed and refused the same way everywhere: every scalar is a string ("no" is a word, not
a boolean), the top is a mapping, and a broken file is a ``ConfigError`` naming the file.
Languages that share a written standard read each other's files: Bosnian and Montenegrin
documents are read with the Croatian and Serbian lists (issue 9 counts them as one).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from triage.errors import ConfigError
from triage.yamlfiles import WordLoader, load_yaml

LANG_DIR = Path(__file__).resolve().parent
#: The language-neutral lists (loanwords, acronyms), read for every item.
NEUTRAL = "xx"
STAGES = ("offences", "urgency", "protection", "pii")
#: Languages without files of their own, and the languages whose files they read.
READS: dict[str, tuple[str, ...]] = {"bs": ("hr", "sr"), "me": ("sr", "hr"), "sh": ("hr", "sr")}
_CODE = re.compile(r"[a-z]{2,3}")


def path_of(code: str, stage: str) -> Path:
    return LANG_DIR / code / f"{stage}.yaml"


def has(code: str, stage: str) -> bool:
    """Whether ``code`` is a language code with a file for ``stage``."""
    return _CODE.fullmatch(code) is not None and path_of(code, stage).is_file()


@lru_cache(maxsize=256)
def read(code: str, stage: str) -> dict[str, Any]:
    """The parsed file of ``code`` for ``stage``; ``{}`` when the language has none."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}; known: {STAGES}")
    path = path_of(code, stage)
    if not has(code, stage):
        return {}
    try:
        data = load_yaml(path.read_text(encoding="utf-8"), WordLoader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path} cannot be read: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top, found {type(data).__name__}")
    if code in CHAT_LATIN and stage in TERM_STAGES:
        data = _with_latin(data, CHAT_LATIN[code])
    return data


#: The stages whose lists are terms matched on folded text.
TERM_STAGES = ("offences", "urgency", "protection")
#: How chats write Macedonian, Bulgarian, Russian and Ukrainian in Latin letters, without
#: diacritics ("ke se frlam od zgradata vecerva", "shte te ubiya", "ya tebya ubyu"): every
#: Cyrillic term of these languages is matched in this spelling too.
CHAT_LATIN: dict[str, dict[int, str]] = {
    "mk": str.maketrans({
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ѓ": "g", "е": "e", "ж": "z", "з": "z", "ѕ": "dz",
        "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o", "п": "p",
        "р": "r", "с": "s", "т": "t", "ќ": "k", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "c", "џ": "dz",
        "ш": "s",
    }),
    "bg": str.maketrans({
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i", "й": "y",
        "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
        "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht", "ъ": "a", "ь": "y", "ю": "yu",
        "я": "ya",
    }),
    "ru": str.maketrans({
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
        "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sch", "ъ": "", "ы": "y", "ь": "",
        "э": "e", "ю": "yu", "я": "ya",
    }),
    "uk": str.maketrans({
        "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ye", "ж": "zh", "з": "z",
        "и": "y", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
        "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
        "щ": "shch", "ь": "", "ю": "yu", "я": "ya",
    }),
}  # fmt: skip
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_PATTERN = re.compile(r"[\\()\[\]{}?+^$]")
_CLASS = re.compile(r"\[[^\]]*\]")


def _latin_safe(item: str, table: dict[int, str]) -> bool:
    """A term, or a raw regex ("re:…") whose bracket classes hold no letter spelt with two
    Latin letters ("[шж]" would become "[shzh]"); not a pattern of another kind (an age pattern)."""
    if not item.startswith("re:"):
        return _PATTERN.search(item) is None
    return not any(len(table.get(ord(c), c)) > 1 for cls in _CLASS.findall(item) for c in cls)


def _with_latin(data: Any, table: dict[int, str]) -> Any:
    """``data`` with each list's Cyrillic terms followed by their Latin chat spelling."""
    if isinstance(data, dict):
        return {key: _with_latin(value, table) for key, value in data.items()}
    if isinstance(data, list):
        out = []
        for item in data:
            out.append(_with_latin(item, table))
            if isinstance(item, str) and _CYRILLIC.search(item) and _latin_safe(item, table):
                latin = item.translate(table)
                if not _CYRILLIC.search(latin):
                    out.append(latin)
        return out
    return data


def languages_for(code: str | None) -> tuple[str, ...]:
    """The languages whose files read an item in ``code``: its own, or those it shares a standard with."""
    if not code:
        return ()
    return READS.get(code, (code,))


def available_languages(stage: str) -> list[str]:
    """Languages with a file for ``stage`` (the neutral one excluded)."""
    return list(_available(LANG_DIR, stage))


@lru_cache(maxsize=16)
def _available(folder: Path, stage: str) -> tuple[str, ...]:
    """Looked up once a process: a stage asks for every item (a glob over 37 folders)."""
    return tuple(sorted(p.parent.name for p in folder.glob(f"*/{stage}.yaml") if p.parent.name != NEUTRAL))


def month_words(code: str) -> list[tuple[str, int | None]]:
    """The month words of ``code``'s ``pii.yaml``, with their month where the file gives it.

    ``months`` is a list (the month of each word is found from its spelling, "siječnja" from
    "siječanj") or a mapping of month number to words, for names that share no start with the
    standard ones: Maghrebi "شتنبر" and Levantine "أيلول" are September, "سبتمبر"."""
    raw = read(code, "pii").get("months") or []
    if isinstance(raw, dict):
        out: list[tuple[str, int | None]] = []
        for number, words in raw.items():
            if not str(number).isdigit() or not 1 <= int(number) <= 12:
                raise ConfigError(f"{path_of(code, 'pii')}: months: {number!r} is no month number (1-12)")
            out += [(str(w), int(number)) for w in words or []]
        return out
    return [(str(w), None) for w in raw]
