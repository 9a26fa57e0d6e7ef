"""Person names from heuristics that work in every language, plus NER spans where available.

Why heuristics: only some languages have a spaCy pipeline, and legal documents write names
in a few telling shapes: "Firstname SURNAME" / "SURNAME Firstname" (accepted anywhere), a
name right after a title, role or naming word ("Beschuldigter", "Mme", "Titular:",
"dit"), a display name before an e-mail address, a chat speaker, a salutation or signature
line. Names found that way are then found again wherever they recur, alone or inflected
("KUBIAKA" after "Tomasz KUBIAK"), but not inside a company name ("Hoekstra VOF"). Georgian
and Arabic, which have no capitals, have their own cues (``caseless_names.py``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import regex

from triage.pii.caseless_names import ARABIC_WORD, caseless_names
from triage.pii.chat_names import EMOJI, MIN_TURNS, chat_first_name, transcript_turns
from triage.pii.context import keyword_after, keyword_before
from triage.pii.lang import ROLES
from triage.pii.name_lexicon import LOWER_CASE_DICTIONARIES, NameLexicon
from triage.pii.names import SURNAME_PARTICLES, Tok, name_key, runs, stem_match, tokenize
from triage.pii.person_cues import (
    EMAIL_AFTER,
    ROMAN,
    SPEAKER,
    SPEAKER_FIRST,
    adjacent_anchor,
    alone_on_line,
    anchor_after,
    anchor_before,
    company_run,
    drop_place,
    heading_anchor,
    personal_id_follows,
    pii_follows,
    split_run,
    strong_shape,
)
from triage.pii.registry import RecognizerInput
from triage.pii.spans import DisjointSpans


@dataclass(frozen=True)
class Mention:
    """One mention of a person: its span, the cue that found it, and its name words."""

    start: int
    end: int
    source: str
    detail: str
    score: float
    tokens: tuple[str, ...]


NerFn = Callable[[list[tuple[int, int]]], list[tuple[int, int]]]


def find_persons(
    inp: RecognizerInput,
    blocked: list[tuple[int, int]],
    ner: NerFn | None = None,
    ner_source: str = "",
    personal: list[int] | None = None,
) -> list[Mention]:
    """Person mentions in ``inp.text`` that do not overlap ``blocked`` (other PII spans).

    ``ner`` is asked, once, about the lines whose capitalised words no heuristic settled;
    ``personal`` are the sorted starts of the spans only a person has (birth dates,
    personal numbers, passports).
    """
    personal = personal or []
    text = inp.text
    stop = inp.stopwords
    inflected = (inp.language or "") in inp.data.inflected
    doubtful: list[list[Tok]] = []
    said = [m for pattern in (SPEAKER, SPEAKER_FIRST) for m in pattern.finditer(text)]
    speakers = {m.start(1) for m in said}
    turns = Counter(m.group(1) for m in said)
    # a chat's author who writes again and again ("Dato Beridze:", whose "Dato" is an Italian word)
    regulars = {m.start(1) for m in said if turns[m.group(1)] >= MIN_TURNS}
    own_stop = inp.data.own_words(inp.language or "") if regulars else frozenset()
    speakers |= {
        m.start(1)
        for m in transcript_turns(text)
        if _speaker_label(inp, m.group(1)) or EMOJI.search(text, m.end(1), m.start(2))
    }
    accepted: list[Mention] = []
    pending: list[list[Tok]] = []

    occupied = DisjointSpans(blocked)

    def overlaps_blocked(s: int, e: int) -> bool:
        return occupied.overlaps(s, e)

    for m in (*_nicknamed(text, occupied), *_quoted_alias(inp, occupied)):
        if not occupied.overlaps(m.start, m.end):
            accepted.append(m)
            occupied.add(m.start, m.end)
    parts = (part for whole in runs(text, tokenize(text)) for part in _outside(whole, occupied))
    for raw in parts:
        rs, re_ = raw[0].start, raw[-1].end
        display = EMAIL_AFTER.match(text[re_ : re_ + 80]) and not overlaps_blocked(rs, re_)
        if display and len(raw) <= 4 and all(t.kind in "CUI" for t in raw):
            names = tuple(t.text for t in raw if t.kind in "UC")
            accepted.append(Mention(rs, re_, "heuristic:display_name", "display name of an e-mail", 0.85, names))
            continue
        run_stop = own_stop if rs in regulars else stop
        for run, org in split_run(raw, inp, run_stop):
            run = drop_place(text, run, inp.data.prepositions_for(inp.language))
            if not run:
                continue
            s, e = run[0].start, run[-1].end
            if overlaps_blocked(s, e) or len(run) > 6 or company_run(inp, s, e):
                continue
            if run[0].kind == "I" and ROMAN.match(run[0].text) and text[max(0, s - 1) : s] in ("", "\n"):
                run = run[1:]  # "I. HECHOS": a section number, not an initial
                if not run:
                    continue
                s = run[0].start
            kinds = [t.kind for t in run]
            n_u, n_c, n_i = kinds.count("U"), kinds.count("C"), kinds.count("I")
            names = tuple(t.text for t in run if t.kind in "UC")
            anchor = anchor_before(inp, s)
            all_known_words = all(t.lower not in run_stop for t in run if t.kind in "UC")
            verdict: tuple[str, str, float] | None = None
            if strong_shape(run, inp, anchor is not None):
                verdict = ("heuristic:name_shape", "Firstname SURNAME", 0.85)
            elif (given := _given_before_surname_particle(run)) is not None:
                run = run[given:]  # "Thug Tadhg Ó Súilleabháin": a sentence's first word is no name
                s, names = run[0].start, tuple(t.text for t in run if t.kind in "UC")
                verdict = ("heuristic:name_shape", "Firstname Ó Surname", 0.8)
            elif surname_first(inp, run):
                verdict = ("lexicon:given_names", "SURNAME, then a known given name", 0.75)
            elif n_u and (n_c or n_i):
                pass  # an acronym beside a capitalised word: organisation or place
            elif initials_and_surname(text, run, inp.names) and not org:
                verdict = ("heuristic:name_shape", "initials and a surname", 0.75)
            elif (
                anchor
                and all_known_words
                and not org
                and not heading_anchor(inp, s)
                and (
                    n_u
                    or n_c + n_i >= 2
                    or anchor in ("alias", "greeting")
                    or adjacent_anchor(inp, anchor, s)
                    or (anchor in ("other", "person_before") and _given_name_after(inp, anchor, run))
                )
            ):
                verdict = (f"heuristic:{'title' if anchor == 'titles' else anchor}", "name after context word", 0.8)
            elif n_c + n_i >= 2 and not n_u and all_known_words and not org:
                whole, _ = alone_on_line(text, s, e)
                if s in speakers and len(run) <= 3:
                    verdict = ("heuristic:chat_speaker", "chat speaker", 0.7)
                elif anchor_after(inp, e):
                    verdict = ("heuristic:role_after", "name before a role word", 0.75)
                elif (pii_follows(text, e, occupied) or personal_id_follows(text, e, personal)) and len(run) <= 3:
                    if len(run) == 3 and _common_noun(inp.names, run[0].text):
                        run = run[1:]  # "Der Bewohner Yonas Tesfaye, geb.": a noun before the name
                        s, names = run[0].start, names[1:]
                    verdict = ("heuristic:pii_after", "name followed by its personal data", 0.7)
                elif whole and len(run) <= 3 and "p" not in kinds:
                    verdict = ("heuristic:signature", "name alone on a line", 0.6)
                elif inp.names is not None and not after_preposition(inp, s):
                    if not inp.ner and inp.names.common and known_name(run, inp.names):
                        verdict = ("lexicon:proper_names", f"known first name ({inp.names.language} lexicon)", 0.7)
                    elif given_and_surname(run, inp.names, inflected, frequent=True):
                        verdict = ("lexicon:given_names", "known given name, then a surname", 0.7)
                    elif (inp.language or "") in inp.data.surname_first and given_and_surname(
                        run[::-1], inp.names, inflected
                    ):
                        verdict = ("lexicon:given_names", "a surname, then a known given name", 0.7)
                    elif len(run) >= 3 and given_and_surname(run[1:], inp.names):
                        run = run[1:]  # "Hankintapäällikkö Mikko Hakala": a capitalised title first
                        s, names = run[0].start, names[1:]
                        verdict = ("lexicon:given_names", "known given name, then a surname", 0.7)
                elif inp.names is not None and given_and_surname(run, inp.names, inflected) and not any(
                    inp.names.is_place(w) for w in names
                ):
                    # "u Руслана Гриценка", "s prijateljico Tjašo Novak": after a preposition a
                    # given name and a surname are still a person; a place is not
                    verdict = ("lexicon:given_names", "known given name, then a surname", 0.65)
            elif n_c == 1 and len(run) == 1 and all_known_words and not org:
                whole, framed = alone_on_line(text, s, e)
                if s in speakers:
                    verdict = ("heuristic:chat_speaker", "chat speaker", 0.7)
                elif whole and framed and not _common_noun(inp.names, run[0].text):
                    # "Ευχαριστώ," "Grüße," close a letter: a common word alone is no signature
                    verdict = ("heuristic:signature", "salutation or signature line", 0.6)
                elif whole and _signed_above_contact(inp, run[0], e, occupied):
                    verdict = ("heuristic:signature", "known given name above a telephone or e-mail", 0.6)
                elif chat_first_name(inp, s, e):
                    verdict = ("heuristic:chat_name", "capitalised word in a lower-case chat", 0.6)
                elif lone_given_name(inp, run[0]):
                    verdict = ("lexicon:given_names", "known given name, rare as a word", 0.6)
            if verdict is None and all_known_words and not org and n_c and not n_u:
                doubtful.append(run)
            if verdict:
                accepted.append(Mention(s, e, verdict[0], verdict[1], verdict[2], names))
            else:
                pending.append(run)
    if inp.names is not None:
        # words that open no Arabic name (built only where Arabic is written: thousands of words)
        no_names = frozenset((*inp.data.months, *inp.stopwords)) if ARABIC_WORD.search(text) else frozenset()
        for s, e, detail in caseless_names(text, inp.names, _naming_words(inp), no_names):
            if not overlaps_blocked(s, e):
                accepted.append(Mention(s, e, "lexicon:caseless_names", detail, 0.65, tuple(text[s:e].split())))
    if ner is not None and doubtful:
        found = _ner_mentions(inp, doubtful, ner, ner_source)
        accepted.extend(found)
        taken = {m.start for m in found}
        pending = [r for r in pending if r[0].start not in taken]
    accepted = [_with_first_names(inp, m) for m in accepted if not _a_place(inp, m)]
    accepted.extend(_propagate(inp, accepted, pending, inflected))
    return sorted((_widened(inp, m, occupied) for m in accepted), key=lambda m: m.start)


#: The kinds of context words after which a name stands ("المدعو", "السيد", "المتهم").
NAMING_KINDS = ("alias", "person_before", *ROLES)


def _naming_words(inp: RecognizerInput) -> frozenset[str]:
    """The item's language's titles and naming words, for scripts without capitals."""
    table = inp.data.by_lang.get(inp.language or "", {})
    return frozenset([*(w for kind in NAMING_KINDS for w in table.get(kind, [])), *inp.data.titles])


#: "Kamil „Bysiu” WRÓBEL", 'Vladimir "Crni" SAVIĆ': a first name, a nickname in quotes, a
#: surname in capitals.
NICKNAMED = regex.compile(
    r"(?<![\p{L}\d])(\p{Lu}\p{Ll}+)[ \t]+[„\"“«‚'](\p{Lu}[\p{L}\p{M}'’. -]{0,20}?)[”\"“»‘'][ \t]+"
    r"(\p{Lu}{2,}(?:[- ]\p{Lu}{2,})?)(?![\p{L}\d])"
)


def _nicknamed(text: str, occupied: DisjointSpans) -> list[Mention]:
    return [
        Mention(m.start(), m.end(), "heuristic:name_shape", "Firstname „Nickname“ SURNAME", 0.85, m.groups())
        for m in NICKNAMED.finditer(text)
        if not occupied.overlaps(m.start(), m.end())
    ]


#: A nickname in quotes: one to three words, capitalised, short particles before or between
#: them ("el Rubio", "Turi u Zoppu", "Zé Fósforo").
_QUOTED_WORD = r"\p{Lu}[\p{L}\p{M}'’.-]{0,20}"
QUOTED = regex.compile(
    rf"[„\"“«»‚‘'›‹]((?:\p{{Ll}}{{1,3}} )?{_QUOTED_WORD}(?:[ ](?:{_QUOTED_WORD}|\p{{Ll}}{{1,3}})){{0,2}})[”\"“»«‘'‹›]"
)
#: Characters between a naming word and the quote ("alias «el Rubio»", "„Miki” nevű").
QUOTE_REACH = 12


def _quoted_alias(inp: RecognizerInput, occupied: DisjointSpans) -> list[Mention]:
    """A nickname or pseudonym in quotes: beside a naming word of the item's language, before
    it ("alias «El Cuervo»", "genaamd "Mo"") or after it ("„Miki” nevű", "›Stino‹ genoemd"),
    or a known given name that is no common word ("se faisait appeler « Léa »", 'a man
    going by "Tomas"'). The quotes mark the naming the words around them do not always spell out."""
    out = []
    quoted = list(QUOTED.finditer(inp.text))
    for i, m in enumerate(quoted):
        s, e = m.span(1)
        words = tuple(w for w in m.group(1).split() if w[:1].isupper())
        if occupied.overlaps(s, e) or m.group(1).split()[-1].islower() or _listed(quoted, i):
            continue
        if keyword_before(inp, "alias", m.start(), QUOTE_REACH) or keyword_after(inp, "alias", m.end(), QUOTE_REACH):
            detail = "nickname in quotes beside a naming word"
        elif len(words) == 1 and inp.names is not None and _given_not_common(inp.names, words[0]):
            detail = "known given name in quotes"
        else:
            continue
        out.append(Mention(s, e, "heuristic:alias", detail, 0.75, words))
    return out


#: Characters between two quoted names of one list (", ", " and ", " un ").
LIST_GAP = 6


def _listed(quoted: list[regex.Match[str]], i: int) -> bool:
    """One of a list of quoted names ("„Adidas“, „Louis Vuitton“ un „Chanel“"): brands or
    titles, not a nickname."""
    before = i > 0 and quoted[i].start() - quoted[i - 1].end() <= LIST_GAP
    after = i + 1 < len(quoted) and quoted[i + 1].start() - quoted[i].end() <= LIST_GAP
    return before or after


#: The line under a signature: its telephone or e-mail, after a short label ("Tel.:", "Mob.").
CONTACT_LINE = regex.compile(r"[ \t]*\n[ \t]*(?:[\p{L}.]{1,8}[ \t]?:?[ \t]?)?")


def _signed_above_contact(inp: RecognizerInput, tok: Tok, end: int, occupied: DisjointSpans) -> bool:
    """A known given name alone on its line with a telephone or an e-mail on the next: a letter's
    signature ("Regards,\nMartin\n+44 7700 900123")."""
    names = inp.names
    line = CONTACT_LINE.match(inp.text, end)
    return (
        names is not None
        and names.is_given(tok.text)
        and not _common_noun(names, tok.text)
        and line is not None
        and occupied.starts_at(line.end())
    )


def _common_noun(names: NameLexicon | None, word: str) -> bool:
    return names is not None and names.is_common(word) and not names.is_given(word)


def _given_name_after(inp: RecognizerInput, anchor: str, run: list[Tok]) -> bool:
    """A known given name right after a kinship or naming word ("søster Camilla", "ved navn
    Kasper"); such words are followed by places, languages and companies too ("bror i Malmö",
    "overførsel fra Danske Bank"), never by a given name."""
    hit = keyword_before(inp, anchor, run[0].start, 1)
    return (
        len(run) == 1
        and hit is not None
        and inp.text[hit[1] : run[0].start] == " "
        and inp.names is not None
        and inp.names.is_given(run[0].text)
        and not (inp.names.is_common(run[0].text) or inp.names.is_place(run[0].text))
    )


def _given_not_common(names: NameLexicon, word: str) -> bool:
    return len(word) >= 3 and names.is_given(word) and not names.is_common(word) and word.lower() not in names.proper


#: "KOWALSKI, Jan" / "MÜLLER, Hans-Peter": a surname in capitals, a comma, the first names.
_FIRST_NAMES_AFTER = regex.compile(r",[ \t]*(\p{Lu}\p{Ll}+(?:[- ]\p{Lu}\p{Ll}+)?)(?![\p{L}\d])")


#: Cues that settle a name whatever its words: a shape, a display name, a chat speaker.
_SURE = ("heuristic:name_shape", "heuristic:display_name", "heuristic:chat_speaker")


def _a_place(inp: RecognizerInput, m: Mention) -> bool:
    """A city, region or country (Faker's address data of every locale) that a weaker cue took
    for a name: "Malmö", "Polizeidirektion Chemnitz" (a place last, no known given name or
    surname in it, nothing but its words); not "Victoria", "Brenner", "Anna Essen" nor "W.J.
    de Vries"."""
    names = inp.names
    if names is None or m.source in _SURE or not m.tokens or not names.is_place(m.tokens[-1]):
        return False
    if len(inp.text[m.start : m.end].split()) != len(m.tokens):
        return False  # initials or particles: a name's shape
    return not any(names.is_given(t) or names.is_surname(t) for t in m.tokens)


def _outside(run: list[Tok], occupied: DisjointSpans) -> list[list[Tok]]:
    """The parts of a run between tokens inside other personal data ("Никола Василев BG81 …":
    the IBAN's country code is no part of the name)."""
    parts: list[list[Tok]] = [[]]
    for tok in run:
        if occupied.overlaps(tok.start, tok.end):
            parts.append([])
        else:
            parts[-1].append(tok)
    return [p for p in parts if p]


def _given_before_surname_particle(run: list[Tok]) -> int | None:
    """Where the name starts when an Irish surname particle stands between capitalised words
    ("Seán Ó Briain", "Síle Ní Bhriain"): at the one word before the particle."""
    first = next((i for i, t in enumerate(run) if t.kind == "p" and t.lower in SURNAME_PARTICLES), None)
    if first is None or first == 0 or run[first - 1].kind != "C" or run[-1].kind != "C" or first == len(run) - 1:
        return None
    return first - 1


def surname_first(inp: RecognizerInput, run: list[Tok]) -> bool:
    """Surnames in capitals, then a known given name: "KRAUSE, Dominik", "MOLINA FERRER,
    Adrián" (the given name is taken in by ``_with_first_names``), "LO CASCIO Giuseppe" (a
    particle may be a stopword, the last surname word may not be a common word); not "DNI,
    Fecha" nor "ATTO Giuseppe"."""
    names = inp.names
    caps = [t for t in run if t.kind == "U"]
    rest = run[len(caps) :]
    if names is None or not caps or len(caps) > 3 or caps[-1].lower in inp.stopwords or len(caps[-1].text) < 4:
        return False
    if not rest:
        after = _FIRST_NAMES_AFTER.match(inp.text, run[-1].end)
        given = after.group(1).replace("-", " ").split()[0] if after else ""
    elif len(rest) <= 2 and all(t.kind == "C" for t in rest) and not names.is_common(caps[-1].text):
        given = rest[0].text
    else:
        return False
    # a given name that is also an everyday word will not do ("Rosa"), a rarer one will ("Raivo")
    everyday = names.is_common(given) and names.is_frequent(given)
    return bool(given) and names.is_given(given) and not everyday and given.lower() not in inp.stopwords


def _with_first_names(inp: RecognizerInput, m: Mention) -> Mention:
    """A surname written in capitals and followed by ", Firstname" takes the first names in."""
    if not 1 <= len(m.tokens) <= 3 or not all(t.isupper() for t in m.tokens):
        return m
    after = _FIRST_NAMES_AFTER.match(inp.text, m.end)
    first_names = after.group(1).replace("-", " ").split() if after else []
    if after is None or any(w.lower() in inp.stopwords for w in first_names):
        return m
    if len(m.tokens) > 1 and (inp.names is None or not inp.names.is_given(first_names[0])):
        return m  # "JAN KOWALSKI, Warszawa": a second capitalised word is no first name by itself
    names = (*m.tokens, *first_names)
    return Mention(m.start, after.end(1), m.source, f"{m.detail}; SURNAME, Firstname", m.score, names)


#: What a found name may take in on its left, all of it the name's: initials ("D. Kazlauskas",
#: "J. P. Morel"), a capitalised particle ("Van der Linden", "El Amrani", "Lo Cascio", "Abu
#: Hamza"), a surname in capitals and a comma before the first names ("LAAKSONEN, Jani").
_INITIALS_BEFORE = regex.compile(r"(?<![\p{L}\d.])(?:\p{Lu}\.[ ]?){0,2}\p{Lu}\.[ ]$")
_PARTICLE_BEFORE = regex.compile(
    r"(?<![\p{L}\d])(?:Van|De|Del|Della|Di|Da|Du|Le|La|Lo|El|Al|Abu|Ben|Bin|Ibn|Mac|Mhic|Mc)"
    r"(?:[ ](?:der|den|de|la|le|van|von|da))?[ ]$"
)
_SURNAME_COMMA_BEFORE = regex.compile(r"(?<![\p{L}\d])(\p{Lu}{2,}(?:[ -]\p{Lu}{2,})?),[ ]$")
#: A given name and a patronymic ("Наталія Степанівна") follow the surname in East Slavic
#: documents ("Кравець Наталія Степанівна").
_PATRONYMIC = regex.compile(r"(?:ович|евич|йович|івна|ївна|овна|евна|ична)$")
_WORD_BEFORE = regex.compile(r"(?<![\p{L}\d])(\p{Lu}[\p{Ll}'’-]+|\p{Lu}{2,})[ ]$")


def _widened(inp: RecognizerInput, m: Mention, occupied: DisjointSpans) -> Mention:
    """``m`` with the parts of the name on its left that no cue found by itself."""
    before = inp.text[max(0, m.start - 40) : m.start]
    base = m.start - len(before)
    words = m.tokens
    if (hit := _SURNAME_COMMA_BEFORE.search(before)) and all(not t.isupper() for t in words):
        if hit.group(1).lower() not in inp.stopwords and inp.names is not None and inp.names.is_given(words[0]):
            words = (*hit.group(1).split(), *words)
    elif (hit := _WORD_BEFORE.search(before)) and words and _PATRONYMIC.search(words[-1]) and len(words) == 2:
        word = hit.group(1)
        # a surname may be a word ("Кравець", a tailor), no frequent one
        if word.lower() in inp.stopwords or inp.names is None or inp.names.is_frequent(word):
            hit = None
        else:
            words = (word, *words)
    else:
        hit = _INITIALS_BEFORE.search(before) if len(words) == 1 else None
        if hit is not None and hit.group()[0].lower() in inp.data.own_stopwords.get(inp.language or "", ()):
            hit = None  # the language's title: French "M.", Spanish "D."
        if hit is None and words and not words[0].isupper():  # "la VERMEULEN": an article
            hit = _PARTICLE_BEFORE.search(before)
    if hit is None or occupied.overlaps(base + hit.start(), m.start):
        return m
    return Mention(base + hit.start(), m.end, m.source, m.detail, m.score, words)


def after_preposition(inp: RecognizerInput, start: int) -> bool:
    """'in Reggio Calabria', 'w Ljubljana Bežigrad': a run right after a locative preposition."""
    prev = regex.search(r"(\p{Ll}+)\s+$", inp.text[max(0, start - 12) : start])
    return prev is not None and prev.group(1) in inp.data.prepositions_for(inp.language)


def initials_and_surname(text: str, run: list[Tok], names: NameLexicon | None) -> bool:
    """"М. Тамм", "Савчук Р.В.", "J. P. Morel": one surname beside its initials, the way
    signatures and registers write officials and parties in every language. The word must be
    no common word and no place ("B. Offences", "S. Paulo"), and a letter that opens a line
    is a section's unless the name ends the line ("F. Begärda åtgärder:", "E. Il-batterija")."""
    if run[0].kind == "I":
        before = text[: run[0].start]
        line = before[before.rfind("\n") + 1 :]
        if before and not before[-1].isspace() and before[-1] != "(":
            return False  # "013°21'E." : a letter glued to what precedes it
        if not line.strip() and text[run[-1].end : run[-1].end + 1] not in ("", "\n", ","):
            return False
    words = [t for t in run if t.kind == "C"]
    initials = [t for t in run if t.kind == "I"]
    if len(words) != 1 or not 1 <= len(initials) <= 2 or len(run) != len(words) + len(initials):
        return False
    if run[0].kind == "C" and run[-1].kind == "C":
        return False  # "Anna B. Kowalska" is another shape; "Ulica S. Rota" a street
    word = words[0].text
    return len(word) >= 3 and names is not None and not names.is_common(word) and not names.is_place(word)


def known_name(run: list[Tok], names: NameLexicon) -> bool:
    """Two or three words, one a known proper name and none a common word ("Ivana Kovačević";
    not "Okresní soud", "Republica Moldova"). A first name that is also a common word
    (Lithuanian "Tomas", a volume) is left to the other cues: a known surname after a common
    word is as often a place ("Republicii Moldova") as a person."""
    words = [t.text for t in run if t.kind in "UC"]
    return (
        2 <= len(words) <= 3
        and any(names.is_proper(w) for w in words)
        and not any(names.is_common(w) for w in words)
    )


def given_and_surname(run: list[Tok], names: NameLexicon, inflected: bool = False, frequent: bool = False) -> bool:
    """Two or three words: a given name, then words that are known surnames or not common
    words ("Jonas Ravn", "Mikko Hakala"; not "Mark Twain Street", whose "street" is common). A
    given name that is also a common word (Lithuanian "Darius") needs a known surname after
    it. In an inflected language the given name may carry a case ending ("Hegedűs Ádámmal",
    "Руслана Гриценка"). With ``frequent``, a given name common only for being frequent
    ("Ирина Лыкова", "Eva Jansen") will do before a surname that is no frequent word or
    place. Unlike ``known_name`` this holds beside an NER model too."""
    words = [t.text for t in run if t.kind in "UC"]
    if not 2 <= len(words) <= 3:
        return False
    if not names.is_given(words[0]):
        stem = _given_stem(names, words[0]) if inflected and not names.is_common(words[0]) else None
        if stem is None:
            return False
        words[0] = stem
    rest = words[1:]
    if names.is_common(words[0]):
        if frequent and _frequent_given(names, words[0]):
            return all(names.is_surname(w) or not _word_or_place(names, w) for w in rest)
        # "Reino de España": a surname that is a frequent word will not do
        return all(names.is_surname(w) and not names.is_frequent(w) for w in rest)
    if all(names.is_surname(w) or not names.is_common(w) for w in rest):
        return True
    # "Андрій Ковальчук": a surname that is also a word, but no frequent one; no place on either side
    return not names.is_place(words[0]) and all(
        names.is_surname(w) or not (names.is_frequent(w) or names.is_place(w)) for w in rest
    )


def _frequent_given(names: NameLexicon, word: str) -> bool:
    """A given name common because it is frequent ("Ирина", "Julia", "Eva"): its dictionary
    lemma is a proper noun and it names no place ("Reino", "Victoria", "Marina" do)."""
    return names.is_proper(word) and not names.is_place(word)


def _word_or_place(names: NameLexicon, word: str) -> bool:
    return names.is_common(word) or names.is_frequent(word) or names.is_place(word)


#: Letters of a case ending a given name may carry ("Ádám-mal", "Tomasz-a", "Руслан-а").
GIVEN_ENDING = 3


def _given_stem(names: NameLexicon, word: str) -> str | None:
    """The known given name under a case ending, if any."""
    for cut in range(1, GIVEN_ENDING + 1):
        stem = word[:-cut]
        if len(stem) >= 3 and names.is_given(stem):
            return stem
    return None


def _speaker_label(inp: RecognizerInput, label: str) -> bool:
    """A transcript's label that names a speaker, not a form's field ("Adresse:", "Телефон:"):
    a known given name or surname, or two or three words none of which the language uses
    ("Мирослава Гнатюк:" recurring; a form's "Місце проживання:" is made of common words)."""
    names = inp.names
    words = label.split()
    if any(w.lower() in inp.stopwords for w in words):
        return False
    if names is not None and len(words) > 1 and not any(names.is_common(w) or names.is_frequent(w) for w in words):
        return True
    return names is not None and any(names.is_given(w) or names.is_surname(w) for w in words) and not any(
        names.is_common(w) and not names.is_given(w) for w in words
    )


def lone_given_name(inp: RecognizerInput, tok: Tok) -> bool:
    """A single capitalised word after a lower-case word that is a known given name, none of
    the language's frequent words and not a proper noun of its own dictionary ("heeft Rayan";
    not "Paris", "Will", "auto Constanța", nor "4 Márta 2026", "Interpol Roma", "Pol. Mem.").
    Where the dictionary has no proper nouns, a frequent given name counts too, and its case
    forms ("Олегу"), unless it is a common word or a place ("Польщі")."""
    names, text = inp.names, inp.text
    if names is None or len(tok.text) < 3:
        return False
    if names.language in LOWER_CASE_DICTIONARIES:
        known = not names.is_common(tok.text) and not names.is_place_form(tok.text)
        known = known and (
            names.is_given(tok.text)
            or ((inp.language or "") in inp.data.inflected and _given_stem(names, tok.text) is not None)
        )
    else:
        known = (
            names.is_given(tok.text)
            and not names.is_frequent(tok.text)
            and tok.text.lower() not in names.proper  # the language's own proper noun: "Constanța" the city
        )
    return (
        known
        and regex.search(r"(?<!\p{L})\p{Ll}+[ \t]+$", text[max(0, tok.start - 30) : tok.start]) is not None
        and text[tok.end : tok.end + 1] != "."
        and not after_preposition(inp, tok.start)
    )


def _line_ranges(text: str, runs_: list[list[Tok]]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for run in runs_:
        s = text.rfind("\n", 0, run[0].start) + 1
        e = text.find("\n", run[-1].end)
        e = len(text) if e == -1 else e
        if ranges and s <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(e, ranges[-1][1]))
        else:
            ranges.append((s, e))
    return ranges


def _ner_mentions(inp: RecognizerInput, doubtful: list[list[Tok]], ner: NerFn, source: str) -> list[Mention]:
    """Doubtful runs that the NER model tags as persons, minus the usual place confusions:
    a single word after a preposition ('in Málaga', 'de Grenoble'), at a line or sentence
    start, or inside quotes (a brand)."""
    text, stop = inp.text, inp.stopwords
    spans = sorted(ner(_line_ranges(text, doubtful)))
    out = []
    for run in doubtful:
        s, e = run[0].start, run[-1].end
        if not any(ns <= s and e <= ne for ns, ne in spans):
            continue
        before = text[max(0, s - 20) : s]
        prev = regex.search(r"(\S+)\s+$", before)
        if prev is None or prev.group(1)[-1] in '«"“„(.:;!?–-' or text[s - 1 : s] in '"“«':
            continue
        word = prev.group(1).strip(",")
        if len(run) == 1 and (word.lower() in stop or not word.islower()):
            continue
        out.append(Mention(s, e, source, "NER PER", 0.7, tuple(t.text for t in run if t.kind in "UC")))
    return out


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3) : pos]
    return pos == 0 or before.endswith(("\n", ". ", "! ", "? ", ": "))


