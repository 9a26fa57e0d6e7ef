"""The one term syntax of every word list in ``triage/lang``, compiled to regular expressions.

Why one syntax: linguists edit these lists, language by language, for every stage; a term
must mean the same thing in an offence list, an urgency list and a protection list. Terms
are matched on *folded* text (``fold``: lower case, no diacritics, same length, so offsets
stay valid), which is why "zagrozenie zycia" typed without accents still matches.

- words separated by spaces; a space matches any run of spaces, hyphens, slashes or line
  breaks ("money laundering" matches "money-laundering");
- ``word*``: the word may continue (``launder*``: laundered, laundering); ``*word``: it may
  start earlier (``*betrug``: Anlagebetrug; quote it in YAML, where a leading * is an alias);
- ``*`` alone: any one word (``of * origin``);
- ``a|b|c``: one word, any of these (``kill|shoot|stab``; each may carry its own ``*``);
- ``~``: up to ``GAP`` words in between (``threaten* ~ kill*``), a number such as "3,000" one of them;
- ``~~``: anything in between, up to ``WINDOW`` characters, within one sentence (commas and
  all: ``holding|held him ~~ until ~ pay*`` reads "held him, she says, until the family pays");
- ``=word``: the word and every inflected form of it that the language's lemma dictionary
  knows (``lemmas.py``): written once, it matches its cases and conjugations;
- ``re:<regex>``: a raw regular expression over folded text, for the few cues no term can say
  (``re:\\d{1,2}[- ]year[- ]old``); its literal letters are folded like the text.
  One that opens with a group of literal alternatives (``re:(?<!\\w)(?:took|kept)…``) is read
  only where one of them stands (``openers``), as is a term of alternatives only (``stab*|shot``).

A term starts and ends on a word boundary unless a ``*`` opens that end.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from itertools import pairwise

from triage.lang.fold import fold

SPACE = r"[\s\-–/]+"
WORD = r"\w+"
GAP = 5
#: A word a gap may pass over: a number with its thousands separator ("3,000", "3.000") is one.
GAP_WORD = r"(?:\d+(?:[.,]\d+)*|\w+)"
#: ``~~``: later in the same sentence, at most this many characters on, with no sentence end
#: (a full stop, "!", "?", ";" or a line break) between; a full stop inside a number is none.
WINDOW = 60
WINDOW_SOURCE = rf"(?:[^.!?\n;]|\.(?=\d)){{0,{WINDOW}}}?"
SENTENCE_GAP = "~~"
GAPS = ("~", SENTENCE_GAP)
RAW = "re:"
#: The inflected forms of a lemma in a language (``lemmas.forms``), or None to skip lemmas.
Forms = Callable[[str], tuple[str, ...]]


class TermError(ValueError):
    """A term that does not compile; the message names the term."""


def fold_regex(source: str) -> str:
    """Fold the literal letters of a regex, leaving escapes (``\\W``, ``\\S``, ``\\d``) alone."""
    out: list[str] = []
    i = 0
    while i < len(source):
        if source[i] == "\\" and i + 1 < len(source):
            out.append(source[i : i + 2])
            i += 2
            continue
        out.append(fold(source[i]))
        i += 1
    return "".join(out)


def longest_first(words: Iterable[str]) -> list[str]:
    """Distinct words, longest first (an alternation tries them in order), ties in a fixed
    order: a pattern's source must not change between processes, or the regex cache misses."""
    return sorted(set(words), key=lambda w: (-len(w), w))


