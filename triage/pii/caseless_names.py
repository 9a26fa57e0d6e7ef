"""Person names in scripts without capital letters (Georgian, Arabic), where no run of
capitalised words marks a name.

Why: every other cue of ``persons.py`` starts from capitalisation. Georgian and Arabic write
names like any other word, so here the words themselves must tell:

- Georgian surnames carry a handful of patronymic endings ("-ძე", "-შვილი", also with case
  endings: "ქავთარაძის", "გელაშვილმა") that ordinary words almost never have; a known given
  name right before one belongs to the name ("ზაზა ქავთარაძე");
- Arabic names chain given names, "بن"/"ابن"/"ولد" (son of), "عبد"/"أبو" compounds and an
  "ال" family name ("محمد بن عبد السلام الحموتي"): a known given name followed by such links
  and at least one word that is no frequent word of the language is a name.

The given names and surnames are the name lexicon's (Faker's lists, which hold both scripts).
A surname found once is found again wherever it recurs, with Georgian case endings.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

import regex

from triage.pii.chat_names import DISPLAY_EMOJI, MESSAGE_PREFIX, SPEAKER_END
from triage.pii.name_lexicon import NameLexicon
from triage.pii.spans import DisjointSpans

GEORGIAN_WORD = regex.compile(r"[\u10D0-\u10FF]{2,}")
#: Patronymic endings, then at most one case ending (ergative -მა/-მ, genitive -ის, dative -ს,
#: instrumental -ით, adverbial -ად, postpositions -ისთვის/-ისგან/-ზე/-თან/-ში), the whole word.
GEORGIAN_SURNAME = regex.compile(
    r"(?<![\u10D0-\u10FF])[\u10D0-\u10FF]{2,}(?:ძე|შვილ)(?:ი|ე)?(?:მა|მ|ისთვის|ისგან|ის|ს|ით|ად|ზე|თან|ში)?(?![\u10D0-\u10FF])"
)
GEORGIAN_ENDINGS = ("ისთვის", "ისგან", "მა", "მ", "ის", "ს", "ით", "ად", "ზე", "თან", "ში", "ი", "ე")

ARABIC_WORD = regex.compile(r"[\u0621-\u065F\u066E-\u06D3]{2,}")  # letters and vowel marks, no punctuation
ARABIC_MARKS = regex.compile(r"[\u064B-\u0652]")
ARABIC_LINKS = frozenset({"بن", "ابن", "بنت", "ولد", "عبد", "أبو", "ابو", "أم", "آل"})
MAX_ARABIC_WORDS = 5
#: "Father of": the word that opens a by-name (kunya) such as "أبو البراء".
KUNYA = frozenset({"أبو", "ابو"})
CASELESS_LETTER = r"[\u0621-\u064A\u10D0-\u10FF]"
#: A chat message's author written in a caseless script: "[25/01/2026 21:10] صابر: …".
CASELESS_SPEAKER = regex.compile(
    MESSAGE_PREFIX + rf"[ \t]*({CASELESS_LETTER}{{2,}}(?:[ \t]{CASELESS_LETTER}{{2,}})?){DISPLAY_EMOJI}{SPEAKER_END}"
)


def georgian_stem(word: str) -> str:
    """The surname without its case ending: "გელაშვილმა" -> "გელაშვილ"."""
    for ending in GEORGIAN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


#: Surname endings other than the patronymic ones (Mingrelian "-ია", "-ავა", Svan "-იანი",
#: "-ელი", "-ური", "-ული"): ordinary words end so too ("ინფორმაცია", "ადამიანი"), so they count
#: only after a known given name ("გელა ჩიქოვანი", "ბესიკ შენგელიამ").
GEORGIAN_OTHER_SURNAME = regex.compile(
    r"[\u10D0-\u10FF]{2,}(?:ია|ავა|ან|ელ|ურ|ულ)ი?(?:მა|მ|ისთვის|ისგან|ის|ს|ით|ად|ზე|თან|ში)?"
)


def _georgian_surname_after_given(word: str, names: NameLexicon) -> bool:
    stem = georgian_stem(word)
    return (
        names.is_surname(word)
        or any(names.is_surname(stem + v) for v in ("ი", "ე", "ა"))
        or GEORGIAN_OTHER_SURNAME.fullmatch(word) is not None
    )


def georgian_names(text: str, names: NameLexicon, cues: frozenset[str] = frozenset()) -> Iterator[tuple[int, int]]:
    found = []
    for m in GEORGIAN_SURNAME.finditer(text):
        start = m.start()
        before = regex.search(r"([\u10D0-\u10FF]+)\s+$", text[max(0, start - 30) : start])
        if before and names.is_given(before.group(1)):
            start -= len(before.group(0))
        found.append((start, m.end()))
    taken = DisjointSpans(found)  # a lookup per word, not a scan of every name found
    for first, second in pairwise(GEORGIAN_WORD.finditer(text)):
        if taken.overlaps(second.start(), second.start() + 1) or text[first.end() : second.start()] != " ":
            continue
        if names.is_given(first.group()) and _georgian_surname_after_given(second.group(), names):
            found.append((first.start(), second.end()))
            taken.add(first.start(), second.end())
    for m in GEORGIAN_WORD.finditer(text):
        word = m.group()
        if taken.overlaps(m.start(), m.start() + 1):
            continue
        given = len(word) >= 4 and (names.is_given(word) or names.is_given(georgian_stem(word)))
        if given or _georgian_cue_before(text, m.start(), cues):
            found.append((m.start(), m.end()))
    yield from sorted(found)


def _georgian_cue_before(text: str, start: int, cues: frozenset[str]) -> bool:
    """A naming word and an opening quote right before ("მეტსახელად „ზუკა“")."""
    before = regex.search(r"([\u10D0-\u10FF]+)[ \t]+[„“\"«]$", text[max(0, start - 30) : start])
    return before is not None and before.group(1) in cues


#: The vocative before a name in a chat or a letter ("يا عمر", "يا أبو البراء").
VOCATIVE = "يا"


def _bare(word: str) -> str:
    """An Arabic word without its vowel marks ("يُدعى" -> "يدعى"), as the cue lists write it."""
    return str(ARABIC_MARKS.sub("", word))


def _after_cue(text: str, words: list[regex.Match[str]], k: int, cues: frozenset[str]) -> bool:
    """Word ``k`` follows a naming word of one or two words ("المدعو", "السيد", "ضابط الشرطة")."""
    if k == 0 or not _adjacent(text, words[k - 1], words[k]):
        return False
    one = _bare(words[k - 1].group())
    two = f"{_bare(words[k - 2].group())} {one}" if k >= 2 and _adjacent(text, words[k - 2], words[k - 1]) else ""
    return one == VOCATIVE or one in cues or two in cues


def arabic_names(
    text: str, names: NameLexicon, cues: frozenset[str] = frozenset(), no_names: frozenset[str] = frozenset()
) -> Iterator[tuple[int, int]]:
    """A known given name and its links; or, after a naming word (``cues``: "المدعو",
    "السيد", a role word, the vocative "يا"), any name that is no frequent word."""
    words = list(ARABIC_WORD.finditer(text))
    i = 0
    while i < len(words):
        first = words[i].group()
        anchored = _after_cue(text, words, i, cues) and first not in cues
        if first in no_names:
            i += 1
            continue
        if first in KUNYA and i + 1 < len(words) and _adjacent(text, words[i], words[i + 1]):
            # "أبو البراء": a by-name after a son's name, a person's, not a place ("أبو ظبي")
            second = words[i + 1].group()
            if second not in no_names and not names.is_place(second):
                yield words[i].start(), words[i + 1].end()
                i += 2
                continue
        if not names.is_given(first) and not (anchored and not names.is_common(first)):
            i += 1
            continue
        j, rare = i + 1, 0
        while j < len(words) and j - i < MAX_ARABIC_WORDS and _adjacent(text, words[j - 1], words[j]):
            w = words[j].group()
            if words[j - 1].group() == "عبد":
                pass  # "عبد السلام": the second half of a compound name, however common a word
            elif w in ARABIC_LINKS or names.is_given(w) or names.is_surname(w):
                rare += not names.is_frequent(w) and w not in ARABIC_LINKS
            elif w.startswith("ال") and not names.is_common(w) and not names.is_frequent(w):
                rare += 1  # a family name: "الحموتي"
            else:
                break
            j += 1
        last = j - 1
        while last > i and words[last].group() in ARABIC_LINKS:
            last -= 1  # a link needs the name after it
        # the dictionary writes names in lower case: a given name is a common word there too
        alone = last == i and names.is_given(first) and not names.is_frequent(first) and _mid_line(text, words, i)
        named = anchored and (last > i or names.is_given(first) or not names.is_common(first))
        if (last > i and rare) or alone or named:
            yield words[i].start(), words[last].end()
            i = last + 1
        else:
            i += 1


def _mid_line(text: str, words: list[regex.Match[str]], k: int) -> bool:
    """Word ``k`` follows another word on its line: a heading's first word ("قطب التعاون") is
    no name, whatever names it could be."""
    return k > 0 and text[words[k - 1].end() : words[k].start()].strip(" \t") == ""


def _adjacent(text: str, a: regex.Match[str], b: regex.Match[str]) -> bool:
    return text[a.end() : b.start()].strip() == ""


def caseless_names(
    text: str, names: NameLexicon, cues: frozenset[str] = frozenset(), no_names: frozenset[str] = frozenset()
) -> list[tuple[int, int, str]]:
    """(start, end, detail) of the names found and of a chat's authors, then every recurrence
    of the names' last words and of the authors' names.

    ``cues`` are the naming words of the item's language (titles, role and naming words);
    ``no_names`` words that never open a name there (month names, stopwords)."""
    found = [(s, e, "Georgian surname ending") for s, e in georgian_names(text, names, cues)]
    found += [(s, e, "Arabic given name and its links") for s, e in arabic_names(text, names, cues, no_names)]
    speakers = [(m.start(1), m.end(1)) for m in CASELESS_SPEAKER.finditer(text)]
    found += [(s, e, "chat speaker") for s, e in speakers if not any(a < e and s < b for a, b, _ in found)]
    taken = {(s, e) for s, e, _ in found}
    stems = {georgian_stem(text[s:e].split()[-1]) for s, e, _ in found if GEORGIAN_WORD.match(text[s:e])}
    family = {w for s, e, _ in found if ARABIC_WORD.match(w := text[s:e].split()[-1]) and not names.is_frequent(w)}
    for m in GEORGIAN_WORD.finditer(text):
        if georgian_stem(m.group()) in stems and not any(s <= m.start() < e for s, e in taken):
            found.append((m.start(), m.end(), "Georgian surname found earlier in the item"))
    for m in ARABIC_WORD.finditer(text):
        if m.group() in family and not any(s <= m.start() < e for s, e in taken):
            found.append((m.start(), m.end(), "Arabic family name found earlier in the item"))
    # a chat's authors are named in its messages too ("يا عمر", "مع ناس تبع صابر")
    authors = {text[s:e] for s, e in speakers} - cues
    if authors:
        said = regex.compile(rf"(?<!{CASELESS_LETTER})(?:{'|'.join(map(regex.escape, authors))})(?!{CASELESS_LETTER})")
        taken = {(s, e) for s, e, _ in found}
        for m in said.finditer(text):
            if not any(s <= m.start() < e for s, e in taken):
                found.append((m.start(), m.end(), "chat speaker named in a message"))
    return sorted(found)