def _propagate(
    inp: RecognizerInput, accepted: list[Mention], pending: list[list[Tok]], inflected: bool
) -> list[Mention]:
    """Runs made only of names already found (surname alone, first name, inflected forms)."""
    known = {name_key(t) for m in accepted for t in m.tokens if len(t) >= 2}
    if not known:
        return []
    by_prefix: dict[str, list[str]] = {}
    for k in known:
        by_prefix.setdefault(k[:4], []).append(k)

    def is_known(word: str) -> bool:
        w = name_key(word)
        return (
            w in known
            or (w[-1:] == "s" and w[:-1] in known)  # a genitive: "Jeppesens konto", "Jasmijns moeder"
            or (inflected and any(stem_match(w, k, True) for k in by_prefix.get(w[:4], ())))
        )

    text = inp.text
    taken = DisjointSpans([(m.start, m.end) for m in accepted])
    out = []
    for run in pending:
        if taken.overlaps(run[0].start, run[-1].end):
            continue  # already inside a mention ("KOWALSKI, Jan")
        words = [t for t in run if t.kind in "UC"]
        if len(words) > 1 and not is_known(words[0].text) and _sentence_start(text, run[0].start):
            run = run[1:]  # "Later Collins phoned": a capitalised sentence opener, then the name
            words = words[1:]
        if not words or not all(is_known(w.text) for w in words):
            continue
        if company_run(inp, run[0].start, run[-1].end):
            continue  # "Hoekstra VOF": a company named after a person
        out.append(
            Mention(
                run[0].start,
                run[-1].end,
                "heuristic:known_name",
                "name found earlier in the item",
                0.75,
                tuple(w.text for w in words),
            )
        )
    return out
