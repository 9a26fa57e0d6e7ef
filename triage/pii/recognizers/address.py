"""Street addresses of persons: anchored on a residence word or a street word, then grown.

Two anchors: a residence word (``context.address``: domicilié, wohnhaft, domiciliado en,
wonende te, bytem …) or a street word of the language data (rue, calle, ul., -straße,
Lane …). From the anchor the address grows comma by comma while the pieces look like
address parts (a number, a unit, a postcode, a city name) and stops after "postcode city".
A street-anchored address (no residence word) needs support: a person's name or an
identifier just before it, or "home" words after it; an authority's or company's letterhead
address is not personal data.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import regex

from triage.lang.terms import longest_first, trie_alternation
from triage.pii.context import keyword_after, keyword_before, keyword_spans
from triage.pii.registry import Candidate, RecognizerInput, register_recognizer

MAX_LEN = 120
POSTCODE_CITY = regex.compile(
    r"(?:\b(?:[A-Z]{2}-)?\d{2}-\d{3}|\b\d{4}-\d{3}|\b\d{3} \d{2}|\b\d{4,5}(?: [A-Z]{2})?)\s+\p{Lu}"
    r"|\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b"
)
#: The province after an Italian or Spanish town: "98057 Milazzo (ME)", "Sant Cugat (Barcelona)".
PROVINCE = regex.compile(r"[ \t]?\((?:[A-Z]{2}|\p{Lu}\p{Ll}+)\)")
STOP_CHARS = '\n;()"[]<>|'
GEORGIAN = regex.compile(r"\p{Georgian}")
CASELESS_WORDS = 3
#: What separates the parts of an address: the comma, and the Arabic comma ("الناصرية، حي الشموخ").
COMMAS = ",،"
#: A house number with its letter, flat or suffix ("14", "144-bis", "212-B", "44-3", "12/5").
HOUSE_NUMBER = r"\d{1,4}[a-zA-Z]?(?:[-/](?:\d{1,4}[a-zA-Z]?|bis|ter|[a-zA-Z]))?"
#: A building between a quoted street name and the number: 'Rruga "Qemal Stafa", Pallati 12'.
BUILDING = r"\p{Lu}\p{Ll}{3,8}"
#: A number and a word after the town: an age or a count ("Elbasan, 17 vjeç"), not a flat ("2. th.").
AGE_LIKE = regex.compile(r"^\s*\d{1,3}\s+\p{Ll}{4,}")
HOUSE_LETTER = regex.compile(r"\s\p{Lu}\s*")  # "Kungsgatan 61 B"
LOWER_WORD = regex.compile(r"^\s*\p{Ll}[\p{Ll}]*\b")
UNIT_ABBR = regex.compile(r"^\s*\p{Ll}{1,4}\.")  # ap. bl. sc. m. et. ж.к.
UNIT_WORD = regex.compile(r"^\s*\p{Ll}{2,6}\.?\s?\d{1,4}[a-zA-Z]?\s*$")  # "stan 14", "flat 302", "casa 2"
SKIP_AFTER_KEYWORD = regex.compile(r"[\s:,]*(?:(?:\p{Ll}{1,3}|[Aa]t)\s+)?")
CAPITALISED = regex.compile(r"^\s*(?:\p{Lu}[\p{L}\-'’./]*)(?:\s+[\p{L}\-'’./]+){0,3}\s*$")  # "Bağcılar/İstanbul"
HEAD_LINES = 5
#: What follows a residence word that is no street: an IP or e-mail address ("adresse IP",
#: "address 2001:db8::1", "10.0.0.7"); a postcode before its town ("1137 Budapest") is one.
NOT_STREET = regex.compile(r"IP\b|e-?mail|(?:[\da-fA-F]{0,4}[.:]){2,}[\da-fA-F]*(?:\s|$)")
LONG_NUMBER = regex.compile(r"\d(?:[ /.-]?\d){6,}")  # a phone or an identifier (not "47. 3/12"), not an address part
#: A personal number before a street on its line: Nordic "010303-6349", "180615A725P", or
#: 9 to 13 digits in one run (JMBG, EGN, OIB, PESEL, CNP); a date or a phone is none.
PERSONAL_NUMBER = regex.compile(r"(?<![\d.])(?:\d{6}[-+A]\d{3}[\dA-Z]|\d{9,13})(?![\d.])")
TEL_ABBR = regex.compile(r"(?i)(?<!\w)(?:tel|tél|τηλ|тел)(?:\.|\b)")
BACK = regex.compile(
    r"(?:(?<![\w.,])\d{1,4}[a-zA-Z]?\s)?(?:(?<![\p{L}\-])\p{Lu}[\p{L}\-]*\s){1,3}$|(?<![\w.,])\d{1,4}[a-zA-Z]?\s$"
)
#: A street named without a street word, by the shape of a postal address: capitalised words,
#: a house number (with its letter, flat or unit), perhaps one more piece, then "postcode
#: town" ("Cara Dušana 61, 11080 Zemun", "Kuusikkotie 7 C 12, 01300 Vantaa", "Vanemuise
#: 62-14, 51014 Tartu", "Strandesplanaden 40, 2. th., 2660 Brøndby Strand").
NAMED_STREET = (
    r"(?<![\p{L}\d.\-])\p{Lu}[\p{L}'’.\-]*(?:\s[\p{L}'’.\-]+){0,4}?\s(?P<number>\d{1,4}(?:[-/]\d{1,4})?"
    r"(?:\s?[A-Za-z]\b)?(?:\s(?:\p{Ll}{1,4}\.?\s?)?\d{1,4})?)"
)
STREET_POSTCODE = regex.compile(NAMED_STREET + r"(?=(?:,\s[^,\n]{1,20})?,\s(?:" + POSTCODE_CITY.pattern + "))")
NAMED_STREET_START = regex.compile(NAMED_STREET + r"\b")
#: A postcode that closes an address without a house number: an Irish Eircode ("H91 X3C2")
#: or a Maltese one after its town ("Bormla BML 1604").
END_CODE = r"(?:(?:[AC-FHKNPRTV-Y]\d{2}|D6W)\s?[0-9AC-FHKNPRTV-Y]{4}|[A-Z]{3}\s?\d{4})\b"
CITY_WORD = regex.compile(r"[\p{L}\d][\p{L}\d\-'’.]*")
#: A town and a comma before a street: one capitalised word, perhaps after a short
#: abbreviation of "town" or "municipality" ("м.", "г.", "мун."), not after another
#: capitalised word ("Hildegard Kessler, Am Rott 17": a person's name).
CITY_BEFORE = regex.compile(
    r"(?:(?<![\w.])\p{Ll}{1,3}\.\s)?(?<![\w.])(?<!\p{Lu}[\p{L}\-]*\s)\p{Lu}\p{Ll}[\p{L}\-]*,\s$"
)


def _with_capitals(words: tuple[str, ...]) -> list[str]:
    """Each street word as listed and capitalised, as it opens an address ("Bulevar kralja
    Aleksandra 309", "Ulica …"): the lists write most of them in lower case."""
    return longest_first({*words, *(w[:1].upper() + w[1:] for w in words)})


def _char(ch: str) -> str:
    return r"\s" if ch == " " else str(regex.escape(ch))


@lru_cache(maxsize=4)
def street_pattern(prefixes: tuple[str, ...], suffixes: tuple[str, ...]) -> regex.Pattern[str]:
    pre = trie_alternation(_with_capitals(prefixes), _char)
    suf = "|".join(regex.escape(w) for w in longest_first(suffixes))
    alts = []
    if pre:
        # "14 allée des Tilleuls", "calle Carboneros 14", "Flat 12": a street word and a number
        # nearby, after a comma or a number sign ("вул. Наукова, 17", "ул. „Доне Божинов“ бр. 19").
        alts.append(
            rf"(?:(?<![\w.,/-])\d{{1,4}}[a-zA-Z]?,?\s)?(?<![\w.])(?:{pre})(?!\w)(?:\s[\p{{L}}\-'’„“”\"]+){{1,5}}?"
            rf"(?:,?\s\p{{L}}{{1,3}}\.|,\s{BUILDING})?,?\s{HOUSE_NUMBER}\b"
        )
        alts.append(rf"(?<![\w.])(?:{pre})(?<=\p{{Lu}}\p{{L}}{{3,}})\s\d{{1,4}}[a-zA-Z]?\b")  # "Flat 12", "Villa 27"
        alts.append(rf"(?<![\w.,/-])\d{{1,4}}[a-zA-Z]?,?\s(?<![\w.])(?:{pre})(?!\w)(?:\s[\p{{L}}\-'’.]+){{1,4}}")
    if pre:
        # "Bóthar na Trá, Baile na hAbhann, Co. na Gaillimhe, H91 T2K6", "Triq il-Ġnien, Bormla BML 1604"
        alts.append(rf"(?<![\w.])(?:{pre})(?!\w)[^\n,;]{{1,40}}(?:,\s[^\n,;]{{1,40}}){{0,3}}?[,\s]\s?{END_CODE}")
    if suf:
        # "Scharnweberstraße 40", "Oude Deventerweg 17", "41 Ordsall Lane", "Celovška cesta 214".
        # (the word's end is found first, so the suffixes are tried once a word, not once a letter)
        alts.append(rf"(?<![\p{{L}}\-])\p{{L}}++\b(?<=(?:{suf}))(?:\s{HOUSE_NUMBER}\b)?")
    return regex.compile("|".join(f"(?:{a})" for a in alts) or r"(?!x)x")


@lru_cache(maxsize=4)
def street_word_pattern(prefixes: tuple[str, ...]) -> regex.Pattern[str]:
    pre = trie_alternation(_with_capitals(prefixes), regex.escape)
    return regex.compile(rf"(?<![\w.])(?:{pre})(?!\w)" if pre else r"(?!x)x")


def grow(text: str, start: int, first_end: int) -> int:
    """End of the address that starts at ``start`` and whose first piece ends at ``first_end``."""
    limit = min(len(text), start + MAX_LEN)
    end = first_end
    rest = regex.match(rf"[^{COMMAS}\n;]{{0,14}}", text[first_end:limit])
    tail = rest.group() if rest else ""
    short_unit = len(tail) <= 12 and (any(c.isdigit() for c in tail) or HOUSE_LETTER.fullmatch(tail) is not None)
    if first_end > start + 1 and tail.strip() and not short_unit and not POSTCODE_CITY.search(tail):
        return _trim(text, start, first_end)  # words after the number: the address ended there
    # finish the first piece up to the next comma
    while end < limit and text[end] not in COMMAS + STOP_CHARS:
        if text[end] == "." and end + 1 < len(text) and text[end + 1] in " \n" and _sentence_end(text, end):
            return end
        end += 1
    pc = POSTCODE_CITY.search(text, start, end)
    town_first = pc is not None and pc.start() == start  # "1137 Budapest, Pozsonyi út 38. II/5."
    if pc:
        end = _city_end(text, pc.end() - 1, end)
        if not town_first or end >= limit or text[end] not in COMMAS:
            return _trim(text, start, end)
    cap_run = 0
    while end < limit and text[end] in COMMAS:
        nxt = end + 1
        stop = nxt
        while stop < limit and text[stop] not in COMMAS + STOP_CHARS:
            if text[stop] == "." and stop + 1 < len(text) and text[stop + 1] in " \n" and _sentence_end(text, stop):
                break
            stop += 1
        piece = text[nxt:stop]
        pc = POSTCODE_CITY.search(text, nxt, stop)
        if pc and not LOWER_WORD.match(piece) and not town_first:
            return _trim(text, start, _city_end(text, pc.end() - 1, stop))
        has_digit = any(c.isdigit() for c in piece)
        unit = UNIT_ABBR.match(piece) is not None or UNIT_WORD.match(piece) is not None
        caseless = _caseless(piece)
        lower = LOWER_WORD.match(piece) is not None and not caseless
        if (lower and not unit) or LONG_NUMBER.search(piece) or AGE_LIKE.match(piece):
            break
        if caseless and len(piece.split()) > CASELESS_WORDS:
            break  # no lower case to tell the story from the address: a part is at most three words
        if not has_digit and not unit:
            if not _capitalised(piece) or cap_run >= 2:
                break
            cap_run += 1
        else:
            cap_run = 0
        end = stop
        if stop < len(text) and text[stop] not in COMMAS:
            break
    return _trim(text, start, end)


def _caseless(piece: str) -> bool:
    """Written in a script without capitals (Arabic; Georgian, whose letters Unicode counts as
    lower case)."""
    first = regex.search(r"\p{L}", piece)
    if first is None:
        return False
    letter = first.group()
    return letter.isupper() == letter.islower() or GEORGIAN.match(letter) is not None


def _capitalised(piece: str) -> bool:
    """A name-like part: capitalised, or a district or town in a script without capitals;
    "وآخرين" (and others) goes on with the story."""
    if _caseless(piece):
        return not piece.strip().startswith("و")
    return CAPITALISED.match(piece) is not None


def _city_end(text: str, pos: int, limit: int) -> int:
    """End of the place name that starts at ``pos``: capitalised words and short particles
    between them ("Frankfurt am Main", "La Línea de la Concepción"), nothing after."""
    end = last = pos
    for m in CITY_WORD.finditer(text, pos, limit):
        if m.start() != last and text[last : m.start()].strip():
            break
        word = m.group()
        if word[0].isdigit() and end != last:
            break  # "8000 Ljubljana dne 5. 3.": a date after a short word is no part of the place
        if word[0].isupper() or word[0].isdigit():
            end = m.end()
            if word.endswith(".") and len(word) - 1 not in (2, 3):
                return int(m.end()) - 1  # "København V.", "Hamburg.": the sentence ends ("St. Gallen" goes on)
        elif len(word) > 3:
            if end == last and text[m.end() : m.end() + 1] in ("", ",", ";", "\n"):
                end = m.end()  # "8000 Novo mesto,": a lower-case word ends the place name, nothing follows
            break
        last = m.end()
    province = PROVINCE.match(text, end)
    return province.end() if province else end


def _sentence_end(text: str, dot: int) -> bool:
    """A '.' that ends a sentence, not an abbreviation (ul., str., ap.) or an ordinal."""
    word = regex.search(r"[\p{L}\d]+$", text[max(0, dot - 12) : dot])
    return word is not None and len(word.group()) > 3 and not word.group()[0].isdigit()


def _trim(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " ,.;:–-":
        if text[end - 1] == "." and not _sentence_end(text, end - 1):
            break
        end -= 1
    return end


def _supported(inp: RecognizerInput, start: int, end: int) -> bool:
    """A street-anchored address counts unless it sits in a letterhead or next to a company."""
    text = inp.text
    if keyword_before(inp, "address", start, 80) or keyword_after(inp, "home_after", end, 25):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    personal = PERSONAL_NUMBER.search(text, line_start, start) or keyword_before(
        inp, "date_of_birth", start, start - line_start
    )
    if text.count("\n", 0, start) < HEAD_LINES and not personal:
        # a letterhead, unless a personal number or a birth date opens its line ("Hörd: X,
        # 010303-6349, …", "Сведок: X, роден 03.05.1985, од ул. …")
        return False
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    if keyword_before(inp, "org_words", start, min(60, start - line_start)):
        return False
    # A line that opens with the street and gives a telephone is a unit's letterhead or
    # signature; after a name or a number on its line ("Tanja REPNIK, EMŠO …, Vojkova cesta
    # 63, 1000 Ljubljana, tel. 040 …") it is where that person lives.
    return TEL_ABBR.search(text, line_start, line_end) is None or bool(text[line_start:start].strip())


def _skip(inp: RecognizerInput, pos: int) -> int:
    """Past the punctuation and one short preposition after a residence word, not a street word."""
    m = SKIP_AFTER_KEYWORD.match(inp.text, pos)
    if m is None:
        return pos
    gap: int = regex.match(r"[\s:,]*", inp.text[pos:]).end()
    if street_word_pattern(tuple(inp.data.street_words)).match(inp.text, pos + gap):
        return pos + gap
    end: int = m.end()
    return end


@register_recognizer("address", ("ADDRESS",))
def recognise_address(inp: RecognizerInput) -> Iterator[Candidate]:
    text = inp.text
    prefixes = tuple(inp.data.street_words)
    pattern = street_pattern(prefixes, tuple(inp.data.street_suffixes))
    starts: set[int] = set()
    spans: list[tuple[int, int]] = []
    street_word = street_word_pattern(prefixes)
    residence = keyword_spans(inp, "address")
    for kw_start, kw_end in residence:
        if street_word.fullmatch(text, kw_start, kw_end):
            continue  # "οδός" is a street word too: the street path reads it whole, with its town
        s = _skip(inp, kw_end)
        if NOT_STREET.match(text, s):
            continue  # "adresse IP …", "address 2001:db8::1": not a street address
        if s >= len(text) or not text[s].isalnum():
            continue
        piece_end = min([i for i in (*(text.find(c, s) for c in COMMAS), text.find("\n", s)) if i != -1] or [len(text)])
        inner = street_word_pattern(prefixes).search(text, s, piece_end)
        if inner is not None and inner.start() > s:
            # "… em Portugal na Rua Castilho": the address starts at the street, or at the
            # street's name where the street word comes after it ("Brīvības gatve 301")
            s = max(s, _street_start(text, inner.start(), prefixes))
        street = pattern.match(text, s) or NAMED_STREET_START.match(text, s)
        if text[s].islower() and not _caseless(text[s]) and street is None and inner is None:
            continue  # Georgian letters count as lower case in Unicode: the script has no capitals
        first = regex.search(r"\d", text[s : s + 50])
        if first is None and street is None and not text[s].isupper():
            continue
        if s in starts:
            continue
        end = grow(text, s, street.end() if street else s + 1)
        if end - s >= 6 and any(c.isdigit() for c in text[s:end]):
            starts.add(s)
            spans.append((s, end))
            yield Candidate(s, end, "ADDRESS", "rule:address/context", score=0.9)
    residence_ends = [e for _, e in residence]
    for m in pattern.finditer(text):
        start = _town_after_residence_word(text, _street_start(text, m.start(), prefixes), residence_ends)
        if _overlaps(spans, start, m.end()):
            continue
        if not any(c.isdigit() for c in text[start : m.end()]):
            continue
        end = grow(text, start, m.end())
        if _supported(inp, start, end):
            spans.append((start, end))
            yield Candidate(start, end, "ADDRESS", "rule:address/street", score=0.7)
    for m in STREET_POSTCODE.finditer(text):
        start = m.start()
        if _overlaps(spans, start, m.end()):
            continue
        end = grow(text, start, m.end("number"))
        if _supported(inp, start, end):
            yield Candidate(start, end, "ADDRESS", "rule:address/postal", score=0.7)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """A span found already starts inside ``start:end``, or ``start`` lies inside one."""
    return any(a <= start < b or start <= a < end for a, b in spans)


def _extend_back(text: str, start: int) -> int:
    """Up to three capitalised words and a house number before a street word ('Oude
    Deventerweg', 'Königsbrücker Straße', '41 Ordsall Lane')."""
    m = BACK.search(text, max(0, start - 60), start)
    return m.start() if m else start


def _street_start(text: str, start: int, prefixes: tuple[str, ...]) -> int:
    """Where an address begins whose street word starts at ``start``: at the street's name
    before it, or at the town written before the street."""
    return min(_extend_back(text, start), _city_before(text, start, prefixes))


#: The town between a residence word and its street: capitalised words and a comma
#: ("κάτοικος Κουλούρι Λάρισας, οδός Πηνειού 8").
TOWN_GAP = regex.compile(r"[\s:]*((?:\p{Lu}[\p{L}\-]*\s){0,2}\p{Lu}[\p{L}\-]*),\s")


def _town_after_residence_word(text: str, start: int, residence_ends: list[int]) -> int:
    for end in residence_ends:
        gap = TOWN_GAP.fullmatch(text, end, start) if start - 50 < end < start else None
        if gap:
            town: int = gap.start(1)
            return town
    return start


def _city_before(text: str, start: int, prefixes: tuple[str, ...]) -> int:
    """The town written before a street that opens with its street word ("Cremona, via
    Mantova 118", "м. Львів, вул. Наукова, 17")."""
    if not street_word_pattern(prefixes).match(text, start):
        return start
    m = CITY_BEFORE.search(text, max(0, start - 40), start)
    return m.start() if m else start
