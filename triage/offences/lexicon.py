"""Per-language offence vocabulary (``triage/lang/<code>/offences.yaml``), compiled for matching.

Adding a language is one YAML file; nothing here names a language. The file holds:

``terms``          code -> legal terms and unambiguous everyday words (weight 1); a key
                   ``code1+code2`` gives a term that names both ("computer fraud")
``weak``           code -> colloquial or ambiguous words (weight ``WEAK_WEIGHT``)
``negation``       cues that, before a term in the same clause, deny it ("no evidence of")
``denial``         cues that deny every term after them in the sentence, across commas
                   ("no evidence was found, in the phone or elsewhere, of drug trafficking")
``negation_after`` cues that, after a term in the same clause, deny it ("... was ruled out")
``hypothetical``   cues that make a term conditional ("whether", "if"): the term counts less
``clause_breaks``  contrast words that end every cue's reach ("but", "however")
``relatives``      words that open a new clause ("that", "which"): they end a short
                   negation's reach, not a sentence-wide denial's
``ignore``         phrases that contain a term but name no offence ("Convention on Cybercrime",
                   the instrument a preservation request cites): they hide the term inside them
``headings``       line openers that name the offence ("Offence:", "Subject:"): terms there weigh more

Term syntax: case and accents are ignored; words are whole words unless ``*`` marks
that any letters may follow (``launder*``) or precede (``"*betrug"``, quoted because YAML
reads a leading * as an alias); a space matches any run of spaces, hyphens or line breaks.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from triage.errors import ConfigError
from triage.offences.taxonomy import load_taxonomy
from triage.yamlfiles import WordLoader, load_yaml

LANG_DIR = Path(__file__).resolve().parent.parent / "lang"
FILE_NAME = "offences.yaml"
#: The language-neutral list (international loanwords such as "phishing"), applied to every item.
NEUTRAL = "xx"
WEAK_WEIGHT = 0.5
#: Code of the ``ignore`` phrases: they win the longest-match contest and then count for nothing.
IGNORE = ""


#: Letters that Unicode does not decompose but that people drop when typing without accents.
_FOLD = {"ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ø": "o", "Ø": "o", "ı": "i", "ς": "σ"}


def normalise(text: str) -> str:
    """Lower case without accents, one output character per input character.

    Keeping the length lets a match's offsets be used on the original text unchanged.
    """
    if text.isascii():
        return text.lower()  # the common case, and lower() keeps the length of ASCII text
    out = []
    for ch in text:
        if ch in _FOLD:
            out.append(_FOLD[ch])
            continue
        base = unicodedata.normalize("NFD", ch)
        kept = "".join(c for c in base if not unicodedata.combining(c)) or ch
        low = kept.lower()
        out.append(low[0] if low else ch)
    return "".join(out)


def _pattern(term: str) -> str:
    """Regex source for one term of the syntax described in the module docstring."""
    words = []
    for word in normalise(term.strip()).split():
        head = r"\w*" if word.startswith("*") else ""
        tail = r"\w*" if word.endswith("*") else ""
        words.append(head + re.escape(word.strip("*")) + tail)
    if not words[0].startswith(r"\w*"):
        words[0] = r"(?<!\w)" + words[0]
    if not words[-1].endswith(r"\w*"):
        words[-1] = words[-1] + r"(?!\w)"
    return r"[\s\-–/]+".join(words)


def _cues(raw: list[str] | None) -> re.Pattern[str] | None:
    if not raw:
        return None
    return re.compile("|".join(_pattern(c) for c in sorted(raw, key=len, reverse=True)))


@cache
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source)


@dataclass(frozen=True)
class Term:
    """One term; its regex is compiled the first time its anchor occurs in a text.

    A language holds thousands of terms and a text meets a few dozen of them: compiling all
    at load took most of a worker's start-up (issue 11), compiling on first use costs little.
    """

    code: str
    term: str
    weight: float
    source: str
    anchor: str = ""  # a literal every match contains: a cheap test before the regex runs

    @property
    def regex(self) -> re.Pattern[str]:
        return _compiled(self.source)

    def finditer(self, norm: str) -> Iterator[re.Match[str]]:
        return self.regex.finditer(norm) if self.anchor in norm else iter(())


def _anchor(term: str) -> str:
    """The longest literal piece of a term (its words without the ``*`` wildcards)."""
    return max((w.strip("*") for w in normalise(term.strip()).split()), key=len, default="")


@dataclass(frozen=True)
class Lexicon:
    """One language's compiled vocabulary."""

    language: str
    terms: tuple[Term, ...]
    negation: re.Pattern[str] | None = None
    denial: re.Pattern[str] | None = None
    negation_after: re.Pattern[str] | None = None
    hypothetical: re.Pattern[str] | None = None
    clause_breaks: re.Pattern[str] | None = None
    relatives: re.Pattern[str] | None = None
    headings: re.Pattern[str] | None = None
    codes: frozenset[str] = field(default_factory=frozenset)


def _terms(section: dict[str, list[str]] | None, weight: float, known: set[str], where: Path) -> list[Term]:
    out: list[Term] = []
    seen: set[tuple[str, str]] = set()
    for key, words in (section or {}).items():
        codes = str(key).split("+")  # "cybercrime+fraud": a term that names both ("computer fraud")
        for code in codes:
            if code not in known and code != IGNORE:
                raise ConfigError(f"{where}: unknown offence code {code!r}; known: {sorted(known)}")
        for word in words or []:
            source = _pattern(str(word))
            for code in codes:
                if (code, source) not in seen:  # "łapówk*" and "lapowk*" are one term once normalised
                    seen.add((code, source))
                    out.append(Term(code, str(word), weight, source, _anchor(str(word))))
    return out


def parse_lexicon(language: str, raw: dict[str, Any], where: Path) -> Lexicon:
    """Compile a parsed YAML mapping; unknown codes are a configuration error."""
    known = set(load_taxonomy().codes)
    terms = (
        _terms(raw.get("terms"), 1.0, known, where)
        + _terms(raw.get("weak"), WEAK_WEIGHT, known, where)
        + _terms({IGNORE: raw.get("ignore") or []}, 0.0, known, where)
    )
    return Lexicon(
        language=language,
        terms=tuple(terms),
        negation=_cues(raw.get("negation")),
        denial=_cues(raw.get("denial")),
        negation_after=_cues(raw.get("negation_after")),
        hypothetical=_cues(raw.get("hypothetical")),
        clause_breaks=_cues(raw.get("clause_breaks")),
        relatives=_cues(raw.get("relatives")),
        headings=_cues(raw.get("headings")),
        codes=frozenset(t.code for t in terms if t.code != IGNORE),
    )


@lru_cache(maxsize=64)
def load_lexicon(language: str) -> Lexicon | None:
    """The compiled lexicon of ``language``, or None when the language has no offence file."""
    if not re.fullmatch(r"[a-z]{2,3}", language or ""):
        return None
    path = LANG_DIR / language / FILE_NAME
    if not path.is_file():
        return None
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"), WordLoader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"offence terms {path} cannot be read: {exc}") from exc
    return parse_lexicon(language, raw, path)


def available_languages() -> list[str]:
    return sorted(p.parent.name for p in LANG_DIR.glob(f"*/{FILE_NAME}"))