def trie_alternation(words: Iterable[str], char: Callable[[str], str] = re.escape) -> str:
    """A regex that matches what the alternation of ``words`` longest first matches, written as
    a trie ("rue|route|ruelle" as "r(?:ue(?:lle)?|oute)").

    Why: both regex engines try the branches of an alternation one by one at each position of
    the text; over hundreds of words (every language's street words) that was most of a
    recogniser's time, and the trie tests one branch per letter. Two words can both match at a
    position only when one is the other's start, and the trie tries the longer first, as
    ``longest_first`` does. ``char`` writes one character of a word as regex.
    """
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in sorted(set(words)):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def branch(node: dict) -> str:  # type: ignore[type-arg]
        alts = [char(ch) + branch(sub) for ch, sub in node.items() if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and "" not in node else "(?:" + "|".join(alts) + ")"
        return body + "?" if "" in node else body

    return branch(trie)


def _variants(word: str, forms: Forms | None) -> list[str]:
    """The folded spellings a word of a term stands for: itself, and its inflected forms
    when it is a plain word (or ``=word``) and ``forms`` knows it."""
    core = word.strip("*").removeprefix("=")
    plain = "*" not in word and "|" not in word
    known = forms(core) if plain and forms is not None else ()
    return longest_first({fold(v) for v in (core, *known)})


def _word(word: str, forms: Forms | None, *, first: bool = False, last: bool = False) -> str:
    """One word of a term; when its alternatives differ in how they end ("kan|kanama*"), each
    carries its own boundary, so that the plain one stays a whole word ("kan", not "kanun")."""
    alts = word.split("|")
    mixed_end = last and len({a.endswith("*") for a in alts}) > 1
    mixed_start = first and len({a.startswith("*") for a in alts}) > 1
    alternatives = []
    for alt in alts:
        if alt == "*":
            alternatives.append(WORD)
            continue
        head = r"\w*" if alt.startswith("*") else (r"(?<!\w)" if mixed_start else "")
        tail = r"\w*" if alt.endswith("*") else (r"(?!\w)" if mixed_end else "")
        if not alt.strip("*").removeprefix("="):
            raise TermError(f"empty word in {word!r}")
        variants = _variants(alt, forms if alt == word else None)
        body = re.escape(variants[0]) if len(variants) == 1 else "(?:" + "|".join(map(re.escape, variants)) + ")"
        alternatives.append(head + body + tail)
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


def term_source(term: str, *, left: bool = True, forms: Forms | None = None) -> str:
    """Regex source of one term over folded text.

    ``left=False`` leaves out the word boundary at the start, for a caller that checks it
    itself: a leading look-behind stops the regex engine from scanning for the term's first
    literal, which is what makes a table of many terms cheap on long texts.
    """
    term = term.strip()
    if term.startswith(RAW):
        source = fold_regex(term[len(RAW) :])
        try:
            re.compile(source)
        except re.error as exc:
            raise TermError(f"bad regex in term {term!r}: {exc}") from exc
        return (r"(?<!\w)" if left else "") + "(?:" + source + ")"
    words = term.split()
    if not words or all(w.strip("*|") == "" and w != "*" for w in words):
        raise TermError(f"empty term {term!r}")
    if words[0] in GAPS or words[-1] in GAPS or any(a in GAPS and b in GAPS for a, b in pairwise(words)):
        raise TermError(f"{term!r}: '~' and '~~' stand between two words")
    source = ""
    gap = ""
    for i, word in enumerate(words):
        if word in GAPS:
            gap = word
            continue
        windowed = i + 1 < len(words) and words[i + 1] == SENTENCE_GAP
        if gap == SENTENCE_GAP:
            source += WINDOW_SOURCE + ("" if _opens_left(word) else r"(?<!\w)")
        elif source:
            source += SPACE + (f"(?:{GAP_WORD}{SPACE}){{0,{GAP}}}" if gap else "")
        source += _word(word, forms, first=not source or gap == SENTENCE_GAP, last=i == len(words) - 1 or windowed)
        if windowed and not _opens_right(word):
            source += r"(?!\w)"
        gap = ""
    if left and not _opens_left(words[0]):
        source = r"(?<!\w)" + source
    if not _opens_right(words[-1]):
        source += r"(?!\w)"
    return source


def _opens_left(word: str) -> bool:
    """``*`` or ``*word`` (among its alternatives): no word boundary before it."""
    return word == "*" or any(a.startswith("*") and a != "*" for a in word.split("|"))


def _opens_right(word: str) -> bool:
    return word == "*" or any(a.endswith("*") for a in word.split("|"))


def open_start(term: str) -> bool:
    """``*word`` (the word may start earlier), as opposed to ``* word`` (any word, then ``word``)."""
    first = term.strip().split(" ", 1)[0]
    return first != "*" and any(a.startswith("*") for a in first.split("|"))


def _shared_start(words: list[str]) -> str:
    first, last = min(words), max(words)
    size = next((i for i, (a, b) in enumerate(zip(first, last, strict=False)) if a != b), min(len(first), len(last)))
    return first[:size]


def anchor(term: str, forms: Forms | None = None) -> str:
    """The longest literal every match of a term contains: a cheap test before the regex.

    For a word with inflected forms or alternatives, the start they all share ("dziec" for
    dziecko, dzieci; "" for kill|shoot); empty for a raw regex: it always runs.
    """
    if term.strip().startswith(RAW):
        return ""
    pieces = []
    for word in term.split():
        alternatives = word.split("|")
        if word in GAPS or "*" in alternatives:
            continue
        pieces.append(_shared_start([v for alt in alternatives for v in _variants(alt, forms)]))
    return max(pieces, key=len, default="")


#: An anchor this long tells enough by itself ("h" of "him|her" stands in most sentences).
TELLING = 3
_LITERAL = re.compile(r"[^\\()\[\]?*+{}.|^$]+")


def _top_alternatives(source: str) -> list[str] | None:
    r"""The top-level alternatives of the group ``source`` opens with ("(?<!\w)(?:a|b(?!\w))"), or None."""
    body = source.removeprefix("(?<!\\w)")
    if not body.startswith("(?:"):
        return None
    parts: list[str] = []
    depth, current, i = 0, "", 3
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            current += body[i : i + 2]
            i += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:  # the group is required: no quantifier after it
                return None if body[i + 1 : i + 2] in ("?", "*", "{") else [*parts, current]
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(current)
            current = ""
            i += 1
            continue
        current += ch
        i += 1
    return None


def openers(term: str, forms: Forms | None = None) -> tuple[str, ...]:
    """Words one of which stands in every match of a term, when ``anchor`` has little to give
    (fewer than ``TELLING`` letters): a text holding none of them is skipped unread.

    A raw regex that opens with a group of literal alternatives gives the literal start of
    each (a sentence-windowed description would run on every sentence otherwise); a term made
    of alternatives only ("stab*|shot|shoot*") gives those of its most telling word. Empty
    otherwise: the term always runs.
    """
    if not term.strip().startswith(RAW):
        if len(anchor(term, forms)) >= TELLING:
            return ()
        choices = [
            tuple(dict.fromkeys(v for alt in word.split("|") for v in _variants(alt, forms if alt == word else None)))
            for word in term.split()
            if word not in GAPS and "*" not in word.split("|")
        ]
        return max(choices, key=lambda words: min(map(len, words)), default=())
    alternatives = _top_alternatives(fold_regex(term.strip()[len(RAW) :]))
    if not alternatives:
        return ()
    starts = []
    for alternative in alternatives:
        text = alternative.replace("\\s+", " ")
        literal = _LITERAL.match(text)
        if literal is None:
            return ()
        word = literal.group()
        if text[literal.end() : literal.end() + 1] in ("?", "*", "{"):
            word = word[:-1]  # "kidnapp?ed": the last letter is optional
        if not word.split(" ")[0]:
            return ()
        starts.append(word.split(" ")[0])
    return tuple(dict.fromkeys(starts))


def compile_terms(terms: list[str], *, forms: Forms | None = None) -> re.Pattern[str] | None:
    """One pattern for a list of terms, the longest first (so the longest match wins)."""
    if not terms:
        return None
    return re.compile("|".join(term_source(t, forms=forms) for t in longest_first(terms)))
