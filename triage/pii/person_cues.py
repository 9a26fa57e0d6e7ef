"""Cues that a run of capitalised words is a person's name, or is not.

Used by ``triage.pii.persons``: anchors (a title, role or naming word right before),
appositions (a role word right after), layout (a name alone on its line, a display name
before an e-mail address), and the marks of organisations, places and headings
(a legal form, a locative preposition, an acronym, a heading in capitals).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Set as AbstractSet

import regex

from triage.pii.chat_names import DISPLAY_EMOJI, MESSAGE_PREFIX, NAME_WORD, SPEAKER_END, speaker_first
from triage.pii.context import all_keywords, keyword_after, keyword_before
from triage.pii.lang import ROLES
from triage.pii.names import Tok, trim_particles
from triage.pii.recognizers.national_ids import NATIONAL_IDS
from triage.pii.registry import RecognizerInput
from triage.pii.spans import DisjointSpans

ANCHOR_KINDS: tuple[str, ...] = ("titles", *ROLES, "person_before", "alias")
GAP_BEFORE = regex.compile(r"^[ \t:,«»\"“”„'’(–-]{0,4}$")
GAP_AFTER = regex.compile(r"^[\s,:(–-]{0,4}$")
#: "Hola Juan", "Hola, Juan", "Buenas tardes, João"; a comma that ends the greeting's line
#: closes it ("Bună ziua,\n\nMă adresez…")
GREETING_GAP = regex.compile(r"^(?:\s+|,[ \t]+)(?:\p{Ll}+(?:\s+|,[ \t]+))?$")
#: The speaker of a chat message: "[09/03/2026 21:14] Zé Nuno:", "09/03/2026, 21:14 - Sandro:".
_SPEAKER_NAME = rf"{NAME_WORD}(?:[ \t]{NAME_WORD}){{0,2}}"
SPEAKER = regex.compile(MESSAGE_PREFIX + rf"[ \t]*({_SPEAKER_NAME}){DISPLAY_EMOJI}{SPEAKER_END}")
#: "Olga (21:04):", "Olga, [12.03.26 21:04]".
SPEAKER_FIRST = regex.compile(speaker_first(_SPEAKER_NAME))
EMAIL_AFTER = regex.compile(r"^\"?\s?<[^>\s@]+@")
ROMAN = regex.compile(r"^[IVXLC]+\.?$")
VOWEL = regex.compile(r"[AEIOUYÀ-ÆÈ-ÏÒ-ÖØ-ÜĂĄĘĖĮŲŮŐŰАЕЁИОУЫЭЮЯΑΕΗΙΟΥΩΆΈΉΊΌΎΏ]")


_ID_NAMES = {n.lower() for spec in NATIONAL_IDS for n in spec.names}


def acronyms(inp: RecognizerInput) -> set[str]:
    """Upper-case words that are never names: identifier names and the neutral list (IBAN, EU…)."""
    return inp.memo("persons:acronyms", set, lambda: _ID_NAMES | inp.data.neutral_stopwords)


def cut_spans(inp: RecognizerInput) -> list[tuple[int, int]]:
    """Spans of anchor keywords (role words, titles, naming words): a name never contains one."""
    def make() -> list[tuple[int, int]]:
        kws = all_keywords(inp)
        return sorted(span for kind in (*ANCHOR_KINDS, "greeting") for span in kws.get(kind, []))

    return inp.memo("persons:cuts", list, make)


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect_right(spans, (start, len(spans) and 1 << 62)) - 1
    while i >= 0 and spans[i][1] >= end - 200:
        if spans[i][0] <= start and end <= spans[i][1]:
            return True
        i -= 1
    return False


def anchor_before(inp: RecognizerInput, pos: int) -> str | None:
    text = inp.text
    for kind in ANCHOR_KINDS:
        hit = keyword_before(inp, kind, pos, 6)
        if hit and GAP_BEFORE.match(text[hit[1] : pos]):
            return kind
    hit = keyword_before(inp, "greeting", pos, 20)
    if hit and GREETING_GAP.match(text[hit[1] : pos]):
        return "greeting"
    return None


def anchor_after(inp: RecognizerInput, pos: int) -> str | None:
    for kind in ROLES:
        hit = keyword_after(inp, kind, pos, 5)
        if hit and GAP_AFTER.match(inp.text[pos : hit[0]]):
            return kind
    return None


def alone_on_line(text: str, start: int, end: int) -> tuple[bool, bool]:
    """(the run is the whole line, the line sits between blank lines or ends with ',')."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le == -1 else le
    line = text[ls:le].strip()
    whole = line == text[start:end] or line == text[start:end] + ","
    prev_blank = ls < 2 or text[max(0, ls - 2) : ls] == "\n\n"
    next_blank = le >= len(text) - 1 or text[le : le + 2] == "\n\n"
    return whole, line.endswith(",") or (prev_blank and next_blank)


