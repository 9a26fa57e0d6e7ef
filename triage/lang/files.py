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


@lru_cache(maxsize=256)
def read(code: str, stage: str) -> dict[str, Any]:
    """The parsed file of ``code`` for ``stage``; ``{}`` when the language has none."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}; known: {STAGES}")
    path = path_of(code, stage)
    if not _CODE.fullmatch(code) or not path.is_file():
        return {}
    try:
        data = load_yaml(path.read_text(encoding="utf-8"), WordLoader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path} cannot be read: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top, found {type(data).__name__}")
    return data


def languages_for(code: str | None) -> tuple[str, ...]:
    """The languages whose files read an item in ``code``: its own, or those it shares a standard with."""
    if not code:
        return ()
    return READS.get(code, (code,))


def available_languages(stage: str) -> list[str]:
    """Languages with a file for ``stage`` (the neutral one excluded)."""
    return sorted(p.parent.name for p in LANG_DIR.glob(f"*/{stage}.yaml") if p.parent.name != NEUTRAL)


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