def split_run(
    run: list[Tok], inp: RecognizerInput, stop: AbstractSet[str] | None = None
) -> list[tuple[list[Tok], bool]]:
    """Cut a run at anchor keywords and stopwords (``stop``, by default every language's); each
    piece says whether a stopword (not a keyword) followed it, the mark of an organisation
    ("Westminster Proactive | Team")."""
    stop, acr, cuts = inp.stopwords if stop is None else stop, acronyms(inp), cut_spans(inp)
    out: list[tuple[list[Tok], bool]] = [([], False)]
    for i, tok in enumerate(run):
        keyword = inside(cuts, tok.start, tok.end)
        stopword = (tok.kind == "C" and tok.lower in stop) or (tok.kind == "U" and tok.lower in acr)
        if tok.kind == "p" and i and _noun_before_particle(inp, run[i - 1]):
            # "Freundin von Yılmaz": a noun, then a name found elsewhere in the item or a place
            # ("Staatsanwaltschaft von Düsseldorf"), which only an earlier mention can tell apart
            out.append(([], True))
        if keyword or stopword:
            piece, _ = out[-1]
            out[-1] = (piece, stopword and not keyword)
            out.append(([], False))
        else:
            out[-1][0].append(tok)
    result = []
    for piece, org in out:
        piece = trim_particles(piece)
        if any(t.kind in "UCI" for t in piece):
            result.append((piece, org))
    return result


def _noun_before_particle(inp: RecognizerInput, tok: Tok) -> bool:
    names = inp.names
    return (
        names is not None
        and tok.kind == "C"
        and names.is_common(tok.text)
        and not (names.is_given(tok.text) or names.is_surname(tok.text))
    )


def strong_shape(run: list[Tok], inp: RecognizerInput, anchored: bool) -> bool:
    """'Firstname SURNAME' or 'SURNAME Firstname', not an acronym next to a place ('LKA Brandenburg')."""
    upper = [t for t in run if t.kind == "U" and not ROMAN.match(t.text) and VOWEL.search(t.text)]
    if not upper or not any(t.kind in "CI" for t in run):
        return False
    if run[0].kind == "U" and not anchored:
        return len(run[0].text) >= 4
    return any(len(t.text) >= 3 for t in upper)


def adjacent_anchor(inp: RecognizerInput, kind: str, pos: int) -> bool:
    """A role word or title right before a single name, one space between ('komisarz Nowicki')."""
    if kind not in ("titles", "suspect", "victim", "witness"):
        return False  # officials and 'other' words are followed by places and languages too
    hit = keyword_before(inp, kind, pos, 1)
    return hit is not None and inp.text[hit[1] : pos] == " "


def pii_follows(text: str, end: int, occupied: DisjointSpans) -> bool:
    """'Hildegard Kessler, Am Rott 17 …': a name introduces the address or number after it."""
    gap = regex.match(r"[ ]?[,(][ ]?", text[end : end + 3])
    return gap is not None and occupied.starts_at(end + gap.end())


#: Between a name and its birth date or personal number: a comma or bracket and a few short
#: words ("Dirk Wendland, geb. 07.05.1968", "Taras Bondarenko, sünd", "Ana Vidal (DNI").
ID_GAP = regex.compile(r"[ ]?[,(][ ]?(?:[\p{L}.]{1,12}[ ]?){0,4}:?[ ]?")
ID_GAP_MAX = 32


def personal_id_follows(text: str, end: int, personal: list[int]) -> bool:
    """A birth date, personal number or passport a few words after the run: only a person has one."""
    gap = ID_GAP.match(text, end, end + ID_GAP_MAX)
    if gap is None:
        return False
    i = bisect_right(personal, end)
    return i < len(personal) and personal[i] == gap.end()


def company_run(inp: RecognizerInput, start: int, end: int) -> bool:
    """A legal form inside or right after the run ('Lumenhost B.V.', 'Velora Trade UAB')."""
    return keyword_after(inp, "legal_form", start, end + 3 - start) is not None


def heading_anchor(inp: RecognizerInput, pos: int) -> bool:
    """The anchor before ``pos`` is written in capitals: a heading ('BETROFFENE PERSONEN')."""
    line_start = inp.text.rfind("\n", 0, pos) + 1
    before = inp.text[line_start:pos]
    letters = [c for c in before if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters) and not any(c.isdigit() for c in before)


def drop_place(text: str, run: list[Tok], prepositions: frozenset[str]) -> list[Tok]:
    """'we Wrocławiu Anna WÓJCIK': after a preposition, the first of two capitalised words
    before the surname is a place, not a first name."""
    caps_before_upper = 0
    for t in run:
        if t.kind == "U":
            break
        caps_before_upper += t.kind == "C"
    if caps_before_upper < 2 or not any(t.kind == "U" for t in run):
        return run
    prev = regex.search(r"(\p{Ll}+)\s$", text[max(0, run[0].start - 12) : run[0].start])
    if prev and prev.group(1) in prepositions:
        return run[1:]
    return run
